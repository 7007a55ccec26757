/**
 * Helpers for the desk sync-client tests (test/integration/sync-*.test.ts):
 * a real sync server (embedded SQLite, or PostgreSQL when LOOPDESK_TEST_PG_URL
 * is set), desks with their own branch/device codes, a loopback proxy that can
 * refuse connections or drop responses, and an observer that pulls what the
 * server holds.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { DeskEvent } from '../../shared/contract/api';
import type { Session } from '../../shared/contract/methods/staff';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import type { Result } from '../../shared/contract/result';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  WAITING_HEADER,
  type EnrollResponse,
  type PullResponse,
} from '../../shared/contract/sync';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import type { Locale } from '../../shared/domain/kernel/locale';
import { openDesk, type DeskCore, type SyncOptions } from '../../electron/desk';
import { openDatabase } from '../../electron/desk/db/open';
import { loadScriptResources } from '../../electron/desk/features/cases';
import { directory } from '../../electron/desk/features/staff';
import { Desk } from '../../electron/desk/kernel/desk';
import { ContentStore } from '../../electron/desk/kernel/fileStore';
import { projectors } from '../../electron/desk/projection';
import { SyncEngine } from '../../electron/desk/sync/engine';
import { syncPortOf } from '../../electron/desk/syncPort';
import { startSyncServer, type SyncServerOptions } from '../../server/app';
import { dropTestDatabase, LENIENT_ADDRESS_LIMITS } from './server-fixtures';
import { ADMIN, readDeskDb, removeDir, tempDir } from './desk-fixtures';

export { readDeskDb };

export type EngineName = 'sqlite' | 'postgres';

const PG_URL = process.env.LOOPDESK_TEST_PG_URL;

/** The engines to run on: SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set. */
export function engines(): EngineName[] {
  if (!PG_URL) {
    console.log('[sync tests] LOOPDESK_TEST_PG_URL is not set: PostgreSQL variant skipped');
    return ['sqlite'];
  }
  return ['sqlite', 'postgres'];
}

type SyncServer = Awaited<ReturnType<typeof startSyncServer>>;

/** A server that can be stopped and started again on the same data (and, with `port`, the same port). */
export class TestServer {
  server: SyncServer | null = null;
  readonly dataDir = tempDir();
  private pgDatabase: string | null = null;
  private databaseUrl: string | undefined;

  constructor(
    readonly engine: EngineName,
    /** The server's clock (defaults to the real one). */
    private readonly now?: () => number,
    /** Other options of the server (e.g. a small attachment quota). */
    private readonly extra: Pick<SyncServerOptions, 'attachments'> = {},
  ) {}

  async start(port = 0): Promise<SyncServer> {
    if (this.engine === 'postgres' && this.databaseUrl === undefined) {
      if (!PG_URL) throw new Error('LOOPDESK_TEST_PG_URL is not set');
      this.pgDatabase = `loopdesk_sc_${newId().replace(/-/g, '').slice(-16)}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${this.pgDatabase}`);
      } finally {
        await admin.end();
      }
      const u = new URL(PG_URL);
      u.pathname = `/${this.pgDatabase}`;
      this.databaseUrl = u.toString();
    }
    this.server = await startSyncServer({
      port,
      host: '127.0.0.1',
      dataDir: this.dataDir,
      // '' forces the embedded SQLite store even when DATABASE_URL is set in the environment.
      databaseUrl: this.databaseUrl ?? '',
      logLevel: 'silent',
      // Many desks enrol from one loopback address; the per-address limits have their own test.
      addressRateLimit: LENIENT_ADDRESS_LIMITS,
      ...(this.now ? { now: this.now } : {}),
      ...this.extra,
    });
    return this.server;
  }

  /** The PostgreSQL database's URL ('' for the embedded SQLite store in dataDir). */
  get storeUrl(): string {
    return this.databaseUrl ?? '';
  }

  get url(): string {
    if (!this.server) throw new Error('server not started');
    return this.server.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    await s?.close();
  }

  async dispose(): Promise<void> {
    await this.stop();
    removeDir(this.dataDir);
    if (this.pgDatabase && PG_URL) await dropTestDatabase(this.pgDatabase);
  }

  /** `reenrolDevice`: head office's code re-enrolling that known device id (issue 8). */
  code(branch = 'GZ', role: 'counter' | 'supervisor' = 'counter', reenrolDevice?: string): Promise<string> {
    if (!this.server) throw new Error('server not started');
    return this.server.createEnrollmentCode(branch, role, reenrolDevice ? { reenrolDevice } : {});
  }
}

// ---------------------------------------------------------------- fault proxy

export type ProxyMode =
  /** Pass everything through. */
  | 'forward'
  /** Close every connection at once (the line is down). */
  | 'refuse';

export interface ProxiedExchange {
  method: string;
  path: string;
  status: number;
  body: string;
  dropped: boolean;
  /** sha256 of the Authorization header (tells desks apart without keeping tokens), '' when none. */
  who: string;
  /** The request's x-loopdesk-waiting header as sent, null when absent. */
  waiting: string | null;
}

function firstHeader(v: string | string[] | undefined): string | null {
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

/** The `who` of a proxied exchange made with `token`. */
export function whoOf(token: string): string {
  return createHash('sha256').update(`Bearer ${token}`).digest('hex').slice(0, 16);
}

/**
 * A tiny HTTP proxy on 127.0.0.1 in front of the server. `dropResponses(n, match)`
 * forwards the next n matching requests to the server and then closes the
 * client's connection without answering: the request took effect, its answer
 * (the ack) is lost.
 */
export class FaultProxy {
  mode: ProxyMode = 'forward';
  target = '';
  /** Most requests in flight at once (the engine must never run two syncs together). */
  maxInFlight = 0;
  /** Rewrites an answer's body before the desk sees it (e.g. to fake a bad server). */
  rewrite: ((method: string, path: string, body: string) => string) | null = null;
  /** Answers a request itself, without asking the server (e.g. head office refusing one route). */
  answer: ((method: string, path: string) => { status: number; body: string } | null) | null = null;
  private inFlight = 0;
  readonly log: ProxiedExchange[] = [];
  private drops: { left: number; match: (method: string, path: string) => boolean } | null = null;
  private readonly srv: http.Server;
  private sockets = new Set<import('node:net').Socket>();

  constructor() {
    this.srv = http.createServer((req, res) => this.handle(req, res));
    this.srv.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.srv.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.srv.address() as AddressInfo).port}`;
  }

  dropResponses(count: number, match: (method: string, path: string) => boolean): void {
    this.drops = { left: count, match };
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.srv.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.mode === 'refuse' || this.target === '') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const own = this.answer?.(method, path) ?? null;
      if (own !== null) {
        this.log.push({
          method,
          path,
          status: own.status,
          body: own.body,
          dropped: false,
          who: '',
          waiting: null,
        });
        res.writeHead(own.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(own.body);
        return;
      }
      const drop = this.drops !== null && this.drops.left > 0 && this.drops.match(method, path);
      if (drop && this.drops) this.drops.left--;
      const headers = { ...req.headers };
      delete headers.host;
      const up = http.request(
        new URL(path, this.target),
        { method, headers: { ...headers, connection: 'close' } },
        (upRes) => {
          const body: Buffer[] = [];
          upRes.on('data', (c: Buffer) => body.push(c));
          upRes.on('end', () => {
            let text = Buffer.concat(body);
            if (this.rewrite && !drop)
              text = Buffer.from(this.rewrite(method, path, text.toString('utf8')), 'utf8');
            this.log.push({
              method,
              path,
              status: upRes.statusCode ?? 0,
              body: text.toString('utf8'),
              dropped: drop,
              who: req.headers.authorization
                ? createHash('sha256').update(req.headers.authorization).digest('hex').slice(0, 16)
                : '',
              waiting: firstHeader(req.headers[WAITING_HEADER]),
            });
            if (drop) {
              // The server did the work; the desk never hears about it.
              req.socket.destroy();
              return;
            }
            const out = { ...upRes.headers };
            delete out['transfer-encoding'];
            delete out.connection;
            res.writeHead(upRes.statusCode ?? 502, { ...out, 'content-length': String(text.length) });
            res.end(text);
          });
        },
      );
      up.on('error', () => req.socket.destroy());
      up.end(Buffer.concat(chunks));
    });
  }
}

// ---------------------------------------------------------------- desks

export interface SyncDesk {
  core: DeskCore;
  dir: string;
  admin: Session;
  deviceCode: string;
  call(method: string, input: unknown, token?: string | null, locale?: Locale): Promise<Result<unknown>>;
  must<T = unknown>(method: string, input: unknown, token?: string | null): Promise<T>;
  status(): Promise<SyncStatus>;
  /** Every sync.status event seen since opening. */
  statuses: SyncStatus[];
  events: DeskEvent[];
  /** Closes the core, keeping its data (a crash or a restart). */
  closeKeepData(): void;
}

/** Default engine settings for tests: no timers (runs only when asked), short timeouts. */
export const MANUAL: SyncOptions = {
  timers: false,
  requestTimeoutMs: 5_000,
  enrollTimeoutMs: 5_000,
  log: () => {},
};

function wrap(core: DeskCore, dir: string, admin: Session, deviceCode: string): SyncDesk {
  const statuses: SyncStatus[] = [];
  const events: DeskEvent[] = [];
  core.subscribe((e) => {
    events.push(e);
    if (e.type === 'sync.status') statuses.push(e.status);
  });
  const call = (
    method: string,
    input: unknown,
    token: string | null = admin.token,
    locale: Locale = 'zh-CN',
  ) => core.call(method, input, { session: token, locale });
  const must = async <T>(method: string, input: unknown, token: string | null = admin.token): Promise<T> => {
    const r = await call(method, input, token);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  return {
    core,
    dir,
    admin,
    deviceCode,
    call,
    must,
    status: () => must<SyncStatus>('sync.status', {}),
    statuses,
    events,
    closeKeepData: () => core.close(),
  };
}

/** A new desk of `branch` with its own device code, set up with an admin. */
export async function newDesk(
  deviceCode: string,
  opts: { branch?: string; sync?: SyncOptions; now?: () => number; admin?: typeof ADMIN } = {},
): Promise<SyncDesk> {
  const dir = tempDir();
  const core = openDesk({ dataDir: dir, sync: opts.sync ?? MANUAL, ...(opts.now ? { now: opts.now } : {}) });
  const r = await core.call(
    'desk.setup',
    {
      branchCode: opts.branch ?? 'GZ',
      branchName: '广州天河支行',
      deviceCode,
      admin: opts.admin ?? ADMIN,
    },
    { session: null, locale: 'zh-CN' },
  );
  if (!r.ok) throw new Error(`setup failed: ${JSON.stringify(r.error)}`);
  return wrap(core, dir, r.value as Session, deviceCode);
}

/** Opens an existing desk folder again and signs the admin in. */
export async function reopenDesk(
  old: SyncDesk,
  opts: { sync?: SyncOptions; now?: () => number } = {},
): Promise<SyncDesk> {
  const core = openDesk({
    dataDir: old.dir,
    sync: opts.sync ?? MANUAL,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const r = await core.call(
    'auth.signIn',
    { login: ADMIN.login, secret: ADMIN.secret },
    { session: null, locale: 'zh-CN' },
  );
  if (!r.ok) throw new Error(`sign-in failed: ${JSON.stringify(r.error)}`);
  return wrap(core, old.dir, r.value as Session, old.deviceCode);
}

export function disposeDesk(d: SyncDesk): void {
  d.core.close();
  removeDir(d.dir);
}

/** Polls `probe` every 20 ms until it returns a value other than undefined (at most `ms`). */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Presses "sync now" (DeskApi) and waits until the run it asked for is over,
 * then returns the status (the run's outcome).
 */
export async function syncNowAndWait(d: SyncDesk): Promise<SyncStatus> {
  const started = await d.must<SyncStatus>('sync.now', {});
  if (started.state === 'unconfigured') return started;
  return d.core.syncIdle();
}

// ---------------------------------------------------------------- what the server holds

const CODE_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
let observers = 0;
/** Device codes for observers: X0, X1, … then Y0 …; never used by the desks under test. */
function nextObserverCode(): string {
  const n = observers++;
  return `${'XYW'[Math.floor(n / 36) % 3]}${CODE_CHARS[n % 36]}`;
}

/** Enrolls a throw-away observer device and pulls every event of `branch` from the server. */
export async function serverEvents(server: TestServer, branch = 'GZ'): Promise<EventEnvelope[]> {
  const code = await server.code(branch);
  const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' };
  const res = await fetch(`${server.url}/v1/enroll`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      code,
      deviceId: newId(),
      branchCode: branch,
      deviceCode: nextObserverCode(),
    }),
  });
  if (!res.ok) throw new Error(`observer enroll failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as EnrollResponse;
  const out: EventEnvelope[] = [];
  let cursor = 0;
  for (;;) {
    const page = await fetch(`${server.url}/v1/pull?cursor=${cursor}`, {
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
    if (!page.ok) throw new Error(`observer pull failed: ${page.status} ${await page.text()}`);
    const body = (await page.json()) as PullResponse;
    out.push(...body.events);
    if (!body.hasMore) break;
    if (body.cursor <= cursor) throw new Error('observer: cursor did not advance');
    cursor = body.cursor;
  }
  return out;
}

/** id -> how many times the server returned it. */
export function countById(events: readonly { id: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of events) m.set(e.id, (m.get(e.id) ?? 0) + 1);
  return m;
}

export function deskMeta(dir: string, key: string): string | null {
  return readDeskDb(dir, (db) => {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  });
}

/** Ids of the events this desk wrote itself. */
export function ownEventIds(dir: string): string[] {
  return readDeskDb(dir, (db) =>
    (
      db
        .prepare(
          "SELECT id FROM events WHERE device = (SELECT value FROM meta WHERE key = 'device.id') ORDER BY seq",
        )
        .all() as { id: string }[]
    ).map((r) => r.id),
  );
}

/** Creates staff with `role` on the desk and signs them in. */
export async function staffSessionOn(
  d: SyncDesk,
  role: 'counter' | 'qc' | 'supervisor' | 'admin',
  login: string,
): Promise<Session> {
  await d.must('staff.create', {
    name: `${role} ${login}`,
    login,
    role,
    secretKind: 'pin',
    secret: '135790',
  });
  return d.must<Session>('auth.signIn', { login, secret: '135790' }, null);
}

/** Functions run after each test, last registered first: `afterEach(() => runCleanup(list))`. */
export type CleanupList = (() => Promise<void> | void)[];

export async function runCleanup(list: CleanupList): Promise<void> {
  for (const f of list.splice(0).reverse()) await f();
}

/** A started server behind a fault proxy (desks use `url`); both are disposed through `cleanup`. */
export async function serverBehindProxy(
  engine: 'sqlite' | 'postgres',
  cleanup: CleanupList,
  serverNow?: () => number,
): Promise<{ server: TestServer; proxy: FaultProxy; url: string }> {
  const server = new TestServer(engine, serverNow);
  await server.start();
  const proxy = new FaultProxy();
  const url = await proxy.listen();
  proxy.target = server.url;
  cleanup.push(
    () => server.dispose(),
    () => proxy.close(),
  );
  return { server, proxy, url };
}

/**
 * Two supervisor desks of branch GZ online through a forwarding proxy: '01'
 * on `clock`, '02' two minutes ahead (corrected once synced). Head office's
 * clock runs with the desks' (it refuses events stamped in its future).
 * Everything is disposed through `cleanup`.
 */
export async function twoDesksOnline(
  engine: EngineName,
  clock: { t: number },
  cleanup: CleanupList,
): Promise<{ server: TestServer; proxy: FaultProxy; a: SyncDesk; b: SyncDesk }> {
  const { server, proxy, url } = await serverBehindProxy(engine, cleanup, () => clock.t + 30_000);
  const a = await newDesk('01', { now: () => clock.t });
  const b = await newDesk('02', { now: () => clock.t + 2 * 60_000 });
  cleanup.push(
    () => disposeDesk(a),
    () => disposeDesk(b),
  );
  for (const d of [a, b]) {
    await d.must<SyncStatus>('sync.configure', {
      serverUrl: url,
      code: await server.code('GZ', 'supervisor'),
    });
  }
  await waitFor(async () =>
    (await a.status()).state === 'online' && (await b.status()).state === 'online' ? true : undefined,
  );
  return { server, proxy, a, b };
}

/**
 * A desk built from the kernel with its sync engine, so a test can hold the
 * desk's writes as a running rebuild does, or watch what the engine reads.
 */
export function kernelDeskWithEngine(cleanup: CleanupList): {
  desk: Desk;
  engine: SyncEngine;
  logs: string[];
} {
  const dir = tempDir();
  const database = openDatabase(path.join(dir, 'loopdesk.db'));
  const desk = new Desk(
    database,
    loadScriptResources(),
    () => Date.now(),
    '0.0.0-test',
    projectors(),
    directory,
  );
  desk.setIdentity({ deviceId: newId(), deviceCode: '07', branchCode: 'GZ', branchName: '广州天河支行' });
  const logs: string[] = [];
  const engine = new SyncEngine(syncPortOf(desk, new ContentStore(path.join(dir, 'evidence'))), {
    ...MANUAL,
    log: (l) => logs.push(l),
  });
  cleanup.push(() => {
    engine.stop();
    desk.checker.close();
    database.close();
    removeDir(dir);
  });
  return { desk, engine, logs };
}

/** Backs `d` up into the empty `folder` with the backup job; returns the backup file. */
export async function backupInto(d: SyncDesk, folder: string): Promise<string> {
  const started = d.core.jobs.backup(folder);
  if (!started.ok) throw new Error(started.error.message);
  const done = await d.core.jobs.whenSettled(started.value.id);
  if (done?.state !== 'done') throw new Error(`backup ended ${done?.state ?? 'unknown'}`);
  const file = fs.readdirSync(folder).find((f) => f.endsWith('.db'));
  if (!file) throw new Error('no backup file');
  return path.join(folder, file);
}
