/**
 * A log whose headers the desk does not recognise (issue 13 item 2; docs/import.md
 * "Columns"): the name column headed 来访者. The preview does not fail: it
 * lists the columns and says 客户姓名 has none (`missingRequired`);
 * import.start without a mapping refuses, naming the field, and stores
 * nothing; with {来访者: customerName} it writes the cases and remembers the
 * mapping, so the next preview of that layout needs none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobView, StagedImportFile } from '../../shared/contract/methods/import';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Session } from '../../shared/contract/methods/staff';
import { csvText } from '../unit/import-fixtures';
import { openTestDesk, readDeskDb, staffSession, type TestDesk } from './desk-fixtures';

const CSV = csvText([
  ['日期', '来访者', '电话', '渠道', '投诉类别', '投诉原因'],
  ['2023/3/5 9:30', '张三', '13800138000', '电话', '银行/收费', '年费未告知'],
  ['2023/4/1 14:00', '李四', '010-88886666', '柜面', '银行卡', '卡被吞'],
]);

let t: TestDesk;
let boss: Session;

beforeAll(async () => {
  t = await openTestDesk({ sync: false, jobs: { progressIntervalMs: 0 } });
  boss = await staffSession(t, 'supervisor', 's1', '赵主管');
}, 60_000);

afterAll(() => t.close());

async function get(jobId: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<ImportJobView> {
  const r = await t.call('import.get', { jobId }, boss.token, locale);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as ImportJobView;
}

async function run(method: 'import.preview' | 'import.start', input: Record<string, unknown>) {
  const started = await t.call(method, input, boss.token);
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const job = (await t.core.jobs.whenSettled((started.value as JobSummary).id)) as JobSummary;
  const view = await get(job.id);
  return { job, view };
}

const eventCount = () =>
  readDeskDb(t.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);

describe('a log whose name column is headed 来访者', () => {
  let file: StagedImportFile;

  it('previews with its columns and the required field that has none', async () => {
    const r = await t.core.imports.stage('来访登记.csv', new TextEncoder().encode(CSV), {
      session: boss.token,
      locale: 'zh-CN',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    file = r.value;
    const { job, view } = await run('import.preview', { fileId: file.fileId });
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    const p = view.preview!;
    expect(p.headerRow).toBe(1);
    expect(p.columns.map((c) => [c.header, c.field])).toEqual([
      ['日期', 'receivedAt'],
      ['来访者', null],
      ['电话', 'phone'],
      ['渠道', 'channel'],
      ['投诉类别', 'category'],
      ['投诉原因', 'account'],
    ]);
    expect(p.missingRequired).toEqual(['customerName']);
    expect([p.rows, p.cases, p.problemCount]).toEqual([2, 0, 0]);
  });

  it('import.start without a mapping refuses, naming the field, and stores nothing', async () => {
    const before = eventCount();
    const { job, view } = await run('import.start', { fileId: file.fileId });
    expect(job.state).toBe('failed');
    expect(view.job.error?.message).toContain('没有对应“客户姓名”的列');
    expect(view.preview?.missingRequired).toEqual(['customerName']);
    const en = await get(job.id, 'en');
    expect(en.job.error?.message).toContain('no column is read as "Customer name"');
    expect(eventCount()).toBe(before);
    const remembered = await t.must<{ headers: Record<string, unknown> }>('import.mapping', {}, boss.token);
    expect(remembered.headers).toEqual({});
  });

  it('with 来访者 mapped to the customer name it writes the cases and remembers the mapping', async () => {
    const before = eventCount();
    const mapping = { headers: { 来访者: 'customerName' } };
    const { job } = await run('import.start', { fileId: file.fileId, mapping, remember: true });
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.result?.counts).toEqual({ rows: 2, cases: 2, written: 2, already: 0, problemRows: 0 });
    expect(eventCount()).toBe(before + 2);

    // The same layout again: no mapping needed.
    const again = await run('import.preview', { fileId: file.fileId });
    expect(again.view.preview?.missingRequired).toEqual([]);
    expect(again.view.preview?.columns[1]).toEqual({ column: 1, header: '来访者', field: 'customerName' });
    expect([again.view.preview?.cases, again.view.preview?.already]).toEqual([2, 2]);
  });
});
