/**
 * Imported cases are events like any other (issue 13 item 2; decision 0035):
 * they go to the outbox, sync to head office, and head office's projector
 * folds `case.imported` as the desk does: its case list has them with their
 * historical receipt, closed at the log's date, with the stated nature and
 * FCR. A second import of the same file pushes nothing. SQLite; the
 * PostgreSQL variant runs with LOOPDESK_TEST_PG_URL. (A supervisor desk: head
 * office keeps only those desks' staff events, and judges the importer's
 * role with them.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJobView, StagedImportFile } from '../../shared/contract/methods/import';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { AdminCasesResponse } from '../../shared/contract/sync';
import { sheetOf, workbook } from '../unit/import-fixtures';
import { request } from './server-fixtures';
import {
  disposeDesk,
  engines,
  newDesk,
  runCleanup,
  serverEvents,
  staffSessionOn,
  syncNowAndWait,
  TestServer,
  type CleanupList,
} from './sync-fixtures';

const ROWS: (string | number | null)[][] = [
  [
    '投诉日期',
    '客户姓名',
    '联系电话',
    '渠道',
    '投诉类别',
    '投诉原因',
    '处理结果',
    '结案日期',
    '是否一次解决',
    '投诉性质',
  ],
  [
    '2023/3/5 9:30',
    '导入甲',
    '13800138000',
    '电话',
    '银行/收费',
    '年费未告知',
    '已退年费',
    '2023/3/8 10:00',
    '是',
    '有效',
  ],
  ['2023/4/1 14:00', '导入乙', '010-88886666', '柜面', '银行卡', '卡被吞', '', '', '', ''],
];

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

describe.each(engines())('imported cases sync to head office (%s)', (engine) => {
  it('pushes the case.imported events; head office lists the cases with their history', async () => {
    const server = new TestServer(engine);
    await server.start();
    cleanup.push(() => server.stop());
    const desk = await newDesk('01');
    cleanup.push(() => disposeDesk(desk));
    await desk.must<SyncStatus>('sync.configure', {
      serverUrl: server.url,
      code: await server.code('GZ', 'supervisor'),
    });
    const boss = await staffSessionOn(desk, 'supervisor', 's1');
    await syncNowAndWait(desk);

    const staged = await desk.core.imports.stage('台账.xlsx', workbook({ S: sheetOf(ROWS) }), {
      session: boss.token,
      locale: 'zh-CN',
    });
    if (!staged.ok) throw new Error(JSON.stringify(staged.error));
    const importOnce = async () => {
      const started = await desk.must<JobSummary>(
        'import.start',
        { fileId: (staged.value as StagedImportFile).fileId },
        boss.token,
      );
      const job = (await desk.core.jobs.whenSettled(started.id)) as JobSummary;
      expect(job.state, JSON.stringify(job.error)).toBe('done');
      await desk.must<ImportJobView>('import.get', { jobId: job.id }, boss.token);
      return job;
    };
    expect((await importOnce()).result?.counts?.written).toBe(2);
    const status = await syncNowAndWait(desk);
    expect(status.pending).toBe(0);

    const imported = (await serverEvents(server)).filter((e) => e.type === 'case.imported');
    expect(imported).toHaveLength(2);
    expect((imported[0]?.payload as { source: { sheet: string; file: string } }).source).toMatchObject({
      file: '台账.xlsx',
      sheet: 'S',
    });

    const adminToken = await server.server!.createAdminToken();
    const res = await request(server.server!, 'GET', `/v1/admin/cases?text=${encodeURIComponent('导入')}`, {
      token: adminToken,
    });
    expect(res.status).toBe(200);
    const items = AdminCasesResponse.parse(res.body).items;
    const byName = new Map(items.map((c) => [c.customerName, c]));
    expect(byName.get('导入甲')?.receivedAt).toBe('2023-03-05T01:30:00.000Z');
    expect(byName.get('导入甲')?.status).toBe('closed');
    expect(byName.get('导入甲')?.closedAt).toBe('2023-03-08T02:00:00.000Z');
    expect(byName.get('导入乙')?.status).toBe('in_progress');

    // The same file again writes and pushes nothing.
    expect((await importOnce()).result?.counts).toMatchObject({ written: 0, already: 2 });
    await syncNowAndWait(desk);
    expect((await serverEvents(server)).filter((e) => e.type === 'case.imported')).toHaveLength(2);
  }, 120_000);
});
