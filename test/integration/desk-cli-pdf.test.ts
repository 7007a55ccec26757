/**
 * `npm run cli -- export --format pdf` as a real process (issue 13 item 1):
 * a case's dossier by its number and a listing of a period, written where
 * asked; usage errors exit 2 naming the problem; an unknown case exits 1
 * and leaves no file. Skips, saying why, without Chromium.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, chromiumPath } from '../../electron/desk/features/pdf/chromium';
import { isPdfExport, parsePdfArgs } from '../../electron/cli/pdf';
import { createCase, openTestDesk, removeDir, staffSession, tempDir } from './desk-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');
const why = chromiumMissing(chromiumPath());
if (why) console.warn(`[desk-cli-pdf.test] printing skipped: ${why}`);

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('parsing', () => {
  it('knows a PDF export and refuses what makes no sense', () => {
    expect(isPdfExport(['--format', 'pdf', '--out', 'x'])).toBe(true);
    expect(isPdfExport(['--format=pdf'])).toBe(true);
    expect(isPdfExport(['--format', 'csv'])).toBe(false);
    expect(() => parsePdfArgs(['--format', 'pdf'])).toThrow(/--out/);
    expect(() =>
      parsePdfArgs(['--format', 'pdf', '--out', 'x.pdf', '--case', 'A', '--status', 'closed']),
    ).toThrow(/--case/);
    expect(() => parsePdfArgs(['--format', 'pdf', '--out', 'x.pdf', '--from', '2026-13-01'])).toThrow(
      /--from/,
    );
    const a = parsePdfArgs(['--format', 'pdf', '--out', 'x.pdf', '--case', 'GZ01-1', '--lang', 'en']);
    expect(a).toMatchObject({ caseNumber: 'GZ01-1', locale: 'en', filters: {} });
  });
});

describe.skipIf(why !== null)('the CLI prints', () => {
  let dir = '';
  let out = '';
  let number = '';
  beforeAll(async () => {
    dir = tempDir();
    out = tempDir();
    const t = await openTestDesk({ dataDir: dir, sync: false });
    const clerk = await staffSession(t, 'counter', 'c1', '柜员小陈');
    number = (await createCase(t, clerk.token, { account: '客户反映网点排队时间过长' })).number;
    t.core.close();
  }, 60_000);
  afterAll(() => {
    removeDir(dir);
    removeDir(out);
  });

  it('a dossier by case number, with its Chinese text', async () => {
    const file = path.join(out, 'dossier.pdf');
    const r = await runCli(['export', '--format', 'pdf', '--case', number, '--out', file, '--data', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(1000);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain('客户反映网点排队时间过长');
  }, 60_000);

  it('a listing of a period', async () => {
    const file = path.join(out, 'listing.pdf');
    const r = await runCli([
      'export',
      '--format',
      'pdf',
      '--from',
      '2020-01-01',
      '--out',
      file,
      '--data',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(number);
  }, 60_000);

  it('exits 1 for an unknown case and 2 for bad usage, writing nothing', async () => {
    const file = path.join(out, 'none.pdf');
    const unknown = await runCli([
      'export',
      '--format',
      'pdf',
      '--case',
      'NOPE',
      '--out',
      file,
      '--data',
      dir,
    ]);
    expect(unknown.code).toBe(1);
    expect(existsSync(file)).toBe(false);
    const usage = await runCli(['export', '--format', 'pdf', '--data', dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--out');
  }, 60_000);
});
