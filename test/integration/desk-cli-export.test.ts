/**
 * `npm run cli -- export` as a real process (issue 13): --help, exit 2 on
 * usage errors, a progress bar on stderr, the file where --out says and the
 * same summary on stdout; Ctrl+C (SIGINT) cancels and leaves no file; the
 * bundled command line (`npm run cli`, scripts/cli.mjs) makes the same file.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { parseExportArgs } from '../../electron/cli/export';
import { caseGenerator } from '../bench/corpus';
import { openTestDesk, removeDir, tempDir } from './desk-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');
const CASES = 20_000;

let dir = '';
let outDir = '';

function runCli(
  args: string[],
  onStderr?: (text: string, kill: () => void) => void,
  cli = ['--import', 'tsx', CLI_MAIN],
) {
  const child = spawn(process.execPath, [...cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'zh_CN.UTF-8' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    onStderr?.(stderr, () => child.kill('SIGINT'));
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

beforeAll(async () => {
  dir = tempDir();
  outDir = tempDir();
  const t = await openTestDesk({ dataDir: dir, sync: false });
  const gen = caseGenerator({
    deviceId: '0196f3a0-0000-7000-8000-00000000be31',
    deviceCode: '02',
    actor: '0196f3a0-0000-7000-8000-00000000be32',
  });
  let batch: EventEnvelope[] = [];
  for (let i = 0; i < CASES; i++) {
    batch.push(...gen.next().events);
    if (batch.length >= 5000) {
      t.core.appendEvents(batch);
      batch = [];
    }
  }
  t.core.appendEvents(batch);
  t.core.close();
}, 180_000);

afterAll(() => {
  removeDir(dir);
  removeDir(outDir);
});

describe('npm run cli -- export', () => {
  it('parses its arguments and refuses bad ones', () => {
    expect(parseExportArgs(['--help'])).toBe('help');
    const a = parseExportArgs(
      [
        '--format',
        'xlsx',
        '--out',
        'x.xlsx',
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-30',
        '--status',
        'closed',
      ],
      { LANG: 'en_US.UTF-8' },
    );
    if (a === 'help') throw new Error('help');
    expect(a.locale).toBe('en');
    expect(a.filters('Asia/Shanghai').status).toBe('closed');
    // The days are the branch calendar's, whatever the computer's zone: midnight in Shanghai is 16:00 UTC.
    expect(a.filters('Asia/Shanghai')).toMatchObject({
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
    expect(a.filters('America/New_York')).toMatchObject({
      from: '2026-11-01T04:00:00.000Z', // EDT until 1 November 2026, 02:00
      to: '2026-12-01T05:00:00.000Z',
    });
    expect(() => parseExportArgs(['--format', 'pdf', '--out', 'x'])).toThrow(/--format/);
    expect(() => parseExportArgs(['--format', 'csv'])).toThrow(/--out/);
    expect(() => parseExportArgs(['--format', 'csv', '--out', 'x', '--from', '2026-02-30'])).toThrow(
      /--from/,
    );
    expect(() => parseExportArgs(['--format', 'csv', '--out', 'x', '--status', 'open'])).toThrow(/--status/);
    expect(() => parseExportArgs(['--format', 'csv', '--out', 'x', '--bogus'])).toThrow(/Bad arguments/);
    expect(() => parseExportArgs(['--format', 'csv', '--out', 'x', '--lang', 'fr'])).toThrow(/--lang/);
    expect(parseExportArgs(['--format', 'csv', '--out', 'x', '--lang', 'zh-CN'])).toMatchObject({
      locale: 'zh-CN',
    });
  });

  it('prints its help, and exits 2 on a usage error', async () => {
    const help = await runCli(['export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format csv|xlsx');
    const bad = await runCli(['export', '--format', 'doc', '--out', path.join(outDir, 'x'), '--data', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format');
  }, 60_000);

  it('refuses a file inside the data folder or in a folder that is not there, before exporting anything', async () => {
    // The desk clears <data>/exports when it opens: a file put there would vanish.
    const inside = await runCli([
      'export',
      '--format',
      'csv',
      '--out',
      path.join(dir, 'exports', 'mine.csv'),
      '--data',
      dir,
    ]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('数据目录');
    expect(inside.stderr).toContain('data folder');
    expect(existsSync(path.join(dir, 'exports', 'mine.csv'))).toBe(false);
    const missing = await runCli([
      'export',
      '--format',
      'csv',
      '--out',
      path.join(outDir, 'nope', 'a.csv'),
      '--data',
      dir,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(path.join(outDir, 'nope'));
    expect(missing.stderr).not.toMatch(/ENOENT|100%/);
  }, 60_000);

  it('writes the file with a progress bar on stderr', async () => {
    const out = path.join(outDir, 'all.csv');
    const r = await runCli(['export', '--format', 'csv', '--out', out, '--data', dir]);
    expect(r.stderr).toMatch(/\[#{30}\] 100%\s+20000\/20000 案件 \/ cases/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已导出 ${CASES} 件案件到 ${out}`);
    const rows = Papa.parse<string[]>(readFileSync(out, 'utf8').slice(1)).data.filter((x) => x.length > 1);
    expect(rows.length).toBe(CASES + 1);
    expect(readdirSync(path.join(dir, 'exports'))).toEqual([]);
    const again = await runCli(['export', '--format', 'csv', '--out', out, '--data', dir]);
    expect(again.code).toBe(2);
  }, 120_000);

  it('npm run cli runs it bundled (scripts/cli.mjs): the same file, a CSV on two lanes', async () => {
    const out = path.join(outDir, 'bundled.csv');
    const r = await runCli(['export', '--format', 'csv', '--out', out, '--data', dir], undefined, [
      path.join(root, 'scripts', 'cli.mjs'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`已导出 ${CASES} 件案件到 ${out}`);
    // Its threads start from the bundles beside it (no TypeScript loader), so the export takes both lanes.
    expect(existsSync(path.join(root, 'dist-cli', 'exportLaneWorker.cjs'))).toBe(true);
    expect(r.stderr).not.toMatch(/lane (cannot start|stopped)/);
    expect(readFileSync(out).equals(readFileSync(path.join(outDir, 'all.csv')))).toBe(true);
  }, 120_000);

  it('Ctrl+C cancels the export and leaves no file', async () => {
    const out = path.join(outDir, 'cancelled.xlsx');
    let sent = false;
    const r = await runCli(['export', '--format', 'xlsx', '--out', out, '--data', dir], (text, kill) => {
      if (!sent && /\[#+-*\]/.test(text)) {
        sent = true;
        kill();
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('已取消导出，没有生成文件。');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.join(dir, 'exports'))).toEqual([]);
  }, 120_000);
});
