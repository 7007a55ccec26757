import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable } from 'kysely';
import { DatabaseTooNewError } from './errors';
import { migrate, schemaVersion, type MigrationOutcome } from './migrate';
import { latestVersion, MIGRATIONS, type Migration } from './migrations';
import type { DB } from './schema';

/**
 * The desk's database: the raw better-sqlite3 handle (for the hot append path
 * and transactions) and a typed Kysely instance used as a query builder.
 *
 * Queries are built with Kysely and run synchronously through `all`/`first`/
 * `run`, so every command does its reads and writes inside one synchronous
 * better-sqlite3 transaction and no other call can interleave with it.
 */
export interface DeskDatabase {
  sqlite: Database.Database;
  db: Kysely<DB>;
  migration: MigrationOutcome;
  /** Runs a compiled Kysely query and returns every row. */
  all<R>(query: Compilable<R>): R[];
  /** Runs a compiled Kysely query and returns the first row, if any. */
  first<R>(query: Compilable<R>): R | undefined;
  /** Runs a compiled Kysely statement (insert/update/delete). */
  run(query: Compilable<unknown>): Database.RunResult;
  /** A cached prepared statement for raw SQL. */
  prepare(sql: string): Database.Statement;
  close(): void;
}

export interface OpenOptions {
  /** For tests: a different migration list. */
  migrations?: readonly Migration[];
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): DeskDatabase {
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  let migration: MigrationOutcome;
  try {
    sqlite.pragma('busy_timeout = 5000');
    // Refuse a newer database before changing anything in it (even the journal mode).
    const list = options.migrations ?? MIGRATIONS;
    const found = schemaVersion(sqlite);
    if (found > latestVersion(list)) throw new DatabaseTooNewError(found, latestVersion(list));
    if (!options.readonly) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // 64 MiB page cache (the default is 2 MiB): keeps the upper levels of the
    // log, case and search B-trees in memory once the store holds ~1M cases.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    // A read-only handle (verify, the export's reader) reads the store as it is: it cannot
    // migrate, and must not change what it checks (a backup from the previous release).
    migration = options.readonly ? { from: found, to: found, applied: [] } : migrate(sqlite, list);
  } catch (e) {
    sqlite.close();
    throw e;
  }

  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let st = cache.get(sql);
    if (!st) {
      st = sqlite.prepare(sql);
      cache.set(sql, st);
    }
    return st;
  };

  return {
    sqlite,
    db,
    migration,
    all<R>(query: Compilable<R>): R[] {
      const c = query.compile();
      return prepare(c.sql).all(...c.parameters) as R[];
    },
    first<R>(query: Compilable<R>): R | undefined {
      const c = query.compile();
      return prepare(c.sql).get(...c.parameters) as R | undefined;
    },
    run(query: Compilable<unknown>): Database.RunResult {
      const c = query.compile();
      return prepare(c.sql).run(...c.parameters);
    },
    prepare,
    close(): void {
      cache.clear();
      if (sqlite.open) sqlite.close();
    },
  };
}
