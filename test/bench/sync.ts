/**
 * Sync benchmark (a script, not a test):
 *
 *   npm run bench:sync -- --events N --desks K [--rounds R] [--per-branch B]
 *                         [--no-peer] [--peer-docs M] [--profile DIR] [--timeout-min T]
 *
 * Runs the real sync server (`server/main.ts`) as a child process — embedded
 * SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set (a fresh
 * database is created with that URL's role, which needs CREATEDB, and dropped
 * afterwards) — and measures, one phase after the other:
 *
 *   push          One enrolled device (a protocol client with its own device
 *                 token) pushes N events of the deterministic Chinese case
 *                 generator (test/bench/corpus.ts, 7 events a case) in protocol
 *                 batches of 500, one request at a time. events / time spent in
 *                 the push requests (event generation is not counted).
 *   raw pull      The same client pulls everything back from cursor 0 in pages
 *                 of 1000 (server + HTTP + JSON only; no desk). Extra figure that
 *                 separates the server's share from the desk's.
 *   initial pull  A NEW desk (openDesk on an empty folder, desk.setup for the
 *                 same branch, enrolled through sync.configure as another device
 *                 of the branch) syncs from cursor 0 until done: the real desk
 *                 sync engine, events + projections + search index + cursor in
 *                 one local transaction per page. events / wall time from
 *                 sync.configure to the end of the run. The script then pages
 *                 through case.list and exits 1 unless the desk lists every case.
 *   concurrent    K lightweight desks (protocol clients, each with its own
 *                 enrolled device token; B per branch, so a branch has a
 *                 realistic number of counters; the first branch is the one
 *                 holding the N events) all sync at the same moment: push 5 new
 *                 events, then pull until nothing is new. One warm-up round, then
 *                 R measured rounds; p50/p95 of the per-desk round latency.
 *   server RSS    Peak resident memory of the server process (VmHWM from
 *                 /proc/<pid>/status) over the whole run. With PostgreSQL the
 *                 database's own processes are not included.
 *   peer          test/bench/peer/pouchdb.ts with the same number of documents,
 *                 after the Loopdesk server has stopped: PouchDB replication over
 *                 HTTP (push, then a new local database replicating everything).
 *
 * Prints progress on stderr and ONE JSON object as its last stdout line:
 * {"engine":"sqlite|postgres","events":N,"push_events_per_s":x,"initial_pull_events_per_s":y,
 *  "concurrent":{"desks":K,"p50_ms":a,"p95_ms":b,...},"server_rss_mb":m,
 *  "peer_replication_docs_per_s":z,...}
 * Every phase records the 1-minute load average (the machine may be shared)
 * and the CPU seconds used by the server, this process (desk/clients) and,
 * with PostgreSQL, all postgres processes.
 *
 * --profile DIR writes CPU profiles (the server's whole run, the desk's
 * initial pull) and prints where the time goes per phase.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDesk, type DeskCore } from '../../electron/desk';
import { ServerStore } from '../../server/store';
import type { CallContext } from '../../shared/contract/api';
import type { CaseListPage } from '../../shared/contract/methods/cases';
import type { Session as DeskSession } from '../../shared/contract/methods/staff';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SYNC_LIMITS,
  type EnrollResponse,
  type PushAck,
} from '../../shared/contract/sync';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import { caseGenerator } from './corpus';
import {
  commCpuSeconds,
  intArg,
  lastJsonLine,
  load1,
  log,
  monoMicros,
  procCpuSeconds,
  procMemory,
  round1,
  round2,
  sleep,
  startChildServer,
  strArg,
  type ChildServer,
} from './peer/proc';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BRANCH = 'GZ';
/** Events a lightweight desk pushes per round. */
const ROUND_EVENTS = 5;
const REQUEST_TIMEOUT_MS = 120_000;

interface Options {
  events: number;
  desks: number;
  rounds: number;
  perBranch: number;
  peer: boolean;
  peerDocs: number;
  profileDir: string | null;
  timeoutMin: number;
  keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const known = new Set([
    '--events',
    '--desks',
    '--rounds',
    '--per-branch',
    '--no-peer',
    '--peer-docs',
    '--profile',
    '--timeout-min',
    '--keep',
  ]);
  for (const a of argv) {
    if (a.startsWith('--') && !known.has(a)) {
      log(
        `unknown option ${a}\nusage: npm run bench:sync -- --events N --desks K [--rounds R] [--per-branch B] [--no-peer] [--peer-docs M] [--profile DIR] [--timeout-min T] [--keep]`,
      );
      process.exit(2);
    }
  }
  const events = intArg(argv, 'events', 100_000);
  const desks = intArg(argv, 'desks', 200);
  const perBranch = intArg(argv, 'per-branch', 10);
  if (perBranch > 36 * 36 - 36) {
    log('--per-branch: at most 1260 desks per branch (two-character device codes 10..ZZ)');
    process.exit(2);
  }
  const profile = strArg(argv, 'profile');
  return {
    events,
    desks,
    rounds: intArg(argv, 'rounds', 5),
    perBranch,
    peer: !argv.includes('--no-peer'),
    peerDocs: intArg(argv, 'peer-docs', events),
    profileDir: profile ? path.resolve(profile) : null,
    timeoutMin: intArg(argv, 'timeout-min', 45),
    keep: argv.includes('--keep'),
  };
}

// ------------------------------------------------------------------ cleanup

const cleanups: { name: string; run: () => Promise<void> | void }[] = [];
let cleaning: Promise<void> | null = null;

function onCleanup(name: string, run: () => Promise<void> | void): void {
  cleanups.push({ name, run });
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c.run();
      } catch (e) {
        log(`cleanup (${c.name}) failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  })();
  return cleaning;
}

async function abort(reason: string): Promise<never> {
  log(`bench:sync: ${reason}; cleaning up`);
  await cleanup();
  process.exit(1);
}

// ------------------------------------------------------------------ protocol client

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

/**
 * The lightweight desks' HTTP: node:http with kept-alive connections. These
 * clients stand in for desks on their own machines but share this machine's
 * two cores with the server, so they use the cheapest correct client; undici's
 * fetch cost about twice the CPU per request (docs/performance.md).
 */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function httpRequest(
  url: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          retryAfter: res.headers['retry-after'],
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${url.pathname}: timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A desk reduced to the protocol: one device token, JSON over HTTP, the server's own limits. */
class ProtoClient {
  /** 429 answers waited out (the server's per-token rate limit). */
  rateLimited = 0;

  constructor(
    readonly base: string,
    public token: string | null = null,
  ) {}

  private async send(method: 'GET' | 'POST', pathQuery: string, body?: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        accept: 'application/json',
      };
      if (this.token) headers.authorization = `Bearer ${this.token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      const res = await httpRequest(new URL(this.base + pathQuery), method, headers, body);
      if (res.status === 200) return res.text;
      if (res.status === 429 && attempt < 50) {
        this.rateLimited++;
        const wait = Number(res.retryAfter ?? '1');
        await sleep(Math.max(0.05, Number.isFinite(wait) ? wait : 1) * 1000);
        continue;
      }
      throw new HttpFailure(res.status, res.text, `${method} ${pathQuery.replace(/\?.*$/, '')}`);
    }
  }

  async enroll(req: {
    code: string;
    deviceId: string;
    branchCode: string;
    deviceCode: string;
    label: string;
  }): Promise<void> {
    const body = JSON.parse(await this.send('POST', '/v1/enroll', JSON.stringify(req))) as EnrollResponse;
    this.token = body.token;
  }

  /** Pushes an already serialized `{"events":[…]}` body; returns the acks. */
  async push(body: string): Promise<PushAck[]> {
    return (JSON.parse(await this.send('POST', '/v1/push', body)) as { acks: PushAck[] }).acks;
  }

  async pull(cursor: number, limit: number): Promise<{ count: number; cursor: number; hasMore: boolean }> {
    const page = JSON.parse(await this.send('GET', `/v1/pull?cursor=${cursor}&limit=${limit}`)) as {
      events: unknown[];
      cursor: number;
      hasMore: boolean;
    };
    return { count: page.events.length, cursor: page.cursor, hasMore: page.hasMore };
  }
}

function requireAccepted(acks: PushAck[], expected: number, who: string): void {
  const bad = acks.filter((a) => a.status !== 'accepted');
  if (acks.length !== expected || bad.length > 0) {
    throw new Error(
      `${who}: ${acks.length} acks for ${expected} events, ${bad.length} not accepted (first: ${JSON.stringify(bad[0])})`,
    );
  }
}

// ------------------------------------------------------------------ phases: bookkeeping

interface PhaseMark {
  name: string;
  /** Monotonic µs (the clock of V8 CPU profiles). */
  startUs: number;
  endUs: number;
  load1: number;
  cpu: { server: number; bench: number; postgres?: number };
}

class Phases {
  readonly marks: PhaseMark[] = [];
  constructor(
    private readonly serverPid: () => number,
    private readonly postgres: boolean,
  ) {}

  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const startUs = monoMicros();
    const s0 = procCpuSeconds(this.serverPid());
    const b0 = process.cpuUsage();
    const p0 = this.postgres ? commCpuSeconds('postgres') : 0;
    const out = await fn();
    const b = process.cpuUsage(b0);
    const cpu: PhaseMark['cpu'] = {
      server: round1(procCpuSeconds(this.serverPid()) - s0),
      bench: round1((b.user + b.system) / 1e6),
    };
    if (this.postgres) cpu.postgres = round1(commCpuSeconds('postgres') - p0);
    this.marks.push({ name, startUs, endUs: monoMicros(), load1: load1(), cpu });
    return out;
  }

  get(name: string): PhaseMark | undefined {
    return this.marks.find((m) => m.name === name);
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Two-character device code (base 36) of the i-th desk of a branch, starting at "10". */
function deviceCodeOf(i: number): string {
  return (i + 36).toString(36).toUpperCase().padStart(2, '0');
}

/** Branch code of the b-th group of lightweight desks: GZ (the one holding the N events), then BRAA, BRAB, … */
function branchOf(b: number): string {
  if (b === 0) return BRANCH;
  const n = b - 1;
  const letter = (k: number) => String.fromCharCode(65 + k);
  return `BR${letter(Math.floor(n / 26) % 26)}${letter(n % 26)}`;
}

// ------------------------------------------------------------------ CPU profiles

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function frameName(n: CpuProfileNode): string {
  const f = n.callFrame;
  const fn = f.functionName || '(anonymous)';
  if (!f.url) return fn;
  const url = f.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
  // Line numbers are those of tsx's transpiled output, not of the source: leave them out.
  return `${fn} ${url}`;
}

function fileOf(n: CpuProfileNode): string {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  if (!url)
    return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native/V8 builtins)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm?.[1]) return `npm:${nm[1]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(`${ROOT}/`, '');
}

/** Self time by function and by file, and inclusive time of project functions, within [fromUs, toUs]. */
function summarizeProfile(profile: CpuProfile, fromUs = -Infinity, toUs = Infinity, top = 14): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const dt = (profile.timeDeltas[i + 1] ?? 1000) / 1000;
    const node = byId.get(profile.samples[i] ?? -1);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    total += dt;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + dt);
    const file = fileOf(node);
    files.set(file, (files.get(file) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id);
      if (!n) break;
      const url = n.callFrame.url;
      if (!url.includes(ROOT) || url.includes('node_modules')) continue;
      const key = frameName(n);
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + dt);
    }
  }
  const fmt = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, v]) =>
          `    ${v.toFixed(0).padStart(7)} ms ${((100 * v) / Math.max(total, 1)).toFixed(1).padStart(5)}%  ${k}`,
      )
      .join('\n');
  return [
    `  busy ${total.toFixed(0)} ms, idle ${idle.toFixed(0)} ms`,
    '  self time by file/package:',
    fmt(files),
    '  self time by function:',
    fmt(self),
    '  inclusive time of project functions:',
    fmt(incl),
  ].join('\n');
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const adminUrl = process.env.DATABASE_URL?.trim() || null;
  const engine = adminUrl ? 'postgres' : 'sqlite';
  const watchdog = setTimeout(
    () => void abort(`time limit of ${o.timeoutMin} min reached`),
    o.timeoutMin * 60_000,
  );
  watchdog.unref();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void abort(`${sig} received`));

  const root = mkdtempSync(path.join(tmpdir(), 'loopdesk-bench-sync-'));
  onCleanup('temp dir', () => {
    if (o.keep) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  });
  log(
    `bench:sync on ${engine}: ${o.events} events, ${o.desks} desks (${o.perBranch} per branch), ${o.rounds} rounds; load ${load1()}; temp ${root}`,
  );

  // ---------------------------------------------------------------- the store
  let databaseUrl: string | null = null;
  if (adminUrl) {
    const name = `loopdesk_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    onCleanup('drop database', async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        log(`dropped database ${name}`);
      } finally {
        await c.end();
      }
    });
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    log(`created database ${name}`);
  }
  const serverDir = path.join(root, 'server');
  mkdirSync(serverDir);

  // Enrolment codes are made directly in the store before the server starts
  // (head office would run `npm run server -- enroll` once per desk).
  const branches = Math.ceil(o.desks / o.perBranch);
  const codes = { source: '', desk: '', light: [] as string[] };
  {
    const store = await ServerStore.open({ dataDir: serverDir, databaseUrl: databaseUrl ?? undefined });
    try {
      const now = Date.now();
      codes.source = await store.createEnrollmentCode(BRANCH, 'counter', now);
      codes.desk = await store.createEnrollmentCode(BRANCH, 'counter', now);
      for (let i = 0; i < o.desks; i++) {
        codes.light.push(
          await store.createEnrollmentCode(branchOf(Math.floor(i / o.perBranch)), 'counter', now),
        );
      }
    } finally {
      await store.close();
    }
  }

  // ---------------------------------------------------------------- the server, as head office runs it
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOOPDESK_LOG_LEVEL: process.env.LOOPDESK_LOG_LEVEL ?? 'warn',
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const profArgs: string[] = [];
  if (o.profileDir) {
    mkdirSync(o.profileDir, { recursive: true });
    // One file per thread (tsx's module loader has its own); the server's main thread is picked later.
    profArgs.push('--cpu-prof', '--cpu-prof-dir', path.join(o.profileDir, `server-${engine}`));
  }
  const server: ChildServer = await startChildServer({
    name: 'server',
    nodeArgs: [
      ...profArgs,
      '--import',
      'tsx',
      path.join(ROOT, 'server', 'main.ts'),
      '--port',
      '0',
      '--data',
      serverDir,
      // Hundreds of desks enrol from one loopback address: not what the per-address limits are for.
      '--address-limits',
      'off',
    ],
    cwd: ROOT,
    env,
    ready: /Loopdesk server ready at (http:\/\/\S+)/,
  });
  onCleanup('server', () => server.stop(10_000));
  log(`server pid ${server.pid} at ${server.url}`);
  const phases = new Phases(() => server.pid, engine === 'postgres');

  // ---------------------------------------------------------------- enrol the source and the lightweight desks
  const staffId = newId();
  const source = new ProtoClient(server.url);
  const sourceDevice = newId();
  await source.enroll({
    code: codes.source,
    deviceId: sourceDevice,
    branchCode: BRANCH,
    deviceCode: '01',
    label: 'bench source 01',
  });

  interface LightDesk {
    client: ProtoClient;
    branch: string;
    cursor: number;
    bodies: string[];
    latencies: number[];
  }
  const light: LightDesk[] = [];
  {
    const t0 = performance.now();
    const totalRounds = o.rounds + 1;
    for (let i = 0; i < o.desks; i += 20) {
      const part = await Promise.all(
        codes.light.slice(i, i + 20).map(async (code, j) => {
          const n = i + j;
          const branch = branchOf(Math.floor(n / o.perBranch));
          const deviceCode = deviceCodeOf(n % o.perBranch);
          const deviceId = newId();
          const client = new ProtoClient(server.url);
          await client.enroll({
            code,
            deviceId,
            branchCode: branch,
            deviceCode,
            label: `bench ${branch} ${deviceCode}`,
          });
          // Same seed, start 1 ms apart: event ids (time + counter) never collide between desks.
          const gen = caseGenerator({
            deviceId,
            deviceCode,
            branch,
            actor: staffId,
            startMs: Date.UTC(2026, 5, 1) + n,
          });
          const events: EventEnvelope[] = [];
          while (events.length < totalRounds * ROUND_EVENTS) events.push(...gen.next().events);
          const bodies: string[] = [];
          for (let r = 0; r < totalRounds; r++) {
            bodies.push(JSON.stringify({ events: events.slice(r * ROUND_EVENTS, (r + 1) * ROUND_EVENTS) }));
          }
          return { client, branch, cursor: 0, bodies, latencies: [] };
        }),
      );
      light.push(...part);
    }
    log(
      `enrolled ${o.desks} lightweight desks over ${branches} branch(es) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }

  // ---------------------------------------------------------------- push
  const expectedCases = Math.ceil(o.events / 7);
  let pushMs = 0;
  let genMs = 0;
  await phases.run('push', async () => {
    const gen = caseGenerator({ deviceId: sourceDevice, deviceCode: '01', branch: BRANCH, actor: staffId });
    let pending: EventEnvelope[] = [];
    let sent = 0;
    let nextReport = o.events / 10;
    const flush = async () => {
      const body = JSON.stringify({ events: pending });
      const t0 = performance.now();
      const acks = await source.push(body);
      pushMs += performance.now() - t0;
      requireAccepted(acks, pending.length, 'push');
      sent += pending.length;
      pending = [];
      if (sent >= nextReport) {
        log(`  pushed ${sent} events, ${Math.round(sent / (pushMs / 1000))} events/s, load ${load1()}`);
        nextReport += o.events / 10;
      }
    };
    let made = 0;
    while (made < o.events) {
      const g0 = performance.now();
      const c = gen.next();
      genMs += performance.now() - g0;
      for (const e of c.events) {
        if (made >= o.events) break;
        pending.push(e);
        made++;
        if (pending.length === SYNC_LIMITS.pushBatch) await flush();
      }
    }
    if (pending.length > 0) await flush();
  });
  const pushEventsPerS = Math.round(o.events / (pushMs / 1000));
  log(
    `push: ${o.events} events in ${(pushMs / 1000).toFixed(1)} s of requests (+${(genMs / 1000).toFixed(1)} s generating) = ${pushEventsPerS} events/s; load ${phases.get('push')?.load1}`,
  );

  // ---------------------------------------------------------------- raw pull (protocol only)
  let headCursor = 0;
  let rawPullMs = 0;
  await phases.run('raw_pull', async () => {
    const t0 = performance.now();
    let count = 0;
    for (;;) {
      const page = await source.pull(headCursor, SYNC_LIMITS.pullPage);
      count += page.count;
      headCursor = page.cursor;
      if (!page.hasMore) break;
    }
    rawPullMs = performance.now() - t0;
    if (count !== o.events) throw new Error(`raw pull returned ${count} events, expected ${o.events}`);
  });
  const rawPullPerS = Math.round(o.events / (rawPullMs / 1000));
  log(
    `raw pull: ${o.events} events in ${(rawPullMs / 1000).toFixed(1)} s = ${rawPullPerS} events/s (${source.rateLimited} rate-limit waits)`,
  );

  // ---------------------------------------------------------------- initial pull into a new desk
  const deskDir = path.join(root, 'desk');
  let desk: DeskCore | null = openDesk({
    dataDir: deskDir,
    sync: { timers: false, requestTimeoutMs: REQUEST_TIMEOUT_MS, log: (l) => log(`  [desk] ${l}`) },
  });
  onCleanup('desk', () => desk?.close());
  const ctx: CallContext = { session: null, locale: 'zh-CN' };
  const setup = await desk.call(
    'desk.setup',
    {
      branchCode: BRANCH,
      branchName: '广州天河支行',
      deviceCode: '02',
      admin: { name: '基准管理员', login: 'bench', secretKind: 'password', secret: 'bench-password-1' },
    },
    ctx,
  );
  if (!setup.ok) throw new Error(`desk.setup failed: ${setup.error.message}`);
  ctx.session = (setup.value as DeskSession).token;

  let inspector: Session | null = null;
  if (o.profileDir) {
    inspector = new Session();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 1000 });
    await inspector.post('Profiler.start');
  }
  let initialPullMs = 0;
  let deskRetries = 0;
  let status: SyncStatus | null = null;
  await phases.run('initial_pull', async () => {
    const d = desk as DeskCore;
    const started = Date.now();
    const progress = setInterval(
      () => log(`  desk syncing… ${Math.round((Date.now() - started) / 1000)} s, load ${load1()}`),
      10_000,
    );
    const t0 = performance.now();
    try {
      const conf = await d.call('sync.configure', { serverUrl: server.url, code: codes.desk }, ctx);
      if (!conf.ok) throw new Error(`sync.configure failed: ${conf.error.message}`);
      status = await d.syncIdle();
      // A run that stops early (the server's rate limit, a time-out) is resumed as "sync now" would.
      while (status.state !== 'online' && deskRetries < 30) {
        deskRetries++;
        log(
          `  desk run ended ${status.state}: ${status.lastError?.code ?? ''} ${status.lastError?.message ?? ''}; sync now again`,
        );
        await sleep(1000);
        status = await d.syncNow();
      }
      initialPullMs = performance.now() - t0;
    } finally {
      clearInterval(progress);
    }
  });
  if (inspector) {
    const { profile } = await inspector.post('Profiler.stop');
    inspector.disconnect();
    writeFileSync(
      path.join(o.profileDir ?? root, `desk-initial-pull-${engine}.cpuprofile`),
      JSON.stringify(profile),
    );
  }
  const finalStatus = status as SyncStatus | null;
  if (finalStatus?.state !== 'online' || finalStatus.pending !== 0) {
    await abort(`the new desk did not finish its initial sync: ${JSON.stringify(finalStatus)}`);
  }
  const initialPullPerS = Math.round(o.events / (initialPullMs / 1000));
  log(
    `initial pull: ${o.events} events into a new desk in ${(initialPullMs / 1000).toFixed(1)} s = ${initialPullPerS} events/s (${deskRetries} resumed runs); load ${phases.get('initial_pull')?.load1}`,
  );

  // Sanity check: the new desk lists every case (case.list pages of 200, as the renderer pages).
  {
    const t0 = performance.now();
    let listed = 0;
    let cursor: string | undefined;
    let firstTotal: { total: number; capped: boolean } | null = null;
    for (;;) {
      const r = await desk.call('case.list', { limit: 200, ...(cursor ? { cursor } : {}) }, ctx);
      if (!r.ok) await abort(`case.list failed: ${r.error.message}`);
      const page = (r as { ok: true; value: CaseListPage }).value;
      firstTotal ??= { total: page.total, capped: page.totalCapped };
      listed += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const totalOk = firstTotal?.capped
      ? (firstTotal.total ?? 0) < expectedCases
      : firstTotal?.total === expectedCases;
    if (listed !== expectedCases || !totalOk) {
      await abort(
        `the new desk lists ${listed} cases (total ${JSON.stringify(firstTotal)}), expected ${expectedCases}`,
      );
    }
    log(
      `check: the new desk lists all ${listed} cases (${((performance.now() - t0) / 1000).toFixed(1)} s to page through)`,
    );
  }
  desk.close();
  desk = null;
  rmSync(deskDir, { recursive: true, force: true });

  // ---------------------------------------------------------------- concurrent rounds
  for (const d of light) if (d.branch === BRANCH) d.cursor = headCursor;
  const roundSamples: number[] = [];
  let roundErrors = 0;
  let firstError = '';
  await phases.run('concurrent', async () => {
    for (let r = 0; r <= o.rounds; r++) {
      const t0 = performance.now();
      const results = await Promise.allSettled(
        light.map(async (d) => {
          const s = performance.now();
          const acks = await d.client.push(d.bodies[r] ?? '');
          requireAccepted(acks, ROUND_EVENTS, 'round push');
          for (;;) {
            const page = await d.client.pull(d.cursor, SYNC_LIMITS.pullPage);
            d.cursor = page.cursor;
            if (!page.hasMore) break;
          }
          return performance.now() - s;
        }),
      );
      const ok: number[] = [];
      for (const res of results) {
        if (res.status === 'fulfilled') ok.push(res.value);
        else {
          roundErrors++;
          firstError ||= res.reason instanceof Error ? res.reason.message : String(res.reason);
        }
      }
      ok.sort((a, b) => a - b);
      log(
        `  round ${r}${r === 0 ? ' (warm-up, not counted)' : ''}: ${o.desks} desks in ${(performance.now() - t0).toFixed(0)} ms, p50 ${quantile(ok, 0.5).toFixed(0)} ms, p95 ${quantile(ok, 0.95).toFixed(0)} ms, load ${load1()}`,
      );
      if (r > 0) roundSamples.push(...ok);
      await sleep(250);
    }
  });
  roundSamples.sort((a, b) => a - b);
  if (roundErrors > 0) log(`concurrent: ${roundErrors} failed rounds, first: ${firstError}`);

  // ---------------------------------------------------------------- the server's memory, then stop it
  const mem = procMemory(server.pid);
  await server.stop();
  keepAlive.destroy();
  log(`server stopped; peak RSS ${mem?.peakMb} MB, RSS at the end ${mem?.rssMb} MB`);

  // ---------------------------------------------------------------- peer
  let peer: Record<string, unknown> | null = null;
  if (o.peer) {
    peer = await phases.run('peer', () => runPeer(o.peerDocs));
  }

  // ---------------------------------------------------------------- profiles
  if (o.profileDir) {
    const lines: string[] = [];
    try {
      // Node names them CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the main thread is 0.
      const dir = path.join(o.profileDir, `server-${engine}`);
      const main = readdirSync(dir).find((f) => f.includes(`.${server.pid}.0.`));
      if (!main) throw new Error(`no main-thread profile of pid ${server.pid} in ${dir}`);
      const serverProfile = JSON.parse(readFileSync(path.join(dir, main), 'utf8')) as CpuProfile;
      for (const m of phases.marks.filter((p) => p.name !== 'peer')) {
        lines.push(`server, phase ${m.name}:`, summarizeProfile(serverProfile, m.startUs, m.endUs));
      }
    } catch (e) {
      lines.push(`server profile unreadable: ${e instanceof Error ? e.message : String(e)}`);
    }
    const deskProfile = JSON.parse(
      readFileSync(path.join(o.profileDir, `desk-initial-pull-${engine}.cpuprofile`), 'utf8'),
    ) as CpuProfile;
    lines.push('desk (this process), phase initial_pull:', summarizeProfile(deskProfile));
    writeFileSync(path.join(o.profileDir, `summary-${engine}.txt`), `${lines.join('\n')}\n`);
    log(lines.join('\n'));
    log(`profiles in ${o.profileDir}`);
  }

  const peerPull =
    typeof peer?.peer_replication_docs_per_s === 'number' ? peer.peer_replication_docs_per_s : null;
  const peerPush = typeof peer?.push_docs_per_s === 'number' ? peer.push_docs_per_s : null;
  const result = {
    engine,
    events: o.events,
    push_events_per_s: pushEventsPerS,
    initial_pull_events_per_s: initialPullPerS,
    concurrent: {
      desks: o.desks,
      p50_ms: round1(quantile(roundSamples, 0.5)),
      p95_ms: round1(quantile(roundSamples, 0.95)),
      max_ms: round1(roundSamples[roundSamples.length - 1] ?? 0),
      rounds: o.rounds,
      per_branch: o.perBranch,
      events_per_round: ROUND_EVENTS,
      errors: roundErrors,
    },
    server_rss_mb: mem?.peakMb ?? null,
    peer_replication_docs_per_s: peerPull,
    peer_push_docs_per_s: peerPush,
    peer_docs: peer ? o.peerDocs : null,
    initial_pull_vs_peer: peerPull ? round2(initialPullPerS / peerPull) : null,
    push_vs_peer: peerPush ? round2(pushEventsPerS / peerPush) : null,
    raw_pull_events_per_s: rawPullPerS,
    cases: expectedCases,
    initial_pull_s: round1(initialPullMs / 1000),
    initial_pull_resumed_runs: deskRetries,
    rate_limit_waits: source.rateLimited + light.reduce((n, d) => n + d.client.rateLimited, 0),
    server_rss_end_mb: mem?.rssMb ?? null,
    load1: Object.fromEntries(phases.marks.map((m) => [m.name, m.load1])),
    cpu_s: Object.fromEntries(phases.marks.filter((m) => m.name !== 'peer').map((m) => [m.name, m.cpu])),
  };
  await cleanup();
  clearTimeout(watchdog);
  if (roundErrors > 0) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    log('some concurrent rounds failed: see above');
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs the PouchDB peer (test/bench/peer/pouchdb.ts) as a child process and returns its JSON line. */
async function runPeer(docs: number): Promise<Record<string, unknown>> {
  const { spawn } = await import('node:child_process');
  log(`peer: PouchDB replication of ${docs} documents`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/bench/peer/pouchdb.ts'), '--docs', String(docs)],
    {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  onCleanup('peer', () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (out += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  const json = lastJsonLine(out);
  if (code !== 0 || !json) throw new Error(`the PouchDB peer failed (exit ${code}): ${out.slice(-500)}`);
  log(`peer: ${JSON.stringify(json)}`);
  return json;
}

main().catch(async (e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  await cleanup();
  process.exit(1);
});
