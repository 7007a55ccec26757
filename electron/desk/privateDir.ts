/**
 * The desk's data directory and database are its owner's alone: the store
 * holds the device token (unsealed in browser mode and the CLI), staff
 * records and every case. On POSIX the directory is 0700 and the database
 * files 0600, whether new or left wider by an older Loopdesk; SQLite gives its
 * -wal and -shm files the database file's mode. On Windows the profile folder's
 * ACL already keeps other users out, and modes mean little: nothing is done.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

function tighten(p: string, mode: number): void {
  if ((statSync(p).mode & 0o777) !== mode) chmodSync(p, mode);
}

/** Creates `dir` (parents with the usual mode) readable by its owner only, or narrows an existing one. */
export function makePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  if (!existsSync(dir)) mkdirSync(dir, { mode: PRIVATE_DIR });
  if (platform !== 'win32') tighten(dir, PRIVATE_DIR);
}

/**
 * Makes the database file (empty when new: SQLite takes an empty file as a new
 * database) and any -wal/-shm beside it readable by the owner only.
 */
export function makePrivateDbFile(file: string, platform: NodeJS.Platform = process.platform): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE));
  if (platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) tighten(f, PRIVATE_FILE);
}
