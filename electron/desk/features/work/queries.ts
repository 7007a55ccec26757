/**
 * The work queue's queries over `case_work` (migration 0006): 我的待办 / My
 * work, the supervisor's board, one case's deadlines. Every list walks a
 * partial index of open items (or of ended, late, callback rows), so its cost
 * follows the items shown, not the cases the desk holds.
 *
 * A deadline's due time was derived with the settings in force at the case's
 * receipt; "due soon" and the working time left are measured now, with the
 * settings in force now.
 */
import type Database from 'better-sqlite3';
import { preparedOnce } from './statements';
import type { CaseStatus } from '../../../../shared/domain/cases/payloads';
import type { CaseState } from '../../../../shared/domain/cases/state';
import {
  type DeadlineKind,
  deriveDeadlines,
  type SettingsAt,
  statusAt,
} from '../../../../shared/domain/deadlines/caseDeadlines';
import { factsOfCase } from '../../../../shared/domain/caseFacts';
import { workingMinutesBetween } from '../../../../shared/domain/deadlines/businessTime';
import type {
  CaseDeadlineView,
  WorkBoard,
  WorkItem,
  WorkList,
} from '../../../../shared/contract/methods/work';
import type { DeskDatabase } from '../../db/open';
import type { WorkClock } from '../../kernel/deadlineSettings';

/** Callback coverage looks back this many whole (UTC) days of due times, and today up to now. */
export const COVERAGE_DAYS = 30;
/**
 * Counts stop here (`capped`): past a thousand a supervisor needs the fact, not the figure, and
 * counting costs about a microsecond an item (the board counts seven lists; docs/performance.md).
 */
export const COUNT_CAP = 1_000;
const DAY_MS = 86_400_000;

interface ItemRow {
  id: string;
  number: string;
  customer_name: string;
  severity: string;
  status: string;
  kind: string;
  ref: string;
  owner: string | null;
  owner_name: string | null;
  due_ms: number | null;
  met_ms: number | null;
  ended_ms: number | null;
}

/** Counts the rows of `select` up to COUNT_CAP + 1. */
const capped = (select: string) => `SELECT count(*) FROM (${select} LIMIT ${COUNT_CAP + 1})`;

const ITEM = `SELECT c.id, c.number, c.customer_name, c.severity, c.status, w.kind, w.ref, w.owner,
  s.name AS owner_name, w.due_ms, w.met_ms, w.ended_ms
  FROM case_work w JOIN cases c ON c.pos = w.case_pos LEFT JOIN staff s ON s.id = w.owner`;
const OPEN = 'w.met_ms IS NULL AND w.ended_ms IS NULL';

const SQL = {
  mine: `${ITEM} WHERE w.owner = ? AND ${OPEN} AND w.due_ms IS NOT NULL ORDER BY w.due_ms LIMIT ?`,
  mineCount: capped(`SELECT 1 FROM case_work w WHERE w.owner = ? AND ${OPEN} AND w.due_ms IS NOT NULL`),
  minePaused: capped(`SELECT 1 FROM case_work w WHERE w.owner = ? AND ${OPEN} AND w.due_ms IS NULL`),
  overdue: `${ITEM} WHERE ${OPEN} AND w.due_ms < ? ORDER BY w.due_ms LIMIT ?`,
  overdueCount: capped(`SELECT 1 FROM case_work w WHERE ${OPEN} AND w.due_ms < ?`),
  dueSoon: `${ITEM} WHERE ${OPEN} AND w.due_ms >= ? AND w.due_ms <= ? ORDER BY w.due_ms LIMIT ?`,
  dueSoonCount: capped(`SELECT 1 FROM case_work w WHERE ${OPEN} AND w.due_ms >= ? AND w.due_ms <= ?`),
  lateEntry: `${ITEM} WHERE w.kind = 'entry' AND w.met_ms > w.due_ms ORDER BY w.met_ms DESC LIMIT ?`,
  lateEntryCount: capped(`SELECT 1 FROM case_work w WHERE w.kind = 'entry' AND w.met_ms > w.due_ms`),
  ended: `${ITEM} WHERE w.kind = ? AND w.ended_ms IS NOT NULL AND w.met_ms IS NULL ORDER BY w.ended_ms DESC LIMIT ?`,
  endedCount: capped(
    `SELECT 1 FROM case_work w WHERE w.kind = ? AND w.ended_ms IS NOT NULL AND w.met_ms IS NULL`,
  ),
  openKind: `${ITEM} WHERE w.kind = ? AND ${OPEN} ORDER BY w.due_ms LIMIT ?`,
  openKindCount: capped(`SELECT 1 FROM case_work w WHERE w.kind = ? AND ${OPEN}`),
  paused: `SELECT c.id, c.number, c.customer_name, c.severity, c.status, w.kind, w.ref, w.owner,
             s.name AS owner_name, w.due_ms, w.met_ms, w.ended_ms
           FROM (SELECT x.case_pos, min(x.kind) AS kind FROM case_work x
                 WHERE x.met_ms IS NULL AND x.ended_ms IS NULL AND x.due_ms IS NULL
                 GROUP BY x.case_pos ORDER BY x.case_pos DESC LIMIT ?) p
           JOIN case_work w ON w.case_pos = p.case_pos AND w.kind = p.kind AND w.ref = ''
           JOIN cases c ON c.pos = w.case_pos LEFT JOIN staff s ON s.id = w.owner
           ORDER BY w.case_pos DESC`,
  pausedCount: capped(`SELECT DISTINCT w.case_pos FROM case_work w WHERE ${OPEN} AND w.due_ms IS NULL`),
  coverageDays: `SELECT coalesce(sum(due), 0) AS due, coalesce(sum(done), 0) AS done FROM callback_days
                 WHERE day >= ? AND day < ?`,
  coverageToday: `SELECT count(*) AS due, count(w.met_ms) AS done FROM case_work w
                  WHERE w.kind = 'callback' AND w.due_ms >= ? AND w.due_ms <= ?`,
};

const statements = preparedOnce(SQL);

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function item(r: ItemRow, nowMs: number, soonMs: number): WorkItem {
  return {
    caseId: r.id,
    caseNumber: r.number,
    customerName: r.customer_name,
    severity: r.severity,
    status: r.status as CaseStatus,
    kind: r.kind as DeadlineKind,
    ref: r.ref,
    owner: r.owner,
    ownerName: r.owner_name ?? '',
    dueAt: iso(r.due_ms),
    metAt: iso(r.met_ms),
    endedAt: iso(r.ended_ms),
    state: statusAt({ dueMs: r.due_ms, metMs: r.met_ms, endedMs: r.ended_ms }, nowMs, soonMs),
  };
}

const count = (st: Database.Statement, ...args: unknown[]): number => Number(st.pluck().get(...args) ?? 0);

export function myWork(d: DeskDatabase, staffId: string, limit: number, clock: WorkClock) {
  const st = statements(d.sqlite);
  const rows = st.mine.all(staffId, limit) as ItemRow[];
  const n = count(st.mineCount, staffId);
  return {
    items: rows.map((r) => item(r, clock.nowMs, clock.soonMs)),
    count: Math.min(n, COUNT_CAP),
    capped: n > COUNT_CAP,
    paused: Math.min(count(st.minePaused, staffId), COUNT_CAP),
  };
}

/** The board's case lists (the handler adds work orders' follow-up calls, ./orderCallbacks.ts). */
export function workBoard(
  d: DeskDatabase,
  limit: number,
  clock: WorkClock,
): Omit<WorkBoard, 'orderCallbacksDue' | 'escalationsToReview' | 'atMyLevel' | 'escalatedAbove'> {
  const st = statements(d.sqlite);
  const { nowMs, soonMs } = clock;
  const list = (rows: unknown[], n: number): WorkList => ({
    items: (rows as ItemRow[]).map((r) => item(r, nowMs, soonMs)),
    count: Math.min(n, COUNT_CAP),
    capped: n > COUNT_CAP,
  });
  const today = Math.floor(nowMs / DAY_MS);
  const days = st.coverageDays.get(today - COVERAGE_DAYS, today) as { due: number; done: number };
  const sofar = st.coverageToday.get(today * DAY_MS, nowMs) as { due: number; done: number };
  return {
    overdue: list(st.overdue.all(nowMs, limit), count(st.overdueCount, nowMs)),
    dueSoon: list(st.dueSoon.all(nowMs, soonMs, limit), count(st.dueSoonCount, nowMs, soonMs)),
    lateEntry: list(st.lateEntry.all(limit), count(st.lateEntryCount)),
    contactsExhausted: list(st.ended.all('contact', limit), count(st.endedCount, 'contact')),
    callbacksDue: list(st.openKind.all('callback', limit), count(st.openKindCount, 'callback')),
    unreachable: list(st.ended.all('callback', limit), count(st.endedCount, 'callback')),
    paused: list(st.paused.all(limit), count(st.pausedCount)),
    callbackCoverage: { done: days.done + sofar.done, due: days.due + sofar.due, days: COVERAGE_DAYS },
  };
}

/** Every deadline of one case (met ones too), derived now from its state. */
export function caseDeadlines(
  state: CaseState,
  settingsAt: SettingsAt,
  clock: WorkClock,
): CaseDeadlineView[] {
  const facts = factsOfCase(state);
  const atReceipt = settingsAt(facts.receivedMs);
  const calNow = settingsAt(clock.nowMs).calendar;
  return deriveDeadlines(facts, atReceipt.calendar, atReceipt.rules).map((d) => {
    const state = statusAt(d, clock.nowMs, clock.soonMs);
    const open = state === 'pending' || state === 'due_soon' || state === 'overdue';
    return {
      kind: d.kind,
      ref: d.ref,
      owner: d.owner,
      dueAt: iso(d.dueMs),
      metAt: iso(d.metMs),
      endedAt: iso(d.endedMs),
      state,
      workingMinutesLeft:
        open && d.dueMs !== null ? Math.round(workingMinutesBetween(calNow, clock.nowMs, d.dueMs)) : null,
    };
  });
}
