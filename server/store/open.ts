/**
 * Opens the server's store on one of two engines, both through Kysely:
 *
 * - SQLite (default): `<dataDir>/server.db`, better-sqlite3, WAL. One
 *   connection, so Kysely's connection mutex makes every transaction the only
 *   writer (and the only reader) while it runs.
 * - PostgreSQL (when a database URL is given): a `pg` Pool behind Kysely's
 *   PostgresDialect. BIGINT is parsed to a JS number (every value we keep fits
 *   in 2^53).
 *
 * `write` runs a function in one explicit transaction on one connection:
 * `BEGIN IMMEDIATE` on SQLite (takes the write lock up front, so a second
 * process such as the CLI cannot make us fail half way), `BEGIN` on
 * PostgreSQL, where writers of events take the stream locks and the sequencer
 * (`lockStreams`, `takeSequencer`) inside the transaction.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { SERVER_MIGRATIONS, assertMigrationOrder, latestVersion, type ServerMigration } from './migrations';
import type { Engine, ServerDB } from './schema';

/** File name of the embedded store inside the data folder. */
export const SQLITE_FILE_NAME = 'server.db';

/**
 * Key of the transaction-level advisory lock that orders server_seq
 * assignment with commits on PostgreSQL (docs/protocol.md, "Commit order").
 * Any constant works; this is "Loop" in ASCII.
 */
export const SEQUENCER_LOCK_KEY = 0x4c6f6f70;
/**
 * First key of the two-key advisory locks that serialise writers of one
 * stream (`lockStreams`); two-key locks never collide with the one-key
 * sequencer and migration locks. "LD" in ASCII.
 */
export const STREAM_LOCK_SPACE = 0x4c44;

/**
 * Takes the sequencer inside a write transaction: from here to COMMIT no
 * other transaction can assign server_seq. PostgreSQL: the transaction-level
 * advisory lock, held until COMMIT/ROLLBACK; PostgreSQL makes a transaction
 * visible before it releases its locks, so the next holder's MAX(server_seq)
 * already sees every seq the previous holder committed. SQLite: nothing to do,
 * `BEGIN IMMEDIATE` already made this the only writer.
 */
export async function takeSequencer(tx: Kysely<ServerDB>, engine: Engine): Promise<void> {
  if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY})`.execute(tx);
}

/**
 * Serialises writers of the same streams (their projection rows) until
 * COMMIT, so a push can fold its cases before it takes the sequencer and the
 * sequencer is held only for the seq assignment and the insert. `shared`
 * names are held shared: what a fold reads and a writer of another group
 * must not change meanwhile (a branch's staff, for its case folds). Locks are
 * taken in key order, shared or not, so two pushes never wait for each other
 * in a cycle. SQLite: nothing to do (one writer).
 */
export async function lockStreams(
  tx: Kysely<ServerDB>,
  engine: Engine,
  streams: readonly string[],
  shared: readonly string[] = [],
): Promise<void> {
  if (engine !== 'postgres' || streams.length + shared.length === 0) return;
  const names = [...streams, ...shared];
  const exclusive = names.map((_, i) => i < streams.length);
  // One round trip: the projections lock shared with every other push (a
  // rebuild takes it exclusively), then the names' locks in key order (a key
  // that any name locks exclusively is locked exclusively).
  // UNION ALL runs its branches one after the other, in the order written.
  await sql`SELECT pg_advisory_xact_lock_shared(${PROJECTIONS_LOCK_KEY})::text AS l
    UNION ALL
    SELECT (CASE WHEN x THEN pg_advisory_xact_lock(${STREAM_LOCK_SPACE}, k)::text
                 ELSE pg_advisory_xact_lock_shared(${STREAM_LOCK_SPACE}, k)::text END) AS l
      FROM (SELECT hashtext(s) AS k, bool_or(x) AS x
              FROM unnest(${names}::text[], ${exclusive}::bool[]) AS n(s, x)
             GROUP BY 1 ORDER BY 1) AS keys`.execute(tx);
}

/**
 * Pushes fold their projections before they take the sequencer, so a full
 * projection rebuild (another server process starting after an upgrade) must
 * wait for them: pushes hold this lock shared, the rebuild exclusively, and
 * both take it before anything else ("Proj").
 */
export const PROJECTIONS_LOCK_KEY = 0x50726f6a;

/** For a projection rebuild: waits for every push in flight and keeps new ones out until COMMIT. */
export async function lockProjectionsExclusive(tx: Kysely<ServerDB>, engine: Engine): Promise<void> {
  if (engine === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PROJECTIONS_LOCK_KEY})`.execute(tx);
}

/** Advisory lock key serialising migrations of several servers starting at once ("Migr"). */
export const MIGRATION_LOCK_KEY = 0x4d696772;

export class ServerSchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `服务器数据库由更新版本的 Loopdesk 服务器写入（结构版本 ${found}，本程序支持到 ${supported}），请升级服务器程序。 / ` +
        `The server database was written by a newer Loopdesk server (schema ${found}; this build knows up to ${supported}). Update the server.`,
    );
    this.name = 'ServerSchemaTooNewError';
  }
}

export interface StoreOptions {
  /** Folder for the embedded SQLite file (created when missing). */
  dataDir?: string;
  /** postgres://… selects PostgreSQL. */
  databaseUrl?: string;
  /** For tests: another migration list. */
  migrations?: readonly ServerMigration[];
  logger?: Logger;
}

export interface StoreHandle {
  engine: Engine;
  db: Kysely<ServerDB>;
  /** Runs `fn` in one write transaction; anything that inserts events calls `takeSequencer` first. */
  write<T>(fn: (tx: Kysely<ServerDB>) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

/** Prepared statements kept per SQL text (the hot queries are a few dozen texts). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * better-sqlite3 as Kysely's SqliteDialect sees it, with prepared statements
 * reused by SQL text: Kysely asks for `prepare` on every query, and compiling
 * the same SQL again for every push and pull was a seventh of the server's
 * CPU under load. Least recently used texts are dropped past the cap; a
 * statement still being iterated is never handed out twice.
 */
export function withStatementCache(database: Database.Database, max = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      const hit = cache.get(text);
      if (hit !== undefined && !hit.busy) {
        cache.delete(text); // re-insert: most recently used last
        cache.set(text, hit);
        return hit;
      }
      const st = database.prepare(text);
      if (hit === undefined) {
        cache.set(text, st);
        if (cache.size > max) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      return st;
    },
  };
}

function openSqlite(dataDir: string): Kysely<ServerDB> {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  const database = new Database(file);
  try {
    database.pragma('busy_timeout = 5000');
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('cache_size = -65536');
  } catch (e) {
    database.close();
    throw e;
  }
  return new Kysely<ServerDB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

const INT8_OID = 20;

function openPostgres(url: string, logger?: Logger): Kysely<ServerDB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID && format !== 'binary'
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the server.
  pool.on('error', (e) => {
    logger?.error({ err: e }, 'PostgreSQL pool client error');
  });
  return new Kysely<ServerDB>({ dialect: new PostgresDialect({ pool }) });
}

export async function openStoreHandle(opts: StoreOptions): Promise<StoreHandle> {
  const engine: Engine = opts.databaseUrl ? 'postgres' : 'sqlite';
  let db: Kysely<ServerDB>;
  if (engine === 'postgres') {
    db = openPostgres(opts.databaseUrl ?? '', opts.logger);
  } else {
    if (!opts.dataDir) throw new Error('dataDir is required for the embedded SQLite store');
    db = openSqlite(opts.dataDir);
  }

  const write = async <T>(fn: (tx: Kysely<ServerDB>) => Promise<T>): Promise<T> =>
    db.connection().execute(async (conn) => {
      await sql.raw(engine === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(conn);
      try {
        const result = await fn(conn);
        await sql.raw('COMMIT').execute(conn);
        return result;
      } catch (e) {
        try {
          await sql.raw('ROLLBACK').execute(conn);
        } catch {
          // Already rolled back (e.g. a failed COMMIT) or the connection is gone.
        }
        throw e;
      }
    });

  const handle: StoreHandle = { engine, db, write, destroy: () => db.destroy() };
  try {
    await migrate(handle, opts.migrations ?? SERVER_MIGRATIONS);
  } catch (e) {
    await db.destroy().catch(() => undefined);
    throw e;
  }
  return handle;
}

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Refuses a database from a newer server, then runs every pending migration
 * and records it in schema_migrations, all in ONE transaction.
 */
export async function migrate(
  handle: StoreHandle,
  list: readonly ServerMigration[],
): Promise<MigrationOutcome> {
  assertMigrationOrder(list);
  const latest = latestVersion(list);
  return handle.write(async (tx) => {
    if (handle.engine === 'postgres') {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    }
    const t = handle.engine === 'postgres' ? 'BIGINT' : 'INTEGER';
    await sql
      .raw(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${t} NOT NULL)`,
      )
      .execute(tx);
    const row = await tx
      .selectFrom('schema_migrations')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirst();
    const from = Number(row?.v ?? 0);
    if (from > latest) throw new ServerSchemaTooNewError(from, latest);
    const pending = list.filter((m) => m.version > from);
    for (const m of pending) {
      await m.up(tx as unknown as Kysely<unknown>, handle.engine);
      await tx
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, applied_at: Date.now() })
        .execute();
    }
    return { from, to: Math.max(from, latest), applied: pending.map((m) => `${m.version}_${m.name}`) };
  });
}
