import type { Migration } from './types';

/**
 * Issue 12 item 6 (docs/library.md, decision 0028): the case library's
 * projection, one row per library entry (案例库), standard answer (应答口径)
 * or prepared plan (预案) of the branch, written by the library projector
 * (electron/desk/features/library/projector.ts) from the library fold.
 *
 * - pos (the rowid) is the seq of the event that first wrote the item, so it
 *   depends only on the events and their arrival order, which a rebuild
 *   replays; `library_search` is keyed by it;
 * - `updated_hlc` orders the library newest first (with pos as tie-break);
 *   the two indexes serve the unfiltered and the category-filtered pages;
 * - `search_text` is the item's normalized text, which a text search
 *   re-checks its FTS candidates against (instr), so a search lists exactly
 *   the items holding every word.
 *
 * `library_search` is like `case_search` (0001): a contentless FTS5 table of
 * gram tokens (electron/desk/kernel/grams.ts), rowid = library_items.pos.
 */
export const m0012_library: Migration = {
  version: 12,
  name: 'library',
  up(db) {
    db.exec(`
      CREATE TABLE library_items (
        pos          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        kind         TEXT NOT NULL,
        category     TEXT NOT NULL,
        title        TEXT NOT NULL,
        case_id      TEXT,
        retired      INTEGER NOT NULL,
        created_by   TEXT NOT NULL,
        created_hlc  TEXT NOT NULL,
        updated_by   TEXT NOT NULL,
        updated_hlc  TEXT NOT NULL,
        search_text  TEXT NOT NULL,
        item         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX library_items_recent   ON library_items (retired, updated_hlc, pos);
      CREATE INDEX library_items_category ON library_items (category, retired, updated_hlc, pos);
      CREATE VIRTUAL TABLE library_search USING fts5(g, content='', contentless_delete=1, detail=none);
    `);
  },
};
