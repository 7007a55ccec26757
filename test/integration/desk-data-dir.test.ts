/**
 * The desk's data directory and database are their owner's alone (decision
 * 0020): browser mode and the CLI keep the device token in this store, so on
 * POSIX the directory is created 0700 and the database files 0600, and a
 * wider directory left by an older Loopdesk is narrowed on open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDesk } from '../../electron/desk';
import { removeDir, tempDir } from './desk-fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function parent(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

function openOnce(dataDir: string): void {
  openDesk({ dataDir, sync: false }).close();
}

describe.skipIf(process.platform === 'win32')('data directory modes (POSIX)', () => {
  it('creates the data directory 0700 and the database files 0600', () => {
    const dir = path.join(parent(), 'nested', 'desk');
    openOnce(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, DB_FILE_NAME))).toBe(0o600);
    // A new desk, still open: SQLite made its -wal and -shm files with the database file's mode.
    const fresh = path.join(parent(), 'desk');
    const desk = openDesk({ dataDir: fresh, sync: false });
    try {
      for (const f of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`]) {
        expect(modeOf(path.join(fresh, f)), f).toBe(0o600);
      }
    } finally {
      desk.close();
    }
  });

  it('narrows a data directory and database an older Loopdesk left readable by others', () => {
    const dir = path.join(parent(), 'desk');
    openOnce(dir);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, DB_FILE_NAME), 0o644);
    openOnce(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, DB_FILE_NAME))).toBe(0o600);
  });
});
