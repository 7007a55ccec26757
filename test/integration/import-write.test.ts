/**
 * Writing an import through DeskApi (issue 13 item 2; decision 0035
 * "Writing"): a supervisor stages a log (XLSX, GBK CSV, UTF-8 CSV), previews
 * it and imports it; the cases carry their historical receipt, closed ones
 * are closed at the log's date, they count in the case list's filters; the
 * same file again adds nothing; a counter clerk is refused and nothing is
 * stored; a forged `case.imported` from a clerk arriving as a synced event
 * opens no case; a cancel keeps whole chunks only.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, verifyDesk } from '../../electron/desk';
import type { ImportJobView, StagedImportFile } from '../../shared/contract/methods/import';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { WorkBoard } from '../../shared/contract/methods/work';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { csvText, gbk, sheetOf, workbook } from '../unit/import-fixtures';
import { openTestDesk, readDeskDb, staffSession, type TestDesk } from './desk-fixtures';

const HEADER = [
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
  '原编号',
];
const ROWS: (string | number | null)[][] = [
  HEADER,
  [
    '2023/3/5 9:30',
    '张三',
    '13800138000',
    '电话',
    '银行/收费',
    '年费未告知',
    '已退年费',
    '2023/3/8 10:00',
    '是',
    '有效',
    'A-001',
  ],
  ['2023/4/1 14:00', '李四', '010-88886666', '柜面', '银行卡', '卡被吞', '', '', '', '', 'A-002'],
  ['2023/5/20', '王五', '13900000000', '抖音', '收费', '手续费高', '解释说明', '', '否', '', 'A-003'],
  ['2023/2/30', '赵六', '', '柜面', '收费', '日期不对', '', '', '', '', 'A-004'],
];

let t: TestDesk;
let boss: Session;
let clerk: Session;

beforeAll(async () => {
  t = await openTestDesk({ sync: false, jobs: { progressIntervalMs: 0 }, imports: { chunk: 2 } });
  boss = await staffSession(t, 'supervisor', 's1', '赵主管');
  clerk = await staffSession(t, 'counter', 'c1', '柜员甲');
}, 60_000);

afterAll(() => t.close());

async function stage(name: string, bytes: Uint8Array, token = boss.token): Promise<StagedImportFile> {
  const r = await t.core.imports.stage(name, bytes, { session: token, locale: 'zh-CN' });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function run(method: 'import.preview' | 'import.start', input: Record<string, unknown>) {
  const started = await t.call(method, input, boss.token);
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const job = (await t.core.jobs.whenSettled((started.value as JobSummary).id)) as JobSummary;
  const view = await t.must<ImportJobView>('import.get', { jobId: job.id }, boss.token);
  return { job, view };
}

const eventCount = () =>
  readDeskDb(t.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);

async function listAll(query: Record<string, unknown> = {}): Promise<CaseListPage> {
  return t.must<CaseListPage>('case.list', { limit: 100, ...query }, boss.token);
}

describe('import through DeskApi', () => {
  let xlsx: StagedImportFile;

  it('previews an XLSX: counts, problems in the caller language, nothing written', async () => {
    xlsx = await stage('2023投诉登记.xlsx', workbook({ 登记: sheetOf(ROWS) }));
    const before = eventCount();
    const { job, view } = await run('import.preview', { fileId: xlsx.fileId });
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(view.preview?.file).toBe('2023投诉登记.xlsx');
    expect(view.preview?.rows).toBe(4);
    expect(view.preview?.cases).toBe(3);
    expect(view.preview?.already).toBe(0);
    expect(view.preview?.problemRows).toBe(1);
    expect(view.preview?.problems[0]?.row).toBe(5);
    expect(view.preview?.problems[0]?.message).toMatch(/日历上没有这一天/);
    expect(eventCount()).toBe(before);
  });

  it('writes the cases with their history; the same file again adds nothing', async () => {
    const before = eventCount();
    const { job } = await run('import.start', { fileId: xlsx.fileId });
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    expect(job.result?.counts).toEqual({ rows: 4, cases: 3, written: 3, already: 0, problemRows: 1 });
    expect(eventCount()).toBe(before + 3);

    const page = await listAll({ text: '张三' });
    expect(page.items).toHaveLength(1);
    const zhang = await t.must<CaseDetail>('case.get', { caseId: page.items[0]!.id }, boss.token);
    expect(zhang.receivedAt).toBe('2023-03-05T01:30:00.000Z');
    expect(zhang.status).toBe('closed');
    expect(zhang.number).toMatch(/^GZ-01-20230305-\d{4}$|20230305/);
    // Closed at the log's closing date, not at the import.
    expect(page.items[0]!.closedAt ?? zhang.closedAt).toBe('2023-03-08T02:00:00.000Z');

    // Open, closed, in the period, FCR as stated.
    expect((await listAll({ from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' })).total).toBe(3);
    expect(
      (await listAll({ status: 'closed', from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' })).total,
    ).toBe(2);
    expect((await listAll({ fcr: true })).items.map((c) => c.customerName)).toEqual(['张三']);
    expect((await listAll({ fcr: false })).items.map((c) => c.customerName)).toEqual(['王五']);
    expect((await listAll({ nature: 'valid' })).items.map((c) => c.customerName)).toEqual(['张三']);
    // The log's number and result are found by search.
    expect((await listAll({ text: 'A-002' })).items.map((c) => c.customerName)).toEqual(['李四']);

    const again = await run('import.start', { fileId: xlsx.fileId });
    expect(again.job.result?.counts).toEqual({ rows: 4, cases: 3, written: 0, already: 3, problemRows: 1 });
    expect(eventCount()).toBe(before + 3);
    const preview = await run('import.preview', { fileId: xlsx.fileId });
    expect(preview.view.preview?.already).toBe(3);

    // Local events like any other: in the outbox for sync, and chained (verify finds nothing wrong).
    const outbox = readDeskDb(
      t.dir,
      (db) =>
        (
          db
            .prepare(
              `SELECT count(*) AS n FROM outbox o JOIN events e ON e.seq = o.seq WHERE e.type = 'case.imported'`,
            )
            .get() as { n: number }
        ).n,
    );
    expect(outbox).toBe(3);
    const report = readDeskDb(t.dir, (db) => verifyDesk(db));
    expect(report.bad).toBe(0);
    expect(report.chained).toBe(report.events);
  });

  it("the log's history is not work: the board lists none of it until a case is handled again on the desk", async () => {
    const board = async () => {
      const b = await t.must<WorkBoard>('work.board', {}, boss.token);
      return [b.lateEntry.count, b.overdue.count, b.callbacksDue.count, b.unreachable.count];
    };
    // Entered months after receipt (the import), closed ones never called back, an open one long past due.
    expect(await board()).toEqual([0, 0, 0, 0]);
    // Reopened and closed again here: the callback about the new outcome is owed, as on any case.
    const zhang = (await listAll({ text: '张三' })).items[0]!;
    await t.must('case.reopen', { caseId: zhang.id, reason: '客户来电说年费又被扣' }, boss.token);
    await t.must(
      'case.close',
      { caseId: zhang.id, nature: 'valid', overrideReason: '已再次退费' },
      boss.token,
    );
    expect(await board()).toEqual([0, 0, 1, 0]);
  });

  it('a rebuild keeps the imported cases, though their supervisor was created in the same chunk', async () => {
    // A young desk rebuilds its founding, its staff and its imports in one chunk: the role oracle
    // learns of the supervisor only when the chunk's staff rows are written, after the imports were folded.
    const rows = (db: Database.Database) =>
      db.prepare('SELECT id, pos, number, state FROM cases ORDER BY pos').all() as unknown[];
    const before = readDeskDb(t.dir, rows);
    expect((await listAll({ from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' })).total).toBe(3);
    t.core.rebuild();
    expect((await listAll({ from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' })).total).toBe(3);
    expect(readDeskDb(t.dir, rows)).toEqual(before);
  });

  it('imports a GBK CSV and a UTF-8 CSV of the same rows once (same content, same cases)', async () => {
    const other: (string | number | null)[][] = [
      HEADER,
      [
        '2022/11/2 10:00',
        '孙七',
        '13700000000',
        '热线',
        '收费',
        '短信扣费',
        '已处理',
        '2022/11/3',
        '是',
        '',
        'B-1',
      ],
      ['2022/12/9 16:45', '周八', '13600000000', '柜面', '银行卡', '挂失慢', '', '', '', '', 'B-2'],
    ];
    const a = await stage('旧台账.csv', gbk(csvText(other)));
    const first = await run('import.start', { fileId: a.fileId });
    expect(first.job.state, JSON.stringify(first.job.error)).toBe('done');
    expect(first.view.preview?.encoding).toBe('gb18030');
    expect(first.job.result?.counts?.written).toBe(2);
    const b = await stage('旧台账-utf8.csv', new TextEncoder().encode(`\ufeff${csvText(other)}`));
    const second = await run('import.start', { fileId: b.fileId });
    expect(second.job.result?.counts).toMatchObject({ written: 0, already: 2 });
    expect((await listAll({ text: '孙七' })).items[0]?.status).toBe('closed');
  });

  it('refuses a counter clerk, stores nothing', async () => {
    const before = eventCount();
    const staged = await t.core.imports.stage('x.csv', gbk(csvText(ROWS)), {
      session: clerk.token,
      locale: 'en',
    });
    expect(staged.ok).toBe(false);
    if (!staged.ok) expect(staged.error.code).toBe('forbidden');
    const r = await t.call('import.start', { fileId: xlsx.fileId }, clerk.token);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
    expect((await t.call('import.mapping', {}, clerk.token)).ok).toBe(false);
    expect(eventCount()).toBe(before);
  });

  it('the fold opens no case for a case.imported from a clerk (a forged synced event)', async () => {
    const forged = (actor: string, id: string, caseId: string, name: string) => {
      const body = {
        id,
        stream: `case:${caseId}`,
        type: 'case.imported',
        schema: 1,
        hlc: formatHlc(Date.now(), 7),
        device: '0194f1c2-0000-7000-8000-00000000dd01',
        branch: 'GZ',
        actor,
        payload: {
          number: 'GZ-09-20230101-0001',
          customer: { name, phone: '', gender: 'unknown', returning: false },
          channel: 'walk_in',
          category: 'banking.fees',
          severity: 'general',
          account: '伪造',
          receivedAt: '2023-01-01T09:00:00+08:00',
          region: '',
          result: '',
          status: 'in_progress',
          closedAt: null,
          fcr: null,
          satisfaction: null,
          nature: null,
          handler: '',
          reference: '',
          source: { file: 'x.xlsx', sheet: 'S', row: 2, sha256: 'a'.repeat(64) },
        },
      };
      return { ...body, hash: eventHash(body) };
    };
    const byClerk = forged(
      clerk.staff.id,
      '0185f1c2-0000-7000-8000-000000000001',
      '0185f1c2-0000-7000-8000-0000000000c1',
      '伪造客户甲',
    );
    const byBoss = forged(
      boss.staff.id,
      '0185f1c2-0000-7000-8000-000000000002',
      '0185f1c2-0000-7000-8000-0000000000c2',
      '真实客户乙',
    );
    const r = t.core.appendEvents([byClerk, byBoss]);
    expect(r.rejected).toEqual([]);
    expect(r.accepted).toBe(2);
    expect((await listAll({ text: '伪造客户甲' })).total).toBe(0);
    expect((await listAll({ text: '真实客户乙' })).total).toBe(1);
  });

  it('a restored desk that has not synced imports nothing (numbers held)', async () => {
    const db = new Database(path.join(t.dir, DB_FILE_NAME));
    const before = eventCount();
    try {
      db.prepare(`INSERT INTO meta (key, value) VALUES ('restore.awaitingSync', '1')`).run();
      const staged = await stage(
        '恢复后.csv',
        gbk(csvText([HEADER, ['2020/1/2', '钱九', '', '柜面', '收费', '恢复', '', '', '', '', 'R-1']])),
      );
      const { job } = await run('import.start', { fileId: staged.fileId });
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('busy');
      expect(job.error?.message).toMatch(/同步/);
      expect(eventCount()).toBe(before);
    } finally {
      db.prepare(`DELETE FROM meta WHERE key = 'restore.awaitingSync'`).run();
      db.close();
    }
  });

  it('a cancel keeps whole chunks and says what was written', async () => {
    const many: (string | number | null)[][] = [HEADER];
    for (let i = 0; i < 40; i++) {
      many.push([
        `2021/6/${(i % 28) + 1} 10:${String(i).padStart(2, '0')}`,
        `客户${i}`,
        `1350000${String(i).padStart(4, '0')}`,
        '柜面',
        '收费',
        `第 ${i} 件`,
        '',
        '',
        '',
        '',
        `C-${i}`,
      ]);
    }
    const staged = await stage('大台账.xlsx', workbook({ S: sheetOf(many) }));
    const before = eventCount();
    const started = await t.call('import.start', { fileId: staged.fileId }, boss.token);
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const jobId = (started.value as JobSummary).id;
    const off = t.core.subscribe((e) => {
      if (e.type !== 'progress' || e.jobId !== jobId) return;
      const j = t.core.jobs.list().find((x) => x.id === jobId);
      if (j?.progress.phase === 'write' && j.progress.done >= 6)
        void t.call('import.cancel', { jobId }, boss.token);
    });
    const job = (await t.core.jobs.whenSettled(jobId)) as JobSummary;
    off();
    expect(job.state).toBe('cancelled');
    const written = job.result?.counts?.written ?? -1;
    expect(written).toBeGreaterThanOrEqual(6);
    expect(written).toBeLessThan(40);
    expect(written % 2).toBe(0);
    expect(eventCount()).toBe(before + written);
    // The rest comes with the next run; nothing twice.
    const rest = await run('import.start', { fileId: staged.fileId });
    expect(rest.job.result?.counts).toMatchObject({ written: 40 - written, already: written });
  });
});

describe('import without a check thread (the fallback on the desk thread)', () => {
  it('writes the same cases, with the sheet named in each', async () => {
    const d = await openTestDesk({ sync: false, imports: { thread: false } });
    try {
      const s = await staffSession(d, 'supervisor', 's1', '赵主管');
      const staged = await d.core.imports.stage('台账.xlsx', workbook({ 登记: sheetOf(ROWS) }), {
        session: s.token,
        locale: 'zh-CN',
      });
      if (!staged.ok) throw new Error(JSON.stringify(staged.error));
      const started = await d.must<JobSummary>('import.start', { fileId: staged.value.fileId }, s.token);
      const job = (await d.core.jobs.whenSettled(started.id)) as JobSummary;
      expect(job.result?.counts).toEqual({ rows: 4, cases: 3, written: 3, already: 0, problemRows: 1 });
      const sheets = readDeskDb(d.dir, (db) =>
        db
          .prepare(
            `SELECT DISTINCT json_extract(payload, '$.source.sheet') AS s FROM events WHERE type = 'case.imported'`,
          )
          .all(),
      );
      expect(sheets).toEqual([{ s: '登记' }]);
    } finally {
      d.close();
    }
  });
});
