/**
 * The follow-up facts of a case through DeskApi (issue 9 part B): pause and
 * resume, contact attempts, actions, callbacks, the late-entry reason and when
 * each step was first recorded; each refusal stores nothing; the desk's clock
 * is controlled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import type { Locale } from '../../shared/domain/kernel/locale';
import {
  createCase,
  openTestDesk,
  readDeskDb,
  staffSession,
  STEP_FIELDS,
  type TestDesk,
} from './desk-fixtures';

const MIN = 60_000;
const HOUR = 60 * MIN;
const START = Date.parse('2026-11-24T02:00:00.000Z'); // 10:00 in Guangzhou
const clock = { t: START };
const iso = (ms: number) => new Date(ms).toISOString();

let t: TestDesk;
let counter: Session;
let qc: Session;

function eventCount(): number {
  return readDeskDb(t.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
}

function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

/** Calls `method`, expects a refusal, and checks nothing was stored; returns the error. */
async function refused(
  method: string,
  input: unknown,
  token: string | null = counter.token,
  locale: Locale = 'zh-CN',
) {
  const before = eventCount();
  const e = errorOf(await t.call(method, input, token, locale));
  expect(eventCount(), `${method} stored nothing`).toBe(before);
  return e;
}

const must = (method: string, input: unknown, token = counter.token) =>
  t.must<CaseDetail>(method, input, token);

async function closedCase(): Promise<CaseDetail> {
  const c = await createCase(t, counter.token);
  return must('case.close', { caseId: c.id, nature: 'valid', overrideReason: '客户撤诉' }, t.admin.token);
}

beforeAll(async () => {
  t = await openTestDesk({ now: () => clock.t });
  counter = await staffSession(t, 'counter', 'clerk1', '柜员小陈');
  qc = await staffSession(t, 'qc', 'qc1', '质检小李');
});
afterAll(() => t.close());

describe('intake: the late-entry reason', () => {
  it('is stored in case.opened and shown on the case, trimmed', async () => {
    const c = await createCase(t, counter.token, { lateReason: '  系统故障，恢复后补录  ' });
    expect(c.lateReason).toBe('系统故障，恢复后补录');
    expect(c.timeline[0]?.payload).toMatchObject({ lateReason: '系统故障，恢复后补录' });
    const plain = await createCase(t, counter.token);
    expect(plain.lateReason).toBeNull();
    expect(plain.timeline[0]?.payload).not.toHaveProperty('lateReason');
  });

  it('refuses a blank or overlong one', async () => {
    const input = (lateReason: string) => ({
      customer: { name: '李秀英', phone: '13800138000', gender: 'female', returning: true },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: '年费重复扣收。',
      lateReason,
    });
    expect(Object.keys((await refused('case.create', input('   '))).fields ?? {})).toEqual(['lateReason']);
    expect(Object.keys((await refused('case.create', input('原'.repeat(1001)))).fields ?? {})).toEqual([
      'lateReason',
    ]);
  });
});

describe('when each step was first recorded', () => {
  it('is the desk clock at the first recording; a re-recording does not move it', async () => {
    const c = await createCase(t, counter.token);
    clock.t += 10 * MIN;
    const first = clock.t;
    await must('case.recordStep', { caseId: c.id, step: 1, fields: STEP_FIELDS[1] });
    clock.t += 10 * MIN;
    await must('case.recordStep', { caseId: c.id, step: 2, fields: STEP_FIELDS[2] });
    clock.t += 10 * MIN;
    const d = await must('case.recordStep', {
      caseId: c.id,
      step: 1,
      fields: { ...STEP_FIELDS[1], customerMood: 'calm' },
    });
    expect(d.stepRecordedAt).toEqual({ '1': iso(first), '2': iso(first + 10 * MIN) });
    expect(d.steps['1']).toMatchObject({ customerMood: 'calm' });
  });

  it('step 6 refuses a negative contact count (nothing stored)', async () => {
    const c = await createCase(t, counter.token);
    for (const n of [1, 2, 3, 4, 5] as const)
      await must('case.recordStep', { caseId: c.id, step: n, fields: STEP_FIELDS[n] });
    const e = await refused(
      'case.recordStep',
      { caseId: c.id, step: 6, fields: { ...STEP_FIELDS[6], contactAttempts: -1 } },
      counter.token,
      'en',
    );
    expect(e.code).toBe('step_incomplete');
    expect(e.fields).toEqual({ 'fields.contactAttempts': 'A count cannot be negative.' });
  });
});

describe('pause and resume', () => {
  it('pauses and resumes at the desk clock, any signed-in staff member', async () => {
    const c = await createCase(t, counter.token);
    clock.t += HOUR;
    const from = clock.t;
    const p = await must('case.pause', { caseId: c.id, reason: 'parts', note: '等卡片到货' }, qc.token);
    expect(p.pauses).toEqual([{ reason: 'parts', note: '等卡片到货', from: iso(from), to: null }]);
    clock.t += 2 * HOUR;
    const r = await must('case.resume', { caseId: c.id });
    expect(r.pauses).toEqual([
      { reason: 'parts', note: '等卡片到货', from: iso(from), to: iso(from + 2 * HOUR) },
    ]);
    expect(r.timeline.slice(-2).map((e) => e.type)).toEqual(['case.paused', 'case.resumed']);
  });

  it('refuses a second pause, a resume with nothing paused, a pause on a closed case, a reason not in the list', async () => {
    const c = await createCase(t, counter.token);
    expect((await refused('case.resume', { caseId: c.id }, counter.token, 'en')).message).toBe(
      'This case is not paused, so there is nothing to resume.',
    );
    await must('case.pause', { caseId: c.id, reason: 'customer' });
    const again = await refused('case.pause', { caseId: c.id, reason: 'third_party' });
    expect(again.code).toBe('invalid_state');
    expect(again.message).toBe('这张投诉单已经暂停计时，请先恢复再重新暂停。');
    const closed = await closedCase();
    expect((await refused('case.pause', { caseId: closed.id, reason: 'customer' })).code).toBe(
      'invalid_state',
    );
    expect(
      Object.keys((await refused('case.pause', { caseId: c.id, reason: 'lunch' })).fields ?? {}),
    ).toEqual(['reason']);
  });

  it('closing ends an open pause at the close', async () => {
    const c = await createCase(t, counter.token);
    await must('case.pause', { caseId: c.id, reason: 'customer' });
    clock.t += HOUR;
    const d = await must(
      'case.close',
      { caseId: c.id, nature: 'valid', overrideReason: '客户撤诉' },
      t.admin.token,
    );
    expect(d.pauses[0]?.to).toBe(iso(clock.t));
  });

  it('refuses an unknown case', async () => {
    const e = await refused('case.pause', {
      caseId: '0193a1b2-c3d4-7e5f-8a9b-00000000dead',
      reason: 'customer',
    });
    expect(e.code).toBe('not_found');
  });
});

describe('contact attempts', () => {
  it('records when, how and what came of it; the time defaults to now', async () => {
    const c = await createCase(t, counter.token);
    clock.t += HOUR;
    const d1 = await must('case.contact.record', { caseId: c.id, channel: 'phone', outcome: 'no_answer' });
    const earlier = clock.t - 30 * MIN;
    const d2 = await must(
      'case.contact.record',
      { caseId: c.id, at: iso(earlier), channel: 'sms', outcome: 'reached', note: '已短信告知' },
      qc.token,
    );
    expect(d1.contacts).toEqual([
      expect.objectContaining({
        at: iso(clock.t),
        channel: 'phone',
        outcome: 'no_answer',
        note: '',
        actorName: '柜员小陈',
      }),
    ]);
    expect(d2.contacts[1]).toMatchObject({
      at: iso(earlier),
      channel: 'sms',
      outcome: 'reached',
      note: '已短信告知',
      actorName: '质检小李',
    });
  });

  it('refuses a contact before receipt, in the future, an unknown channel or outcome, a control character', async () => {
    const c = await createCase(t, counter.token, { receivedAt: iso(clock.t - HOUR) });
    const base = { caseId: c.id, channel: 'phone', outcome: 'busy' };
    const early = await refused(
      'case.contact.record',
      { ...base, at: iso(clock.t - 2 * HOUR) },
      counter.token,
      'en',
    );
    expect(early.fields).toEqual({ at: 'The contact cannot be before the complaint was received.' });
    const future = await refused('case.contact.record', { ...base, at: iso(clock.t + 6 * MIN) });
    expect(future.fields).toEqual({ at: '时间不能晚于当前时间。' });
    expect(
      Object.keys((await refused('case.contact.record', { ...base, channel: 'pigeon' })).fields ?? {}),
    ).toEqual(['channel']);
    expect(
      Object.keys((await refused('case.contact.record', { ...base, outcome: 'maybe' })).fields ?? {}),
    ).toEqual(['outcome']);
    expect(
      Object.keys((await refused('case.contact.record', { ...base, note: '已致电\u0007' })).fields ?? {}),
    ).toEqual(['note']);
    // within the 5 minutes the fold allows for clocks: accepted
    const d = await must('case.contact.record', { ...base, at: iso(clock.t + 4 * MIN) });
    expect(d.contacts).toHaveLength(1);
  });
});

describe('actions', () => {
  it('adds actions owned by a department or a member of staff, and marks one done with a result', async () => {
    const c = await createCase(t, counter.token);
    const due = clock.t + 24 * HOUR;
    const d1 = await must('case.action.add', {
      caseId: c.id,
      what: '提交卡中心退费申请',
      owner: { kind: 'department', name: '卡部' },
      dueAt: '2026-11-25T10:00:00+08:00',
    });
    const d2 = await must('case.action.add', {
      caseId: c.id,
      what: '电话告知客户',
      owner: { kind: 'staff', staffId: counter.staff.id },
      dueAt: iso(due),
    });
    expect(d1.actions).toHaveLength(1);
    expect(d2.actions).toEqual([
      expect.objectContaining({
        what: '提交卡中心退费申请',
        owner: { kind: 'department', name: '卡部' },
        ownerName: '卡部',
        dueAt: '2026-11-25T02:00:00.000Z',
        doneAt: null,
        result: null,
      }),
      expect.objectContaining({ ownerName: '柜员小陈', owner: { kind: 'staff', staffId: counter.staff.id } }),
    ]);
    clock.t += HOUR;
    const id = d2.actions[0]!.id;
    const done = await must('case.action.done', { caseId: c.id, actionId: id, result: '已提交' }, qc.token);
    expect(done.actions[0]).toMatchObject({ doneAt: iso(clock.t), result: '已提交' });
    expect(done.actions[1]?.doneAt).toBeNull();

    const twice = await refused('case.action.done', { caseId: c.id, actionId: id, result: '再次' });
    expect(twice.code).toBe('invalid_state');
    const unknown = await refused('case.action.done', {
      caseId: c.id,
      actionId: '0193a1b2-c3d4-7e5f-8a9b-00000000beef',
      result: '完成',
    });
    expect(Object.keys(unknown.fields ?? {})).toEqual(['actionId']);
  });

  it('refuses a due time in the past, an unknown staff owner, an empty what or result', async () => {
    const c = await createCase(t, counter.token);
    const base = { caseId: c.id, what: '退费', owner: { kind: 'department', name: '卡部' } };
    const past = await refused(
      'case.action.add',
      { ...base, dueAt: iso(clock.t - MIN) },
      counter.token,
      'en',
    );
    expect(past.fields).toEqual({ dueAt: 'The due time cannot be in the past: choose a later time.' });
    const ghost = await refused('case.action.add', {
      ...base,
      owner: { kind: 'staff', staffId: '0193a1b2-c3d4-7e5f-8a9b-00000000f00d' },
      dueAt: iso(clock.t + HOUR),
    });
    expect(ghost.fields).toEqual({ 'owner.staffId': '没有这位员工。' });
    expect(
      Object.keys(
        (await refused('case.action.add', { ...base, what: '  ', dueAt: iso(clock.t + HOUR) })).fields ?? {},
      ),
    ).toEqual(['what']);
    expect(
      Object.keys(
        (
          await refused('case.action.add', {
            ...base,
            owner: { kind: 'department', name: '' },
            dueAt: iso(clock.t + HOUR),
          })
        ).fields ?? {},
      ),
    ).toEqual(['owner.name']);
    const d = await must('case.action.add', { ...base, dueAt: iso(clock.t + HOUR) });
    expect(
      Object.keys(
        (await refused('case.action.done', { caseId: c.id, actionId: d.actions[0]!.id, result: '' }))
          .fields ?? {},
      ),
    ).toEqual(['result']);
  });
});

describe('callbacks', () => {
  it('records a callback on a closed case: who was reached, satisfaction, comment; or a failed attempt', async () => {
    const c = await closedCase();
    clock.t += HOUR;
    const d1 = await must('case.callback.record', { caseId: c.id, outcome: 'no_answer' });
    expect(d1.callbacks).toEqual([
      expect.objectContaining({
        at: iso(clock.t),
        outcome: 'no_answer',
        reachedWho: '',
        satisfaction: null,
        comment: '',
      }),
    ]);
    const d2 = await must(
      'case.callback.record',
      {
        caseId: c.id,
        at: iso(clock.t - MIN),
        outcome: 'reached',
        reachedWho: '客户本人',
        satisfaction: 4,
        comment: '满意',
      },
      qc.token,
    );
    expect(d2.callbacks[1]).toMatchObject({
      outcome: 'reached',
      reachedWho: '客户本人',
      satisfaction: 4,
      comment: '满意',
      actorName: '质检小李',
    });
  });

  it('refuses a callback on an open case, without satisfaction when reached, with one when not, out of 1..5, in the future', async () => {
    const open = await createCase(t, counter.token);
    const notClosed = await refused(
      'case.callback.record',
      { caseId: open.id, outcome: 'busy' },
      counter.token,
      'en',
    );
    expect(notClosed).toMatchObject({
      code: 'invalid_state',
      message: 'A callback follows the close: this case is not closed yet.',
    });
    const c = await closedCase();
    const reached = { caseId: c.id, outcome: 'reached', reachedWho: '本人' };
    expect((await refused('case.callback.record', reached)).fields).toEqual({
      satisfaction: '联系上客户时，请选择满意度（1-5 分）。',
    });
    expect(
      (await refused('case.callback.record', { ...reached, satisfaction: null }, counter.token, 'en')).fields,
    ).toEqual({
      satisfaction: 'The customer was reached: choose their satisfaction (1 to 5).',
    });
    expect(
      Object.keys((await refused('case.callback.record', { ...reached, satisfaction: 6 })).fields ?? {}),
    ).toEqual(['satisfaction']);
    expect(
      Object.keys((await refused('case.callback.record', { ...reached, satisfaction: 0 })).fields ?? {}),
    ).toEqual(['satisfaction']);
    expect(
      Object.keys((await refused('case.callback.record', { ...reached, satisfaction: 2.5 })).fields ?? {}),
    ).toEqual(['satisfaction']);
    expect(
      (await refused('case.callback.record', { caseId: c.id, outcome: 'busy', satisfaction: 3 })).fields,
    ).toEqual({
      satisfaction: '没有联系上客户，不能填写满意度。',
    });
    expect(
      Object.keys(
        (await refused('case.callback.record', { caseId: c.id, outcome: 'reached', satisfaction: 3 }))
          .fields ?? {},
      ),
    ).toEqual(['reachedWho']);
    expect(
      Object.keys(
        (await refused('case.callback.record', { caseId: c.id, outcome: 'busy', at: iso(clock.t + 6 * MIN) }))
          .fields ?? {},
      ),
    ).toEqual(['at']);
  });

  it('needs a signed-in staff member', async () => {
    const c = await closedCase();
    expect((await refused('case.callback.record', { caseId: c.id, outcome: 'busy' }, null)).code).toBe(
      'unauthenticated',
    );
  });
});

describe('steps 5 and 6 and the follow-up facts', () => {
  it("step 5's first recording also adds its action, due in the future; a re-recording adds none", async () => {
    const c = await createCase(t, counter.token);
    for (const n of [1, 2, 3, 4] as const) {
      await must('case.recordStep', { caseId: c.id, step: n, fields: STEP_FIELDS[n] });
    }
    const five = { actions: '  提交退费申请 ', actionOwner: '卡部 陈经理', actionDueAt: iso(clock.t - MIN) };
    const past = await refused('case.recordStep', { caseId: c.id, step: 5, fields: five });
    expect(past.fields).toEqual({ 'fields.actionDueAt': '完成时限不能早于当前时间，请选择以后的时间。' });
    const due = '2026-12-01T17:00:00+08:00';
    const before = eventCount();
    const d = await must('case.recordStep', { caseId: c.id, step: 5, fields: { ...five, actionDueAt: due } });
    expect(eventCount()).toBe(before + 2);
    expect(d.timeline.slice(-2).map((e) => e.type)).toEqual(['case.step_recorded', 'case.action_added']);
    expect(d.actions).toEqual([
      expect.objectContaining({
        what: '提交退费申请',
        owner: { kind: 'department', name: '卡部 陈经理' },
        dueAt: '2026-12-01T09:00:00.000Z',
        doneAt: null,
      }),
    ]);
    const again = await must('case.recordStep', {
      caseId: c.id,
      step: 5,
      fields: { ...five, actionDueAt: due },
    });
    expect(again.actions).toHaveLength(1);
  });

  it("step 6's contact count is the number of contact attempts recorded, whatever was typed", async () => {
    const c = await createCase(t, counter.token);
    for (const n of [1, 2, 3, 4, 5] as const) {
      await must('case.recordStep', { caseId: c.id, step: n, fields: STEP_FIELDS[n] });
    }
    clock.t += MIN;
    const six = { caseId: c.id, step: 6, fields: { ...STEP_FIELDS[6], contactAttempts: 7 } };
    expect((await must('case.recordStep', six)).steps['6']).toMatchObject({ contactAttempts: 0 });
    await must('case.contact.record', { caseId: c.id, channel: 'phone', outcome: 'no_answer' });
    await must('case.contact.record', { caseId: c.id, channel: 'phone', outcome: 'reached' });
    expect((await must('case.recordStep', six)).steps['6']).toMatchObject({ contactAttempts: 2 });
  });
});

describe('step 4: the promise', () => {
  it('refuses a promised time before the complaint was received, on its field, in both languages', async () => {
    const c = await createCase(t, counter.token);
    for (const n of [1, 2, 3] as const) {
      await must('case.recordStep', { caseId: c.id, step: n, fields: STEP_FIELDS[n] });
    }
    const early = { ...STEP_FIELDS[4], promisedAt: iso(Date.parse(c.receivedAt) - MIN) };
    const zh = await refused('case.recordStep', { caseId: c.id, step: 4, fields: early });
    expect(zh.fields).toEqual({
      'fields.promisedAt': '承诺时间不能早于收到投诉的时间，请选择以后的时间。',
    });
    const en = await refused(
      'case.recordStep',
      { caseId: c.id, step: 4, fields: early },
      counter.token,
      'en',
    );
    expect(en.fields?.['fields.promisedAt']).toMatch(/before the complaint was received/);
    const ok = { ...STEP_FIELDS[4], promisedAt: iso(Date.parse(c.receivedAt) + 60 * MIN) };
    expect((await must('case.recordStep', { caseId: c.id, step: 4, fields: ok })).currentStep).toBe(5);
  });
});
