/**
 * Head office's read-only views: branches, devices, and the cross-branch case
 * list. A supervisor device sees its own branch only (AdminScope).
 */
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import {
  ADMIN_TOTAL_CAP,
  type AdminBranch,
  type AdminCase,
  type AdminCasesQuery,
  type AdminDevice,
} from '../../shared/contract/sync';
import { caseSummaryOfRow, type CaseSummary } from '../../shared/contract/methods/cases';
import { caseTimeColumns } from '../../shared/domain/cases/row';
import { searchTerms } from '../../shared/domain/cases/searchText';
import { canonicalInstant } from '../../shared/domain/kernel/time';
import { EMPTY_SETTINGS } from '../../shared/domain/settings/fold';
import { caseDeadlineFields, listClock, type ListClock } from './caseWork';
import type { AnalysisDrill } from '../../shared/domain/analysis/drill';
import { drilledCases } from './analysis';
import type { StoreContext } from './context';
import { storedBranchSettings } from './settings';

export interface AdminScope {
  /** null: every branch (admin token); else the supervisor device's own branch. */
  branch: string | null;
}

export type ParsedCasesQuery = Omit<AdminCasesQuery, 'limit' | 'repeat' | 'fcr' | 'analysis'> & {
  limit: number;
  repeat?: boolean;
  fcr?: boolean;
  /** Issue 14: the cases behind a figure (./analysis.ts). */
  analysis?: AnalysisDrill;
};

export interface AdminCasesPage {
  items: AdminCase[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

export function encodeCasesCursor(openedHlc: string, id: string): string {
  return Buffer.from(`${openedHlc}|${id}`, 'utf8').toString('base64url');
}

export function decodeCasesCursor(cursor: string): { hlc: string; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Node skips characters base64url does not have: a cursor with junk on it is not one of ours.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return null;
  const m = /^(\d{15}-\d{5})\|([0-9a-f-]{36})$/.exec(text);
  return m && m[1] !== undefined && m[2] !== undefined ? { hlc: m[1], id: m[2] } : null;
}

/** One page of a head-office list, newest opened first (`pageByOpened`). */
export interface OpenedPage<R> {
  rows: R[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

/**
 * The keyset paging the head-office lists share (cases here, work orders in
 * ./adminOrders.ts): newest opened first by (opened_hlc, id) of the table
 * aliased `alias`, from after `q.cursor` (one we made, else 'bad_cursor'),
 * `q.limit` rows and whether more follow, and how many match in all, counted
 * up to ADMIN_TOTAL_CAP. `filtered` is the table with the list's filters;
 * `listed` is the same rows with what the list selects (joins included).
 */
export async function pageByOpened<
  FilteredDB,
  FilteredTables extends keyof FilteredDB,
  ListedDB,
  ListedTables extends keyof ListedDB,
  R extends { opened_hlc: string; id: string },
>(
  c: StoreContext,
  q: { cursor?: string | undefined; limit: number },
  alias: string,
  filtered: SelectQueryBuilder<FilteredDB, FilteredTables, object>,
  listed: SelectQueryBuilder<ListedDB, ListedTables, R>,
): Promise<OpenedPage<R> | 'bad_cursor'> {
  let after: { hlc: string; id: string } | null = null;
  if (q.cursor !== undefined && q.cursor !== '') {
    after = decodeCasesCursor(q.cursor);
    if (after === null) return 'bad_cursor';
  }
  const opened = sql.ref<string>(`${alias}.opened_hlc`);
  const id = sql.ref<string>(`${alias}.id`);
  const rows = (await listed
    .$if(after !== null, (qb) =>
      qb.where(
        sql<SqlBool>`(${opened} < ${after?.hlc ?? ''} OR (${opened} = ${after?.hlc ?? ''} AND ${id} < ${after?.id ?? ''}))`,
      ),
    )
    .orderBy(opened, 'desc')
    .orderBy(id, 'desc')
    .limit(q.limit + 1)
    .execute()) as R[];
  const count = await c.db
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
    rows: page,
    nextCursor: hasMore && last ? encodeCasesCursor(last.opened_hlc, last.id) : null,
    total: Math.min(n, ADMIN_TOTAL_CAP),
    totalCapped: n > ADMIN_TOTAL_CAP,
  };
}

export async function adminBranches(c: StoreContext, scope: AdminScope): Promise<AdminBranch[]> {
  const db = c.db;
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
  const caseCount = new Map(cases.map((r) => [r.branch, Number(r.n)]));
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

export async function adminDevices(
  c: StoreContext,
  scope: AdminScope,
  branch?: string,
): Promise<AdminDevice[]> {
  const rows = await c.db
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
 *
 * Text: a case matches when every term of the query (`searchTerms`) occurs in
 * its search text, the very rule and text the desk's search applies
 * (shared/domain/cases/searchText), so both find the same cases.
 */
export async function adminCases(
  c: StoreContext,
  q: ParsedCasesQuery,
  scope: AdminScope,
  now: number,
): Promise<AdminCasesPage | 'bad_cursor'> {
  const branch = scope.branch ?? q.branch;
  const terms = q.text === undefined ? [] : searchTerms(q.text);
  const contains = c.engine === 'postgres' ? 'strpos' : 'instr';
  const db = c.db;

  const filtered = db.selectFrom('cases as c').where((eb) => {
    const conds: Expression<SqlBool>[] = [];
    if (branch !== undefined) conds.push(eb('c.branch', '=', branch));
    if (q.status !== undefined) conds.push(eb('c.status', '=', q.status));
    if (q.category !== undefined) conds.push(eb('c.category', '=', q.category));
    if (q.severity !== undefined) conds.push(eb('c.severity', '=', q.severity));
    if (q.owner !== undefined) conds.push(eb('c.owner', '=', q.owner));
    if (q.from !== undefined) conds.push(eb('c.received_at', '>=', canonicalInstant(q.from)));
    if (q.to !== undefined) conds.push(eb('c.received_at', '<', canonicalInstant(q.to)));
    // Issue 12, the desk's filters (migration 0011's indexes; 0010's for the levels).
    if (q.repeat !== undefined) conds.push(eb('c.repeat', '=', q.repeat ? 1 : 0));
    if (q.nature !== undefined) conds.push(eb('c.nature', '=', q.nature));
    if (q.fcr !== undefined) conds.push(eb('c.fcr', '=', q.fcr ? 1 : 0));
    if (q.escalation === 'escalated') conds.push(sql<SqlBool>`c.escalation_level <> 'counter'`);
    else if (q.escalation === 'unreviewed') conds.push(sql<SqlBool>`c.unreviewed > 0`);
    else if (q.escalation !== undefined) conds.push(eb('c.escalation_level', '=', q.escalation));
    if (q.malice === 'flagged') conds.push(sql<SqlBool>`c.malice IS NOT NULL`);
    else if (q.malice !== undefined) conds.push(eb('c.malice', '=', q.malice));
    for (const t of terms) conds.push(sql<SqlBool>`${sql.raw(contains)}(c.search_text, ${t}) > 0`);
    if (q.analysis !== undefined) conds.push(drilledCases(q.analysis)); // issue 14
    return eb.and(conds);
  });

  const listed = await pageByOpened(
    c,
    q,
    'c',
    filtered,
    filtered.leftJoin('staff as s', 's.id', 'c.owner').select([
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
      'c.next_due_ms',
      'c.paused',
      'c.escalation_level', // issue 12
      'c.malice', // issue 12
      'c.repeat',
      'c.repeat_same_category',
      'c.nature',
      'c.fcr',
    ]),
  );
  if (listed === 'bad_cursor') return listed;
  const page = listed.rows;
  // The deadline state against now, with the due-soon window of each branch's settings in force now (./caseWork.ts).
  const settings = await storedBranchSettings(
    db,
    page.map((r) => r.branch),
  );
  const clocks = new Map<string, ListClock>();
  for (const [b, state] of settings) clocks.set(b, listClock(state, now));
  return {
    items: page.map((r) => {
      const { id, number, ...summary } = caseSummaryOfRow({
        ...r,
        current_step: r.current_step === null ? null : Number(r.current_step),
        ...caseTimeColumns({ openedHlc: r.opened_hlc, lastHlc: r.last_hlc, closedHlc: r.closed_hlc }),
      });
      const deadlines = caseDeadlineFields(
        { next_due_ms: r.next_due_ms === null ? null : Number(r.next_due_ms), paused: Number(r.paused) },
        clocks.get(r.branch) ?? listClock(EMPTY_SETTINGS, now),
      );
      // Issue 12: what the desk derives too (./repeats.ts, shared/domain/caseJudgement.ts).
      const judgement = {
        repeat: Number(r.repeat) === 1,
        repeatSameCategory: Number(r.repeat_same_category) === 1,
        nature: r.nature as CaseSummary['nature'],
        fcr: r.fcr === null ? null : Number(r.fcr) === 1,
      };
      // The key order the list has always had: id, number, branch, device, then the rest.
      return { id, number, branch: r.branch, device: r.device, ...summary, ...deadlines, ...judgement };
    }),
    nextCursor: listed.nextCursor,
    total: listed.total,
    totalCapped: listed.totalCapped,
  };
}
