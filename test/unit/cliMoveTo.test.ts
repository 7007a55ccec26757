/**
 * The CLI's last step of an export (electron/cli/jobLoop.ts `moveTo`): the
 * finished file goes to `--out`, never over a file that appeared there while
 * the export ran (the check at the start is minutes old by then), and never
 * leaves a partial file under that name.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { moveTo } from '../../electron/cli/jobLoop';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-move-'));
  dirs.push(d);
  return d;
}

describe('moveTo', () => {
  it('moves the file to a free name', async () => {
    const d = folder();
    const from = path.join(d, 'made.csv');
    writeFileSync(from, 'a,b\r\n');
    await moveTo(from, path.join(d, 'out.csv'));
    expect(readdirSync(d)).toEqual(['out.csv']);
    expect(readFileSync(path.join(d, 'out.csv'), 'utf8')).toBe('a,b\r\n');
  });

  it('refuses a name that was taken meanwhile, in both languages, and leaves that file as it was', async () => {
    const d = folder();
    const from = path.join(d, 'made.csv');
    const out = path.join(d, 'out.csv');
    writeFileSync(from, 'a,b\r\n');
    writeFileSync(out, 'SOMEONE ELSE’S FILE');
    await expect(moveTo(from, out)).rejects.toThrow(/文件已存在，不会覆盖.*The file already exists/);
    expect(readFileSync(out, 'utf8')).toBe('SOMEONE ELSE’S FILE');
    expect(readdirSync(d).sort()).toEqual(['made.csv', 'out.csv']);
  });
});
