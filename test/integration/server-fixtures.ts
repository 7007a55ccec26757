/**
 * Helpers for the sync-server integration tests (test/integration/server-*.test.ts).
 *
 * Every suite runs once per engine: the embedded SQLite store always, and
 * PostgreSQL when LOOPDESK_TEST_PG_URL is set. For PostgreSQL each test file
 * creates a fresh database with the URL's role (which has CREATEDB) and drops
 * it afterwards.
 */
import { fakeCredential } from '../fixtures/credentials';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SERVER_TIME_HEADER,
  SyncError,
  type EnrollResponse,
  type PushAck,
  type PullResponse,
} from '../../shared/contract/sync';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { HlcClock } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { startSyncServer, type SyncServer, type SyncServerOptions } from '../../server/app';

export type EngineName = 'sqlite' | 'postgres';

export const PG_URL = process.env.LOOPDESK_TEST_PG_URL?.trim() || undefined;
export const PG_SKIP_REASON = 'PostgreSQL variant skipped: LOOPDESK_TEST_PG_URL is not set';

/**
 * Drops a test's own database. `WITH (FORCE)` ends the test's leftover
 * connections, but PostgreSQL 15 refuses to end an autovacuum worker busy in
 * that database for a role without pg_signal_backend (42501, "must be a member
 * of the role whose process is being terminated"), and CI once failed a test
 * in its cleanup on it. The worker is done in a moment: tried again for up to
 * about five seconds.
 */
export async function dropTestDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        return;
      } catch (err) {
        const code = (err as { code?: string }).code;
        // 42501: a worker of another role (autovacuum); 55006: still in use.
        if ((code !== '42501' && code !== '55006') || attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.end();
  }
}

export interface EngineCase {
  engine: EngineName;
  /** Why the variant is skipped, or null when it runs. */
  skip: string | null;
}

let skipNoticePrinted = false;

/** The engines every server suite runs on; prints the reason once when PostgreSQL is skipped. */
export function engines(): EngineCase[] {
  if (!PG_URL && !skipNoticePrinted) {
    skipNoticePrinted = true;
    console.warn(
      `[server tests] ${PG_SKIP_REASON} (e.g. postgres://loopdesk:loopdesk@127.0.0.1:5432/loopdesk_test)`,
    );
  }
  return [
    { engine: 'sqlite', skip: null },
    { engine: 'postgres', skip: PG_URL ? null : PG_SKIP_REASON },
  ];
}

/** Per-address budgets no suite reaches (the defaults are tested on their own). */
export const LENIENT_ADDRESS_LIMITS = {
  anonymous: { perSecond: 10_000, burst: 100_000 },
  enrolment: { perSecond: 10_000, burst: 100_000 },
} as const;

/** A clock the test moves; starts at the real time so HLCs from HlcClock are near it. */
export class TestClock {
  t = Date.now();
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** One store (a temporary folder or a fresh PostgreSQL database) shared by the servers of a test file. */
export class TestEnv {
  readonly clock = new TestClock();
  private servers = new Set<SyncServer>();
  private sqliteReader: Database.Database | null = null;
  private pgClient: pg.Client | null = null;

  private constructor(
    readonly engine: EngineName,
    readonly dataDir: string,
    readonly databaseUrl: string,
    private readonly dbName: string | null,
  ) {}

  static async create(engine: EngineName): Promise<TestEnv> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-server-test-'));
    if (engine === 'sqlite') return new TestEnv(engine, dataDir, '', null);
    if (!PG_URL) throw new Error(PG_SKIP_REASON);
    const name = `loopdesk_srv_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return new TestEnv(engine, dataDir, url.toString(), name);
  }

  /** The connection string a second process (the CLI) would use, or null for SQLite. */
  get pgUrl(): string | null {
    return this.dbName ? this.databaseUrl : null;
  }

  async start(opts: Partial<SyncServerOptions> = {}): Promise<SyncServer> {
    const s = await startSyncServer({
      port: 0,
      dataDir: this.dataDir,
      databaseUrl: this.databaseUrl,
      logLevel: process.env.LOOPDESK_LOG_LEVEL ?? 'silent',
      now: this.clock.now,
      // Suites enrol dozens of desks from one loopback address in seconds; the
      // per-address limits have their own test (server-limits.test.ts).
      addressRateLimit: LENIENT_ADDRESS_LIMITS,
      ...opts,
    });
    this.servers.add(s);
    const close = s.close.bind(s);
    s.close = async () => {
      this.servers.delete(s);
      await close();
    };
    return s;
  }

  /** Runs a read query directly against the store (not through the server). */
  async query<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    if (this.engine === 'sqlite') {
      this.sqliteReader ??= new Database(path.join(this.dataDir, 'server.db'), { readonly: true });
      const sqliteText = text.replace(/\$\d+/g, '?');
      return this.sqliteReader.prepare(sqliteText).all(...params) as T[];
    }
    if (!this.pgClient) {
      this.pgClient = new pg.Client({ connectionString: this.databaseUrl });
      await this.pgClient.connect();
    }
    return (await this.pgClient.query(text, params)).rows as T[];
  }

  async count(table: string, where = '', params: unknown[] = []): Promise<number> {
    const rows = await this.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Row counts of every table a refused request could have written to. */
  async snapshot(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of [
      'events',
      'devices',
      'enrollment_codes',
      'admin_tokens',
      'attachments',
      'attachment_owners',
      'attachment_refs',
      'device_staff_events',
      'cases',
      'staff',
    ]) {
      out[t] = await this.count(t);
    }
    const used = await this.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM enrollment_codes WHERE used_at IS NOT NULL',
    );
    out.codes_used = Number(used[0]?.n ?? 0);
    return out;
  }

  /** Runs a write statement directly (for setting up refusal cases such as a newer schema). */
  async exec(text: string, params: unknown[] = []): Promise<void> {
    if (this.engine === 'sqlite') {
      const db = new Database(path.join(this.dataDir, 'server.db'));
      try {
        db.prepare(text.replace(/\$\d+/g, '?')).run(...params);
      } finally {
        db.close();
      }
      return;
    }
    await this.query(text, params);
  }

  async dispose(): Promise<void> {
    for (const s of [...this.servers]) await s.close().catch(() => undefined);
    this.sqliteReader?.close();
    this.sqliteReader = null;
    if (this.pgClient) await this.pgClient.end().catch(() => undefined);
    this.pgClient = null;
    if (this.dbName && PG_URL) await dropTestDatabase(this.dbName);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ HTTP

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  /** JSON body (serialised here). */
  json?: unknown;
  /** Raw body as sent. */
  raw?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  /** Protocol header value; null leaves it out. Default PROTOCOL_VERSION. */
  protocol?: string | null;
  headers?: Record<string, string>;
}

export async function request<T = unknown>(
  server: { url: string },
  method: string,
  pathAndQuery: string,
  o: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  const protocol = o.protocol === undefined ? String(PROTOCOL_VERSION) : o.protocol;
  if (protocol !== null) headers[PROTOCOL_HEADER] = protocol;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] = o.contentType ?? 'application/json';
  } else if (o.raw !== undefined) {
    body = o.raw;
    headers['content-type'] = o.contentType ?? 'application/json';
  }
  const res = await fetch(`${server.url}${pathAndQuery}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Asserts the refusal shape of docs/protocol.md and returns the code. */
export function expectSyncError(res: ApiResponse, status: number, code: string): SyncError {
  const shape = SyncError.safeParse(res.body);
  if (!shape.success) throw new Error(`not a SyncError body (${res.status}): ${res.text}`);
  if (res.status !== status || shape.data.error.code !== code) {
    throw new Error(
      `expected ${status} ${code}, got ${res.status} ${shape.data.error.code}: ${shape.data.error.message}`,
    );
  }
  const header = Number(res.headers.get(SERVER_TIME_HEADER));
  if (!Number.isFinite(header) || header <= 0) throw new Error('missing server time header');
  if (!/[\u4e00-\u9fff]/.test(shape.data.error.message) || !/ \/ [A-Z]/.test(shape.data.error.message)) {
    throw new Error(`message is not "Chinese / English": ${shape.data.error.message}`);
  }
  return shape.data;
}

// ------------------------------------------------------------------ devices and events

export interface TestDevice {
  id: string;
  branch: string;
  deviceCode: string;
  token: string;
  role: 'counter' | 'supervisor';
  clock: HlcClock;
  /** A staff member of this desk (actor/owner of its events). */
  staffId: string;
}

let deviceCounter = 0;

/** Enrols a new desk through POST /v1/enroll. */
export async function enrollDevice(
  server: SyncServer,
  branch: string,
  opts: { deviceCode?: string; role?: 'counter' | 'supervisor'; label?: string; wallNow?: () => number } = {},
): Promise<TestDevice> {
  const role = opts.role ?? 'counter';
  const code = await server.createEnrollmentCode(branch, role);
  const id = newId();
  deviceCounter++;
  const deviceCode = opts.deviceCode ?? String(deviceCounter % 100).padStart(2, '0');
  const res = await request<EnrollResponse>(server, 'POST', '/v1/enroll', {
    json: { code, deviceId: id, branchCode: branch, deviceCode, label: opts.label ?? `柜台 ${deviceCode}` },
  });
  if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${res.text}`);
  return {
    id,
    branch,
    deviceCode,
    token: res.body.token,
    role,
    clock: new HlcClock(undefined, opts.wallNow),
    staffId: newId(),
  };
}

/** A valid, hashed envelope from this desk. */
export function makeEvent(
  dev: TestDevice,
  e: {
    stream: string;
    type: string;
    payload: unknown;
    schema?: number;
    hlc?: string;
    id?: string;
    actor?: string;
  },
): EventEnvelope {
  const body = {
    id: e.id ?? newId(),
    stream: e.stream,
    type: e.type,
    schema: e.schema ?? 1,
    hlc: e.hlc ?? dev.clock.now(),
    device: dev.id,
    branch: dev.branch,
    actor: e.actor ?? dev.staffId,
    payload: e.payload,
  };
  return { ...body, hash: eventHash(body) };
}

/** Re-hashes an envelope after a test changed it. */
export function rehash(e: Omit<EventEnvelope, 'hash'> & { hash?: string }): EventEnvelope {
  const { hash: _h, ...body } = e;
  return { ...body, hash: eventHash(body) };
}

let caseSeq = 0;

export interface CaseSpec {
  caseId?: string;
  name?: string;
  phone?: string;
  category?: string;
  severity?: string;
  account?: string;
  receivedAt?: string;
  owner?: string;
  number?: string;
}

export function caseOpened(dev: TestDevice, spec: CaseSpec = {}): EventEnvelope {
  caseSeq++;
  const caseId = spec.caseId ?? newId();
  return makeEvent(dev, {
    stream: streamOf('case', caseId),
    type: 'case.opened',
    payload: {
      number: spec.number ?? `${dev.branch}${dev.deviceCode}-20261122-${String(caseSeq).padStart(4, '0')}`,
      scriptVersion: '1.0',
      customer: {
        name: spec.name ?? '李女士',
        phone: spec.phone ?? '13800138000',
        gender: 'female',
        returning: false,
      },
      channel: 'walk_in',
      category: spec.category ?? 'banking.fees',
      severity: spec.severity ?? 'normal',
      account: spec.account ?? '客户反映信用卡年费被重复扣收。',
      receivedAt: spec.receivedAt ?? new Date().toISOString(),
      owner: spec.owner ?? dev.staffId,
    },
  });
}

export function caseNote(dev: TestDevice, caseId: string, text = '已致电客户说明处理进度。'): EventEnvelope {
  return makeEvent(dev, { stream: streamOf('case', caseId), type: 'case.note_added', payload: { text } });
}

export function caseClosed(dev: TestDevice, caseId: string): EventEnvelope {
  return makeEvent(dev, {
    stream: streamOf('case', caseId),
    type: 'case.closed',
    payload: { overrideReason: '主管确认客户已接受处理结果。' },
  });
}

export function caseFieldSet(
  dev: TestDevice,
  caseId: string,
  field: string,
  value: string | null,
): EventEnvelope {
  return makeEvent(dev, {
    stream: streamOf('case', caseId),
    type: 'case.field_set',
    payload: { field, value },
  });
}

/**
 * The device's first administrator, as its first-run setup makes it (a
 * founding record: created by itself; the staff fold counts one per device).
 */
export function staffCreated(dev: TestDevice, name: string): EventEnvelope {
  return makeEvent(dev, {
    stream: streamOf('staff', dev.staffId),
    type: 'staff.created',
    payload: {
      name,
      login: `u${dev.deviceCode}`,
      role: 'admin',
      credential: fakeCredential(),
    },
  });
}

export function caseIdOf(e: EventEnvelope): string {
  return e.stream.slice(e.stream.indexOf(':') + 1);
}

export async function push(
  server: SyncServer,
  dev: { token: string },
  events: unknown[],
): Promise<ApiResponse<{ ok: true; acks: PushAck[]; serverTime: number }>> {
  return request(server, 'POST', '/v1/push', { token: dev.token, json: { events } });
}

/** Pushes and asserts 200, returning the acks. */
export async function pushOk(
  server: SyncServer,
  dev: { token: string },
  events: unknown[],
): Promise<PushAck[]> {
  const res = await push(server, dev, events);
  if (res.status !== 200) throw new Error(`push failed: ${res.status} ${res.text}`);
  return res.body.acks;
}

export async function pull(
  server: SyncServer,
  dev: { token: string },
  cursor: number,
  limit?: number,
): Promise<ApiResponse<PullResponse>> {
  const q = limit === undefined ? `cursor=${cursor}` : `cursor=${cursor}&limit=${limit}`;
  return request<PullResponse>(server, 'GET', `/v1/pull?${q}`, { token: dev.token });
}

/** Pulls every page from `cursor` on; returns the events and the final cursor. */
export async function pullAll(
  server: SyncServer,
  dev: { token: string },
  cursor = 0,
  limit = 1000,
): Promise<{ events: EventEnvelope[]; cursor: number; pages: number }> {
  const events: EventEnvelope[] = [];
  let c = cursor;
  let pages = 0;
  for (;;) {
    const res = await pull(server, dev, c, limit);
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${res.text}`);
    pages++;
    events.push(...res.body.events);
    if (res.body.cursor < c) throw new Error(`cursor went backwards: ${c} -> ${res.body.cursor}`);
    c = res.body.cursor;
    if (!res.body.hasMore) return { events, cursor: c, pages };
  }
}
