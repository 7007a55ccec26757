/**
 * Events an upgrade newly understands are marked known and folded by one
 * rebuild when the desk opens. If that rebuild is cut short (power, a kill,
 * a full disk), the next open rebuilds again: marking them known leaves the
 * projections stale until a rebuild commits. Before, the marks were
 * committed on their own and the next open saw nothing left to do, so those
 * events were never projected.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME, openDesk } from '../../electron/desk';
import { EventStore } from '../../electron/desk/kernel/eventStore';
import { createCase, openTestDesk, removeDir } from './desk-fixtures';

describe('an upgrade rebuild cut short', () => {
  it('runs again on the next open, and the newly known events are projected', async () => {
    const t = await openTestDesk({ sync: false });
    try {
      const c = await createCase(t, t.admin.token);
      t.core.close();
      // As an older version left it: the case's events stored raw (not yet understood), no row.
      const db = new Database(path.join(t.dir, DB_FILE_NAME));
      db.prepare('UPDATE events SET known = 0 WHERE stream = ?').run(`case:${c.id}`);
      db.pragma('foreign_keys = OFF');
      db.prepare('DELETE FROM cases WHERE id = ?').run(c.id);
      db.close();

      const cut = vi.spyOn(EventStore.prototype, 'rebuild').mockImplementationOnce(() => {
        throw new Error('power cut');
      });
      expect(() => openDesk({ dataDir: t.dir, sync: false })).toThrow('power cut');
      cut.mockRestore();

      openDesk({ dataDir: t.dir, sync: false }).close();
      const again = new Database(path.join(t.dir, DB_FILE_NAME), { readonly: true });
      try {
        expect(again.prepare('SELECT id FROM cases WHERE id = ?').get(c.id)).toEqual({ id: c.id });
      } finally {
        again.close();
      }
    } finally {
      removeDir(t.dir);
    }
  });
});
