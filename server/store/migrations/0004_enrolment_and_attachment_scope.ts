import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * Issue 8 item 6 and the server's part of item 1:
 *
 * - `enrollment_codes.reenrol_device`: a code head office made to re-enrol
 *   one known device id; any other code refuses a device id the server knows.
 * - `device_staff_events`: the staff events a desk declared at enrolment
 *   (made before it was enrolled); only these may carry an HLC from before
 *   the device's enrolment.
 * - `attachment_owners`: which branch stored which attachment (the bytes stay
 *   in `attachments`, once per content); `attachment_refs`: which branch has
 *   an event referring to which sha256. An owner row without a reference is
 *   swept after the grace period. Attachments stored before this migration
 *   have no owner: the first sweep deletes their bytes.
 */
export const m0004_enrolment_and_attachment_scope: ServerMigration = {
  version: 4,
  name: 'enrolment_and_attachment_scope',
  async up(db, engine) {
    const t = columnTypes(engine);
    const statements = [
      `ALTER TABLE enrollment_codes ADD COLUMN reenrol_device ${t.text}`,
      `CREATE TABLE device_staff_events (
        device_id ${t.key} NOT NULL,
        event_id ${t.key} NOT NULL,
        PRIMARY KEY (device_id, event_id)
      )${t.strict}`,
      `CREATE TABLE attachment_owners (
        branch ${t.key} NOT NULL,
        sha256 ${t.key} NOT NULL,
        size ${t.int64} NOT NULL,
        created_at ${t.int64} NOT NULL,
        PRIMARY KEY (branch, sha256)
      )${t.strict}`,
      `CREATE INDEX attachment_owners_sha ON attachment_owners (sha256)`,
      `CREATE INDEX attachment_owners_created ON attachment_owners (created_at)`,
      `CREATE TABLE attachment_refs (
        branch ${t.key} NOT NULL,
        sha256 ${t.key} NOT NULL,
        PRIMARY KEY (branch, sha256)
      )${t.strict}`,
    ];
    for (const s of statements) await sql.raw(s).execute(db);
  },
};
