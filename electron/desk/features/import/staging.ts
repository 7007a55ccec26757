/**
 * Staged import files (issue 13 item 2; docs/import.md): the bytes of a log a
 * supervisor chose, kept under `<dataDir>/imports/` by their sha256 (the id
 * DeskApi's import methods name a file by), with a small JSON sidecar that
 * keeps the original name: `<sha256>` and `<sha256>.json`. Staging the same
 * bytes again keeps one copy (the latest name). Files older than a day are
 * swept when the desk opens and whenever a file is staged. Larger than
 * IMPORT_MAX_BYTES is refused and nothing is kept.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { StagedImportFile } from '../../../../shared/contract/methods/import';
import { IMPORT_MAX_BYTES } from './read';

/** Staged files older than this are removed. */
export const STAGED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const Sidecar = z.object({ name: z.string(), bytes: z.number().int().nonnegative(), stagedAt: z.number() });

const SHA256 = /^[0-9a-f]{64}$/;

/** A staged file refused: larger than the limit. */
export class StagedTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`import file too large: ${bytes} bytes`);
    this.name = 'StagedTooLarge';
  }
}

/** Only a file's own name: no folder, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base === '' ? 'import' : base).slice(0, 200);
}

export class ImportFiles {
  constructor(
    readonly dir: string,
    readonly maxBytes: number = IMPORT_MAX_BYTES,
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.sweep();
  }

  /** Keeps `bytes` under their sha256 with `name`; throws StagedTooLarge past the limit. */
  stage(name: string, bytes: Uint8Array): StagedImportFile {
    if (bytes.byteLength > this.maxBytes) throw new StagedTooLarge(bytes.byteLength);
    this.sweep();
    const fileId = createHash('sha256').update(bytes).digest('hex');
    const file = path.join(this.dir, fileId);
    const clean = cleanFileName(name);
    if (!fs.existsSync(file)) {
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
      fs.writeFileSync(tmp, bytes, { mode: 0o600 });
      fs.renameSync(tmp, file);
    }
    const side = { name: clean, bytes: bytes.byteLength, stagedAt: Date.now() };
    fs.writeFileSync(`${file}.json`, JSON.stringify(side), { mode: 0o600 });
    return { fileId, name: clean, bytes: bytes.byteLength };
  }

  /** Stages a file from disk (the CLI), checking its size before reading it. */
  stageFile(file: string): StagedImportFile {
    const size = fs.statSync(file).size;
    if (size > this.maxBytes) throw new StagedTooLarge(size);
    return this.stage(path.basename(file), fs.readFileSync(file));
  }

  /** A staged file by its id: where its bytes are and its original name; null when unknown or swept. */
  get(fileId: string): { path: string; name: string; bytes: number } | null {
    if (!SHA256.test(fileId)) return null;
    const file = path.join(this.dir, fileId);
    try {
      const side = Sidecar.parse(JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')));
      if (!fs.existsSync(file)) return null;
      return { path: file, name: side.name, bytes: side.bytes };
    } catch {
      return null;
    }
  }

  /** Removes staged files (and stray parts) older than STAGED_MAX_AGE_MS (by the files' own clock). */
  sweep(): void {
    const cutoff = Date.now() - STAGED_MAX_AGE_MS;
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(this.dir, n);
      try {
        if (fs.statSync(p).mtimeMs < cutoff) fs.rmSync(p, { force: true });
      } catch {
        // gone already
      }
    }
  }
}
