/**
 * The desk's content-addressed file store (issue 12: evidence files):
 * `<dataDir>/evidence/<first two hex digits>/<sha256>`.
 *
 * - A file is written to a temporary file in its final folder, fsynced,
 *   read back and hashed (what reached the disk must be what was meant),
 *   then linked into place: `link` fails on an existing name, so a stored
 *   file is never overwritten, and a crash leaves at most a `.tmp-*` file
 *   (swept at the next write into that folder after an hour).
 * - Files are never deleted here: whatever refers to them (events, the
 *   upload queue) outlives them.
 * - Reads check the hash again, so a file changed on disk is reported, not
 *   sent or shown as evidence.
 *
 * Used by the evidence feature, the sync engine (through its port) and the
 * migration that moved queued bytes out of SQLite (db/migrations/0014).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const TMP_PREFIX = '.tmp-';
/** A temporary file older than this is a crash's leftover. */
const STALE_TMP_MS = 60 * 60 * 1000;

export interface StoredFile {
  sha256: string;
  size: number;
  /** False when the store already held this content (nothing was written). */
  created: boolean;
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The sha256 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    const b = chunk as Buffer;
    size += b.length;
    h.update(b);
  }
  return { sha256: h.digest('hex'), size };
}

export class FileStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileStoreError';
  }
}

export class ContentStore {
  constructor(readonly dir: string) {}

  /** Where the file of `sha256` lives (whether or not it is there). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new FileStoreError(`not a sha256: ${sha256.slice(0, 80)}`);
    return path.join(this.dir, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    try {
      return statSync(this.pathOf(sha256)).isFile();
    } catch {
      return false;
    }
  }

  /** The size of the stored file, or null when it is not here. */
  sizeOf(sha256: string): number | null {
    try {
      const s = statSync(this.pathOf(sha256));
      return s.isFile() ? s.size : null;
    } catch {
      return null;
    }
  }

  /** The bytes of a stored file, or why they cannot be used (missing, or no longer matching their hash). */
  read(sha256: string): Buffer | { problem: 'missing' | 'changed' } {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.pathOf(sha256));
    } catch {
      return { problem: 'missing' };
    }
    return sha256OfBytes(bytes) === sha256 ? bytes : { problem: 'changed' };
  }

  /** Stores `bytes` (synchronously) under their sha256. */
  putBytes(bytes: Uint8Array): StoredFile {
    const sha256 = sha256OfBytes(bytes);
    const target = this.pathOf(sha256);
    if (this.has(sha256)) return { sha256, size: bytes.byteLength, created: false };
    const folder = path.dirname(target);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    sweepStaleTemps(folder);
    const tmp = path.join(folder, `${TMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      let off = 0;
      while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return this.settle(tmp, target, sha256, bytes.byteLength);
  }

  /**
   * Stores the file at `source` (a temporary upload, or a file the clerk
   * chose) under its sha256, copying it into the store; `source` is left
   * as it is. `expected` is the hash the caller measured, when it did.
   */
  async putFile(source: string, expected?: { sha256: string; size: number }): Promise<StoredFile> {
    const measured = expected ?? (await hashFile(source));
    if (this.has(measured.sha256)) return { ...measured, created: false };
    const target = this.pathOf(measured.sha256);
    const folder = path.dirname(target);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    sweepStaleTemps(folder);
    const tmp = path.join(folder, `${TMP_PREFIX}${randomBytes(8).toString('hex')}`);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      for await (const chunk of createReadStream(source)) {
        const b = chunk as Buffer;
        let off = 0;
        while (off < b.length) off += writeSync(fd, b, off, b.length - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return this.settle(tmp, target, measured.sha256, measured.size);
  }

  /** Checks the temporary file's hash, links it into place (never over an existing file) and removes it. */
  private settle(tmp: string, target: string, sha256: string, size: number): StoredFile {
    try {
      const written = readFileSync(tmp);
      if (written.length !== size || sha256OfBytes(written) !== sha256) {
        throw new FileStoreError(`the file written for ${sha256} does not hash to it; nothing was stored`);
      }
      try {
        linkSync(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { sha256, size, created: false };
        throw e;
      }
      return { sha256, size, created: true };
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }
}

/** Removes temporary files a crash left behind (older than an hour) in one folder of the store. */
function sweepStaleTemps(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const now = Date.now();
  for (const n of names) {
    if (!n.startsWith(TMP_PREFIX)) continue;
    const p = path.join(folder, n);
    try {
      if (now - statSync(p).mtimeMs > STALE_TMP_MS) unlinkSync(p);
    } catch {
      // another writer took it
    }
  }
}
