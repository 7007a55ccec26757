/**
 * `npm run cli -- import --file F --as <login>` as a real process (issue 13
 * item 2): a supervisor writes the cases, rows with a problem are listed and
 * left out (exit 1); the same file again writes nothing; a counter clerk is
 * refused with nothing stored; no --as is a usage error (2); Ctrl+C during
 * the writing keeps whole chunks and reports them (exit 130).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../../electron/desk/index';
import { LOG_ROWS, sheetOf, workbook } from '../unit/import-fixtures';
import { openTestDesk, removeDir, staffSession, tempDir } from './desk-fixtures';

// The CLI runs in a process of its own, where secrets hash at production's
// cost, so the secrets this file hashes must be at that cost too
// (test/setup/kdfCost.ts lowers it for the other files).
vi.unmock('node:crypto');

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');
let dir = '';

function runCli(args: string[], stdin: string, onStderr?: (text: string, interrupt: () => void) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'zh_CN.UTF-8' },
  });
  child.stdin.end(stdin);
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

function count(sql: string): number {
  const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
const eventCount = () => count('SELECT count(*) AS n FROM events');
const importedCount = () => count(`SELECT count(*) AS n FROM events WHERE type = 'case.imported'`);

beforeAll(async () => {
  dir = tempDir();
  const t = await openTestDesk({ dataDir: dir, sync: false });
  await staffSession(t, 'supervisor', 's1', '赵主管');
  await staffSession(t, 'counter', 'c1', '柜员甲');
  t.core.close();
  fs.writeFileSync(
    path.join(dir, 'log.xlsx'),
    workbook({
      登记: sheetOf([
        ...LOG_ROWS,
        [4, '2024/2/30', '赵六', '', '', '', '', '柜面', '收费', '', '', '', '', ''],
      ]),
    }),
  );
  const big = ['投诉日期,客户姓名,渠道,投诉类别,投诉原因'];
  for (let i = 0; i < 30_000; i++)
    big.push(`2022/3/${(i % 28) + 1} 10:${i % 60},客户${i},电话,收费,第${i}次`);
  fs.writeFileSync(path.join(dir, 'big.csv'), big.join('\r\n'));
}, 60_000);
afterAll(() => removeDir(dir));

describe('cli import (writing)', () => {
  const file = () => path.join(dir, 'log.xlsx');

  it('a counter clerk is refused and nothing is stored; no --as is a usage error', async () => {
    const before = eventCount();
    const clerk = await runCli(['import', '--data', dir, '--file', file(), '--as', 'c1'], '135790\n');
    expect(clerk.code).toBe(1);
    expect(clerk.stderr).toMatch(/不是主管或管理员/);
    expect((await runCli(['import', '--data', dir, '--file', file()], '')).code).toBe(2);
    expect(eventCount()).toBe(before);
  }, 120_000);

  it('a supervisor writes the good rows, lists the bad one (exit 1); the same file again writes nothing', async () => {
    const first = await runCli(['import', '--data', dir, '--file', file(), '--as', 's1'], '135790\n');
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/第 7 行：/);
    expect(first.stdout).toContain('本次写入 3 件，此前已导入 0 件；有问题未导入 1 行');
    expect(importedCount()).toBe(3);
    const again = await runCli(
      ['import', '--data', dir, '--file', file(), '--as', 's1', '--lang', 'en'],
      '135790\n',
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('0 written now, 3 imported before');
    expect(importedCount()).toBe(3);
  }, 120_000);

  it('Ctrl+C while writing keeps whole chunks and reports them (exit 130)', async () => {
    const before = importedCount();
    let sent = false;
    const r = await runCli(
      ['import', '--data', dir, '--file', path.join(dir, 'big.csv'), '--as', 's1'],
      '135790\n',
      (_err, interrupt) => {
        if (!sent && importedCount() > before) {
          sent = true;
          interrupt();
        }
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    const written = importedCount() - before;
    expect(written % 500).toBe(0);
    expect(written).toBeLessThan(30_000);
    expect(r.stderr).toContain(`本次写入 ${written} 件`);
  }, 180_000);
});
