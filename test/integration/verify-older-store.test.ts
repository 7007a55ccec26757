/**
 * `verify` reads a store as it is: a backup made by the previous release
 * (one schema version older) is checked, not refused with a failed upgrade
 * on the read-only handle (which cannot migrate, and must not).
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/desk';
import { verifyDeskFolder } from '../../electron/cli/verify';
import { createCase, openTestDesk, removeDir } from './desk-fixtures';

describe('verify on an older store', () => {
  it('checks a store one schema version older without upgrading it', async () => {
    const t = await openTestDesk({ sync: false });
    try {
      for (let i = 0; i < 3; i++) await createCase(t, t.admin.token);
      t.core.close();
      // As release 24 left it: the alerts table before migration 0025.
      const db = new Database(path.join(t.dir, DB_FILE_NAME));
      db.exec(`DROP INDEX alerts_sup_open;
        ALTER TABLE alerts DROP COLUMN sup_acked_ms;
        ALTER TABLE alerts DROP COLUMN sup_acked_by;
        DROP INDEX alerts_once;
        CREATE UNIQUE INDEX alerts_once ON alerts (case_id, rule, kind, ref, attempt);`);
      db.pragma('user_version = 24');
      db.close();
      const outcome = verifyDeskFolder(t.dir);
      expect(outcome.ok).toBe(true);
      const after = new Database(path.join(t.dir, DB_FILE_NAME), { readonly: true });
      try {
        expect(after.pragma('user_version', { simple: true })).toBe(24);
      } finally {
        after.close();
      }
    } finally {
      removeDir(t.dir);
    }
  });
});
