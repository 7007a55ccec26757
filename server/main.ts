/**
 * `npm run server -- …`: the central sync server's command line.
 *
 *   [--port P] [--data DIR] [--host H]                 start the server
 *   enroll --branch CODE [--role counter|supervisor] [--data DIR]
 *                                                      print a one-time enrolment code
 *   revoke --device ID [--data DIR]                    switch off a device's token
 *   admin-token [--data DIR]                           print a new head-office admin token
 *
 * DATABASE_URL selects PostgreSQL for every command; otherwise the embedded
 * SQLite store in DIR (default ./server-data) is used. Usage errors exit 2.
 */
import { startSyncServer, resolveDatabaseUrl } from './app';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, USAGE, UsageError, parseArgs, type Parsed } from './cli';
import { ServerStore } from './store/index';

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
      const branch = p.options.get('branch') ?? '';
      const role = p.options.get('role') === 'supervisor' ? 'supervisor' : 'counter';
      const code = await withStore(p, (s) => s.createEnrollmentCode(branch, role, Date.now()));
      process.stdout.write(`${code}\n`);
      process.stderr.write(
        `One-time enrolment code for a ${role} desk of branch ${branch}; valid 24 hours. 一次性登记码，24 小时内有效。\n`,
      );
      return;
    }
    case 'revoke': {
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
      const token = await withStore(p, (s) => s.createAdminToken(Date.now()));
      process.stdout.write(`${token}\n`);
      process.stderr.write('Head-office admin token: keep it secret; it is shown only once.\n');
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
