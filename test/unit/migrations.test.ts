import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, MigrationError } from '../../electron/desk/db/errors';
import { migrate, schemaVersion } from '../../electron/desk/db/migrate';
import {
  assertMigrationOrder,
  latestVersion,
  MIGRATIONS,
  type Migration,
} from '../../electron/desk/db/migrations';
import { openDatabase } from '../../electron/desk/db/open';
import { openDesk } from '../../electron/desk';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-mig-'));
  dirs.push(dir);
  return path.join(dir, 'loopdesk.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('migration list', () => {
  it('has versions 1, 2, 3 … that only go up', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect(() => assertMigrationOrder(MIGRATIONS)).not.toThrow();
    MIGRATIONS.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      if (i > 0) expect(m.version).toBeGreaterThan(MIGRATIONS[i - 1]!.version);
    });
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('rejects lists that skip, repeat or go down', () => {
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: () => {} });
    expect(() => assertMigrationOrder([m(1), m(3)])).toThrow(/expected 2/);
    expect(() => assertMigrationOrder([m(2), m(1)])).toThrow();
    expect(() => assertMigrationOrder([m(1), m(1)])).toThrow();
    expect(() => assertMigrationOrder([m(0)])).toThrow();
  });
});

describe('openDatabase', () => {
  it('creates a fresh database at the latest version with STRICT tables, WAL and foreign keys', () => {
    const file = tempFile();
    const d = openDatabase(file);
    try {
      expect(schemaVersion(d.sqlite)).toBe(latestVersion());
      expect(d.migration.from).toBe(0);
      expect(d.migration.applied).toHaveLength(MIGRATIONS.length);
      expect(d.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(d.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(d.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(Number(d.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
      const tables = d.sqlite
        .prepare("SELECT name, strict FROM pragma_table_list WHERE type = 'table' AND schema = 'main'")
        .all() as {
        name: string;
        strict: number;
      }[];
      for (const name of ['meta', 'events', 'staff', 'cases']) {
        expect(tables.find((t) => t.name === name)?.strict, name).toBe(1);
      }
      const vt = d.sqlite.prepare("SELECT sql FROM sqlite_schema WHERE name = 'case_search'").get() as {
        sql: string;
      };
      expect(vt.sql).toMatch(/fts5/i);
    } finally {
      d.close();
    }
    // Reopening applies nothing.
    const again = openDatabase(file);
    expect(again.migration.applied).toEqual([]);
    again.close();
  });

  it('refuses a database written by a newer Loopdesk and leaves it untouched', () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.exec('CREATE TABLE future_thing (x TEXT) STRICT');
    raw.close();

    let caught: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DatabaseTooNewError);
    const e = caught as DatabaseTooNewError;
    expect(e.schemaVersion).toBe(latestVersion() + 5);
    expect(e.localized.en).toMatch(/newer Loopdesk \(schema \d+/);
    expect(e.localized.en).toMatch(/install the newer version/i);
    expect(e.localized['zh-CN']).toContain('更新版本');
    expect(e.localized['zh-CN']).toContain(String(latestVersion() + 5));

    // openDesk surfaces the same typed error.
    expect(() => openDesk({ dataDir: path.dirname(file) })).toThrow(DatabaseTooNewError);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latestVersion() + 5);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'events'").get()).toEqual({
      n: 0,
    });
    check.close();
  });

  it('runs all pending migrations in one transaction: a failure changes nothing', () => {
    const file = tempFile();
    const list: Migration[] = [
      { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE one (x TEXT) STRICT') },
      {
        version: 2,
        name: 'two',
        up: (db) => {
          db.exec('CREATE TABLE two (x TEXT) STRICT');
          throw new Error('boom');
        },
      },
    ];
    expect(() => openDatabase(file, { migrations: list })).toThrow(MigrationError);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(
      check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('one', 'two')").get(),
    ).toEqual({ n: 0 });
    check.close();

    // With the failing step fixed, both apply and the version is recorded.
    const fixed: Migration[] = [
      list[0]!,
      { version: 2, name: 'two', up: (db) => db.exec('CREATE TABLE two (x TEXT) STRICT') },
    ];
    const d = openDatabase(file, { migrations: fixed });
    expect(schemaVersion(d.sqlite)).toBe(2);
    expect(d.migration.applied).toEqual(['1_one', '2_two']);
    d.close();
  });
});

describe('migration 0025: alerts get their two audiences', () => {
  it('keeps what was acknowledged as seen by both, re-keys exhaustions by due time, and lets a new owner be alerted', () => {
    const db = new Database(tempFile());
    try {
      migrate(
        db,
        MIGRATIONS.slice(
          0,
          MIGRATIONS.findIndex((m) => m.name === 'alert_audiences'),
        ),
      );
      const raise = db.prepare(
        `INSERT INTO alerts (case_id, rule, kind, ref, attempt, owner, due_ms, raised_ms, acked_ms, acked_by)
         VALUES (?, ?, ?, '', ?, ?, ?, 1, ?, ?)`,
      );
      raise.run('c1', 'overdue', 'handling', 500, 'clerk', 500, 900, 'sup');
      // The same exhaustion alerted twice before (a back-dated contact moved its instant): one remains.
      raise.run('c2', 'contact_exhausted', 'contact', 700, 'clerk', 1000, null, null);
      raise.run('c2', 'contact_exhausted', 'contact', 650, 'clerk', 1000, null, null);
      migrate(db);
      expect(
        db
          .prepare(
            'SELECT case_id, attempt, acked_ms, acked_by, sup_acked_ms, sup_acked_by FROM alerts ORDER BY id',
          )
          .all(),
      ).toEqual([
        {
          case_id: 'c1',
          attempt: 500,
          acked_ms: 900,
          acked_by: 'sup',
          sup_acked_ms: 900,
          sup_acked_by: 'sup',
        },
        {
          case_id: 'c2',
          attempt: 1000,
          acked_ms: null,
          acked_by: null,
          sup_acked_ms: null,
          sup_acked_by: null,
        },
        {
          case_id: 'c2',
          attempt: 650,
          acked_ms: null,
          acked_by: null,
          sup_acked_ms: null,
          sup_acked_by: null,
        },
      ]);
      // The once-key holds the owner: the same occurrence for another owner is a new alert, for the same one not.
      const again = db.prepare(
        `INSERT OR IGNORE INTO alerts (case_id, rule, kind, ref, attempt, owner, due_ms, raised_ms)
         VALUES ('c1', 'overdue', 'handling', '', 500, ?, 500, 2)`,
      );
      expect(again.run('clerk').changes).toBe(0);
      expect(again.run('clerk2').changes).toBe(1);
      const failures = db.prepare(
        `INSERT OR IGNORE INTO alerts (case_id, rule, kind, ref, attempt, owner, due_ms, raised_ms)
         VALUES ('o1', 'order_failures', 'order_failures', '', 3, NULL, NULL, 2)`,
      );
      expect(failures.run().changes).toBe(1);
      expect(failures.run().changes).toBe(0);
    } finally {
      db.close();
    }
  });
});
