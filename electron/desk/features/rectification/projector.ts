/**
 * The rectification projection (desk migration 0023, docs/rectification.md):
 * one `rectifications` row per item.
 *
 * A branch has tens or hundreds of items, each a handful of events written
 * by hand, so, as the library projector does, each batch that holds
 * rectification events folds every rectification stream again
 * (shared/domain/rectification/fold.ts) and writes only the rows that differ.
 * Authority is judged with the staff directory's role at each event's fold
 * key, so the projector also refreshes after a batch that changed the staff
 * book (`dependsOn('rect', 'staff')`).
 *
 * Rows depend only on the events and their arrival order: pos is the seq of
 * the event that opened the item, so a rebuild ends with the very rows the
 * incremental path wrote.
 */
import type Database from 'better-sqlite3';
import {
  foldRectItems,
  type RectItem,
  type RectRoleOracle,
} from '../../../../shared/domain/rectification/fold';
import { RECT_STREAM } from '../../../../shared/domain/rectification/payloads';
import type { ProjectionContext, Projector } from '../../kernel/projectors';

/** Bump when the rows change for the same events (columns, item shape). */
export const RECT_PROJECTION_VERSION = 2; // 2: an item's due instant kept in UTC (another desk may send an offset)

export interface RectRow {
  pos: number;
  id: string;
  status: string;
  owner: string;
  due_at: string;
  scope_dim: string;
  scope_value: string;
  opened_hlc: string;
  updated_hlc: string;
  item: string;
}

const COLS: (keyof RectRow)[] = [
  'pos',
  'id',
  'status',
  'owner',
  'due_at',
  'scope_dim',
  'scope_value',
  'opened_hlc',
  'updated_hlc',
  'item',
];

function rowOf(item: RectItem, pos: number): RectRow {
  return {
    pos,
    id: item.id,
    status: item.status,
    owner: item.owner,
    due_at: item.dueAt,
    scope_dim: item.scope.dim,
    scope_value: item.scope.value,
    opened_hlc: item.openedHlc,
    updated_hlc: item.updatedHlc,
    item: JSON.stringify(item),
  };
}

const sameRow = (a: RectRow, b: RectRow) => COLS.every((c) => a[c] === b[c]);

/** Without `roleAt` every act counts (tools and tests without a staff book). */
export function rectProjector(ctx: ProjectionContext, roleAt?: RectRoleOracle): Projector {
  const s = ctx.d.sqlite;
  const st = {
    all: s.prepare(`SELECT ${COLS.join(', ')} FROM rectifications`) as Database.Statement<[], RectRow>,
    insert: s.prepare(
      `INSERT INTO rectifications (${COLS.join(', ')}) VALUES (${COLS.map((c) => `@${c}`).join(', ')})`,
    ),
    delete: s.prepare('DELETE FROM rectifications WHERE pos = ?'),
  };

  /** Folds every item up to `maxSeq` and writes the rows that differ; the ids of the items that changed. */
  function refold(maxSeq?: number): string[] {
    const read = ctx.readKind(RECT_STREAM, maxSeq);
    const seqOf = new Map(read.map((r) => [r.event.id, r.seq]));
    const items = foldRectItems(
      read.map((r) => r.event),
      roleAt ? { roleAt } : {},
    );
    const want = new Map<string, RectRow>();
    for (const item of items.values()) want.set(item.id, rowOf(item, seqOf.get(item.openEventId) ?? 0));
    const changed = new Set<string>();
    const gone: RectRow[] = [];
    for (const old of st.all.all()) {
      const next = want.get(old.id);
      if (next && sameRow(old, next)) {
        want.delete(old.id);
        continue;
      }
      gone.push(old);
    }
    // Deletes first: an item whose pos moved may take a pos another row held.
    for (const old of gone) {
      st.delete.run(old.pos);
      changed.add(old.id);
    }
    for (const row of want.values()) {
      st.insert.run(row);
      changed.add(row.id);
    }
    return [...changed];
  }

  return {
    kind: RECT_STREAM,
    version: RECT_PROJECTION_VERSION,
    clear: () => s.exec('DELETE FROM rectifications;'),
    begin() {
      let maxSeq = 0;
      return {
        apply: (_e, seq) => {
          if (seq > maxSeq) maxSeq = seq;
        },
        flush: () => {
          if (maxSeq === 0) return [];
          const changed = refold(maxSeq);
          maxSeq = 0;
          return changed;
        },
      };
    },
    announce: () => ({ type: 'rectification.changed' }),
    refresh: (upToSeq) => refold(upToSeq),
  };
}
