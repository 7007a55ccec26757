import type { Migration } from './types';

/**
 * Alerts have two audiences (features/work/alerts.ts): the member of staff
 * who owns the item, and the supervisors who watch the branch's overdue,
 * exhausted and unreachable items. Until now one `acked_ms` served both, so
 * a supervisor acknowledging an overdue alert cleared it from the owner's
 * bell before the owner ever saw it, and an owner's acknowledgement hid the
 * overdue item from the supervisors.
 *
 * - `acked_ms` / `acked_by` stay the owner's acknowledgement;
 *   `sup_acked_ms` / `sup_acked_by` are the supervisors' (one supervisor's
 *   acknowledgement stands for all: they share the branch's list). Alerts
 *   acknowledged before this migration count as acknowledged by both: the
 *   history reads as it was seen.
 * - `alerts_once` takes the owner as well: a case reassigned after its owner
 *   was alerted alerts the new owner (the key without the owner made the
 *   new owner's alert a duplicate of the old one's).
 * - Exhausted contacts and unreachable callbacks are keyed by the item's due
 *   time, not by the instant the attempts ran out: a contact entered later
 *   but dated earlier moves that instant and alerted a second time. Existing
 *   alerts are re-keyed the same way (a pair that becomes one keeps the
 *   first).
 */
export const m0025_alert_audiences: Migration = {
  version: 25,
  name: 'alert_audiences',
  up(db) {
    db.exec(`
      ALTER TABLE alerts ADD COLUMN sup_acked_ms INTEGER;
      ALTER TABLE alerts ADD COLUMN sup_acked_by TEXT;
      UPDATE alerts SET sup_acked_ms = acked_ms, sup_acked_by = acked_by WHERE acked_ms IS NOT NULL;
      -- Re-keyed under the old unique index, so a pair that becomes one keeps the first.
      UPDATE OR IGNORE alerts SET attempt = due_ms
        WHERE rule IN ('contact_exhausted', 'callback_unreachable') AND due_ms IS NOT NULL;
      DROP INDEX alerts_once;
      CREATE UNIQUE INDEX alerts_once ON alerts (case_id, rule, kind, ref, attempt, coalesce(owner, ''));
      CREATE INDEX alerts_sup_open ON alerts (id) WHERE sup_acked_ms IS NULL AND rule <> 'due_soon';
    `);
  },
};
