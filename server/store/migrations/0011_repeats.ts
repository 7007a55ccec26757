import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 12 at head office (docs/first-contact-resolution.md, "Head office"):
 * what the desk derives for a case (desk migration 0015), per branch.
 *
 * - `customers_index`: per case, its branch, its customer's normalised phone
 *   ('' when it has fewer than 7 digits) and name, its receipt and the repeat
 *   window in force at that receipt (shared/domain/caseJudgement.ts). A case
 *   is keyed by its phone when it has one, else by its name, so each repeat
 *   check reads a range of one customer's receipts in one branch on one
 *   partial index.
 * - `cases.repeat` (0/1), `cases.nature`, `cases.fcr` (null while open,
 *   0/1): written by the case projector (server/store/repeats.ts) for the
 *   admin list's filters; the indexes keep those filters in list order.
 *
 * The case projection's version goes up with this migration, so the rows are
 * filled by the rebuild at the next start.
 */
export const m0011_repeats: ServerMigration = {
  version: 11,
  name: 'repeats',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `CREATE TABLE customers_index (
        case_id ${t.key} PRIMARY KEY,
        branch ${t.key} NOT NULL,
        phone_norm ${t.key} NOT NULL,
        name_norm ${t.key} NOT NULL,
        received_ms ${t.int64} NOT NULL,
        window_days ${t.int32} NOT NULL
      )${t.strict}`,
      `CREATE INDEX customers_by_phone ON customers_index (branch, phone_norm, received_ms, case_id) WHERE phone_norm <> ''`,
      `CREATE INDEX customers_by_name ON customers_index (branch, name_norm, received_ms, case_id) WHERE phone_norm = ''`,
      `ALTER TABLE cases ADD COLUMN repeat ${t.int32} NOT NULL DEFAULT 0`,
      `ALTER TABLE cases ADD COLUMN nature ${t.text}`,
      `ALTER TABLE cases ADD COLUMN fcr ${t.int32}`,
      `CREATE INDEX cases_repeat ON cases (repeat, opened_hlc, id)`,
      `CREATE INDEX cases_nature ON cases (nature, opened_hlc, id) WHERE nature IS NOT NULL`,
      `CREATE INDEX cases_malice ON cases (malice, opened_hlc, id) WHERE malice IS NOT NULL`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
