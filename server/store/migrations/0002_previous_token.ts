import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * A repeated enrolment (same code, same desk) issues a new token, but the
 * request may have been a duplicate whose first answer did reach the desk. The
 * token it replaced therefore stays valid, as `previous_token_hash`, until the
 * new one is used: neither a lost answer nor a duplicated request can lock a
 * desk out.
 */
export const m0002_previous_token: ServerMigration = {
  version: 2,
  name: 'previous_token',
  async up(db, engine) {
    const t = columnTypes(engine);
    await sql.raw(`ALTER TABLE devices ADD COLUMN previous_token_hash ${t.text}`).execute(db);
    await sql
      .raw(
        `CREATE UNIQUE INDEX devices_previous_token ON devices (previous_token_hash) WHERE previous_token_hash IS NOT NULL`,
      )
      .execute(db);
  },
};
