/**
 * The threads of a page of cases, read in ONE ordered query: the page's
 * cases joined with their events in list order and, within a case, in the
 * order the desk stored them (`ORDER BY c.pos DESC, e.seq`, straight from
 * the rowid and the `(stream, seq)` index, no sort). Rows stay the arrays
 * better-sqlite3 returns (`raw`), with only the columns a thread line needs:
 * no object per event, no map of streams, no per-event sort.
 *
 * Fold order (hlc, device, id) is what the thread must follow. The desk's
 * own events arrive in it; synced ones may not. A case whose events are
 * not in strictly rising hlc order as stored gets its fold keys read and
 * is sorted (rare: only cases with events from other devices that arrived
 * late, or equal hlcs).
 */
import { compareEvents, type FoldKeyParts } from '../../../../shared/domain/kernel/foldKey';
import type { DeskDatabase } from '../../db/open';

/** One event of a page as read: [case pos, seq, type, schema, hlc, actor, payload text]. */
export type EventRow = [
  pos: number,
  seq: number,
  type: string,
  schema: number,
  hlc: string,
  actor: string,
  payload: string,
];

const PAGE_SQL = (n: number) =>
  'SELECT c.pos, e.seq, e.type, e.schema, e.hlc, e.actor, e.payload FROM cases c ' +
  "JOIN events e ON e.stream = 'case:' || c.id " +
  `WHERE c.pos IN (${'?,'.repeat(n - 1)}?) ORDER BY c.pos DESC, e.seq`;

const KEY_SQL = 'SELECT device, id FROM events WHERE seq = ?';

/** A page's events, each case's together (list order, then as stored). */
export interface PageThreads {
  /** The events of the case at `pos`, in fold order ([] when it has none). */
  of(pos: number): readonly EventRow[];
}

const NONE: readonly EventRow[] = [];

export function readPageThreads(d: DeskDatabase, positions: readonly number[]): PageThreads {
  if (positions.length === 0) return { of: () => NONE };
  const rows = d
    .prepare(PAGE_SQL(positions.length))
    .raw(true)
    .all(...positions) as EventRow[];
  // Where each case's run of rows starts and ends (rows are grouped by pos by the ORDER BY).
  const runs = new Map<number, [start: number, end: number]>();
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const pos = rows[start]![0];
    if (i < rows.length && rows[i]![0] === pos) continue;
    runs.set(pos, [start, i]);
    start = i;
  }
  return {
    of(pos) {
      const run = runs.get(pos);
      if (!run) return NONE;
      const [from, to] = run;
      const events = rows.slice(from, to);
      return inFoldOrder(events) ? events : sortedByFold(d, events);
    },
  };
}

/** True when the hlcs rise strictly: stored order is then fold order. */
export function inFoldOrder(events: readonly EventRow[]): boolean {
  for (let i = 1; i < events.length; i++) if (!(events[i]![4] > events[i - 1]![4])) return false;
  return true;
}

/** The case's events sorted by (hlc, device, id), their device and id read by seq. */
function sortedByFold(d: DeskDatabase, events: EventRow[]): EventRow[] {
  const key = d.prepare(KEY_SQL);
  const keyed = events.map((e) => {
    const k = key.get(e[1]) as { device: string; id: string };
    const parts: FoldKeyParts = { hlc: e[4], device: k.device, id: k.id };
    return { e, parts };
  });
  keyed.sort((a, b) => compareEvents(a.parts, b.parts));
  return keyed.map((k) => k.e);
}
