/**
 * The desk core through DeskApi `call`: setup, sign-in, the six-step flow,
 * refusals with typed errors, roles, input validation, sign-in throttling.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import { METHODS, type DeskEvent } from '../../shared/contract/api';
import { Session, StaffSummary } from '../../shared/contract/methods/staff';
import { type Result, ERROR_CODES } from '../../shared/contract/result';
import { ERROR_CATALOGUE } from '../../electron/desk/kernel/messages';
import { openDesk } from '../../electron/desk';
import {
  ADMIN,
  createCase,
  newCaseInput,
  openTestDesk,
  recordSteps,
  removeDir,
  staffSession,
  STEP_FIELDS,
  tempDir,
  type TestDesk,
} from './desk-fixtures';

function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

function eventCount(dir: string): number {
  const db = new Database(path.join(dir, 'loopdesk.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('desk core: the six-step flow through DeskApi', () => {
  let t: TestDesk;
  let counter: Session;
  let supervisor: Session;
  let qc: Session;
  const events: DeskEvent[] = [];

  beforeAll(async () => {
    t = await openTestDesk({ appVersion: '9.9.9' });
    t.core.subscribe((e) => events.push(e));
    counter = await staffSession(t, 'counter', 'clerk1', '柜员小陈');
    supervisor = await staffSession(t, 'supervisor', 'boss', '主管老周');
    qc = await staffSession(t, 'qc', 'qc1', '质检小李');
  });
  afterAll(() => t.close());

  it('reports status and the signed-in staff member', async () => {
    const status = await t.must<Record<string, unknown>>('desk.status', {});
    expect(status).toMatchObject({
      initialized: true,
      appVersion: '9.9.9',
      branchCode: 'GZ',
      branchName: '广州天河支行',
      deviceCode: '01',
      scriptVersion: '1.0',
    });
    const me = await t.must<StaffSummary>('auth.me', {}, counter.token);
    expect(me).toMatchObject({ name: '柜员小陈', login: 'clerk1', role: 'counter' });
    const list = await t.must<StaffSummary[]>('staff.list', {}, counter.token);
    expect(list.map((s) => s.login)).toEqual(['admin', 'clerk1', 'boss', 'qc1']);
    expect(JSON.stringify(list)).not.toContain('credential');
    const script = await t.must<{ script: { version: string }; taxonomy: unknown }>('script.get', {});
    expect(script.script.version).toBe('1.0');
  });

  it('creates a case written in Chinese, records steps 1-6, closes it, and finds it again', async () => {
    events.length = 0;
    const created = await createCase(t, counter.token, {
      customer: { name: '欧阳娜娜', phone: '139 1234 5678', gender: 'female', returning: false },
      account: '客户投诉网点排队超过两小时，工作人员态度冷淡。',
      channel: 'phone',
      category: 'banking.counter_service',
    });
    expect(CaseDetail.safeParse(created).success).toBe(true);
    expect(created.number).toMatch(/^GZ01-\d{8}-\d{4}$/);
    expect(created).toMatchObject({
      status: 'new',
      currentStep: 1,
      customerName: '欧阳娜娜',
      owner: counter.staff.id,
      ownerName: '柜员小陈',
      scriptVersion: '1.0',
      dueAt: null,
      assignee: null,
    });
    expect(events).toContainEqual({ type: 'case.changed', caseId: created.id });

    const afterFive = await recordSteps(t, counter.token, created.id, 5);
    expect(afterFive.currentStep).toBe(6);
    expect(afterFive.status).toBe('in_progress');
    // Step 6's count comes from the contact records (issue 9): one call, and the customer answered.
    await t.must(
      'case.contact.record',
      { caseId: created.id, channel: 'phone', outcome: 'reached', note: '' },
      counter.token,
    );
    const six = await t.must<CaseDetail>(
      'case.recordStep',
      { caseId: created.id, step: 6, fields: STEP_FIELDS[6] },
      counter.token,
    );
    expect(six.currentStep).toBeNull();
    expect(six.steps['6']).toEqual(STEP_FIELDS[6]);

    await t.must('case.addNote', { caseId: created.id, text: '客户要求短信通知结果' }, qc.token);
    const closed = await t.must<CaseDetail>(
      'case.close',
      { caseId: created.id, nature: 'valid' },
      counter.token,
    );
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();

    const got = await t.must<CaseDetail>('case.get', { caseId: created.id }, qc.token);
    expect(CaseDetail.safeParse(got).success).toBe(true);
    expect(got.timeline.map((e) => e.type)).toEqual([
      'case.opened',
      ...Array(5).fill('case.step_recorded'),
      // Step 5's action becomes an item of its own, and the contact attempt a record (issue 9).
      'case.action_added',
      'case.contact_attempted',
      'case.step_recorded',
      'case.note_added',
      // The close writes the nature it was given first (issue 12).
      'case.classified',
      'case.closed',
    ]);
    expect(got.timeline[0]?.actorName).toBe('柜员小陈');
    expect(got.timeline[9]?.actorName).toBe('质检小李');
    expect(Object.keys(got.steps).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(got.customer).toEqual({
      name: '欧阳娜娜',
      phone: '139 1234 5678',
      gender: 'female',
      returning: false,
    });

    const closedList = await t.must<CaseListPage>('case.list', { status: 'closed' }, qc.token);
    expect(closedList.items.map((c) => c.id)).toContain(created.id);
    const openList = await t.must<CaseListPage>('case.list', { status: 'in_progress' }, qc.token);
    expect(openList.items.map((c) => c.id)).not.toContain(created.id);
    for (const text of ['欧阳', '排队', '态度冷淡', '12345678', created.number, '第二']) {
      const found = await t.must<CaseListPage>('case.list', { text }, qc.token);
      if (text === '第二') expect(found.items.map((c) => c.id)).not.toContain(created.id);
      else
        expect(
          found.items.map((c) => c.id),
          text,
        ).toContain(created.id);
    }
    // The step-2 account is searchable too.
    const viaStep2 = await t.must<CaseListPage>('case.list', { text: '致电客服' }, qc.token);
    expect(viaStep2.items.map((c) => c.id)).toContain(created.id);
  });

  it('numbers cases per device and day', async () => {
    const a = await createCase(t, counter.token);
    const b = await createCase(t, counter.token);
    const seqOf = (n: string) => Number(n.split('-')[2]);
    expect(a.number.slice(0, 13)).toBe(b.number.slice(0, 13));
    expect(seqOf(b.number)).toBe(seqOf(a.number) + 1);
  });

  it('refuses steps out of order and steps with missing fields, with typed errors', async () => {
    const c = await createCase(t, counter.token);
    const early = errorOf(
      await t.call('case.recordStep', { caseId: c.id, step: 3, fields: STEP_FIELDS[3] }, counter.token),
    );
    expect(early.code).toBe('step_incomplete');
    expect(early.message).toBe('第 3 步还不能记录：请先完成第 1 步');

    await recordSteps(t, counter.token, c.id, 2);
    const zh = errorOf(
      await t.call('case.recordStep', { caseId: c.id, step: 4, fields: STEP_FIELDS[4] }, counter.token),
    );
    expect(zh.message).toBe('第 4 步还不能记录：请先完成第 3 步');
    const en = errorOf(
      await t.call('case.recordStep', { caseId: c.id, step: 4, fields: STEP_FIELDS[4] }, counter.token, 'en'),
    );
    expect(en.message).toBe("Step 4 can't be recorded yet: finish step 3 first");

    const missing = errorOf(
      await t.call(
        'case.recordStep',
        { caseId: c.id, step: 3, fields: { impact: 'venting' } },
        counter.token,
      ),
    );
    expect(missing.code).toBe('step_incomplete');
    expect(Object.keys(missing.fields ?? {})).toEqual(['fields.complainantType']);

    const untickedApology = errorOf(
      await t.call(
        'case.recordStep',
        { caseId: c.id, step: 1, fields: { apologyGiven: false, customerMood: 'calm' } },
        counter.token,
      ),
    );
    expect(untickedApology.fields?.['fields.apologyGiven']).toBeTruthy();

    // Re-recording an earlier step is allowed and replaces the capture.
    const again = await t.must<CaseDetail>(
      'case.recordStep',
      { caseId: c.id, step: 1, fields: { apologyGiven: true, customerMood: 'calm' } },
      counter.token,
    );
    expect(again.steps['1']).toEqual({ apologyGiven: true, customerMood: 'calm' });
    expect(again.currentStep).toBe(3);

    const notFound = errorOf(
      await t.call(
        'case.recordStep',
        { caseId: '01890000-0000-7000-8000-000000000000', step: 1, fields: STEP_FIELDS[1] },
        counter.token,
      ),
    );
    expect(notFound.code).toBe('not_found');
  });

  it('refuses closing before step 6 for a counter, allows it for a supervisor with a reason', async () => {
    const c = await createCase(t, counter.token);
    await recordSteps(t, counter.token, c.id, 3);
    const refused = errorOf(await t.call('case.close', { caseId: c.id, nature: 'valid' }, counter.token));
    expect(refused.code).toBe('close_refused');
    expect(refused.message).toContain('第 6 步');
    expect(refused.message).toContain('主管');
    const refusedEvenWithReason = errorOf(
      await t.call(
        'case.close',
        { caseId: c.id, nature: 'valid', overrideReason: '客户撤诉' },
        counter.token,
      ),
    );
    expect(refusedEvenWithReason.code).toBe('close_refused');

    const noReason = errorOf(
      await t.call('case.close', { caseId: c.id, nature: 'valid' }, supervisor.token, 'en'),
    );
    expect(noReason.code).toBe('close_refused');
    expect(noReason.fields?.overrideReason).toBeTruthy();

    const closed = await t.must<CaseDetail>(
      'case.close',
      { caseId: c.id, nature: 'valid', overrideReason: '客户撤诉' },
      supervisor.token,
    );
    expect(closed.status).toBe('closed');
    expect(closed.timeline.at(-1)?.payload).toEqual({ overrideReason: '客户撤诉' });

    expect(
      errorOf(await t.call('case.close', { caseId: c.id, nature: 'valid' }, supervisor.token)).code,
    ).toBe('invalid_state');
    expect(errorOf(await t.call('case.addNote', { caseId: c.id, text: '补充' }, counter.token)).code).toBe(
      'invalid_state',
    );
    expect(
      errorOf(
        await t.call('case.recordStep', { caseId: c.id, step: 4, fields: STEP_FIELDS[4] }, counter.token),
      ).code,
    ).toBe('invalid_state');

    // Reopen: supervisors only, closed cases only.
    expect(
      errorOf(await t.call('case.reopen', { caseId: c.id, reason: '客户再次来电' }, counter.token)).code,
    ).toBe('forbidden');
    const reopened = await t.must<CaseDetail>(
      'case.reopen',
      { caseId: c.id, reason: '客户再次来电' },
      supervisor.token,
    );
    expect(reopened.status).toBe('in_progress');
    expect(reopened.closedAt).toBeNull();
    expect(
      errorOf(await t.call('case.reopen', { caseId: c.id, reason: '再开' }, supervisor.token)).code,
    ).toBe('invalid_state');
  });

  it('sets mutable fields with taxonomy and staff checks, and skips unchanged values', async () => {
    const c = await createCase(t, counter.token);
    const badCat = errorOf(
      await t.call('case.setField', { caseId: c.id, field: 'category', value: 'nope' }, counter.token),
    );
    expect(badCat.code).toBe('invalid_input');
    expect(badCat.fields?.value).toBeTruthy();
    expect(
      errorOf(await t.call('case.setField', { caseId: c.id, field: 'severity', value: null }, counter.token))
        .code,
    ).toBe('invalid_input');
    expect(
      errorOf(
        await t.call(
          'case.setField',
          { caseId: c.id, field: 'assignee', value: '01890000-0000-7000-8000-000000000000' },
          counter.token,
        ),
      ).fields?.value,
    ).toBeTruthy();
    expect(
      errorOf(
        await t.call('case.setField', { caseId: c.id, field: 'dueAt', value: 'tomorrow' }, counter.token),
      ).code,
    ).toBe('invalid_input');

    const assigned = await t.must<CaseDetail>(
      'case.setField',
      { caseId: c.id, field: 'assignee', value: supervisor.staff.id },
      counter.token,
    );
    expect(assigned.assignee).toBe(supervisor.staff.id);
    // An hour from now, written with the branch offset: stored as the same instant in UTC.
    const soon = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3_600_000);
    const local = new Date(soon.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
    const due = await t.must<CaseDetail>(
      'case.setField',
      { caseId: c.id, field: 'dueAt', value: `${local}+08:00` },
      counter.token,
    );
    expect(due.dueAt).toBe(soon.toISOString());
    // Before the complaint was received it would be overdue from the start: refused.
    const early = await t.call(
      'case.setField',
      { caseId: c.id, field: 'dueAt', value: '2020-01-01T09:00:00+08:00' },
      counter.token,
    );
    expect(errorOf(early).code).toBe('invalid_input');
    const severity = await t.must<CaseDetail>(
      'case.setField',
      { caseId: c.id, field: 'severity', value: 'major' },
      counter.token,
    );
    expect(severity.severity).toBe('major');
    const same = await t.must<CaseDetail>(
      'case.setField',
      { caseId: c.id, field: 'severity', value: 'major' },
      counter.token,
    );
    expect(same.timeline.length).toBe(severity.timeline.length);
    const list = await t.must<CaseListPage>('case.list', { severity: 'major' }, counter.token);
    expect(list.items.map((i) => i.id)).toContain(c.id);
    const unassign = await t.must<CaseDetail>(
      'case.setField',
      { caseId: c.id, field: 'assignee', value: null },
      counter.token,
    );
    expect(unassign.assignee).toBeNull();
  });

  it('filters by the time received', async () => {
    // Receipt back-dated beyond the window: a supervisor's act with a reason.
    // Entered later than the entry rule too (issue 9): the late-entry reason is required.
    const late = { reason: '客户来信补录', lateReason: '客户来信补录' };
    const jan = await createCase(t, supervisor.token, { receivedAt: '2026-01-05T10:00:00+08:00', ...late });
    const feb = await createCase(t, supervisor.token, { receivedAt: '2026-02-05T10:00:00+08:00', ...late });
    expect(jan.receivedAt).toBe('2026-01-05T02:00:00.000Z');
    const inJan = await t.must<CaseListPage>(
      'case.list',
      { from: '2026-01-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00' },
      counter.token,
    );
    expect(inJan.items.map((i) => i.id)).toEqual([jan.id]);
    expect(inJan.total).toBe(1);
    const sinceJan = await t.must<CaseListPage>(
      'case.list',
      { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      counter.token,
    );
    expect(sinceJan.items.map((i) => i.id)).toEqual([feb.id, jan.id]);
    const none = await t.must<CaseListPage>(
      'case.list',
      { from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' },
      counter.token,
    );
    expect(none).toEqual({ items: [], nextCursor: null, total: 0, totalCapped: false });
    const backwards = errorOf(
      await t.call('case.list', { from: '2026-03-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, counter.token),
    );
    expect(backwards.fields?.from).toBeTruthy();
  });

  it('validates the taxonomy at intake', async () => {
    const e = errorOf(
      await t.call(
        'case.create',
        newCaseInput({ channel: 'pigeon', category: 'x', severity: 'y' }),
        counter.token,
      ),
    );
    expect(e.code).toBe('invalid_input');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(['category', 'channel', 'severity']);
    const future = errorOf(
      await t.call('case.create', newCaseInput({ receivedAt: '2999-01-01T00:00:00Z' }), counter.token),
    );
    expect(future.fields?.receivedAt).toBeTruthy();
  });

  it('enforces roles and sessions', async () => {
    expect(errorOf(await t.call('case.create', newCaseInput(), qc.token)).code).toBe('forbidden');
    const f = errorOf(
      await t.call(
        'staff.create',
        { name: 'x', login: 'xx', role: 'qc', secretKind: 'pin', secret: '1234' },
        supervisor.token,
      ),
    );
    expect(f.code).toBe('forbidden');
    expect(f.message).toContain('主管');
    expect(errorOf(await t.call('case.list', {}, null)).code).toBe('unauthenticated');
    expect(errorOf(await t.call('case.list', {}, 'not-a-token')).code).toBe('unauthenticated');

    const s = await staffSession(t, 'counter', 'leaver');
    await t.must('auth.signOut', {}, s.token);
    expect(errorOf(await t.call('auth.me', {}, s.token)).code).toBe('unauthenticated');
  });

  it('refuses bad input with invalid_input and field messages, and writes nothing', async () => {
    const c = await createCase(t, counter.token);
    const before = eventCount(t.dir);
    const cases: [string, unknown, string][] = [
      [
        'case.create',
        { ...newCaseInput(), customer: { name: 42, phone: '1', gender: 'female', returning: false } },
        'customer.name',
      ],
      ['case.create', { ...newCaseInput(), priority: 'high' }, 'priority'],
      [
        'case.create',
        {
          ...newCaseInput(),
          customer: { name: '张', phone: '1', gender: 'female', returning: false, vip: true },
        },
        'customer.vip',
      ],
      ['case.create', { ...newCaseInput(), account: '长'.repeat(4001) }, 'account'],
      [
        'case.create',
        {
          ...newCaseInput(),
          customer: { name: '张', phone: '1'.repeat(33), gender: 'female', returning: false },
        },
        'customer.phone',
      ],
      ['case.create', { ...newCaseInput(), account: '   ' }, 'account'],
      ['case.addNote', { caseId: 'not-a-uuid', text: 'hi' }, 'caseId'],
      ['case.addNote', { caseId: c.id, text: 'x'.repeat(4001) }, 'text'],
      ['case.recordStep', { caseId: c.id, step: 7, fields: {} }, 'step'],
      ['case.recordStep', { caseId: c.id, step: '1', fields: {} }, 'step'],
      [
        'case.recordStep',
        { caseId: c.id, step: 1, fields: { apologyGiven: { nested: true } } },
        'fields.apologyGiven',
      ],
      ['case.setField', { caseId: c.id, field: 'owner', value: 'x' }, 'field'],
      ['case.list', { limit: 1000 }, 'limit'],
      ['case.list', { text: '字'.repeat(101) }, 'text'],
      ['case.close', { caseId: c.id, nature: 'valid', overrideReason: 'x'.repeat(1001) }, 'overrideReason'],
    ];
    for (const [method, input, field] of cases) {
      const e = errorOf(await t.call(method, input, supervisor.token));
      expect(e.code, `${method} ${field}`).toBe('invalid_input');
      expect(e.fields?.[field], `${method} ${field}: ${JSON.stringify(e.fields)}`).toBeTruthy();
    }
    const en = errorOf(
      await t.call('case.create', { ...newCaseInput(), account: 'x'.repeat(4001) }, counter.token, 'en'),
    );
    expect(en.fields?.account).toBe('At most 4000 characters.');
    const zh = errorOf(
      await t.call('case.create', { ...newCaseInput(), account: 'x'.repeat(4001) }, counter.token, 'zh-CN'),
    );
    expect(zh.fields?.account).toBe('最多 4000 个字符。');
    for (const input of [null, undefined, 'text', 42, []]) {
      expect(errorOf(await t.call('case.create', input, counter.token)).code).toBe('invalid_input');
    }
    expect(eventCount(t.dir)).toBe(before);
  });

  it('answers unknown methods and never throws', async () => {
    expect(errorOf(await t.call('case.delete', {}, counter.token)).code).toBe('unknown_method');
    expect(
      errorOf(await t.core.call(42 as unknown as string, {}, { session: null, locale: 'en' })).code,
    ).toBe('unknown_method');
    const r = await t.core.call('desk.status', {}, undefined as unknown as { session: null; locale: 'en' });
    expect(r.ok).toBe(true);
  });

  it('has a message for every error code in both locales', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_CATALOGUE[code]['zh-CN'].length).toBeGreaterThan(0);
      expect(ERROR_CATALOGUE[code].en.length).toBeGreaterThan(0);
    }
    expect(Object.keys(METHODS).length).toBeGreaterThan(10);
  });
});

describe('desk core: setup and sign-in', () => {
  it('refuses calls before setup, and a second setup', async () => {
    const dir = tempDir();
    const core = openDesk({ dataDir: dir });
    try {
      const status = await core.call('desk.status', {}, { session: null, locale: 'zh-CN' });
      expect(status).toMatchObject({ ok: true, value: { initialized: false, branchCode: null } });
      const early = await core.call('case.list', {}, { session: null, locale: 'zh-CN' });
      expect(early.ok ? null : early.error.code).toBe('not_initialized');
      const badSecret = await core.call(
        'desk.setup',
        { branchCode: 'SZ', branchName: '深圳', deviceCode: '02', admin: { ...ADMIN, secret: '12ab' } },
        { session: null, locale: 'en' },
      );
      // The first administrator needs 6 digits at least (or a password).
      expect(badSecret.ok ? null : badSecret.error.fields?.['admin.secret']).toBe(
        'Supervisors and administrators need a PIN of 6 to 12 digits (or a password).',
      );
      const fourDigits = await core.call(
        'desk.setup',
        { branchCode: 'SZ', branchName: '深圳', deviceCode: '02', admin: { ...ADMIN, secret: '1234' } },
        { session: null, locale: 'en' },
      );
      expect(fourDigits.ok ? null : fourDigits.error.fields?.['admin.secret']).toMatch(/6 to 12 digits/);
      const badCode = await core.call(
        'desk.setup',
        { branchCode: 'sz', branchName: '深圳', deviceCode: '002', admin: ADMIN },
        { session: null, locale: 'zh-CN' },
      );
      expect(badCode.ok ? null : Object.keys(badCode.error.fields ?? {}).sort()).toEqual([
        'branchCode',
        'deviceCode',
      ]);
      const first = await core.call(
        'desk.setup',
        { branchCode: 'SZ', branchName: '深圳', deviceCode: '02', admin: ADMIN },
        { session: null, locale: 'zh-CN' },
      );
      expect(first.ok && Session.safeParse(first.value).success).toBe(true);
      const second = await core.call(
        'desk.setup',
        { branchCode: 'SZ', branchName: '深圳', deviceCode: '03', admin: ADMIN },
        { session: null, locale: 'zh-CN' },
      );
      expect(second.ok ? null : second.error.code).toBe('already_initialized');
    } finally {
      core.close();
      removeDir(dir);
    }
  });

  it('locks a login for 60 s after 5 failures, without revealing whether it exists; sessions end after 4 h idle and 12 h after sign-in', async () => {
    let clock = Date.parse('2026-11-22T09:00:00+08:00');
    const t = await openTestDesk({ now: () => clock });
    try {
      const wrong = errorOf(await t.call('auth.signIn', { login: 'admin', secret: '000000' }));
      const unknown = errorOf(await t.call('auth.signIn', { login: 'ghost', secret: '000000' }));
      expect(wrong.code).toBe('bad_credentials');
      expect(unknown).toEqual(wrong);

      for (let i = 0; i < 4; i++) await t.call('auth.signIn', { login: 'Admin', secret: '000000' });
      const locked = errorOf(await t.call('auth.signIn', { login: 'admin', secret: ADMIN.secret }));
      expect(locked.code).toBe('rate_limited');
      expect(locked.message).toContain('60');
      clock += 30_000;
      expect(errorOf(await t.call('auth.signIn', { login: 'admin', secret: ADMIN.secret })).code).toBe(
        'rate_limited',
      );
      clock += 31_000;
      const s = await t.must<Session>('auth.signIn', { login: 'admin', secret: ADMIN.secret });

      // Unknown logins are throttled the same way.
      for (let i = 0; i < 4; i++) await t.call('auth.signIn', { login: 'ghost', secret: '1' });
      expect(errorOf(await t.call('auth.signIn', { login: 'ghost', secret: '1' })).code).toBe('rate_limited');

      // Staff create: login taken (case-insensitive), secret rules per kind.
      const dup = errorOf(
        await t.call(
          'staff.create',
          { name: '重复', login: 'ADMIN', role: 'qc', secretKind: 'pin', secret: '1234' },
          s.token,
        ),
      );
      expect(dup.code).toBe('conflict');
      expect(dup.fields?.login).toBeTruthy();
      const shortPw = errorOf(
        await t.call(
          'staff.create',
          { name: '短', login: 'shorty', role: 'qc', secretKind: 'password', secret: 'abc1234' },
          s.token,
        ),
      );
      expect(shortPw.fields?.secret).toBe('密码长度必须为 8 到 128 个字符。');
      const shortPin = errorOf(
        await t.call(
          'staff.create',
          { name: '短', login: 'shortpin', role: 'qc', secretKind: 'pin', secret: '12' },
          s.token,
          'en',
        ),
      );
      expect(shortPin).toMatchObject({
        code: 'invalid_input',
        fields: { secret: 'A PIN must be 4 to 12 digits.' },
      });
      const pw = await t.must<StaffSummary>(
        'staff.create',
        { name: '密码用户', login: 'pwuser', role: 'qc', secretKind: 'password', secret: 'correct horse' },
        s.token,
      );
      expect(pw.role).toBe('qc');
      await t.must('auth.signIn', { login: 'pwuser', secret: 'correct horse' });

      // Locked out by wrong guesses, the holder gets a new secret from an administrator: it works at once.
      for (let i = 0; i < 5; i++) await t.call('auth.signIn', { login: 'pwuser', secret: 'wrong guess' });
      expect(errorOf(await t.call('auth.signIn', { login: 'pwuser', secret: 'correct horse' })).code).toBe(
        'rate_limited',
      );
      await t.must(
        'staff.resetSecret',
        { staffId: pw.id, secretKind: 'password', secret: 'battery staple' },
        s.token,
      );
      await t.must('auth.signIn', { login: 'pwuser', secret: 'battery staple' });

      clock += 3 * 3600_000;
      await t.must('auth.me', {}, s.token); // used within 4 h: still valid, idle timer restarts
      clock += 4 * 3600_000 + 1;
      const expired = errorOf(await t.call('auth.me', {}, s.token));
      expect(expired.code).toBe('unauthenticated');
      expect(expired.message).toBe('登录已过期，请重新登录。');

      // Used every 3 h, a session still ends 12 h after sign-in.
      const busy = await t.must<Session>('auth.signIn', { login: 'admin', secret: ADMIN.secret });
      for (let h = 3; h <= 12; h += 3) {
        clock += 3 * 3600_000 + (h === 12 ? 10 : -1);
        const r = await t.call('auth.me', {}, busy.token);
        expect(r.ok).toBe(h < 12);
      }
    } finally {
      t.close();
    }
  });

  it('stores only a scrypt hash of the secret', async () => {
    const t = await openTestDesk();
    try {
      const db = new Database(path.join(t.dir, 'loopdesk.db'), { readonly: true });
      const payloads = db.prepare("SELECT payload FROM events WHERE type = 'staff.created'").all() as {
        payload: string;
      }[];
      db.close();
      expect(payloads).toHaveLength(1);
      const p = JSON.parse(payloads[0]?.payload ?? '{}') as { credential: Record<string, unknown> };
      // OWASP's scrypt minimum in one of its equivalent forms (N = 2^15, r = 8, p = 3).
      expect(p.credential).toMatchObject({ kind: 'pin', algo: 'scrypt', N: 32768, r: 8, p: 3 });
      expect(p.credential.pepper).toMatch(/^[0-9a-f]{16}$/); // names the branch key; the key is not in the log
      expect(Buffer.from(String(p.credential.salt), 'base64')).toHaveLength(16);
      expect(Buffer.from(String(p.credential.hash), 'base64')).toHaveLength(32);
      expect(payloads[0]?.payload).not.toContain(ADMIN.secret);
    } finally {
      t.close();
    }
  });
});
