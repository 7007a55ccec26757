import type { Kysely } from 'kysely';
import type { Engine } from '../schema';

/**
 * One schema change. `up` runs inside the migration transaction (both engines
 * have transactional DDL), so a failure leaves the database as it was.
 */
export interface ServerMigration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

/** Column types per engine: SQLite STRICT tables know INTEGER/TEXT/BLOB only (and compare text bytewise). */
export function columnTypes(engine: Engine) {
  return engine === 'postgres'
    ? // `key`: text compared byte by byte (HLCs, ids, cursors), whatever the database's collation.
      { int64: 'BIGINT', int32: 'INTEGER', text: 'TEXT', key: 'TEXT COLLATE "C"', blob: 'BYTEA', strict: '' }
    : { int64: 'INTEGER', int32: 'INTEGER', text: 'TEXT', key: 'TEXT', blob: 'BLOB', strict: ' STRICT' };
}
