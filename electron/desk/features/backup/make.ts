/**
 * Making one backup while the desk runs: SQLite's online backup API
 * (better-sqlite3 `db.backup`) on the desk's own connection, page-stepped so
 * the desk keeps answering between steps; a write the desk makes meanwhile
 * goes into the copy too (same connection), so the copy is the database as
 * it stands when the last step ends (decision 0034).
 *
 * The copy is written under a temporary name in the backup folder, its facts
 * written into it, flushed to disk, hashed, its manifest written beside it,
 * and only then both renamed to their final names: a cancelled or failed
 * backup leaves no file with a backup's name (the temporary ones are removed).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { ORDER_NUMBER_PREFIX } from '../../../../shared/domain/orders/number';
import { JobCancelled, type JobContext } from '../../kernel/jobs';
import type { DeviceIdentity } from '../../kernel/meta';
import {
  BACKUP_EXTENSION,
  fsyncDir,
  fsyncFile,
  manifestPathOf,
  MANIFEST_FORMAT,
  MANIFEST_SUFFIX,
  sha256File,
  writeFactsInto,
  type BackupFacts,
  type BackupManifest,
} from './manifest';

export interface BackupSource {
  /** The desk's own connection (writes through it reach the copy while it runs). */
  sqlite: Database.Database;
  identity: DeviceIdentity;
  appVersion: string;
  now: () => number;
}

export interface MadeBackup {
  file: string;
  manifest: BackupManifest;
}

/** Pages copied per step: about 2 MiB at 4 KiB pages, a few milliseconds of the desk's thread. */
const PAGES_PER_STEP = 512;

/** `loopdesk-GZ01-20261130T091500Z.db`: sorts by time; the device is in the name for rotation. */
export function backupFileName(id: DeviceIdentity, at: number, n = 0): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `loopdesk-${id.branchCode}${id.deviceCode}-${stamp}${n > 0 ? `-${n}` : ''}${BACKUP_EXTENSION}`;
}

function freeName(folder: string, id: DeviceIdentity, at: number): string {
  for (let n = 0; ; n++) {
    const name = backupFileName(id, at, n);
    if (!fs.existsSync(path.join(folder, name))) return name;
  }
}

/** This device's highest number with `prefix` (by day, then sequence as a number). */
function highestNumber(db: Database.Database, table: string, prefix: string): string | null {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  if (!has) return null;
  const row = db
    .prepare(
      `SELECT number FROM ${table} WHERE number >= ? AND number < ?
        ORDER BY substr(number, ?, 8) DESC, CAST(substr(number, ?) AS INTEGER) DESC LIMIT 1`,
    )
    .get(prefix, `${prefix}:`, prefix.length + 1, prefix.length + 10) as { number: string } | undefined;
  return row?.number ?? null;
}

/** The facts of a backup copy, read from the copy itself. */
export function factsOf(db: Database.Database, src: BackupSource, createdAt: string): BackupFacts {
  const id = src.identity;
  const meta = (key: string): string | null =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ??
    null;
  const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  const own = `${id.branchCode}${id.deviceCode}-`;
  return {
    format: MANIFEST_FORMAT,
    kind: 'loopdesk-desk-backup',
    createdAt,
    branchCode: id.branchCode,
    branchName: id.branchName,
    deviceId: id.deviceId,
    deviceCode: id.deviceCode,
    schemaVersion: Number(db.pragma('user_version', { simple: true })),
    appVersion: src.appVersion,
    events,
    highestCaseNumber: highestNumber(db, 'cases', own),
    highestOrderNumber: highestNumber(db, 'orders', `${ORDER_NUMBER_PREFIX}${own}`),
    lastHlc: meta('hlc.last'),
  };
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Best effort: a leftover temporary file is named as one (a leading dot and .partial).
  }
}

/** Makes one backup of the desk into `folder` (which must exist). */
export async function makeBackup(src: BackupSource, folder: string, ctx: JobContext): Promise<MadeBackup> {
  const at = src.now();
  const name = freeName(folder, src.identity, at);
  const file = path.join(folder, name);
  const tmp = path.join(folder, `.${name}.partial`);
  const tmpManifest = `${tmp}${MANIFEST_SUFFIX}`;
  const checkCancel = (): void => {
    if (ctx.signal.aborted) throw new JobCancelled();
  };
  try {
    checkCancel();
    const copied = await src.sqlite.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        checkCancel();
        ctx.progress(totalPages - remainingPages, totalPages, 'copy');
        return PAGES_PER_STEP;
      },
    });
    ctx.progress(copied.totalPages, copied.totalPages, 'copy');
    checkCancel();
    const copy = new Database(tmp);
    let facts: BackupFacts;
    try {
      copy.pragma('journal_mode = DELETE'); // one self-contained file, no -wal beside it
      facts = factsOf(copy, src, new Date(at).toISOString());
      writeFactsInto(copy, facts);
    } finally {
      copy.close();
    }
    fsyncFile(tmp);
    checkCancel();
    const sha256 = await sha256File(tmp, ctx.signal);
    const manifest: BackupManifest = { ...facts, file: name, bytes: fs.statSync(tmp).size, sha256 };
    fs.writeFileSync(tmpManifest, `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncFile(tmpManifest);
    checkCancel();
    // The manifest first: a crash between the two renames leaves a manifest without its file, never
    // a backup file without its manifest.
    fs.renameSync(tmpManifest, manifestPathOf(file));
    fs.renameSync(tmp, file);
    fsyncDir(folder);
    return { file, manifest };
  } catch (e) {
    removeQuietly(tmp);
    removeQuietly(tmpManifest);
    if (e instanceof JobCancelled || ctx.signal.aborted) throw new JobCancelled();
    throw e;
  }
}
