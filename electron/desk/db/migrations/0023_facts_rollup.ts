import type { Migration } from './types';

/**
 * Issue 14: rollups of the facts, so the analysis of a year reads rows per day
 * and value rather than every case (docs/analysis.md "Rollups", decision 0043).
 *
 * `facts_rollup`: per grouping set (`gset`, shared/domain/analysis/rollup.ts
 * GSETS), receipt day and key (k0, k1: a dimension's value as text, '' for
 * null), the sums of the measures: every measure of the analysis' totals row
 * for gset '' (m_cases …), the case count (m_cases, the rest 0) for the
 * others. `scope` is '' at the desk (head office: a branch's code, and '*'
 * for all). The case projector keeps it with `case_facts`
 * (electron/desk/features/cases/facts.ts); a row whose count falls to 0 is
 * deleted, so a rebuild gives the same rows. Clustered by its key (WITHOUT
 * ROWID): a grouping reads one range (scope, gset, day).
 *
 * Written out column by column (a unit test holds it to ROLLUP_MEASURE_COLUMNS);
 * the case projection's version goes up with it (CASE_PROJECTION_VERSION 13),
 * so the rows are filled by the rebuild at the next open.
 */
export const m0023_facts_rollup: Migration = {
  version: 23,
  name: 'facts_rollup',
  up(db) {
    db.exec(`
      CREATE TABLE facts_rollup (
        scope TEXT NOT NULL,
        gset TEXT NOT NULL,
        day TEXT NOT NULL,
        k0 TEXT NOT NULL,
        k1 TEXT NOT NULL,
        m_cases INTEGER NOT NULL DEFAULT 0,
        m_closed INTEGER NOT NULL DEFAULT 0,
        m_fcr_yes INTEGER NOT NULL DEFAULT 0,
        m_fcr_known INTEGER NOT NULL DEFAULT 0,
        m_repeat_yes INTEGER NOT NULL DEFAULT 0,
        m_escalated INTEGER NOT NULL DEFAULT 0,
        m_justified_yes INTEGER NOT NULL DEFAULT 0,
        m_justified_known INTEGER NOT NULL DEFAULT 0,
        m_malicious_yes INTEGER NOT NULL DEFAULT 0,
        m_entered_yes INTEGER NOT NULL DEFAULT 0,
        m_entered_known INTEGER NOT NULL DEFAULT 0,
        m_handled_yes INTEGER NOT NULL DEFAULT 0,
        m_handled_known INTEGER NOT NULL DEFAULT 0,
        m_result_yes INTEGER NOT NULL DEFAULT 0,
        m_result_known INTEGER NOT NULL DEFAULT 0,
        m_promise_yes INTEGER NOT NULL DEFAULT 0,
        m_promise_known INTEGER NOT NULL DEFAULT 0,
        m_reached_closed INTEGER NOT NULL DEFAULT 0,
        m_sat_known INTEGER NOT NULL DEFAULT 0,
        m_sat_sum INTEGER NOT NULL DEFAULT 0,
        m_sat1 INTEGER NOT NULL DEFAULT 0,
        m_sat2 INTEGER NOT NULL DEFAULT 0,
        m_sat3 INTEGER NOT NULL DEFAULT 0,
        m_sat4 INTEGER NOT NULL DEFAULT 0,
        m_sat5 INTEGER NOT NULL DEFAULT 0,
        m_decided INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, gset, day, k0, k1)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
