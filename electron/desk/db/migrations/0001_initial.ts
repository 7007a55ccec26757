import type { Migration } from './types';

/**
 * The event log, device settings, and the staff and case projections with
 * their search index. All tables are STRICT.
 */
export const m0001_initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;

      -- Append-only event log; also the audit log. seq = local arrival order.
      CREATE TABLE events (
        seq     INTEGER PRIMARY KEY,
        id      TEXT NOT NULL UNIQUE,
        stream  TEXT NOT NULL,
        type    TEXT NOT NULL,
        schema  INTEGER NOT NULL,
        hlc     TEXT NOT NULL,
        device  TEXT NOT NULL,
        branch  TEXT NOT NULL,
        actor   TEXT NOT NULL,
        payload TEXT NOT NULL,
        hash    TEXT NOT NULL,
        known   INTEGER NOT NULL
      ) STRICT;
      -- Fold order within a stream.
      CREATE INDEX events_stream ON events (stream, seq);
      -- Events this version could not fold (unknown type, newer schema): replayed after an upgrade.
      CREATE INDEX events_unknown ON events (seq) WHERE known = 0;

      -- Projection of staff.created. pos = seq of the event that created the row.
      CREATE TABLE staff (
        pos         INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        login       TEXT NOT NULL,
        login_norm  TEXT NOT NULL,
        role        TEXT NOT NULL,
        credential  TEXT NOT NULL,
        created_key TEXT NOT NULL
      ) STRICT;
      CREATE INDEX staff_login ON staff (login_norm);

      -- Projection: one row per case. pos = seq of the event whose fold first
      -- produced the case, so list order (pos DESC) is newest arrival first and
      -- a rebuild reproduces the same rowids.
      CREATE TABLE cases (
        pos            INTEGER PRIMARY KEY,
        id             TEXT NOT NULL UNIQUE,
        number         TEXT NOT NULL,
        status         TEXT NOT NULL,
        current_step   INTEGER,
        customer_name  TEXT NOT NULL,
        customer_phone TEXT NOT NULL,
        channel        TEXT NOT NULL,
        category       TEXT NOT NULL,
        severity       TEXT NOT NULL,
        owner          TEXT NOT NULL,
        assignee       TEXT,
        received_at    TEXT NOT NULL,
        opened_at      TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        closed_at      TEXT,
        due_at         TEXT,
        last_key       TEXT NOT NULL,
        search_text    TEXT NOT NULL,
        -- Last on purpose: the folded state is the large column, and SQLite
        -- reads a row's columns in order, so list pages and search rechecks
        -- never have to follow its overflow pages.
        state          TEXT NOT NULL
      ) STRICT;
      -- One index per list filter, each ending in pos so a filtered page is
      -- read in list order straight from the index (no sort).
      CREATE INDEX cases_status   ON cases (status, pos);
      CREATE INDEX cases_category ON cases (category, pos);
      CREATE INDEX cases_severity ON cases (severity, pos);
      CREATE INDEX cases_owner    ON cases (owner, pos);
      -- Date filters: bounds the pos range of matching cases (see views.ts).
      CREATE INDEX cases_received ON cases (received_at);

      -- Gram index for search (see electron/desk/features/cases/search.ts); rowid = cases.pos.
      CREATE VIRTUAL TABLE case_search USING fts5(g, content='', contentless_delete=1, detail=none);
    `);
  },
};
