/**
 * The peer's server for the sync benchmark: express-pouchdb (the CouchDB
 * replication protocol over HTTP, as pouchdb-server runs it) on PouchDB's
 * default Node store (LevelDB files in `--dir`), on 127.0.0.1 and a free port.
 * Started as a child process by test/bench/peer/pouchdb.ts so that its CPU and
 * memory are its own, like the Loopdesk server in test/bench/sync.ts.
 *
 * Prints `PouchDB server ready at http://127.0.0.1:<port>` on stdout; stops on
 * SIGTERM/SIGINT.
 */
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { RequestListener } from 'node:http';
import type { PouchStatic } from './pouchTypes';

interface ExpressApp extends RequestListener {
  use(path: string, handler: RequestListener): void;
  listen(port: number, host: string, cb: () => void): Server;
}

const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb') as PouchStatic;
const express = require('express') as () => ExpressApp;
const expressPouchDB = require('express-pouchdb') as (
  pouch: PouchStatic,
  opts: Record<string, unknown>,
) => RequestListener;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

const dir = argValue('dir');
if (!dir) {
  process.stderr.write('usage: pouchdb-server.ts --dir DIR\n');
  process.exit(2);
}

const Pouch = PouchDB.defaults({ prefix: `${dir}/` });
const app = express();
// The smallest route set PouchDB replication needs; config kept in memory, log in the temp dir.
app.use(
  '/',
  expressPouchDB(Pouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: `${dir}/log.txt` }),
);
const server = app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  const port = a !== null && typeof a === 'object' ? a.port : 0;
  process.stdout.write(`PouchDB server ready at http://127.0.0.1:${port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
