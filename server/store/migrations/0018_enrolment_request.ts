import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * `enrollment_codes.used_request`: the fingerprint of the request that used
 * the code (server/store/enrollment.ts `enrolmentFingerprint`). A desk whose
 * answer was lost repeats the identical request and gets a fresh token
 * (docs/protocol.md §5); a request that differs in anything, a device code,
 * a label, a declared staff event or a key, is "already used". Without it
 * anyone who saw a used code and the device id (in every event) could take
 * the desk's token and the branch keys for the code's 24 hours. Codes used
 * before this migration have none and cannot be repeated.
 */
export const m0018_enrolment_request: ServerMigration = {
  version: 18,
  name: 'enrolment_request',
  async up(db, engine) {
    const t = columnTypes(engine);
    await sql.raw(`ALTER TABLE enrollment_codes ADD COLUMN used_request ${t.text}`).execute(db);
  },
};
