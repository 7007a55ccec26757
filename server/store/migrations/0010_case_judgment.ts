import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 12 (docs/escalation-and-malice.md): a case's level of escalation
 * ('counter' until escalated), since when (`escalated_hlc`, the HLC of the
 * escalation to the current level), how many escalations wait for a review,
 * and its malicious-claim status, so head office lists the escalations to
 * `head_office` (GET /v1/admin/escalations, newest escalation first, keyset
 * paged by (escalated_hlc, id) over the partial index of escalated cases).
 *
 * The projections are rebuilt at start-up (the case projection's version
 * changed), so the defaults here are overwritten at once.
 */
export const m0010_case_judgment: ServerMigration = {
  version: 10,
  name: 'case_judgment',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `ALTER TABLE cases ADD COLUMN escalation_level ${t.text} NOT NULL DEFAULT 'counter'`,
      `ALTER TABLE cases ADD COLUMN escalated_hlc ${t.key}`,
      `ALTER TABLE cases ADD COLUMN unreviewed ${t.int32} NOT NULL DEFAULT 0`,
      `ALTER TABLE cases ADD COLUMN malice ${t.text}`,
      `CREATE INDEX cases_escalated ON cases (escalation_level, escalated_hlc, id) WHERE escalation_level <> 'counter'`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
