import type { Migration } from './types';

/**
 * Issue 12 (docs/escalation-and-malice.md): the case row's level of
 * escalation (`counter` until escalated; 'supervisor', 'region',
 * 'head_office') and its malicious-claim status ('suspected', 'malicious',
 * 'good_faith'; null when never flagged), for the case list's filters and
 * the supervisor board's escalations awaiting review (`escalation_review`:
 * the escalations of a case nobody has reviewed yet, counted by the board).
 *
 * Partial indexes cover only escalated and flagged cases, which stay few.
 * The case projection's version goes up with this migration, so the rows are
 * filled by the rebuild at the next open.
 */
export const m0016_case_judgment: Migration = {
  version: 16,
  name: 'case_judgment',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN escalation_level TEXT NOT NULL DEFAULT 'counter';
      ALTER TABLE cases ADD COLUMN malice TEXT;
      ALTER TABLE cases ADD COLUMN unreviewed INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX cases_escalated ON cases (escalation_level, pos) WHERE escalation_level <> 'counter';
      CREATE INDEX cases_unreviewed ON cases (pos) WHERE unreviewed > 0;
      CREATE INDEX cases_malice ON cases (malice, pos) WHERE malice IS NOT NULL;
    `);
  },
};
