/**
 * A backup's manifest: what restore checks before it touches anything.
 *
 * The facts (branch, device, schema version, app version, event count, the
 * highest case and order numbers of this device, the last HLC) are written
 * twice: into the backup itself (table `backup_manifest`, so the file alone
 * says what it is) and into a small JSON file beside it, `<file>.manifest.json`,
 * which adds the sha256 of the backup file (a file cannot hold its own hash).
 * Restore needs both and checks they agree.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import type Database from 'better-sqlite3';

export const MANIFEST_FORMAT = 1;
export const MANIFEST_SUFFIX = '.manifest.json';
export const BACKUP_EXTENSION = '.db';

export const BackupFacts = z.object({
  format: z.literal(MANIFEST_FORMAT),
  kind: z.literal('loopdesk-desk-backup'),
  createdAt: z.string(),
  branchCode: z.string(),
  branchName: z.string(),
  deviceId: z.string(),
  deviceCode: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  appVersion: z.string(),
  events: z.number().int().nonnegative(),
  /** This device's highest case and order numbers in the backup (null: none yet). */
  highestCaseNumber: z.string().nullable(),
  highestOrderNumber: z.string().nullable(),
  lastHlc: z.string().nullable(),
});
export type BackupFacts = z.infer<typeof BackupFacts>;

export const BackupManifest = BackupFacts.extend({
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export function manifestPathOf(file: string): string {
  return `${file}${MANIFEST_SUFFIX}`;
}

/** Writes the facts into the backup copy (its own table; removed again by restore). */
export function writeFactsInto(db: Database.Database, facts: BackupFacts): void {
  db.exec('CREATE TABLE IF NOT EXISTS backup_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
  db.prepare('INSERT OR REPLACE INTO backup_manifest (key, value) VALUES (?, ?)').run(
    'facts',
    JSON.stringify(facts),
  );
}

/** The facts a backup holds, or null when it holds none (not a Loopdesk backup). */
export function readFactsFrom(db: Database.Database): BackupFacts | null {
  const has = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backup_manifest'")
    .get();
  if (!has) return null;
  const row = db.prepare("SELECT value FROM backup_manifest WHERE key = 'facts'").get() as
    { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = BackupFacts.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The sha256 of a file, read in chunks (constant memory). */
export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20, signal });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Flushes a file's bytes to the disk. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (a rename) to the disk; a no-op where folders cannot be opened (Windows). */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder: the rename is still atomic.
  } finally {
    fs.closeSync(fd);
  }
}
