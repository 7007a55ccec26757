/**
 * Rows the row check refuses never reach the write (docs/import.md "Dates",
 * "Sheets, header row, cells"): a receipt before 1990 (an XLSX date cell
 * holding 3.5) and a cell with a control character are problems of their
 * row in the preview, and import.start writes every other row and nothing
 * for them, in chunks, with no job failing half-way; the cases written carry
 * only clean text, so head office takes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobView, StagedImportFile } from '../../shared/contract/methods/import';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Session } from '../../shared/contract/methods/staff';
import { firstTextProblemIn } from '../../shared/domain/kernel/text';
import { sheetOf, workbook } from '../unit/import-fixtures';
import { openTestDesk, readDeskDb, staffSession, type TestDesk } from './desk-fixtures';

const ROWS: (string | number | null)[][] = [
  ['投诉日期', '客户姓名', '渠道', '投诉类别', '投诉原因'],
  ['2023/3/5 9:30', '张三', '电话', '收费', '年费未告知'],
  ['2023/3/6', '李四', '电话', '收费', '卡被吞\u000b从 Word 粘贴的第二行'],
  [45000, '王五', '电话', '收费', '手续费高'],
  ['2023/3/7', '钱七', '电话', '收费', '乱码\u0085'],
  [3.5, '赵六', '电话', '收费', '日期栏误填 3.5'],
];

let t: TestDesk;
let boss: Session;

beforeAll(async () => {
  t = await openTestDesk({ sync: false, jobs: { progressIntervalMs: 0 }, imports: { chunk: 2 } });
  boss = await staffSession(t, 'supervisor', 's1', '赵主管');
}, 60_000);

afterAll(() => t.close());

async function run(method: 'import.preview' | 'import.start', fileId: string, locale: 'zh-CN' | 'en') {
  const started = await t.call(method, { fileId }, boss.token);
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const job = (await t.core.jobs.whenSettled((started.value as JobSummary).id)) as JobSummary;
  const view = await t.call('import.get', { jobId: job.id }, boss.token, locale);
  if (!view.ok) throw new Error(JSON.stringify(view.error));
  return { job, view: view.value as ImportJobView };
}

const imported = () =>
  readDeskDb(t.dir, (db) =>
    (
      db.prepare("SELECT payload FROM events WHERE type = 'case.imported'").all() as { payload: string }[]
    ).map((r) => JSON.parse(r.payload) as unknown),
  );

describe('rows with a date before 1990 or a control character', () => {
  let file: StagedImportFile;

  it('are listed by the preview, naming row and field, in both languages', async () => {
    const r = await t.core.imports.stage('2023投诉登记.xlsx', workbook({ S: sheetOf(ROWS) }), {
      session: boss.token,
      locale: 'zh-CN',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    file = r.value;
    const zh = await run('import.preview', file.fileId, 'zh-CN');
    expect(zh.job.state, JSON.stringify(zh.job.error)).toBe('done');
    expect(zh.view.preview?.cases).toBe(3);
    expect(zh.view.preview?.problemRows).toBe(2);
    expect(zh.view.preview?.problems.map((p) => [p.row, p.field])).toEqual([
      [5, 'account'],
      [6, 'receivedAt'],
    ]);
    expect(zh.view.preview?.problems[1]?.message).toMatch(
      /“投诉日期”的“3\.5”读作 1900-01-03，早于 1990-01-01/,
    );
    const en = await run('import.preview', file.fileId, 'en');
    expect(en.view.preview?.problems[0]?.message).toMatch(
      /"Complaint": character 3 \(U\+0085\) is an invisible character/,
    );
    expect(en.view.preview?.problems[1]?.message).toMatch(
      /"Date received": "3\.5" reads as 1900-01-03, before 1990-01-01/,
    );
    expect(imported()).toEqual([]);
  });

  it('are not written by import.start; every other row is, with clean text', async () => {
    const { job } = await run('import.start', file.fileId, 'zh-CN');
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.result?.counts).toEqual({ rows: 5, cases: 3, written: 3, already: 0, problemRows: 2 });
    const payloads = imported();
    expect(payloads).toHaveLength(3);
    expect(firstTextProblemIn(payloads)).toBeNull();
    expect(JSON.stringify(payloads)).toContain('卡被吞\\n从 Word 粘贴的第二行');
    expect(JSON.stringify(payloads)).not.toContain('赵六');
  });
});
