import { sql } from 'kysely';
import { columnTypes, type ServerMigration } from './types';

/**
 * How many events a desk still holds un-sent, as the desk itself reports it
 * (request header `x-loopdesk-waiting`, docs/protocol.md), and when that
 * report arrived. Both stay null until a desk that sends the header syncs.
 */
export const m0003_events_waiting: ServerMigration = {
  version: 3,
  name: 'events_waiting',
  async up(db, engine) {
    const t = columnTypes(engine);
    await sql
      .raw(`ALTER TABLE devices ADD COLUMN events_waiting ${t.int32} CHECK (events_waiting >= 0)`)
      .execute(db);
    await sql.raw(`ALTER TABLE devices ADD COLUMN waiting_at ${t.int64}`).execute(db);
  },
};
