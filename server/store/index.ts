/**
 * The server's store: one object over either engine, used by the HTTP app
 * (server/app.ts) and the CLI (server/main.ts). Every method is one
 * transaction or one read.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import {
  ADMIN_TOTAL_CAP,
  type AdminBranch,
  type AdminCase,
  type AdminCasesQuery,
  type AdminDevice,
  type DeviceRole,
  type EnrollRequest,
} from '../../shared/contract/sync';
import type { CaseStatus, StepNumber } from '../../shared/domain/cases/payloads';
import { isValidBranchCode } from '../../shared/domain/kernel/caseNumber';
import { searchTerms } from '../../shared/domain/cases/searchText';
import { canonicalInstant, isoOfHlc } from '../../shared/domain/kernel/time';
import { SyncHttpError } from '../errors';
import {
  enrollmentCodeHash,
  newEnrollmentCode,
  newToken,
  normaliseEnrollmentCode,
  tokenHash,
} from '../tokens';
import { Batcher, type BatcherStats } from './batcher';
import {
  preparePush,
  pullEvents,
  storePushGroup,
  type PullPage,
  type PushJob,
  type PushOutcome,
  type Pusher,
} from './events';
import {
  lockProjectionsExclusive,
  openStoreHandle,
  takeSequencer,
  type StoreHandle,
  type StoreOptions,
} from './open';
import { projectionsStale, rebuildProjections } from './projection';
import type { DevicesTable, Engine } from './schema';

export { ServerSchemaTooNewError } from './open';
export type { StoreOptions } from './open';

/** How long a one-time enrolment code stays valid. */
export const ENROLLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** Who is calling, from the bearer token. */
export type Caller =
  | {
      kind: 'device';
      deviceId: string;
      branch: string;
      role: DeviceRole;
      deviceCode: string;
      lastSeenAt: number | null;
      /** The stored x-loopdesk-waiting report (a pull writes only when it changes). */
      eventsWaiting: number | null;
    }
  | { kind: 'admin' };

export type AuthResult = Caller | 'unknown' | 'revoked';

export interface AdminScope {
  /** null: every branch (admin token); else the supervisor device's own branch. */
  branch: string | null;
}

/** Hex digits of an admin token's hash that name it in the CLI. */
export const ADMIN_TOKEN_ID_LENGTH = 12;
const ADMIN_TOKEN_ID_RE = new RegExp(`^[0-9a-fA-F]{${ADMIN_TOKEN_ID_LENGTH},64}$`);

export function adminTokenId(hash: string): string {
  return hash.slice(0, ADMIN_TOKEN_ID_LENGTH);
}

export interface AdminTokenInfo {
  id: string;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
}

export interface EnrollOutcome {
  token: string;
  branchCode: string;
  role: DeviceRole;
}

type ParsedCasesQuery = Omit<AdminCasesQuery, 'limit'> & { limit: number };

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function encodeCasesCursor(openedHlc: string, id: string): string {
  return Buffer.from(`${openedHlc}|${id}`, 'utf8').toString('base64url');
}

export function decodeCasesCursor(cursor: string): { hlc: string; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{15}-\d{5})\|([0-9a-f-]{36})$/.exec(text);
  return m && m[1] !== undefined && m[2] !== undefined ? { hlc: m[1], id: m[2] } : null;
}

/**
 * Grouped database work (decision 0016): how many groups may run at once,
 * and how many events one group of pushes takes at most. SQLite has one
 * connection, so a second group would only wait for it; PostgreSQL overlaps
 * one group's round trips and commit with the next ones' work.
 */
const GROUPS_IN_FLIGHT = { sqlite: 1, postgres: 3 } as const;
const PUSH_GROUP_MAX_EVENTS = 2_000;

/**
 * Runs a group of pushes in one transaction. If that fails, every push of the
 * group runs again on its own, so the one that caused it gets its own error
 * and the others are stored as if they had never been grouped.
 */
async function runPushGroup(
  h: StoreHandle,
  jobs: readonly PushJob[],
): Promise<PromiseSettledResult<PushOutcome>[]> {
  try {
    const out = await storePushGroup(h, jobs);
    return out.map((value) => ({ status: 'fulfilled', value }));
  } catch (e) {
    if (jobs.length === 1) return [{ status: 'rejected', reason: e }];
    const results: PromiseSettledResult<PushOutcome>[] = [];
    for (const job of jobs) {
      try {
        const [value] = await storePushGroup(h, [job]);
        if (value === undefined) throw new Error('internal: push group answered nothing');
        results.push({ status: 'fulfilled', value });
      } catch (err) {
        results.push({ status: 'rejected', reason: err });
      }
    }
    return results;
  }
}

/** Token hashes looked up in one query at most. */
const TOKEN_LOOKUP_MAX = 500;

const TOKEN_COLUMNS = [
  'id',
  'branch',
  'role',
  'device_code',
  'token_hash',
  'previous_token_hash',
  'last_seen_at',
  'revoked_at',
  'events_waiting',
] as const;
type TokenRow = Pick<DevicesTable, (typeof TOKEN_COLUMNS)[number]>;

/** The device rows of several token hashes (current or previous token), in one query. */
async function devicesByTokenHash(
  h: StoreHandle,
  keys: readonly string[],
): Promise<PromiseSettledResult<TokenRow | undefined>[]> {
  const unique = [...new Set(keys)];
  const rows = await h.db
    .selectFrom('devices')
    .select(TOKEN_COLUMNS)
    .where((eb) => eb.or([eb('token_hash', 'in', unique), eb('previous_token_hash', 'in', unique)]))
    .execute();
  const byKey = new Map<string, TokenRow>();
  for (const r of rows) {
    if (r.previous_token_hash !== null) byKey.set(r.previous_token_hash, r);
  }
  // A current token wins over a previous one of the same hash (not expected: hashes of random tokens).
  for (const r of rows) byKey.set(r.token_hash, r);
  return keys.map((k) => ({ status: 'fulfilled', value: byKey.get(k) }));
}

export class ServerStore {
  private readonly pushes: Batcher<PushJob, PushOutcome>;
  private readonly tokenLookups: Batcher<string, TokenRow | undefined>;

  private constructor(private readonly h: StoreHandle) {
    // Every request checks its token: requests that arrive together share one query.
    this.tokenLookups = new Batcher((keys) => devicesByTokenHash(h, keys), {
      inFlight: GROUPS_IN_FLIGHT[h.engine],
      maxWeight: TOKEN_LOOKUP_MAX,
    });
    this.pushes = new Batcher((jobs) => runPushGroup(h, jobs), {
      inFlight: GROUPS_IN_FLIGHT[h.engine],
      maxWeight: PUSH_GROUP_MAX_EVENTS,
      weigh: (job) => Math.max(1, job.candidates.length),
    });
  }

  static async open(opts: StoreOptions): Promise<ServerStore> {
    const h = await openStoreHandle(opts);
    const store = new ServerStore(h);
    try {
      if (await projectionsStale(h.db)) {
        await h.write(async (tx) => {
          // Same order as a push: projections, then the sequencer.
          await lockProjectionsExclusive(tx, h.engine);
          await takeSequencer(tx, h.engine);
          return rebuildProjections(tx, Date.now());
        });
      }
    } catch (e) {
      await h.destroy().catch(() => undefined);
      throw e;
    }
    return store;
  }

  get engine(): Engine {
    return this.h.engine;
  }

  close(): Promise<void> {
    return this.h.destroy();
  }

  // ------------------------------------------------------------ enrolment and tokens

  async createEnrollmentCode(branch: string, role: DeviceRole, now: number): Promise<string> {
    if (!isValidBranchCode(branch)) {
      throw new Error(`branch code must be 2-6 capital letters (A-Z), got ${JSON.stringify(branch)}`);
    }
    if (role !== 'counter' && role !== 'supervisor') {
      throw new Error(`role must be counter or supervisor, got ${JSON.stringify(role)}`);
    }
    const code = newEnrollmentCode();
    const normalised = normaliseEnrollmentCode(code);
    if (normalised === null) throw new Error('internal: generated code does not normalise');
    await this.h.write(async (tx) => {
      await tx
        .insertInto('enrollment_codes')
        .values({
          code_hash: enrollmentCodeHash(normalised),
          branch,
          role,
          created_at: now,
          expires_at: now + ENROLLMENT_CODE_TTL_MS,
          used_at: null,
          used_by: null,
        })
        .execute();
    });
    return code;
  }

  /** Exchanges a one-time code for a device token. Throws SyncHttpError; stores nothing when it does. */
  async enroll(req: EnrollRequest, now: number): Promise<EnrollOutcome> {
    const normalised = normaliseEnrollmentCode(req.code);
    if (normalised === null) throw new SyncHttpError('enrollment_invalid');
    const token = newToken();
    try {
      return await this.h.write(async (tx) => {
        const code = await tx
          .selectFrom('enrollment_codes')
          .selectAll()
          .where('code_hash', '=', enrollmentCodeHash(normalised))
          .executeTakeFirst();
        if (!code) throw new SyncHttpError('enrollment_invalid');
        const existing = await tx
          .selectFrom('devices')
          .selectAll()
          .where('id', '=', req.deviceId)
          .executeTakeFirst();
        // The same desk repeating its enrolment (the answer was lost on the
        // way): the code is still its current enrolment, so it gets a fresh
        // token in place of the one it never received. A revoked desk, or one
        // enrolled again since with another code, does not.
        const repeat =
          code.used_at !== null &&
          code.used_by === req.deviceId &&
          existing !== undefined &&
          existing.revoked_at === null &&
          Number(existing.enrolled_at) === Number(code.used_at);
        if (code.used_at !== null && !repeat) {
          throw new SyncHttpError(
            'enrollment_invalid',
            '此登记码已被使用过，每个登记码只能用一次。请向总部索取新的登记码。 / This enrolment code has already been used; each code works once. Ask head office for a new one.',
          );
        }
        if (Number(code.expires_at) <= now) {
          throw new SyncHttpError(
            'enrollment_invalid',
            '此登记码已过期（有效期 24 小时）。请向总部索取新的登记码。 / This enrolment code has expired (codes are valid for 24 hours). Ask head office for a new one.',
          );
        }
        if (code.branch !== req.branchCode) {
          throw new SyncHttpError(
            'branch_mismatch',
            `此登记码属于网点 ${code.branch}，而本柜台设置的网点代码是 ${req.branchCode}。请核对网点代码或登记码。 / ` +
              `This enrolment code is for branch ${code.branch}, but this desk is set up for branch ${req.branchCode}. Check the branch code or the enrolment code.`,
          );
        }
        if (existing && existing.branch !== req.branchCode) {
          throw new SyncHttpError(
            'branch_mismatch',
            `此柜台已登记在网点 ${existing.branch}，不能改登记到 ${req.branchCode}。 / This desk is already enrolled for branch ${existing.branch} and cannot be enrolled for ${req.branchCode}.`,
          );
        }
        const taken = await tx
          .selectFrom('devices')
          .select('id')
          .where('branch', '=', req.branchCode)
          .where('device_code', '=', req.deviceCode)
          .where('revoked_at', 'is', null)
          .where('id', '!=', req.deviceId)
          .executeTakeFirst();
        if (taken) {
          throw new SyncHttpError(
            'device_code_taken',
            `网点 ${req.branchCode} 已有另一台在用柜台使用编号 ${req.deviceCode}，两台柜台同号会产生重复的案件编号。柜台编号在首次设置时确定，请总部先停用旧柜台再登记。 / ` +
              `Another active desk of branch ${req.branchCode} already uses desk code ${req.deviceCode}; two desks with one code would make clashing case numbers. The desk code is fixed at first-run setup: ask head office to retire the old desk, then enrol again.`,
          );
        }
        const enrolledAt = repeat ? Number(code.used_at) : now;
        if (!repeat) {
          const used = await tx
            .updateTable('enrollment_codes')
            .set({ used_at: now, used_by: req.deviceId })
            .where('code_hash', '=', code.code_hash)
            .where('used_at', 'is', null)
            .executeTakeFirst();
          if (Number(used.numUpdatedRows) !== 1) throw new SyncHttpError('enrollment_invalid');
        }
        const label = req.label === undefined || req.label === '' ? null : req.label;
        if (existing) {
          // Re-enrolling a desk (e.g. after a reinstall) replaces its token. A
          // repeat of the same enrolment keeps the token it replaces valid
          // until the new one is used: the repeat may be a duplicate of a
          // request whose answer did reach the desk.
          await tx
            .updateTable('devices')
            .set({
              device_code: req.deviceCode,
              label: label ?? existing.label,
              role: code.role,
              token_hash: tokenHash(token),
              previous_token_hash: repeat ? existing.token_hash : null,
              enrolled_at: enrolledAt,
              revoked_at: null,
            })
            .where('id', '=', req.deviceId)
            .execute();
        } else {
          await tx
            .insertInto('devices')
            .values({
              id: req.deviceId,
              branch: req.branchCode,
              device_code: req.deviceCode,
              label,
              role: code.role,
              token_hash: tokenHash(token),
              previous_token_hash: null,
              enrolled_at: now,
              last_seen_at: null,
              revoked_at: null,
              last_push_at: null,
              newest_hlc: null,
              events_received: 0,
            })
            .execute();
        }
        return { token, branchCode: req.branchCode, role: code.role };
      });
    } catch (e) {
      // Two desks racing for one device code: the partial unique index decides.
      if (isUniqueViolation(e)) throw new SyncHttpError('device_code_taken');
      throw e;
    }
  }

  authenticate(token: string): Promise<AuthResult> {
    return this.authenticateHash(tokenHash(token));
  }

  /** `authenticate` for a token already hashed with `tokenHash`. */
  async authenticateHash(key: string): Promise<AuthResult> {
    const d = await this.tokenLookups.submit(key);
    if (d) {
      if (d.revoked_at !== null) return 'revoked';
      // The newest token is in use: the one it replaced is not needed any more.
      if (d.previous_token_hash !== null && d.token_hash === key) {
        await this.h.db
          .updateTable('devices')
          .set({ previous_token_hash: null })
          .where('id', '=', d.id)
          .where('token_hash', '=', key)
          .execute();
      }
      return {
        kind: 'device',
        deviceId: d.id,
        branch: d.branch,
        role: d.role,
        deviceCode: d.device_code,
        lastSeenAt: d.last_seen_at === null ? null : Number(d.last_seen_at),
        eventsWaiting: d.events_waiting === null ? null : Number(d.events_waiting),
      };
    }
    const a = await this.h.db
      .selectFrom('admin_tokens')
      .select(['revoked_at'])
      .where('token_hash', '=', key)
      .executeTakeFirst();
    if (a) return a.revoked_at !== null ? 'revoked' : { kind: 'admin' };
    return 'unknown';
  }

  /**
   * Records that a device called (pull), and what it reported as still
   * waiting when it did (null: no report, left as stored); pushes record both
   * in their own transaction.
   */
  async touchDevice(deviceId: string, now: number, eventsWaiting: number | null = null): Promise<void> {
    await this.h.db
      .updateTable('devices')
      .set({
        last_seen_at: now,
        ...(eventsWaiting !== null ? { events_waiting: eventsWaiting, waiting_at: now } : {}),
      })
      .where('id', '=', deviceId)
      .execute();
  }

  /** Revokes a device's token; false when there is no such device. */
  async revokeDevice(deviceId: string, now: number): Promise<boolean> {
    return this.h.write(async (tx) => {
      const r = await tx
        .updateTable('devices')
        .set({ revoked_at: now })
        .where('id', '=', deviceId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) return true;
      const d = await tx.selectFrom('devices').select('id').where('id', '=', deviceId).executeTakeFirst();
      return d !== undefined;
    });
  }

  async createAdminToken(now: number, label: string | null = null): Promise<string> {
    const token = newToken();
    await this.h.write(async (tx) => {
      await tx
        .insertInto('admin_tokens')
        .values({ token_hash: tokenHash(token), label, created_at: now, revoked_at: null })
        .execute();
    });
    return token;
  }

  /** Admin tokens, newest first, by id (the start of the token's hash; the token itself is never kept). */
  async listAdminTokens(): Promise<AdminTokenInfo[]> {
    const rows = await this.h.db
      .selectFrom('admin_tokens')
      .select(['token_hash', 'label', 'created_at', 'revoked_at'])
      .orderBy('created_at', 'desc')
      .orderBy('token_hash')
      .execute();
    return rows.map((r) => ({
      id: adminTokenId(r.token_hash),
      label: r.label,
      createdAt: Number(r.created_at),
      revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    }));
  }

  /**
   * Switches off an admin token given by its id (at least the first
   * ADMIN_TOKEN_ID_LENGTH hex digits of its hash) or by the token itself.
   */
  async revokeAdminToken(
    idOrToken: string,
    now: number,
  ): Promise<'revoked' | 'already_revoked' | 'unknown' | 'ambiguous'> {
    const text = idOrToken.trim();
    return this.h.write(async (tx) => {
      let hashes = (
        await tx
          .selectFrom('admin_tokens')
          .select('token_hash')
          .where('token_hash', '=', tokenHash(text))
          .execute()
      ).map((r) => r.token_hash);
      if (hashes.length === 0 && ADMIN_TOKEN_ID_RE.test(text)) {
        const prefix = text.toLowerCase();
        hashes = (await tx.selectFrom('admin_tokens').select('token_hash').execute())
          .map((r) => r.token_hash)
          .filter((h) => h.startsWith(prefix));
      }
      if (hashes.length === 0) return 'unknown';
      if (hashes.length > 1) return 'ambiguous';
      const r = await tx
        .updateTable('admin_tokens')
        .set({ revoked_at: now })
        .where('token_hash', '=', hashes[0] ?? '')
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? 'revoked' : 'already_revoked';
    });
  }

  // ------------------------------------------------------------ events

  /**
   * Stores one device's batch; one ack per input event, in input order.
   * Pushes that arrive while others are being stored are stored together,
   * in one transaction (group commit).
   */
  push(who: Pusher, events: readonly unknown[], now: number): Promise<PushOutcome> {
    return this.pushes.submit(preparePush(who, events, now));
  }

  /** How the grouped work has gone since the store opened (tests, tuning). */
  get groupStats(): { pushes: BatcherStats; tokenLookups: BatcherStats } {
    return { pushes: { ...this.pushes.stats }, tokenLookups: { ...this.tokenLookups.stats } };
  }

  pull(branch: string, cursor: number, limit: number): Promise<PullPage> {
    return pullEvents(this.h, branch, cursor, limit);
  }

  // ------------------------------------------------------------ attachments

  /** Stores the bytes under their sha256; false when they were already there (nothing changes). */
  async putAttachment(sha256: string, bytes: Buffer, now: number): Promise<boolean> {
    return this.h.write(async (tx) => {
      const back = await tx
        .insertInto('attachments')
        .values({ sha256, size: bytes.length, bytes, created_at: now })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .returning('sha256')
        .execute();
      return back.length > 0;
    });
  }

  async hasAttachment(sha256: string): Promise<boolean> {
    const r = await this.h.db
      .selectFrom('attachments')
      .select('sha256')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return r !== undefined;
  }

  // ------------------------------------------------------------ head office

  async adminBranches(scope: AdminScope): Promise<AdminBranch[]> {
    const db = this.h.db;
    const devices = await db
      .selectFrom('devices')
      .select((eb) => [
        'branch',
        eb.fn.countAll().as('all_devices'),
        eb.fn.count('revoked_at').as('revoked'),
        eb.fn.max('last_seen_at').as('last_seen'),
        eb.fn.max('last_push_at').as('last_push'),
        eb.fn.sum('events_received').as('received'),
        eb.fn
          .sum(
            eb
              .case()
              .when('revoked_at', 'is', null)
              .then(eb.fn.coalesce('events_waiting', sql.lit(0)))
              .else(sql.lit(0))
              .end(),
          )
          .as('waiting'),
      ])
      .$if(scope.branch !== null, (qb) => qb.where('branch', '=', scope.branch ?? ''))
      .groupBy('branch')
      .orderBy('branch')
      .execute();
    const cases = await db
      .selectFrom('cases')
      .select((eb) => ['branch', eb.fn.countAll().as('n')])
      .$if(scope.branch !== null, (qb) => qb.where('branch', '=', scope.branch ?? ''))
      .groupBy('branch')
      .execute();
    const caseCount = new Map(cases.map((c) => [c.branch, Number(c.n)]));
    const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
    return devices.map((d) => ({
      branch: d.branch,
      devices: Number(d.all_devices) - Number(d.revoked),
      revokedDevices: Number(d.revoked),
      lastSeenAt: num(d.last_seen),
      lastPushAt: num(d.last_push),
      eventsReceived: Number(d.received ?? 0),
      eventsWaiting: Number(d.waiting ?? 0),
      cases: caseCount.get(d.branch) ?? 0,
    }));
  }

  async adminDevices(scope: AdminScope, branch?: string): Promise<AdminDevice[]> {
    const rows = await this.h.db
      .selectFrom('devices')
      .selectAll()
      .$if(scope.branch !== null, (qb) => qb.where('branch', '=', scope.branch ?? ''))
      .$if(branch !== undefined, (qb) => qb.where('branch', '=', branch ?? ''))
      .orderBy('branch')
      .orderBy('device_code')
      .orderBy('enrolled_at')
      .execute();
    const num = (v: number | null): number | null => (v === null ? null : Number(v));
    return rows.map((d) => ({
      id: d.id,
      branch: d.branch,
      deviceCode: d.device_code,
      label: d.label,
      role: d.role,
      enrolledAt: Number(d.enrolled_at),
      lastSeenAt: num(d.last_seen_at),
      lastPushAt: num(d.last_push_at),
      newestHlc: d.newest_hlc,
      revoked: d.revoked_at !== null,
      revokedAt: num(d.revoked_at),
      eventsReceived: Number(d.events_received),
      eventsWaiting: num(d.events_waiting),
      waitingReportedAt: num(d.waiting_at),
    }));
  }

  /**
   * The cross-branch case list, newest opened first, keyset-paged by
   * (opened_hlc, id). 'bad_cursor' when the cursor is not one we made.
   */
  async adminCases(
    q: ParsedCasesQuery,
    scope: AdminScope,
  ): Promise<
    { items: AdminCase[]; nextCursor: string | null; total: number; totalCapped: boolean } | 'bad_cursor'
  > {
    let after: { hlc: string; id: string } | null = null;
    if (q.cursor !== undefined && q.cursor !== '') {
      after = decodeCasesCursor(q.cursor);
      if (after === null) return 'bad_cursor';
    }
    const branch = scope.branch ?? q.branch;
    // Every term must occur in the search text: the desk's rule, on the same text (shared/domain/cases/searchText).
    const terms = q.text === undefined ? [] : searchTerms(q.text);
    const contains = this.h.engine === 'postgres' ? 'strpos' : 'instr';
    const db = this.h.db;

    const filtered = db.selectFrom('cases as c').where((eb) => {
      const conds: Expression<SqlBool>[] = [];
      if (branch !== undefined) conds.push(eb('c.branch', '=', branch));
      if (q.status !== undefined) conds.push(eb('c.status', '=', q.status));
      if (q.category !== undefined) conds.push(eb('c.category', '=', q.category));
      if (q.severity !== undefined) conds.push(eb('c.severity', '=', q.severity));
      if (q.owner !== undefined) conds.push(eb('c.owner', '=', q.owner));
      if (q.from !== undefined) conds.push(eb('c.received_at', '>=', canonicalInstant(q.from)));
      if (q.to !== undefined) conds.push(eb('c.received_at', '<', canonicalInstant(q.to)));
      for (const t of terms) conds.push(sql<SqlBool>`${sql.raw(contains)}(c.search_text, ${t}) > 0`);
      return eb.and(conds);
    });

    const rows = await filtered
      .leftJoin('staff as s', 's.id', 'c.owner')
      .select([
        'c.id',
        'c.number',
        'c.branch',
        'c.device',
        'c.status',
        'c.current_step',
        'c.customer_name',
        'c.customer_phone',
        'c.channel',
        'c.category',
        'c.severity',
        'c.owner',
        's.name as owner_name',
        'c.assignee',
        'c.received_at',
        'c.opened_hlc',
        'c.last_hlc',
        'c.closed_hlc',
        'c.due_at',
      ])
      .$if(after !== null, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('c.opened_hlc', '<', after?.hlc ?? ''),
            eb.and([eb('c.opened_hlc', '=', after?.hlc ?? ''), eb('c.id', '<', after?.id ?? '')]),
          ]),
        ),
      )
      .orderBy('c.opened_hlc', 'desc')
      .orderBy('c.id', 'desc')
      .limit(q.limit + 1)
      .execute();

    const count = await db
      .selectFrom(
        filtered
          .select(sql<number>`1`.as('one'))
          .limit(ADMIN_TOTAL_CAP + 1)
          .as('t'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const n = Number(count?.n ?? 0);

    const hasMore = rows.length > q.limit;
    const page = hasMore ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        number: r.number,
        branch: r.branch,
        device: r.device,
        status: r.status as CaseStatus,
        currentStep: r.current_step === null ? null : (Number(r.current_step) as StepNumber),
        customerName: r.customer_name,
        customerPhone: r.customer_phone,
        channel: r.channel,
        category: r.category,
        severity: r.severity,
        owner: r.owner,
        ownerName: r.owner_name ?? '',
        assignee: r.assignee,
        receivedAt: r.received_at,
        openedAt: isoOfHlc(r.opened_hlc),
        updatedAt: isoOfHlc(r.last_hlc),
        closedAt: isoOfHlc(r.closed_hlc),
        dueAt: r.due_at,
      })),
      nextCursor: hasMore && last ? encodeCasesCursor(last.opened_hlc, last.id) : null,
      total: Math.min(n, ADMIN_TOTAL_CAP),
      totalCapped: n > ADMIN_TOTAL_CAP,
    };
  }
}
