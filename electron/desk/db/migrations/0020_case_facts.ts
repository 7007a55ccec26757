import type { Migration } from './types';

/**
 * Issue 14: the supervisors' analysis (docs/analysis.md, decision 0037).
 *
 * `case_facts`: one row per case, its facts (shared/domain/analysisFacts.ts)
 * under the shared column names (shared/domain/analysis/columns.ts: exactly
 * FACT_COLUMNS, text or integer, NOT NULL as NOT_NULL_COLUMNS says; a unit
 * test holds this table to that list). The case projector writes it with
 * every case row (electron/desk/features/cases/facts.ts), its rowid the
 * case's `cases.pos`, so a rebuild gives the same rows in the same places;
 * `analysis.run` counts from it (electron/desk/features/analysis/).
 *
 * Written out column by column, not generated from FACT_COLUMNS: a released
 * migration never changes; a new fact is a new migration.
 *
 * Every grouping reads a range of receipt days, so each index leads with
 * `received_day`. The case projection's version goes up with this migration
 * (CASE_PROJECTION_VERSION 11), so the rows are filled by the rebuild at the
 * next open.
 */
export const m0020_case_facts: Migration = {
  version: 20,
  name: 'case_facts',
  up(db) {
    db.exec(`
      CREATE TABLE case_facts (
        case_id TEXT PRIMARY KEY,
        received_ms INTEGER NOT NULL,
        received_day TEXT NOT NULL,
        category TEXT NOT NULL,
        main_category TEXT NOT NULL,
        channel TEXT NOT NULL,
        severity TEXT NOT NULL,
        gender TEXT NOT NULL,
        returning_customer INTEGER NOT NULL,
        region TEXT,
        imported INTEGER NOT NULL,
        complainant_type TEXT,
        status TEXT NOT NULL,
        nature TEXT,
        fcr INTEGER,
        escalation_level TEXT,
        escalation_justified INTEGER,
        malicious INTEGER NOT NULL,
        owner TEXT NOT NULL,
        entered_on_time INTEGER,
        handled_on_time INTEGER,
        result_on_time INTEGER,
        handling_due_ms INTEGER,
        result_due_ms INTEGER,
        promise_kept INTEGER,
        callback_reached INTEGER NOT NULL,
        satisfaction INTEGER,
        is_repeat INTEGER NOT NULL,
        customer_level TEXT,
        shared_customer INTEGER,
        failure_point TEXT,
        quality_gap TEXT,
        responsible TEXT
      ) STRICT;
      CREATE INDEX case_facts_day ON case_facts (received_day);
    `);
  },
};
