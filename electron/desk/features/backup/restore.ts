/**
 * Restoring a desk from a backup (the CLI's `restore`; the desk must be
 * closed). Everything is checked before anything is changed: the file is an
 * SQLite database of its full length, its manifest is there and its sha256
 * matches, SQLite's integrity check passes, the facts inside agree with the
 * manifest, the schema is not newer than this program, and it is this desk's
 * branch (and device). A refusal names the file and changes nothing.
 *
 * Then the backup is copied in under a temporary name and made safe to run
 * as this desk again (docs/backups.md, decision 0034):
 *  - the HLC and the day counters never go back: each takes the larger of the
 *    backup's and the replaced database's (when that one is still readable);
 *  - an enrolled desk holds new case and order numbers until its first sync
 *    (`restore.awaitingSync`), which brings back from head office what this
 *    device wrote after the backup, so numbers continue from the highest in
 *    the log; events head office already has leave the outbox when they come
 *    back on that pull (sync/store.ts), or are acknowledged as duplicates.
 * The replaced database is kept beside it as `loopdesk.db.before-restore-<time>`.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { latestVersion } from '../../db/migrations';
import type { MessageParams } from '../../kernel/messages';
import { META_KEYS } from '../../kernel/meta';
import {
  BackupManifest,
  fsyncDir,
  fsyncFile,
  manifestPathOf,
  readFactsFrom,
  sha256File,
  type BackupFacts,
} from './manifest';
import type { BackupMessageKey } from './messages';

export interface RestoreRefusal {
  key: BackupMessageKey;
  params: MessageParams;
}

type Checked = { ok: true; manifest: BackupManifest } | { ok: false; refusal: RestoreRefusal };

/** Who the backup must belong to (the desk being replaced), when it can be read. */
export interface RestoreTarget {
  branchCode: string;
  deviceId: string;
  deviceCode: string;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function refuse(key: BackupMessageKey, params: MessageParams): { ok: false; refusal: RestoreRefusal } {
  return { ok: false, refusal: { key, params } };
}

/** Header checks: an SQLite file, as long as its header says. */
function checkHeader(file: string): RestoreRefusal | null {
  const size = fs.statSync(file).size;
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const prefix = head.subarray(0, Math.min(read, SQLITE_HEADER.length));
  if (read === 0 || !SQLITE_HEADER.subarray(0, prefix.length).equals(prefix)) {
    return { key: 'restoreNotSqlite', params: { file } };
  }
  if (read < 100) return { key: 'restoreTruncated', params: { file, bytes: size, expected: '?' } };
  const rawPage = head.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  const pages = head.readUInt32BE(28);
  const expected = pageSize * pages;
  if (pages > 0 && size < expected)
    return { key: 'restoreTruncated', params: { file, bytes: size, expected } };
  return null;
}

const SAME_FACTS: readonly (keyof BackupFacts)[] = [
  'branchCode',
  'deviceId',
  'deviceCode',
  'schemaVersion',
  'events',
  'createdAt',
];

/** Checks a backup file; `target` null accepts any branch (an empty data folder). */
export async function checkBackupFile(file: string, target: RestoreTarget | null): Promise<Checked> {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) return refuse('restoreFileMissing', { file });
  const header = checkHeader(file);
  if (header) return { ok: false, refusal: header };
  const manifestFile = manifestPathOf(file);
  if (!fs.existsSync(manifestFile)) {
    return refuse('restoreManifestMissing', { file, manifest: path.basename(manifestFile) });
  }
  let manifest: BackupManifest;
  try {
    const parsed = BackupManifest.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
    if (!parsed.success)
      return refuse('restoreManifestBad', { file, detail: parsed.error.issues[0]?.message ?? '' });
    manifest = parsed.data;
  } catch (e) {
    return refuse('restoreManifestBad', { file, detail: e instanceof Error ? e.message : String(e) });
  }
  if ((await sha256File(file)) !== manifest.sha256) return refuse('restoreHashMismatch', { file });
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    return refuse('restoreNotSqlite', { file });
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
        (r) => r.integrity_check,
      );
    } catch (e) {
      return refuse('restoreDamaged', { file, detail: e instanceof Error ? e.message : String(e) });
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      return refuse('restoreDamaged', { file, detail: problems.slice(0, 3).join('; ') });
    }
    const found = Number(db.pragma('user_version', { simple: true }));
    const known = latestVersion();
    if (found > known || manifest.schemaVersion > known) {
      return refuse('restoreTooNew', { file, found: Math.max(found, manifest.schemaVersion), known });
    }
    const facts = readFactsFrom(db);
    if (facts === null)
      return refuse('restoreManifestBad', { file, detail: 'no backup facts inside the file' });
    const differs = SAME_FACTS.find((k) => facts[k] !== manifest[k]);
    if (differs !== undefined || found !== manifest.schemaVersion) {
      return refuse('restoreManifestBad', { file, detail: `${differs ?? 'schemaVersion'} differs` });
    }
  } finally {
    db.close();
  }
  if (target !== null && manifest.branchCode !== target.branchCode) {
    return refuse('restoreOtherBranch', { file, found: manifest.branchCode, expected: target.branchCode });
  }
  if (target !== null && manifest.deviceId !== target.deviceId) {
    return refuse('restoreOtherDevice', {
      file,
      found: `${manifest.branchCode}${manifest.deviceCode}`,
      expected: `${target.branchCode}${target.deviceCode}`,
    });
  }
  return { ok: true, manifest };
}

/** What the desk being replaced knew, read under an exclusive lock (so it is also the "desk open?" probe). */
interface Replaced {
  target: RestoreTarget | null;
  /** meta rows that never go back: hlc.last and the day counters. */
  floors: Map<string, string>;
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** null: the desk is open. A database that cannot be read gives no target and no floors. */
function readReplaced(current: string): Replaced | null {
  const none: Replaced = { target: null, floors: new Map() };
  if (!fs.existsSync(current)) return none;
  let db: Database.Database;
  try {
    db = new Database(current, { fileMustExist: true });
  } catch {
    return none;
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    let out = none;
    try {
      const rows = db
        .prepare(
          `SELECT key, value FROM meta WHERE key IN (?, ?, ?, ?) OR key LIKE 'caseSeq.%' OR key LIKE 'orderSeq.%'`,
        )
        .all(META_KEYS.deviceId, META_KEYS.branchCode, META_KEYS.deviceCode, META_KEYS.lastHlc) as {
        key: string;
        value: string;
      }[];
      const get = (k: string): string | undefined => rows.find((r) => r.key === k)?.value;
      const deviceId = get(META_KEYS.deviceId);
      const branchCode = get(META_KEYS.branchCode);
      const deviceCode = get(META_KEYS.deviceCode);
      const floors = new Map<string, string>();
      for (const r of rows)
        if (r.key === META_KEYS.lastHlc || r.key.includes('Seq.')) floors.set(r.key, r.value);
      out = {
        target:
          deviceId !== undefined && branchCode !== undefined && deviceCode !== undefined
            ? { deviceId, branchCode, deviceCode }
            : null,
        floors,
      };
    } catch {
      out = none; // unreadable (damaged): restoring is what it needs
    }
    db.exec('COMMIT');
    return out;
  } catch (e) {
    if (isBusy(e)) return null;
    return none;
  } finally {
    db.close(); // the last connection: SQLite checkpoints the WAL into the file and removes it
  }
}

export type RestoreOutcome =
  | { ok: true; manifest: BackupManifest; keptAs: string | null; awaitingSync: boolean }
  | { ok: false; refusal: RestoreRefusal };

/** Restores `<dataDir>/loopdesk.db` from `file` (see the top of this file). */
export async function restoreDesk(o: {
  dataDir: string;
  dbFile: string;
  file: string;
  now: () => number;
}): Promise<RestoreOutcome> {
  const file = path.resolve(o.file);
  const replaced = readReplaced(o.dbFile);
  if (replaced === null) return refuse('restoreDeskOpen', { dir: o.dataDir });
  const checked = await checkBackupFile(file, replaced.target);
  if (!checked.ok) return checked;
  fs.mkdirSync(o.dataDir, { recursive: true });
  const stamp = new Date(o.now())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const tmp = path.join(o.dataDir, `.restore-${stamp}.db.partial`);
  let awaitingSync = false;
  try {
    fs.copyFileSync(file, tmp);
    const db = new Database(tmp);
    try {
      db.exec('DROP TABLE IF EXISTS backup_manifest');
      const get = db.prepare('SELECT value FROM meta WHERE key = ?');
      const set = db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      for (const [key, value] of replaced.floors) {
        const mine = (get.get(key) as { value: string } | undefined)?.value;
        // HLC strings sort as text; counters as numbers.
        const later =
          key === META_KEYS.lastHlc ? mine === undefined || value > mine : Number(value) > Number(mine ?? 0);
        if (later) set.run(key, value);
      }
      // The sync feature's token key (sync/store.ts SYNC_META.token): set while the desk is enrolled.
      const token = (get.get('sync.token') as { value: string } | undefined)?.value;
      awaitingSync = token !== undefined && token !== '';
      if (awaitingSync) set.run(META_KEYS.restoreAwaitingSync, new Date(o.now()).toISOString());
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    fsyncFile(tmp);
    let keptAs: string | null = null;
    if (fs.existsSync(o.dbFile)) {
      keptAs = `${o.dbFile}.before-restore-${stamp}`;
      fs.renameSync(o.dbFile, keptAs);
      for (const side of ['-wal', '-shm']) {
        if (fs.existsSync(`${o.dbFile}${side}`)) fs.renameSync(`${o.dbFile}${side}`, `${keptAs}${side}`);
      }
    }
    fs.renameSync(tmp, o.dbFile);
    fsyncDir(o.dataDir);
    return { ok: true, manifest: checked.manifest, keptAs, awaitingSync };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
