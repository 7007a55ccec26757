import type { Migration } from './types';

/**
 * Issue 12: repeat complaints, the nature at close and first-contact
 * resolution.
 *
 * - `customers_index`: per case, its customer's normalised phone (empty when
 *   it has fewer than 7 digits) and name (shared/domain/cases/customerKey.ts),
 *   its receipt, and the repeat window in force at that receipt. A case is
 *   keyed by its phone when it has one, else by its name, so each lookup is
 *   one partial index: the intake's history (`customer.history`) and the case
 *   projector's repeat check both read a range of one customer's receipts.
 * - `cases.repeat` (0/1), `cases.nature`, `cases.fcr` (null while open, 0/1):
 *   written by the case projector (electron/desk/features/cases/repeats.ts)
 *   for the list's filters; partial indexes keep the filters to the rows they
 *   select.
 *
 * The case projection's version goes up with this migration, so the rows are
 * filled by the rebuild at the next open.
 */
export const m0015_customers: Migration = {
  version: 15,
  name: 'customers',
  up(db) {
    db.exec(`
      CREATE TABLE customers_index (
        case_pos INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL,
        phone_norm TEXT NOT NULL,
        name_norm TEXT NOT NULL,
        received_ms INTEGER NOT NULL,
        window_days INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX customers_by_phone ON customers_index (phone_norm, received_ms, case_id) WHERE phone_norm <> '';
      CREATE INDEX customers_by_name ON customers_index (name_norm, received_ms, case_id) WHERE phone_norm = '';

      ALTER TABLE cases ADD COLUMN repeat INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN nature TEXT;
      ALTER TABLE cases ADD COLUMN fcr INTEGER;
      CREATE INDEX cases_repeat ON cases (repeat, pos);
      CREATE INDEX cases_nature ON cases (nature, pos) WHERE nature IS NOT NULL;
    `);
  },
};
