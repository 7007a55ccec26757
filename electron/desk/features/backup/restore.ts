/**
 * Restoring a desk from a backup (the CLI's `restore`; the desk must be
 * closed). Everything is checked before anything is changed: the file is an
 * SQLite database of its full length, its manifest is there and its sha256
 * matches, SQLite's integrity check passes, the facts inside agree with the
 * manifest, the schema is not newer than this program, and it is this desk's
 * branch (and device). A refusal names the file and changes nothing.
 *
 * Then the backup is copied in under a temporary name and made safe to run
 * as this desk again (replaced.ts, docs/backups.md, decision 0034):
 *  - the HLC and the day counters never go back: each takes the larger of the
 *    backup's and the replaced database's (when that one is still readable);
 *  - a desk connected to head office when it was replaced stays connected;
 *  - a desk connected then, or when the backup was made, writes nothing until
 *    its first sync (`restore.awaitingSync`), which brings back from head
 *    office what this device wrote after the backup, so numbers continue from
 *    the highest in the log; events head office already has leave the outbox
 *    when they come back on that pull (sync/store.ts), or are acknowledged as
 *    duplicates.
 * The replaced database is kept beside it as `loopdesk.db.before-restore-<time>`.
 * The desk must stay closed up to the swap (restoreDesk below).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { latestVersion } from '../../db/migrations';
import type { MessageParams } from '../../kernel/messages';
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
import { carryForward, lockReplaced, type RestoreTarget } from './replaced';

export type { RestoreTarget } from './replaced';

export interface RestoreRefusal {
  key: BackupMessageKey;
  params: MessageParams;
}

type Checked = { ok: true; manifest: BackupManifest } | { ok: false; refusal: RestoreRefusal };

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
  const other = checkTarget(file, manifest, target);
  return other === null ? { ok: true, manifest } : { ok: false, refusal: other };
}

/** Same branch and device as the desk being replaced; `target` null accepts any. */
function checkTarget(
  file: string,
  manifest: BackupManifest,
  target: RestoreTarget | null,
): RestoreRefusal | null {
  if (target !== null && manifest.branchCode !== target.branchCode) {
    return {
      key: 'restoreOtherBranch',
      params: { file, found: manifest.branchCode, expected: target.branchCode },
    };
  }
  if (target !== null && manifest.deviceId !== target.deviceId) {
    return {
      key: 'restoreOtherDevice',
      params: {
        file,
        found: `${manifest.branchCode}${manifest.deviceCode}`,
        expected: `${target.branchCode}${target.deviceCode}`,
      },
    };
  }
  return null;
}

/** A rename the OS refused because another process has the file open (Windows). */
function isInUse(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'EBUSY' || code === 'EPERM' || code === 'EACCES';
}

export type RestoreOutcome =
  | { ok: true; manifest: BackupManifest; keptAs: string | null; awaitingSync: boolean }
  | { ok: false; refusal: RestoreRefusal };

/**
 * Restores `<dataDir>/loopdesk.db` from `file` (see the top of this file).
 * The desk must be closed: checked at once (before the long checks of the
 * backup), and again under the exclusive lock just before the swap, which is
 * held until the swap, so a desk started meanwhile makes the restore refuse
 * rather than go on writing into the file set aside.
 */
export async function restoreDesk(o: {
  dataDir: string;
  dbFile: string;
  file: string;
  now: () => number;
}): Promise<RestoreOutcome> {
  const file = path.resolve(o.file);
  const deskOpen = refuse('restoreDeskOpen', { dir: o.dataDir });
  const probe = lockReplaced(o.dbFile);
  if (probe === null) return deskOpen;
  probe.release();
  const checked = await checkBackupFile(file, probe.replaced.target);
  if (!checked.ok) return checked;
  fs.mkdirSync(o.dataDir, { recursive: true });
  const stamp = new Date(o.now())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const tmp = path.join(o.dataDir, `.restore-${stamp}.db.partial`);
  try {
    // The long part (copy and flush) before the lock is taken again.
    fs.copyFileSync(file, tmp);
    const copy = new Database(tmp);
    try {
      copy.exec('DROP TABLE IF EXISTS backup_manifest');
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fsyncFile(tmp);

    // Is the desk still closed? Held from here to the swap; what it knew is read again (a desk
    // opened and closed meanwhile wrote more, or was set up in an empty folder).
    const held = lockReplaced(o.dbFile);
    if (held === null) return deskOpen;
    let awaitingSync: boolean;
    try {
      const other = checkTarget(file, checked.manifest, held.replaced.target);
      if (other !== null) return { ok: false, refusal: other };
      const db = new Database(tmp);
      try {
        awaitingSync = db.transaction(() =>
          carryForward(db, held.replaced, new Date(o.now()).toISOString()),
        )();
      } finally {
        db.close();
      }
      fsyncFile(tmp);
    } finally {
      held.release(); // Windows renames no open file: let go just before the swap, with no await between
    }
    let keptAs: string | null = null;
    if (fs.existsSync(o.dbFile)) {
      keptAs = `${o.dbFile}.before-restore-${stamp}`;
      try {
        fs.renameSync(o.dbFile, keptAs);
      } catch (e) {
        if (isInUse(e)) return deskOpen; // opened in that instant (Windows): nothing was changed
        throw e;
      }
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
