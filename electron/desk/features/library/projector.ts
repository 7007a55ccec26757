/**
 * The case library projection (migration 0012, docs/library.md): one
 * `library_items` row per entry, standard answer or prepared plan of the
 * branch, and its gram document in `library_search`.
 *
 * A branch's library stream is small (supervisors write it by hand), so, as
 * the settings projector does, each batch that holds library events folds
 * the whole stream again (shared/domain/library/fold.ts) and writes only the
 * rows that differ. Authority is judged with the staff directory's role at
 * each event's fold key, so the projector also refreshes after a batch that
 * changed the staff book (`dependsOn('library', 'staff')`): a promotion or
 * demotion synced late re-judges the library events it covers.
 *
 * Rows depend only on the events and their arrival order: pos is the seq of
 * the event that first wrote the item (among those that count), so a rebuild,
 * whatever its chunks, ends with the very rows the incremental path wrote.
 */
import type Database from 'better-sqlite3';
import { normalizeText } from '../../../../shared/domain/kernel/searchTerms';
import {
  foldLibrary,
  type LibraryItem,
  type LibraryRoleOracle,
} from '../../../../shared/domain/library/fold';
import { LIBRARY_STREAM, LIBRARY_STREAM_ID } from '../../../../shared/domain/library/payloads';
import { gramDocument } from '../../kernel/grams';
import type { ProjectionContext, Projector } from '../../kernel/projectors';

/** Bump when the rows change for the same events (columns, item shape, search text). */
export const LIBRARY_PROJECTION_VERSION = 1;

interface Row {
  pos: number;
  id: string;
  kind: string;
  category: string;
  title: string;
  case_id: string | null;
  retired: number;
  created_by: string;
  created_hlc: string;
  updated_by: string;
  updated_hlc: string;
  search_text: string;
  item: string;
}

/** Every text of an item a search looks in, normalized (as the search terms are). */
export function librarySearchText(item: LibraryItem): string {
  const e = item.entry;
  const parts = [item.title, item.text, e?.background, e?.details, e?.result, e?.discussion];
  return normalizeText(parts.filter((p): p is string => p !== undefined && p !== '').join(' '));
}

function rowOf(item: LibraryItem, pos: number): Row {
  return {
    pos,
    id: item.id,
    kind: item.kind,
    category: item.category,
    title: item.title,
    case_id: item.entry?.caseId ?? null,
    retired: item.retired ? 1 : 0,
    created_by: item.createdBy,
    created_hlc: item.createdHlc,
    updated_by: item.updatedBy,
    updated_hlc: item.updatedHlc,
    search_text: librarySearchText(item),
    item: JSON.stringify(item),
  };
}

const COLS: (keyof Row)[] = [
  'pos',
  'id',
  'kind',
  'category',
  'title',
  'case_id',
  'retired',
  'created_by',
  'created_hlc',
  'updated_by',
  'updated_hlc',
  'search_text',
  'item',
];

const sameRow = (a: Row, b: Row) => COLS.every((c) => a[c] === b[c]);

/** Without `roleAt` every library event counts (tools and tests without a staff book). */
export function libraryProjector(ctx: ProjectionContext, roleAt?: LibraryRoleOracle): Projector {
  const s = ctx.d.sqlite;
  const st = {
    all: s.prepare(`SELECT ${COLS.join(', ')} FROM library_items`) as Database.Statement<[], Row>,
    insert: s.prepare(
      `INSERT INTO library_items (${COLS.join(', ')}) VALUES (${COLS.map((c) => `@${c}`).join(', ')})`,
    ),
    delete: s.prepare('DELETE FROM library_items WHERE pos = ?'),
    searchInsert: s.prepare('INSERT INTO library_search (rowid, g) VALUES (?, ?)'),
    searchDelete: s.prepare('DELETE FROM library_search WHERE rowid = ?'),
  };

  /** Folds the stream up to `maxSeq` and writes the rows that differ; true when any did. */
  function refold(maxSeq?: number): boolean {
    const read = ctx.readKind(LIBRARY_STREAM, maxSeq);
    const seqOf = new Map(read.map((r) => [r.event.id, r.seq]));
    const state = foldLibrary(
      read.map((r) => r.event),
      roleAt ? { roleAt } : {},
    );
    const want = new Map<string, Row>();
    for (const item of state.items.values()) {
      want.set(item.id, rowOf(item, seqOf.get(item.firstEventId) ?? 0));
    }
    const have = new Map(st.all.all().map((r) => [r.id, r]));
    let changed = false;
    // Deletes first: an item whose pos moved may take a pos another row held.
    const gone: Row[] = [];
    for (const [itemId, old] of have) {
      const next = want.get(itemId);
      if (next && sameRow(old, next)) {
        want.delete(itemId);
        continue;
      }
      gone.push(old);
    }
    for (const old of gone) {
      st.delete.run(old.pos);
      st.searchDelete.run(old.pos);
      changed = true;
    }
    for (const row of want.values()) {
      st.insert.run(row);
      st.searchInsert.run(row.pos, gramDocument(row.search_text));
      changed = true;
    }
    return changed;
  }

  return {
    kind: LIBRARY_STREAM,
    version: LIBRARY_PROJECTION_VERSION,
    clear: () =>
      s.exec("DELETE FROM library_items; INSERT INTO library_search (library_search) VALUES ('delete-all');"),
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
          return changed ? [LIBRARY_STREAM_ID] : [];
        },
      };
    },
    announce: () => ({ type: 'library.changed' }),
    refresh: (upToSeq) => (refold(upToSeq) ? [LIBRARY_STREAM_ID] : []),
  };
}
