/**
 * Peer benchmark for the sync benchmark (test/bench/sync.ts): PouchDB 9
 * replication over HTTP of the same documents, on the same machine.
 *
 *   npx tsx test/bench/peer/pouchdb.ts --docs N [--push-batch 500] [--pull-batch 1000]
 *
 * Setup, mirroring Loopdesk's measurement:
 *   - the server is express-pouchdb (CouchDB's replication protocol, as
 *     pouchdb-server runs it) on PouchDB's LevelDB store, in a child process;
 *   - the documents are the events of the same deterministic Chinese case
 *     generator (test/bench/corpus.ts, 7 per case), one document per event,
 *     `_id` = event id;
 *   - push: a local LevelDB database holding the N documents replicates to the
 *     empty server database (batches of 500, as a Loopdesk push);
 *   - initial replication: a NEW local LevelDB database replicates the N
 *     documents from the server (batches of 1000, as a Loopdesk pull page) —
 *     this is the figure set against Loopdesk's initial pull.
 * PouchDB stores documents and revision trees; it has no projections or
 * search index to build, so the comparison favours the peer.
 *
 * Prints progress on stderr and one JSON object as its last stdout line:
 * {"peer":"pouchdb","docs":N,"push_docs_per_s":x,"peer_replication_docs_per_s":y,"server_rss_mb":m,...}
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { caseGenerator } from '../corpus';
import {
  intArg,
  load1,
  log,
  procCpuSeconds,
  procMemory,
  round1,
  startChildServer,
  type ChildServer,
} from './proc';
import type { PouchDatabase, PouchStatic } from './pouchTypes';

const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb') as PouchStatic;

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const docs = intArg(argv, 'docs', 100_000);
  const pushBatch = intArg(argv, 'push-batch', 500);
  const pullBatch = intArg(argv, 'pull-batch', 1000);
  const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-bench-pouch-'));
  let server: ChildServer | null = null;
  const dbs: PouchDatabase[] = [];
  try {
    mkdirSync(path.join(dir, 'server'));
    server = await startChildServer({
      name: 'pouchdb-server',
      nodeArgs: [
        '--import',
        'tsx',
        path.join(ROOT, 'test/bench/peer/pouchdb-server.ts'),
        '--dir',
        path.join(dir, 'server'),
      ],
      cwd: ROOT,
      env: { ...process.env },
      ready: /PouchDB server ready at (http:\/\/\S+)/,
    });
    const remote = `${server.url}/events`;
    log(`pouchdb peer: server at ${server.url}; seeding ${docs} documents into a local database`);

    // Seed the local source database (not timed).
    const src = new PouchDB(path.join(dir, 'source'));
    dbs.push(src);
    const gen = caseGenerator({
      deviceId: '0196f3a0-0000-7000-8000-0000000000d1',
      deviceCode: '01',
      actor: '0196f3a0-0000-7000-8000-0000000000a1',
    });
    let seeded = 0;
    let pending: object[] = [];
    while (seeded < docs) {
      for (const e of gen.next().events) {
        if (seeded >= docs) break;
        pending.push({ _id: e.id, ...e });
        seeded++;
      }
      if (pending.length >= 1000 || seeded >= docs) {
        const res = await src.bulkDocs(pending);
        const bad = res.find((r) => r?.error);
        if (bad) throw new Error(`seeding failed: ${JSON.stringify(bad)}`);
        pending = [];
      }
    }

    // Push: local -> server.
    const cpu0 = procCpuSeconds(server.pid);
    let t0 = performance.now();
    const pushed = await PouchDB.replicate(src, remote, { batch_size: pushBatch });
    const pushS = (performance.now() - t0) / 1000;
    const pushLoad = load1();
    const cpuPush = procCpuSeconds(server.pid) - cpu0;
    if (!pushed.ok || pushed.docs_written !== docs) {
      throw new Error(
        `push replication wrote ${pushed.docs_written} of ${docs} (${JSON.stringify(pushed.errors)})`,
      );
    }
    log(`pouchdb peer: push ${docs} docs in ${pushS.toFixed(1)} s (load ${pushLoad})`);

    // Initial replication: server -> new local database.
    const dst = new PouchDB(path.join(dir, 'replica'));
    dbs.push(dst);
    const cpu1 = procCpuSeconds(server.pid);
    t0 = performance.now();
    const pulled = await PouchDB.replicate(remote, dst, { batch_size: pullBatch });
    const pullS = (performance.now() - t0) / 1000;
    const pullLoad = load1();
    const cpuPull = procCpuSeconds(server.pid) - cpu1;
    const info = await dst.info();
    if (!pulled.ok || info.doc_count !== docs) {
      throw new Error(
        `replication holds ${info.doc_count} of ${docs} documents (${JSON.stringify(pulled.errors)})`,
      );
    }
    log(
      `pouchdb peer: replicated ${docs} docs into a new database in ${pullS.toFixed(1)} s (load ${pullLoad})`,
    );

    const mem = procMemory(server.pid);
    const result = {
      peer: 'pouchdb',
      setup:
        'pouchdb 9 (LevelDB) replicating over HTTP from express-pouchdb 4.2 (LevelDB) in a child process',
      docs,
      push_docs_per_s: Math.round(docs / pushS),
      peer_replication_docs_per_s: Math.round(docs / pullS),
      server_rss_mb: mem?.peakMb ?? null,
      cpu_s: { push_server: round1(cpuPush), replication_server: round1(cpuPull) },
      load1: { push: pushLoad, replication: pullLoad },
    };
    for (const db of dbs.splice(0)) await db.close().catch(() => undefined);
    await server.stop();
    server = null;
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const db of dbs) await db.close().catch(() => undefined);
    if (server) await server.stop(5_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
