/**
 * Reading rectification items (desk migration 0023) and counting each one's
 * effect over the desk's analysis facts (`case_facts`, issue 14's desk
 * migration 0020) with the shared groupings (shared/domain/rectification/
 * effect.ts, shared/domain/analysis/sql.ts): the same definition head office
 * and the printed reports use.
 */
import type Database from 'better-sqlite3';
import type { RectListQuery, RectView } from '../../../../shared/contract/methods/rectification';
import { wallDay } from '../../../../shared/domain/analysisFacts';
import type { GroupRow, Grouping } from '../../../../shared/domain/analysis/figures';
import { compileGrouping, readGroupRow } from '../../../../shared/domain/analysis/sql';
import { hlcWallMs } from '../../../../shared/domain/kernel/hlc';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import { effectGroupings, effectOf } from '../../../../shared/domain/rectification/effect';
import { rectState, type RectItem } from '../../../../shared/domain/rectification/fold';
import type { Desk } from '../../kernel/desk';
import type { RectRow } from './projector';

/** The branch's calendar: its time zone (Asia/Shanghai when the desk has no settings). */
export type ZoneOf = (ms: number) => string;

/** A runner of analysis groupings on the desk's facts, or null while the desk has no `case_facts` table. */
export function factsRunner(desk: Desk): ((g: Grouping) => GroupRow[]) | null {
  const s = desk.d.sqlite;
  const has = s
    .prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'case_facts'")
    .get();
  if (has === undefined) return null;
  return (g) => {
    const c = compileGrouping(g, 'sqlite');
    const rows = s.prepare(c.sql).all(...c.params) as Record<string, unknown>[];
    return rows.map((r) => readGroupRow(g, r));
  };
}

function itemRow(desk: Desk, id: string): RectRow | undefined {
  return (
    desk.d.sqlite.prepare('SELECT * FROM rectifications WHERE id = ?') as Database.Statement<
      [string],
      RectRow
    >
  ).get(id);
}

/** The folded item, or null when this desk holds none with that id. */
export function rectItem(desk: Desk, id: string): RectItem | null {
  const row = itemRow(desk, id);
  return row ? (JSON.parse(row.item) as RectItem) : null;
}

export interface ViewContext {
  nowMs: number;
  zone: ZoneOf;
  /** `YYYY-MM-DD`, exclusive: the effect's end. */
  asOfDay: string;
  run: ((g: Grouping) => GroupRow[]) | null;
}

export function viewOf(desk: Desk, item: RectItem, v: ViewContext): RectView {
  const name = (id: string) => desk.directory.staffById(id)?.name ?? '';
  const note = (n: RectItem['progress'][number]) => ({
    text: n.text,
    at: isoOfHlc(n.hlc),
    by: n.by,
    byName: name(n.by),
  });
  const openedMs = hlcWallMs(item.openedHlc);
  const openedDay = wallDay(openedMs, v.zone(openedMs));
  const plan = v.run ? effectGroupings(item.scope, openedDay, v.asOfDay) : null;
  const effect = plan && v.run ? effectOf(plan, v.run(plan.before), v.run(plan.after)) : null;
  return {
    id: item.id,
    scope: { ...item.scope },
    defect: item.defect,
    measure: item.measure,
    owner: item.owner,
    ownerName: name(item.owner),
    dueAt: item.dueAt,
    state: rectState(item, v.nowMs),
    openedAt: isoOfHlc(item.openedHlc),
    openedDay,
    openedBy: item.openedBy,
    openedByName: name(item.openedBy),
    updatedAt: isoOfHlc(item.updatedHlc),
    progress: item.progress.map(note),
    completions: item.completions.map(note),
    reopens: item.reopens.map(note),
    effect,
  };
}

const STATE_ORDER = { overdue: 0, open: 1, done: 2 } as const;

/** Every item matching the query: overdue, then open (by due date), then done (latest first). */
export function listItems(desk: Desk, q: RectListQuery, v: ViewContext): RectView[] {
  const rows = desk.d.sqlite.prepare('SELECT * FROM rectifications ORDER BY pos').all() as RectRow[];
  const views = rows
    .filter(
      (r) =>
        (q.dim === undefined || r.scope_dim === q.dim) &&
        (q.value === undefined || r.scope_value === q.value),
    )
    .map((r) => viewOf(desk, JSON.parse(r.item) as RectItem, v))
    .filter((x) => q.state === undefined || x.state === q.state);
  return views.sort((a, b) => {
    const s = STATE_ORDER[a.state] - STATE_ORDER[b.state];
    if (s !== 0) return s;
    if (a.state === 'done') return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
    return Date.parse(a.dueAt) - Date.parse(b.dueAt); // by the instant, whatever its offset
  });
}

/**
 * The items a printed report shows as of its period's end (`asOfDay`,
 * exclusive): those opened before it, with each one's effect as of that day
 * (composed into the reports feature by electron/desk/reportOutputs.ts).
 * The state is the item's state now.
 */
export function reportItems(desk: Desk, zone: ZoneOf, asOfDay: string): RectView[] {
  const v: ViewContext = { nowMs: desk.now(), zone, asOfDay, run: factsRunner(desk) };
  return listItems(desk, {}, v).filter((x) => x.openedDay < asOfDay);
}
