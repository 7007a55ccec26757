/**
 * The work queue's SQL prepared once per database handle (the alert scan and
 * the list reads run every minute and on every change).
 */
import type Database from 'better-sqlite3';

/** The statements of `sql`, prepared on first use for each database handle. */
export function preparedOnce<K extends string>(
  sql: Readonly<Record<K, string>>,
): (db: Database.Database) => Record<K, Database.Statement> {
  const cache = new WeakMap<Database.Database, Record<K, Database.Statement>>();
  return (db) => {
    let st = cache.get(db);
    if (!st) {
      st = Object.fromEntries(Object.entries<string>(sql).map(([k, q]) => [k, db.prepare(q)])) as Record<
        K,
        Database.Statement
      >;
      cache.set(db, st);
    }
    return st;
  };
}
