/**
 * One search text for a case (shared/domain/cases/searchText), on the desk and
 * at head office: it covers every free text a clerk writes (all steps, notes,
 * close and reopen reasons), and a query finds the same cases at the counter
 * (DeskApi case.list) as in head office's case list (GET /v1/admin/cases).
 * Head office on SQLite; the PostgreSQL engine runs the same query with strpos.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { AdminCasesResponse } from '../../shared/contract/sync';
import { newCaseInput, STEP_FIELDS } from './desk-fixtures';
import { request } from './server-fixtures';
import { disposeDesk, newDesk, reopenDesk, syncNowAndWait, TestServer, type SyncDesk } from './sync-fixtures';

describe('one search text on the desk and at head office', () => {
  let server: TestServer;
  let desk: SyncDesk;
  let adminToken: string;
  /** Case id -> the name the test gives it. */
  const names = new Map<string, string>();

  let phones = 0;
  const make = async (name: string, overrides: Record<string, unknown>): Promise<CaseDetail> => {
    const customer = {
      name: '客户',
      phone: `1500000${String(phones++).padStart(4, '0')}`,
      gender: 'unknown',
      returning: false,
    };
    const c = await desk.must<CaseDetail>('case.create', newCaseInput({ customer, ...overrides }));
    names.set(c.id, name);
    return c;
  };
  const named = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? id).sort();

  const atDesk = async (text: string): Promise<string[]> => {
    const page = await desk.must<CaseListPage>('case.list', { text, limit: 200 });
    return named(page.items.map((i) => i.id));
  };
  const atHeadOffice = async (text: string): Promise<string[]> => {
    const res = await request(server.server!, 'GET', `/v1/admin/cases?text=${encodeURIComponent(text)}`, {
      token: adminToken,
    });
    if (res.status !== 200) throw new Error(`admin cases: ${res.status} ${res.text}`);
    return named(AdminCasesResponse.parse(res.body).items.map((i) => i.id));
  };

  beforeAll(async () => {
    server = new TestServer('sqlite');
    await server.start();
    adminToken = await server.server!.createAdminToken();
    desk = await newDesk('01');
    await desk.must<SyncStatus>('sync.configure', { serverUrl: server.url, code: await server.code() });

    // Every account and step text differs from the others, so each query below names its cases.
    const plain = { account: '客户反映网点排队时间过长。' };
    await make('phone', {
      ...plain,
      customer: { name: '赵敏', phone: '138-0013-8000', gender: 'female', returning: false },
    });
    await make('name', {
      ...plain,
      customer: { name: '欧阳娜娜', phone: '13900001111', gender: 'female', returning: false },
    });
    const note = await make('note', plain);
    await desk.must('case.addNote', { caseId: note.id, text: '客户要求书面答复' });
    const facts = await make('facts', plain);
    await desk.must('case.recordStep', { caseId: facts.id, step: 1, fields: STEP_FIELDS[1] });
    await desk.must('case.recordStep', {
      caseId: facts.id,
      step: 2,
      fields: { ...STEP_FIELDS[2], account: '客户复述:排队太久。', factsWhat: '短信套餐被重复扣费' },
    });
    const closed = await make('reasons', plain);
    await desk.must('case.close', { caseId: closed.id, nature: 'valid', overrideReason: '客户撤诉不再追究' });
    await desk.must('case.reopen', { caseId: closed.id, reason: '客户改口要求赔偿' });
    const late = await make('step5', plain);
    for (const step of [1, 2, 3, 4] as const)
      await desk.must('case.recordStep', { caseId: late.id, step, fields: STEP_FIELDS[step] });
    await desk.must('case.recordStep', {
      caseId: late.id,
      step: 5,
      fields: { ...STEP_FIELDS[5], actions: '联系运营商核查基站故障' },
    });

    const status = await syncNowAndWait(desk);
    expect(status.pending).toBe(0);
  });
  afterAll(async () => {
    disposeDesk(desk);
    await server.dispose();
  });

  it('finds what a clerk wrote in step 2 facts (扣费) at the counter', async () => {
    expect(await atDesk('扣费')).toEqual(['facts']);
  });

  it('finds notes, close and reopen reasons and later steps at the counter', async () => {
    expect(await atDesk('书面答复')).toEqual(['note']);
    expect(await atDesk('撤诉')).toEqual(['reasons']);
    expect(await atDesk('要求赔偿')).toEqual(['reasons']);
    expect(await atDesk('基站故障')).toEqual(['step5']);
  });

  it('finds the same cases at the counter and at head office for the same query', async () => {
    const queries: [string, string[]][] = [
      ['13800138000', ['phone']], // typed without the dashes the clerk entered
      ['0013-8000', ['phone']],
      ['欧阳娜娜', ['name']],
      ['书面答复', ['note']],
      ['扣费', ['facts']],
      ['撤诉', ['reasons']],
      ['要求赔偿', ['reasons']],
      ['基站故障', ['step5']],
      ['排队 欧阳', ['name']], // every term must occur
      ['ＡＢＣ不存在', []],
    ];
    for (const [text, expected] of queries) {
      const desk = await atDesk(text);
      const headOffice = await atHeadOffice(text);
      expect({ text, desk }).toEqual({ text, desk: expected });
      expect({ text, headOffice }).toEqual({ text, headOffice: expected });
    }
  });

  it('an upgraded desk and server rebuild their rows with the new search text', async () => {
    // As an older build left them: states without the clerk texts, the old search text, an
    // index without those grams, and no projection version (desk) / the old fold signature (server).
    const downgrade = (db: Database.Database, stateColumn = true) => {
      if (stateColumn)
        db.exec(
          "UPDATE cases SET state = json_remove(state, '$.notes', '$.closeReasons', '$.reopenReasons')",
        );
      db.exec("UPDATE cases SET search_text = lower(number || ' ' || customer_name)");
    };
    desk.closeKeepData();
    const deskDb = new Database(path.join(desk.dir, 'loopdesk.db'));
    downgrade(deskDb);
    deskDb.exec("INSERT INTO case_search (case_search) VALUES ('delete-all')");
    deskDb.exec("DELETE FROM meta WHERE key = 'projection.version'");
    deskDb.close();

    await server.stop();
    const serverDb = new Database(path.join(server.dataDir, 'server.db'));
    downgrade(serverDb);
    const oldSignature = JSON.stringify({
      schema: 1,
      types: [
        'case.closed',
        'case.field_set',
        'case.note_added',
        'case.opened',
        'case.reopened',
        'case.step_recorded',
        'staff.created',
      ],
      v: 1,
    });
    serverDb.prepare("UPDATE meta SET value = ? WHERE key = 'projection.fold'").run(oldSignature);
    serverDb.close();

    desk = await reopenDesk(desk);
    await server.start();
    adminToken = await server.server!.createAdminToken();
    for (const [text, expected] of [
      ['13800138000', ['phone']],
      ['扣费', ['facts']],
      ['书面答复', ['note']],
      ['要求赔偿', ['reasons']],
    ] as const) {
      expect({ text, desk: await atDesk(text) }).toEqual({ text, desk: expected });
      expect({ text, headOffice: await atHeadOffice(text) }).toEqual({ text, headOffice: expected });
    }
    // The rebuilt state has the texts again: a new note on the old case is indexed as it comes.
    const [noteCase] = [...names].find(([, n]) => n === 'note') ?? [];
    await desk.must('case.addNote', { caseId: noteCase, text: '已寄出书面答复函' });
    expect(await atDesk('答复函')).toEqual(['note']);
  });
});
