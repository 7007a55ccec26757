/**
 * Queries: case list (filters, keyset paging, search) and case detail. They
 * read the projections; the timeline reads the event log.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import {
  caseSummaryOfRow,
  type CaseDetail,
  type CaseListPage,
  type CaseSummary,
  type TimelineEntry,
} from '../../../../shared/contract/methods/cases';
import type { ParsedInputOf } from '../../../../shared/contract/api';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import type { Desk } from '../../kernel/desk';
import type { DeskDatabase } from '../../db/open';
import type { CasesTable, DB } from '../../db/schema';
import { canonicalInstant, isoOfHlc } from '../../../../shared/domain/kernel/time';
import { matchExpression, searchTerms } from './search';
import type { WorkClock } from '../../kernel/deadlineSettings';
import { type CaseDeadlineState } from '../../../../shared/contract/methods/cases';
import { caseDeadlineState } from '../../../../shared/domain/deadlines/caseDeadlines';
import { judgmentDetail } from './judgmentDetail';
import { analysisDrillCondition } from './analysisDrill';
import { tagsDetail } from './tagsDetail';

/** `total` is counted up to this many matches; beyond it `totalCapped` is true. */
export const TOTAL_CAP = 10_000;
/**
 * A text search counts up to this many: past a thousand hits a clerk narrows
 * the query rather than reads on, and each counted candidate may need a
 * recheck of its row, so the count's cost stays bounded.
 */
export const SEARCH_TOTAL_CAP = 1_000;

/** Terms of one or two characters match their unigram/bigram exactly; longer ones need the recheck. */
const needsRecheck = (term: string) => Array.from(term).length > 2;

/** A list row: the case's summary columns plus its owner's name. */
type SummaryRow = Omit<CasesTable, 'last_key' | 'state' | 'search_text' | 'unreviewed'> & {
  owner_name: string | null;
};
/** A list row with the case's open deadlines summed up (case_work, issue 9). */
type ListRow = SummaryRow & { next_due_ms: number | null; paused_n: number };

/** Open deadlines of case `c` (neither met nor ended) in case_work. */
const OPEN_WORK = sql`w.case_pos = c.pos AND w.met_ms IS NULL AND w.ended_ms IS NULL`;
const NEXT_DUE = sql<
  number | null
>`(SELECT min(w.due_ms) FROM case_work w WHERE ${OPEN_WORK} AND w.due_ms IS NOT NULL)`;
const PAUSED_N = sql<number>`(SELECT count(*) FROM case_work w WHERE ${OPEN_WORK} AND w.due_ms IS NULL)`;

/** Cases with an open deadline whose due time matches `cond` (on case_work w). */
const openWhere = (cond: ReturnType<typeof sql>) =>
  sql<number>`(SELECT w.case_pos FROM case_work w WHERE w.met_ms IS NULL AND w.ended_ms IS NULL AND ${cond})`;

/**
 * Issue 12's "any" filters (escalated to any level, flagged with any status)
 * over the partial indexes of migration 0016 (`cases_escalated`,
 * `cases_malice`, both on (value, pos)). A plain `escalation_level <>
 * 'counter'` makes SQLite walk every case in list order instead (it spans
 * several index values, so the index is not in pos order); the few matching
 * positions are listed from the index instead, and the rows read by primary
 * key in list order, without a sort. A single level names the index's
 * condition next to its equality: SQLite uses a partial index only when the
 * query states its WHERE (a bound level does not imply it).
 */
const ESCALATED = sql<SqlBool>`c.escalation_level <> 'counter'`;
const ESCALATED_POS = sql`(SELECT e.pos FROM cases e WHERE e.escalation_level <> 'counter')`;
const FLAGGED_POS = sql`(SELECT m.pos FROM cases m WHERE m.malice IS NOT NULL)`;

/** The deadline state of a list row now (overdue, due soon, paused, pending; null: nothing open). */
function deadlineState(r: ListRow, clock: WorkClock): CaseDeadlineState | null {
  return caseDeadlineState(r.next_due_ms, r.paused_n > 0, clock.nowMs, clock.soonMs);
}

const SUMMARY_COLUMNS = [
  'c.pos',
  'c.id',
  'c.number',
  'c.status',
  'c.current_step',
  'c.customer_name',
  'c.customer_phone',
  'c.channel',
  'c.category',
  'c.severity',
  'c.owner',
  'o.name as owner_name',
  'c.assignee',
  'c.received_at',
  'c.opened_at',
  'c.updated_at',
  'c.closed_at',
  'c.due_at',
  'c.repeat',
  'c.repeat_same_category',
  'c.nature',
  'c.fcr',
  'c.escalation_level', // issue 12
  'c.malice', // issue 12
] as const;

/** What an export's row shows of a case (electron/desk/features/exports/rows.ts ExportCase), with its pos. */
const EXPORT_COLUMNS = [
  'c.pos',
  'c.id',
  'c.number',
  'c.status',
  'c.customer_name',
  'c.customer_phone',
  'c.channel',
  'c.category',
  'c.severity',
  'c.owner',
  'c.received_at',
  'c.closed_at',
  'c.repeat',
  'c.nature',
  'c.escalation_level',
] as const;

/** The summary of a row, with the desk's issue-12 columns (repeat, nature, first-contact resolution). */
const toSummary = (r: SummaryRow): CaseSummary => ({
  ...caseSummaryOfRow(r),
  repeat: r.repeat === 1,
  repeatSameCategory: r.repeat_same_category === 1,
  nature: r.nature as CaseSummary['nature'],
  fcr: r.fcr === null ? null : r.fcr === 1,
});

export function encodeCursor(pos: number): string {
  return Buffer.from(`p${pos}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^p(\d{1,15})$/.exec(text);
  return m ? Number(m[1]) : null;
}

export type ListQuery = ParsedInputOf<'case.list'>;

/**
 * The list query (rows and count variants); exported for the query-plan tests.
 *
 * `posRange` (for date filters without text): the smallest and largest pos of
 * the cases received in the range, found on the received_at index. The rows
 * query then walks the primary key backwards inside that range, in list order
 * without a sort, instead of scanning newer cases first or sorting every
 * match; its date conditions are written `+c.received_at` so the planner does
 * not pick the received_at index (which would need a sort).
 */
export function buildListQueries(
  db: Kysely<DB>,
  q: ListQuery,
  after: number | null,
  posRange: { min: number; max: number } | null = null,
  clock: WorkClock = { nowMs: Date.now(), soonMs: Date.now() },
) {
  const terms = q.text ? searchTerms(q.text) : [];
  const searching = terms.length > 0;
  const posRef = searching ? sql.ref<number>('s.rowid') : sql.ref<number>('c.pos');

  const filtered = db
    .selectFrom('cases as c')
    .$if(searching, (qb) => qb.innerJoin('case_search as s', 's.rowid', 'c.pos'))
    .where((eb) => {
      const conds: Expression<SqlBool>[] = [];
      if (searching) {
        conds.push(sql<SqlBool>`case_search MATCH ${matchExpression(terms)}`);
        for (const t of terms.filter(needsRecheck)) conds.push(sql<SqlBool>`instr(c.search_text, ${t}) > 0`);
      }
      if (q.status !== undefined) conds.push(eb('c.status', '=', q.status));
      if (q.category !== undefined) conds.push(eb('c.category', '=', q.category));
      if (q.severity !== undefined) conds.push(eb('c.severity', '=', q.severity));
      if (q.owner !== undefined) conds.push(eb('c.owner', '=', q.owner));
      // Issue 12 (migration 0015's indexes).
      if (q.repeat !== undefined) conds.push(eb('c.repeat', '=', q.repeat ? 1 : 0));
      if (q.nature !== undefined) conds.push(eb('c.nature', '=', q.nature));
      // Migration 0019's partial index (fcr is null while the case is open).
      if (q.fcr !== undefined) conds.push(eb('c.fcr', '=', q.fcr ? 1 : 0));
      // Deadline states (issue 9), as deadlineState() reads them: over the partial index of open items.
      const { nowMs: now, soonMs: soon } = clock;
      if (q.due === 'overdue') conds.push(sql<SqlBool>`c.pos IN ${openWhere(sql`w.due_ms < ${now}`)}`);
      if (q.due === 'due_soon') {
        conds.push(sql<SqlBool>`c.pos IN ${openWhere(sql`w.due_ms >= ${now} AND w.due_ms <= ${soon}`)}`);
        conds.push(sql<SqlBool>`c.pos NOT IN ${openWhere(sql`w.due_ms < ${now}`)}`);
      }
      if (q.due === 'paused') {
        conds.push(sql<SqlBool>`c.pos IN ${openWhere(sql`w.due_ms IS NULL`)}`);
        conds.push(sql<SqlBool>`c.pos NOT IN ${openWhere(sql`w.due_ms <= ${soon}`)}`);
      }
      // Issue 12: over the partial indexes of escalated and flagged cases (migration 0016).
      if (q.escalation === 'escalated') conds.push(sql<SqlBool>`c.pos IN ${ESCALATED_POS}`);
      else if (q.escalation === 'unreviewed') conds.push(sql<SqlBool>`c.unreviewed > 0`);
      else if (q.escalation !== undefined) {
        conds.push(eb('c.escalation_level', '=', q.escalation));
        conds.push(ESCALATED); // names the partial index's condition, so the planner may use it
      }
      if (q.malice === 'flagged') conds.push(sql<SqlBool>`c.pos IN ${FLAGGED_POS}`);
      else if (q.malice !== undefined) conds.push(eb('c.malice', '=', q.malice));
      // Issue 14: the analysis's drill-down, over the facts rows (./analysisDrill.ts).
      if (q.analysis !== undefined) conds.push(analysisDrillCondition(q.analysis));
      if (posRange) {
        conds.push(eb('c.pos', '>=', posRange.min));
        conds.push(eb('c.pos', '<=', posRange.max));
        if (q.from !== undefined) conds.push(sql<SqlBool>`+c.received_at >= ${canonicalInstant(q.from)}`);
        if (q.to !== undefined) conds.push(sql<SqlBool>`+c.received_at < ${canonicalInstant(q.to)}`);
      } else {
        if (q.from !== undefined) conds.push(eb('c.received_at', '>=', canonicalInstant(q.from)));
        if (q.to !== undefined) conds.push(eb('c.received_at', '<', canonicalInstant(q.to)));
      }
      return eb.and(conds);
    });

  const rows = filtered
    .leftJoin('staff as o', 'o.id', 'c.owner')
    .select(SUMMARY_COLUMNS)
    .select([NEXT_DUE.as('next_due_ms'), PAUSED_N.as('paused_n')])
    .$if(after !== null, (qb) => qb.where(sql<SqlBool>`${posRef} < ${after ?? 0}`))
    .orderBy(posRef, 'desc')
    .limit(q.limit + 1);

  // Issue 13: an export page, the same cases in the same order with only the columns a row of the
  // file shows (no owner join: the export names staff from its own snapshot of the staff table).
  // A tenth of the columns' objects a page: at 1,000,000 cases, 7 of the export's 60 s were here.
  // Built when asked for: the list never reads it.
  const exportRows = () =>
    filtered
      .select(EXPORT_COLUMNS)
      .select([NEXT_DUE.as('next_due_ms'), PAUSED_N.as('paused_n')])
      .$if(after !== null, (qb) => qb.where(sql<SqlBool>`${posRef} < ${after ?? 0}`))
      .orderBy(posRef, 'desc')
      .limit(q.limit + 1);

  // Issue 13: the positions of every case an export finds (where its pages start), in no order: the
  // planner may then read the smallest covering index instead of every case row (a 4 KiB page each;
  // 2.5 s at 1,000,000 cases ordered by pos, 0.3 s from the index and sorted by the caller).
  const exportPositions = () => filtered.select(posRef.as('pos'));

  const count = db
    .selectFrom(
      filtered
        .select(sql<number>`1`.as('one'))
        .limit((searching ? SEARCH_TOTAL_CAP : TOTAL_CAP) + 1)
        .as('t'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'));

  return { rows, count, exportRows, exportPositions };
}

/** Smallest and largest pos among cases received in [from, to), from the received_at index; null when none. */
export function receivedPosRange(d: DeskDatabase, q: Pick<ListQuery, 'from' | 'to'>) {
  const query = d.db
    .selectFrom('cases')
    .select((eb) => [eb.fn.min<number | null>('pos').as('min'), eb.fn.max<number | null>('pos').as('max')])
    .$if(q.from !== undefined, (qb) => qb.where('received_at', '>=', canonicalInstant(q.from ?? '')))
    .$if(q.to !== undefined, (qb) => qb.where('received_at', '<', canonicalInstant(q.to ?? '')));
  const r = d.first(query);
  return r && r.min !== null && r.max !== null ? { min: r.min, max: r.max } : null;
}

export function listCases(desk: Desk, q: ListQuery, clock: WorkClock): CaseListPage | 'bad_cursor' {
  let after: number | null = null;
  if (q.cursor !== undefined && q.cursor !== '') {
    after = decodeCursor(q.cursor);
    if (after === null) return 'bad_cursor';
  }
  const searching = q.text !== undefined && searchTerms(q.text).length > 0;
  let posRange: { min: number; max: number } | null = null;
  if (!searching && (q.from !== undefined || q.to !== undefined)) {
    posRange = receivedPosRange(desk.d, q);
    if (!posRange) return { items: [], nextCursor: null, total: 0, totalCapped: false };
  }
  const { rows, count } = buildListQueries(desk.d.db, q, after, posRange, clock);
  const found = desk.d.all(rows) as ListRow[];
  const hasMore = found.length > q.limit;
  const page = hasMore ? found.slice(0, q.limit) : found;
  const n = Number(desk.d.first(count)?.n ?? 0);
  const cap = searching ? SEARCH_TOTAL_CAP : TOTAL_CAP;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      ...toSummary(r),
      nextDueAt: r.next_due_ms === null ? null : new Date(r.next_due_ms).toISOString(),
      deadlineState: deadlineState(r, clock),
    })),
    nextCursor: hasMore && last ? encodeCursor(last.pos) : null,
    total: Math.min(n, cap),
    totalCapped: n > cap,
  };
}

/** The folded state of a case, or null when there is no such case. */
export function caseState(desk: Desk, caseId: string): CaseState | null {
  const row = desk.d.first(desk.d.db.selectFrom('cases').select('state').where('id', '=', caseId));
  return row ? (JSON.parse(row.state) as CaseState) : null;
}

/**
 * One case as its page shows it. `ruleDueMs` (the desk's deadline settings,
 * ./dueRule.ts) fills `resultDueByRule`; without it the field is absent.
 */
export function caseDetail(
  desk: Desk,
  caseId: string,
  ruleDueMs?: (state: CaseState) => number | null | undefined,
): CaseDetail | null {
  const db = desk.d.db;
  const row = desk.d.first(
    db
      .selectFrom('cases as c')
      .leftJoin('staff as o', 'o.id', 'c.owner')
      .select([...SUMMARY_COLUMNS, 'c.state'])
      .where('c.id', '=', caseId),
  ) as (SummaryRow & { state: string }) | undefined;
  if (!row) return null;
  const state = JSON.parse(row.state) as CaseState;
  const names = desk.directory.staffNames();
  const timeline: TimelineEntry[] = desk.store.readStream(streamOf('case', caseId)).map((e) => ({
    eventId: e.id,
    type: e.type,
    at: isoOfHlc(e.hlc),
    actor: e.actor,
    actorName: names.get(e.actor) ?? '',
    device: e.device,
    payload: e.payload,
  }));
  const steps: CaseDetail['steps'] = {};
  for (const [k, v] of Object.entries(state.steps)) if (v) steps[k] = v;
  const resultMs = ruleDueMs?.(state);
  return {
    ...toSummary(row),
    scriptVersion: state.scriptVersion,
    customer: state.customer,
    account: state.account,
    steps,
    ...followUpDetail(state, names),
    ...(state.dueAt.bounded === true ? { dueBounded: true } : {}),
    ...(resultMs === undefined
      ? {}
      : { resultDueByRule: resultMs === null ? null : new Date(resultMs).toISOString() }),
    ...judgmentDetail(state, names), // issue 12
    tags: tagsDetail(state, names), // issue 14
    ...(state.attributes ? { attributes: { ...state.attributes } } : {}), // issue 14 item 1
    timeline,
  };
}

/** The follow-up facts of a case as its detail shows them: times as ISO instants, names looked up. */
function followUpDetail(
  s: CaseState,
  names: ReadonlyMap<string, string>,
): Pick<CaseDetail, 'stepRecordedAt' | 'pauses' | 'contacts' | 'actions' | 'callbacks' | 'lateReason'> {
  const stepRecordedAt: CaseDetail['stepRecordedAt'] = {};
  for (const [k, hlc] of Object.entries(s.stepHlc)) if (hlc) stepRecordedAt[k] = isoOfHlc(hlc);
  return {
    stepRecordedAt,
    pauses: s.pauses.map((p) => ({
      reason: p.reason,
      note: p.note,
      from: isoOfHlc(p.fromHlc),
      to: isoOfHlc(p.toHlc),
    })),
    contacts: s.contacts.map((c) => ({
      eventId: c.eventId,
      at: c.at,
      channel: c.channel,
      outcome: c.outcome,
      note: c.note,
      actor: c.actor,
      actorName: names.get(c.actor) ?? '',
    })),
    actions: s.actions.map((a) => ({
      id: a.id,
      what: a.what,
      owner: a.owner,
      ownerName: a.owner.kind === 'staff' ? (names.get(a.owner.staffId) ?? '') : a.owner.name,
      dueAt: a.dueAt,
      addedAt: isoOfHlc(a.addedHlc),
      doneAt: isoOfHlc(a.doneHlc),
      result: a.result,
      actor: a.actor,
    })),
    callbacks: s.callbacks.map((c) => ({
      eventId: c.eventId,
      at: c.at,
      outcome: c.outcome,
      reachedWho: c.reachedWho,
      satisfaction: c.satisfaction,
      comment: c.comment,
      actor: c.actor,
      actorName: names.get(c.actor) ?? '',
    })),
    lateReason: s.lateReason,
  };
}
