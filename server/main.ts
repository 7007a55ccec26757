/**
 * `npm run server -- …`: the central sync server's command line.
 *
 *   [--port P] [--data DIR] [--host H] [--address-limits on|off]
 *                                                      start the server
 *   enroll --branch CODE [--role counter|supervisor] [--data DIR]
 *                                                      print a one-time enrolment code
 *   enroll --reenrol ID [--branch CODE] [--role …]     a code re-enrolling a known device
 *   revoke --device ID [--data DIR]                    switch off a device's token
 *   admin-token [--label TEXT] [--data DIR]            print a new head-office admin token
 *   admin-tokens [--data DIR]                          list admin tokens (id, created, state, label)
 *   revoke --admin ID [--data DIR]                     switch off an admin token
 *
 * DATABASE_URL selects PostgreSQL for every command; otherwise the embedded
 * SQLite store in DIR (default ./server-data) is used. Usage errors exit 2.
 */
import { startSyncServer, resolveDatabaseUrl } from './app';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, USAGE, UsageError, parseArgs, type Parsed } from './cli';
import { adminTokenId, ServerStore } from './store';
import { tokenHash } from './tokens';

function dataDirOf(p: Parsed): string {
  return p.options.get('data') ?? DEFAULT_DATA_DIR;
}

async function withStore<T>(p: Parsed, fn: (s: ServerStore) => Promise<T>): Promise<T> {
  const store = await ServerStore.open({
    dataDir: dataDirOf(p),
    databaseUrl: resolveDatabaseUrl(undefined),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function run(p: Parsed): Promise<void> {
  switch (p.command) {
    case 'serve': {
      const portText = p.options.get('port') ?? String(DEFAULT_PORT);
      const server = await startSyncServer({
        port: Number(portText),
        host: p.options.get('host') ?? '127.0.0.1',
        dataDir: dataDirOf(p),
        ...(p.options.get('address-limits') === 'off' ? { addressRateLimit: false as const } : {}),
      });
      process.stdout.write(`Loopdesk server ready at ${server.url}\n`);
      const stop = (signal: string) => {
        process.stderr.write(`${signal}: stopping the Loopdesk server\n`);
        server.close().then(
          () => process.exit(0),
          (e: unknown) => {
            process.stderr.write(`error while stopping: ${e instanceof Error ? e.message : String(e)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      return;
    }
    case 'enroll': {
      const reenrol = p.options.get('reenrol');
      const roleOption = p.options.get('role');
      const out = await withStore(p, async (s) => {
        const known = reenrol === undefined ? null : await s.deviceBranchAndRole(reenrol);
        if (reenrol !== undefined && known === null) return null;
        const branch = p.options.get('branch') ?? known?.branch ?? '';
        const role =
          roleOption === 'supervisor' || roleOption === 'counter' ? roleOption : (known?.role ?? 'counter');
        const code = await s.createEnrollmentCode(branch, role, Date.now(), { reenrolDevice: reenrol });
        return { code, branch, role };
      });
      if (out === null) {
        process.stderr.write(
          `No enrolled device with id ${reenrol ?? ''}: nothing to re-enrol. 没有这个设备。\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${out.code}\n`);
      process.stderr.write(
        reenrol === undefined
          ? `One-time enrolment code for a ${out.role} desk of branch ${out.branch}; valid 24 hours. 一次性登记码，24 小时内有效。\n`
          : `One-time code re-enrolling device ${reenrol} (${out.role}, branch ${out.branch}); its old token stops working once it is used; valid 24 hours. 重新登记专用码，使用后旧令牌失效，24 小时内有效。\n`,
      );
      return;
    }
    case 'revoke': {
      const admin = p.options.get('admin');
      if (admin !== undefined) {
        const out = await withStore(p, (s) => s.revokeAdminToken(admin, Date.now()));
        const messages = {
          revoked: [0, `Revoked admin token ${admin}. 管理令牌已停用。`],
          already_revoked: [0, `Admin token ${admin} was already revoked. 此管理令牌早已停用。`],
          unknown: [1, `No admin token with id ${admin}. 没有这个管理令牌（用 admin-tokens 查看编号）。`],
          ambiguous: [
            1,
            `More than one admin token starts with ${admin}: give more of the id. 有多个管理令牌以此开头，请输入更长的编号。`,
          ],
        } as const;
        const [code, text] = messages[out];
        (code === 0 ? process.stdout : process.stderr).write(`${text}\n`);
        process.exitCode = code;
        return;
      }
      const device = p.options.get('device') ?? '';
      const found = await withStore(p, (s) => s.revokeDevice(device, Date.now()));
      if (!found) {
        process.stderr.write(`No enrolled device with id ${device}. 没有这个设备。\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`Revoked device ${device}\n`);
      return;
    }
    case 'admin-token': {
      const label = p.options.get('label')?.trim() || null;
      const token = await withStore(p, (s) => s.createAdminToken(Date.now(), label));
      const id = adminTokenId(tokenHash(token));
      process.stdout.write(`${token}\n`);
      process.stderr.write(
        `Head-office admin token, id ${id}: keep it secret; it is shown only once. To switch it off: npm run server -- revoke --admin ${id}\n` +
          `总部管理令牌（编号 ${id}）只显示这一次，请妥善保管。停用：npm run server -- revoke --admin ${id}\n`,
      );
      return;
    }
    case 'admin-tokens': {
      const list = await withStore(p, (s) => s.listAdminTokens());
      if (list.length === 0) {
        process.stderr.write('No admin tokens yet. 还没有管理令牌。\n');
        return;
      }
      for (const t of list) {
        const state = t.revokedAt === null ? 'active' : `revoked ${new Date(t.revokedAt).toISOString()}`;
        process.stdout.write(
          `${t.id}  ${new Date(t.createdAt).toISOString()}  ${state}  ${t.label ?? ''}\n`.replace(
            / +\n$/,
            '\n',
          ),
        );
      }
      return;
    }
  }
}

async function main(): Promise<void> {
  let parsed: Parsed | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    await run(parsed);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`Loopdesk server: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

void main();
