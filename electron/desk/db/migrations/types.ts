import type Database from 'better-sqlite3';

/**
 * One schema migration. `up` runs inside the transaction that applies every
 * pending migration, so it must not open its own transaction. Migrations are
 * never edited once released: add a new one instead.
 */
export interface Migration {
  /** Strictly increasing, starting at 1; stored in PRAGMA user_version. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}
