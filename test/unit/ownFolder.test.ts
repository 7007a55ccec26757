/**
 * A desk's own folder for its jobs' files (electron/desk/kernel/ownFolder.ts):
 * opening a desk removes only what no live process owns, so a CLI verb run
 * beside the app no longer deletes the app's running or finished exports.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ownFolder, processAlive } from '../../electron/desk/kernel/ownFolder';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});
const root = () => {
  const r = mkdtempSync(path.join(tmpdir(), 'loopdesk-own-'));
  roots.push(r);
  return r;
};

describe('a desk’s own folder for its files', () => {
  it('keeps the folders of live processes and removes those of gone ones and loose files', () => {
    const r = root();
    mkdirSync(path.join(r, '111-aa'));
    writeFileSync(path.join(r, '111-aa', 'x.csv.part'), 'running');
    mkdirSync(path.join(r, '222-bb'));
    writeFileSync(path.join(r, '222-bb', 'old.csv'), 'left by a crash');
    writeFileSync(path.join(r, 'pdf-1234.pdf'), 'older layout');
    const mine = ownFolder(r, 333, (pid) => pid === 111);
    expect(path.dirname(mine.dir)).toBe(r);
    expect(path.basename(mine.dir)).toMatch(/^333-[0-9a-f]+$/);
    expect(readdirSync(r).sort()).toEqual(['111-aa', path.basename(mine.dir)].sort());
    expect(existsSync(path.join(r, '111-aa', 'x.csv.part'))).toBe(true);
    writeFileSync(path.join(mine.dir, 'made.xlsx'), 'done');
    mine.remove();
    expect(readdirSync(r)).toEqual(['111-aa']);
  });

  it('two desks of one process each get a folder, and neither removes the other’s', () => {
    const r = root();
    const a = ownFolder(r);
    writeFileSync(path.join(a.dir, 'a.csv'), 'a');
    const b = ownFolder(r);
    expect(b.dir).not.toBe(a.dir);
    expect(existsSync(path.join(a.dir, 'a.csv'))).toBe(true);
    b.remove();
    expect(existsSync(path.join(a.dir, 'a.csv'))).toBe(true);
  });

  it('knows this process runs and a pid no process has does not', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});
