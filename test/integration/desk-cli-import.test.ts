/**
 * `npm run cli -- import` as a real process (issue 13 items 2 and 5): a dry
 * run lists every row's problem by row and field and stores nothing; a bad
 * workbook is refused naming the file; usage errors exit 2.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, previewImportFile } from '../../electron/desk/index';
import { LOG_ROWS, gbk, csvText, encryptedWorkbook, sheetOf, workbook } from '../unit/import-fixtures';
import { openTestDesk, removeDir, tempDir } from './desk-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');
let dir = '';

function runCli(args: string[], onStderr?: (text: string, interrupt: () => void) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
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

function eventCount(): number {
  const db = new Database(path.join(dir, DB_FILE_NAME), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = tempDir();
  const t = await openTestDesk({ dataDir: dir, sync: false });
  t.core.close();
  fs.writeFileSync(
    path.join(dir, 'log.xlsx'),
    workbook({
      登记: sheetOf([
        ...LOG_ROWS,
        [4, '2024/2/30', '赵六', '', '', '', '', '飞鸽', '收费', '', '', '', '', ''],
      ]),
    }),
  );
  fs.writeFileSync(path.join(dir, 'log.csv'), gbk(csvText(LOG_ROWS.slice(2))));
  fs.writeFileSync(path.join(dir, 'locked.xlsx'), encryptedWorkbook());
  const big = ['投诉日期,客户姓名,渠道,投诉类别,投诉原因'];
  for (let i = 0; i < 300_000; i++)
    big.push(`2024/3/${(i % 28) + 1} 10:${i % 60},客户${i},电话,收费,第${i}次`);
  fs.writeFileSync(path.join(dir, 'big.csv'), big.join('\r\n'));
}, 60_000);
afterAll(() => removeDir(dir));

describe('cli import', () => {
  it('a dry run lists each row problem and unknown value, stores nothing, exits 1', async () => {
    const before = eventCount();
    const r = await runCli(['import', '--data', dir, '--file', path.join(dir, 'log.xlsx'), '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('工作表“登记”，表头在第 3 行');
    expect(r.stdout).toContain(
      '“log.xlsx” 工作表“登记” 第 7 行：“投诉日期”的“2024/2/30”不是日期（日历上没有这一天）。',
    );
    expect(r.stdout).toContain('“log.xlsx” 工作表“登记” 第 7 行：“渠道”的“飞鸽”无法对应到系统中的选项');
    expect(r.stdout).toContain('共 4 行：可导入 3 行，有问题 1 行。');
    expect(eventCount()).toBe(before);
  }, 60_000);

  it('the dry run matches a customer-level column to the organisation’s levels, as the screen’s preview does', async () => {
    const file = path.join(dir, 'levels.xlsx');
    fs.writeFileSync(
      file,
      workbook({
        S: sheetOf([
          ['投诉日期', '客户姓名', '渠道', '投诉类别', '客户等级'],
          ['2024/3/5', '张三', '电话', '收费', '金卡客户'],
        ]),
      }),
    );
    const p = await previewImportFile({ dataDir: dir, file });
    expect(p.problems).toEqual([]);
    expect(p.cases).toHaveLength(1);
  });

  it('a GBK CSV passes, in English, exits 0', async () => {
    const r = await runCli([
      'import',
      '--data',
      dir,
      '--file',
      path.join(dir, 'log.csv'),
      '--dry-run',
      '--lang',
      'en',
    ]);
    expect(r.stdout).toContain('(encoding gb18030)');
    expect(r.stdout).toContain('3 rows: 3 can be imported, 0 have problems.');
    expect(r.code).toBe(0);
  }, 60_000);

  it('a log whose name column is headed 来访者: the columns and how to map it, exit 1; --mapping rescues it', async () => {
    const file = path.join(dir, 'visitors.csv');
    fs.writeFileSync(file, '日期,来访者,电话,渠道,投诉类别\r\n2024/3/5,张三,13800138000,电话,收费\r\n');
    const r = await runCli(['import', '--data', dir, '--file', file, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('来访者 → （不导入）');
    expect(r.stdout).toContain('没有列对应必填项 客户姓名（customerName）');
    expect(r.stdout).toContain(`--mapping '{"headers":{"来访者":"customerName"}}'`);
    const mapped = await runCli([
      'import',
      '--data',
      dir,
      '--file',
      file,
      '--dry-run',
      '--mapping',
      '{"headers":{"来访者":"customerName"}}',
    ]);
    expect(mapped.stdout).toContain('共 1 行：可导入 1 行，有问题 0 行。');
    expect(mapped.code).toBe(0);
  }, 60_000);
  it('a password-protected workbook is refused naming the file', async () => {
    const r = await runCli(['import', '--data', dir, '--file', path.join(dir, 'locked.xlsx'), '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('文件“locked.xlsx”设有打开密码');
    expect(r.stderr).toContain('File "locked.xlsx" is password-protected');
  }, 60_000);

  it('usage errors exit 2: no --file, a mapping that is not JSON or names no field', async () => {
    expect((await runCli(['import', '--data', dir, '--dry-run'])).code).toBe(2);
    const bad = await runCli(['import', '--data', dir, '--file', 'x.csv', '--dry-run', '--mapping', '{']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--mapping is not valid JSON');
    const field = await runCli([
      'import',
      '--data',
      dir,
      '--file',
      'x.csv',
      '--mapping',
      '{"headers":{"a":"nope"}}',
    ]);
    expect(field.code).toBe(2);
  }, 60_000);

  it('shows progress on stderr and Ctrl+C cancels with nothing stored (exit 130)', async () => {
    const before = eventCount();
    let sent = false;
    const r = await runCli(
      ['import', '--data', dir, '--file', path.join(dir, 'big.csv'), '--dry-run'],
      (err, interrupt) => {
        if (!sent && err.includes('行 / rows')) {
          sent = true;
          interrupt();
        }
      },
    );
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Cancelled; nothing was stored.');
    expect(r.stdout).not.toContain('rows:');
    expect(eventCount()).toBe(before);
  }, 120_000);

  it('--help lists the verb', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toContain('import --file <文件>');
  }, 60_000);
});
