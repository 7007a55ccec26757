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
 *   verify [--data DIR]                                check the log and the audit chains (exit 1: tampered)
 *
 * Every command takes --lang en|zh-CN; without it LANG decides, else zh-CN
 * (server/cliMessages.ts, as the desk CLI does).
 *
 * DATABASE_URL selects PostgreSQL for every command; otherwise the embedded
 * SQLite store in DIR (default ./server-data) is used. Usage errors exit 2.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startSyncServer, resolveDatabaseUrl } from './app';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, UsageError, parseArgs, type Parsed } from './cli';
import { cliLocale, cliText, readyLine, type CliMessageKey, type CliParams } from './cliMessages';
import { adminTokenId, ServerStore } from './store';
import { SQLITE_FILE_NAME } from './store/open';
import { tokenHash } from './tokens';
import { describeFinding } from '../shared/domain/kernel/chainProblems';

const locale = cliLocale(process.argv.slice(2), process.env);
const say = (key: CliMessageKey, params?: CliParams): string => cliText(locale, key, params);
const usage = (): string => say('usage');

function dataDirOf(p: Parsed): string {
  return p.options.get('data') ?? DEFAULT_DATA_DIR;
}

/**
 * Opens the store for a command other than serve. Only serve creates one: a
 * mistyped --data must not give a fresh empty store that `verify` calls
 * intact or `enroll` hands a code from.
 */
async function withStore<T>(p: Parsed, fn: (s: ServerStore) => Promise<T>): Promise<T> {
  const dataDir = dataDirOf(p);
  const databaseUrl = resolveDatabaseUrl(undefined);
  if (databaseUrl === undefined && !existsSync(path.join(dataDir, SQLITE_FILE_NAME))) {
    throw new UsageError('noServerData', { dir: path.resolve(dataDir) });
  }
  const store = await ServerStore.open({ dataDir, databaseUrl });
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
      process.stdout.write(`${readyLine(server.url)}\n`);
      if (locale !== 'en') process.stderr.write(`${say('ready', { url: server.url })}\n`);
      const stop = (signal: string) => {
        process.stderr.write(`${say('stopping', { signal })}\n`);
        server.close().then(
          () => process.exit(0),
          (e: unknown) => {
            process.stderr.write(
              `${say('stopFailed', { error: e instanceof Error ? e.message : String(e) })}\n`,
            );
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
        process.stderr.write(`${say('noDeviceToReenrol', { id: reenrol ?? '' })}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${out.code}\n`);
      const role = say(out.role === 'supervisor' ? 'roleSupervisor' : 'roleCounter');
      process.stderr.write(
        `${
          reenrol === undefined
            ? say('enrolCode', { role, branch: out.branch })
            : say('reenrolCode', { id: reenrol, role, branch: out.branch })
        }\n`,
      );
      return;
    }
    case 'revoke': {
      const admin = p.options.get('admin');
      if (admin !== undefined) {
        const out = await withStore(p, (s) => s.revokeAdminToken(admin, Date.now()));
        const messages = {
          revoked: [0, 'adminRevoked'],
          already_revoked: [0, 'adminAlreadyRevoked'],
          unknown: [1, 'adminUnknown'],
          ambiguous: [1, 'adminAmbiguous'],
        } as const;
        const [code, key] = messages[out];
        (code === 0 ? process.stdout : process.stderr).write(`${say(key, { id: admin })}\n`);
        process.exitCode = code;
        return;
      }
      const device = p.options.get('device') ?? '';
      const found = await withStore(p, (s) => s.revokeDevice(device, Date.now()));
      if (!found) {
        process.stderr.write(`${say('noDevice', { id: device })}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${say('deviceRevoked', { id: device })}\n`);
      return;
    }
    case 'admin-token': {
      const label = p.options.get('label')?.trim() || null;
      const token = await withStore(p, (s) => s.createAdminToken(Date.now(), label));
      const id = adminTokenId(tokenHash(token));
      process.stdout.write(`${token}\n`);
      process.stderr.write(`${say('adminTokenIssued', { id })}\n`);
      return;
    }
    case 'verify': {
      const r = await withStore(p, (s) => s.verifyAudit());
      if (r.bad === 0) {
        process.stdout.write(`${say('verifyClean', { ...r, findings: '' })}\n`);
        return;
      }
      const [first, ...more] = r.findings;
      if (first !== undefined) process.stdout.write(`${say('verifyFirst')} ${describeFinding(first)}\n`);
      for (const f of more) process.stdout.write(`${describeFinding(f)}\n`);
      process.stdout.write(`${say('verifyBad', { events: r.events, bad: r.bad })}\n`);
      process.exitCode = 1;
      return;
    }
    case 'admin-tokens': {
      const list = await withStore(p, (s) => s.listAdminTokens());
      if (list.length === 0) {
        process.stderr.write(`${say('noAdminTokens')}\n`);
        return;
      }
      for (const t of list) {
        const state =
          t.revokedAt === null
            ? say('tokenActive')
            : say('tokenRevoked', { at: new Date(t.revokedAt).toISOString() });
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
    const text = e instanceof UsageError ? e.text(locale) : e instanceof Error ? e.message : String(e);
    process.stderr.write(`${text}\n\n${usage()}\n`);
    process.exit(2);
  }
  if (parsed === 'help') {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  try {
    await run(parsed);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.text(locale)}\n\n${usage()}\n`);
      process.exit(2);
    }
    process.stderr.write(`${say('failed', { error: e instanceof Error ? e.message : String(e) })}\n`);
    process.exit(1);
  }
}

void main();
