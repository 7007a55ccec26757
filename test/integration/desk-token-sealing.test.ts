/**
 * The device token at rest (decision 0020): sealed by the sealer the shell
 * gives openDesk, migrated from plain on open, and never used as it is where
 * it cannot be opened.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDesk, type SecretSealer } from '../../electron/desk';
import { plainSealer } from '../../electron/desk/sync/secretSealer';
import { readDeskDb, removeDir, tempDir } from './desk-fixtures';
const TOKEN = 'dGVzdC10b2tlbi1vZi10aGUtYXQtcmVzdC10ZXN0cy0wMTI';
const SERVER = 'http://127.0.0.1:9';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function parent(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

/** Opens and closes the desk, returning the sync state it reported and its log lines. */
async function openOnce(dataDir: string, sealer?: SecretSealer): Promise<{ state: string; log: string[] }> {
  const log: string[] = [];
  const desk = openDesk({ dataDir, secretSealer: sealer, sync: { timers: false, log: (l) => log.push(l) } });
  try {
    return { state: (await desk.syncIdle()).state, log };
  } finally {
    desk.close();
  }
}

function storedToken(dir: string): string | null {
  return readDeskDb(dir, (db) => {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'sync.token'").get() as
      { value: string } | undefined;
    return row?.value ?? null;
  });
}

/** An enrolment as a desk before decision 0020 stored it: the token as it is. */
function writePlainEnrolment(dir: string): void {
  const db = new Database(path.join(dir, DB_FILE_NAME));
  try {
    const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    set.run('sync.serverUrl', SERVER);
    set.run('sync.token', TOKEN);
  } finally {
    db.close();
  }
}

const fakeSafeStorage = (failOpen = false): SecretSealer => ({
  kind: 'safeStorage',
  seal: (plain) => Buffer.from(plain).toString('hex'),
  open: (sealed) => {
    if (failOpen) throw new Error('cannot decrypt');
    return Buffer.from(sealed, 'hex').toString();
  },
});

describe('the device token at rest', () => {
  it('browser mode keeps a plain token plain and syncs with it', async () => {
    const dir = path.join(parent(), 'desk');
    await openOnce(dir);
    writePlainEnrolment(dir);
    expect((await openOnce(dir, plainSealer)).state).not.toBe('unconfigured');
    expect(storedToken(dir)).toBe(TOKEN);
  });

  it('a sealing shell seals a plain token on open and still uses it', async () => {
    const dir = path.join(parent(), 'desk');
    await openOnce(dir);
    writePlainEnrolment(dir);
    expect((await openOnce(dir, fakeSafeStorage())).state).not.toBe('unconfigured');
    const stored = storedToken(dir);
    expect(stored).toBe(`sealed:safeStorage:${Buffer.from(TOKEN).toString('hex')}`);
    expect(stored).not.toContain(TOKEN);
    expect((await openOnce(dir, fakeSafeStorage())).state).not.toBe('unconfigured');
  });

  it('a sealed token does not fall back: browser mode leaves it, keeps sync off and says why', async () => {
    const dir = path.join(parent(), 'desk');
    await openOnce(dir);
    writePlainEnrolment(dir);
    await openOnce(dir, fakeSafeStorage());
    const sealed = storedToken(dir);
    for (const sealer of [plainSealer, fakeSafeStorage(true)]) {
      const { state, log } = await openOnce(dir, sealer);
      expect(state).toBe('unconfigured');
      expect(log.join('\n')).toMatch(/device token cannot be used here/);
      expect(storedToken(dir)).toBe(sealed);
    }
  });
});
