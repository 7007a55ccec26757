/**
 * The server's SQLite statement cache (server/store/open.ts): one prepared
 * statement per SQL text, never one handed out while it is still iterating,
 * and a bounded size.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../server/store/open';

describe('withStatementCache', () => {
  it('reuses the statement of a text, bounded, and gives a busy one a fresh twin', () => {
    const raw = new Database(':memory:');
    const db = withStatementCache(raw, 2);
    try {
      db.prepare('CREATE TABLE t (n INTEGER)').run([]);
      const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
      for (let i = 0; i < 5; i++) expect(db.prepare('INSERT INTO t (n) VALUES (?)')).toBe(insert);
      for (let i = 0; i < 5; i++) insert.run([i]);

      const select = db.prepare('SELECT n FROM t ORDER BY n');
      const it = select.iterate([]);
      it.next(); // select is now busy
      const twin = db.prepare('SELECT n FROM t ORDER BY n');
      expect(twin).not.toBe(select);
      expect(twin.all([])).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
      it.return?.();
      expect(db.prepare('SELECT n FROM t ORDER BY n')).toBe(select);

      // Cap 2: a third text pushes out the least recently used one.
      db.prepare('SELECT count(*) AS c FROM t');
      expect(db.prepare('SELECT n FROM t ORDER BY n')).toBe(select);
      expect(db.prepare('INSERT INTO t (n) VALUES (?)')).not.toBe(insert);
    } finally {
      db.close();
    }
    expect(raw.open).toBe(false);
  });
});
