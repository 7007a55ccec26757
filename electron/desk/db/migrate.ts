import type Database from 'better-sqlite3';
import { DatabaseTooNewError, MigrationError } from './errors';
import { assertMigrationOrder, latestVersion, MIGRATIONS, type Migration } from './migrations';

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: string[];
}

export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the schema up to date: refuses a database from a newer app, then runs
 * every pending migration and records the new version in PRAGMA user_version,
 * all in ONE transaction (a failure leaves the database exactly as it was).
 */
export function migrate(db: Database.Database, list: readonly Migration[] = MIGRATIONS): MigrationOutcome {
  assertMigrationOrder(list);
  const latest = latestVersion(list);
  const from = schemaVersion(db);
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  const pending = list.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };

  let current = from;
  const run = db.transaction(() => {
    for (const m of pending) {
      current = m.version;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  try {
    run.immediate();
  } catch (e) {
    throw new MigrationError(current, e);
  }
  return { from, to: latest, applied: pending.map((m) => `${m.version}_${m.name}`) };
}
