/**
 * Deadlines, the work queue and the scheduler through DeskApi (issue 9, items
 * 2-9; docs/deadlines.md), every rule with the desk's clock under control and
 * the scheduler swept by hand. The branch runs on the default settings:
 * Asia/Shanghai, Mon-Fri 09:00-12:00 and 13:00-17:30, the bundled holidays,
 * DOMAIN.md's figures. Week of Mon 2026-03-09 (no holiday near).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../shared/contract/api';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { Alert, CaseDeadlineView, WorkBoard, WorkItem } from '../../shared/contract/methods/work';
import type { Result } from '../../shared/contract/result';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { SETTINGS_STREAM, SETTINGS_STREAM_ID } from '../../shared/domain/settings/payloads';
import {
  ADMIN,
  RemoteDevice,
  createCase,
  newCaseInput,
  openTestDesk,
  readDeskDb,
  recordSteps,
  staffSession,
  STEP_FIELDS,
  type TestDesk,
} from './desk-fixtures';

const at = (local: string): number => Date.parse(`${local}:00+08:00`);
const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const MIN = 60_000;

interface Rig {
  t: TestDesk;
  clock: { t: number };
  clerk: Session;
  sup: Session;
  events: DeskEvent[];
  /** Staff signed in through the rig: signed in again whenever the clock is set (sessions idle out). */
  staff(role: 'counter' | 'supervisor', login: string, name?: string): Promise<Session>;
  set(local: string): Promise<void>;
  mine(s?: Session): Promise<{ items: WorkItem[]; count: number; paused: number }>;
  board(): Promise<WorkBoard>;
  deadlines(caseId: string, s?: Session): Promise<CaseDeadlineView[]>;
  alerts(s: Session, includeAcked?: boolean): Promise<{ items: Alert[]; unacked: number }>;
  sweep(): Promise<void>;
}

let open: TestDesk[] = [];
afterEach(() => {
  for (const t of open) t.close();
  open = [];
});

async function rig(start = '2026-03-10T10:00', rebuildChunk?: number): Promise<Rig> {
  const clock = { t: at(start) };
  const t = await openTestDesk({
    now: () => clock.t,
    sync: false,
    deadlines: { timers: false },
    ...(rebuildChunk ? { jobs: { rebuildChunk } } : {}),
  });
  open.push(t);
  const signedIn: { s: Session; login: string; secret: string }[] = [
    { s: t.admin, login: ADMIN.login, secret: ADMIN.secret },
  ];
  const staff = async (role: 'counter' | 'supervisor', login: string, name?: string) => {
    const s = await staffSession(t, role, login, name);
    signedIn.push({ s, login, secret: '135790' });
    return s;
  };
  const clerk = await staff('counter', 'clerk1', '柜员小陈');
  const sup = await staff('supervisor', 'sup1', '主管老王');
  const events: DeskEvent[] = [];
  t.core.subscribe((e) => events.push(e));
  return {
    t,
    clock,
    clerk,
    sup,
    events,
    staff,
    set: async (local) => {
      clock.t = at(local);
      for (const x of signedIn) {
        x.s.token = (await t.must<Session>('auth.signIn', { login: x.login, secret: x.secret })).token;
      }
    },
    mine: (s = clerk) => t.must('work.mine', {}, s.token),
    board: () => t.must<WorkBoard>('work.board', {}, sup.token),
    deadlines: async (caseId, s = clerk) =>
      (await t.must<{ deadlines: CaseDeadlineView[] }>('work.case', { caseId }, s.token)).deadlines,
    alerts: (s, includeAcked = false) => t.must('alert.list', { includeAcked }, s.token),
    sweep: () => t.core.sweep(),
  };
}

const one = (list: CaseDeadlineView[], kind: string, ref = '') => {
  const d = list.find((x) => x.kind === kind && x.ref === ref);
  if (!d) throw new Error(`no ${kind} deadline in ${JSON.stringify(list.map((x) => x.kind))}`);
  return d;
};
const ofCase = (items: WorkItem[], caseId: string, kind?: string) =>
  items.filter((i) => i.caseId === caseId && (kind === undefined || i.kind === kind));

function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

describe('handling and result: due, due soon, overdue, each alerted once', () => {
  it('a general case received at 10:00 is due at 17:30 and within 3 working days', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    const mine = await r.mine();
    const handling = ofCase(mine.items, c.id, 'handling')[0]!;
    expect(ms(handling.dueAt)).toBe(at('2026-03-10T17:30'));
    expect(handling).toMatchObject({ state: 'pending', owner: r.clerk.staff.id, ownerName: '柜员小陈' });
    expect(ms(ofCase(mine.items, c.id, 'result')[0]!.dueAt)).toBe(at('2026-03-13T17:30'));
    // the entry was on time: met, not in the queue
    expect(ofCase(mine.items, c.id, 'entry')).toEqual([]);
    expect(one(await r.deadlines(c.id), 'entry')).toMatchObject({ state: 'met' });
    expect(one(await r.deadlines(c.id), 'handling').workingMinutesLeft).toBe(120 + 270);
  });

  it('urgent cases are due 30 working minutes after receipt', async () => {
    const r = await rig('2026-03-10T11:50');
    const c = await createCase(r.t, r.clerk.token, { severity: 'urgent' });
    expect(ms(one(await r.deadlines(c.id), 'handling').dueAt)).toBe(at('2026-03-10T13:20'));
  });

  it('becomes due soon 2 working hours before, then overdue; the sweep alerts once each', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await r.sweep();
    expect((await r.alerts(r.clerk)).items).toEqual([]);
    expect(r.events.filter((e) => e.type === 'alert.raised')).toEqual([]);

    await r.set('2026-03-10T15:30');
    expect(ofCase((await r.mine()).items, c.id, 'handling')[0]!.state).toBe('due_soon');
    await r.sweep();
    await r.sweep();
    const soon = await r.alerts(r.clerk);
    expect(soon.items).toEqual([
      expect.objectContaining({ caseId: c.id, rule: 'due_soon', kind: 'handling' }),
    ]);
    expect(soon.unacked).toBe(1);
    expect(r.events.filter((e) => e.type === 'alert.raised')).toEqual([{ type: 'alert.raised', count: 1 }]);
    // a supervisor is not told about everyone's due-soon items
    expect((await r.alerts(r.sup)).items).toEqual([]);

    await r.set('2026-03-10T17:31');
    const board = await r.board();
    expect(ofCase(board.overdue.items, c.id, 'handling')).toHaveLength(1);
    expect(board.overdue.count).toBe(1);
    await r.sweep();
    const late = await r.alerts(r.clerk);
    expect(late.items.map((a) => a.rule)).toEqual(['overdue', 'due_soon']);
    expect((await r.alerts(r.sup)).items).toEqual([
      expect.objectContaining({ rule: 'overdue', caseNumber: c.number }),
    ]);

    // acknowledged on this desk; someone who does not see it cannot
    const other = await r.staff('counter', 'clerk2');
    const id = late.items[0]!.id;
    expect(errorOf(await r.t.call('alert.ack', { alertId: id }, other.token, 'en')).message).toMatch(
      /alert/i,
    );
    const acked = await r.t.must<Alert>('alert.ack', { alertId: id }, r.clerk.token);
    expect(ms(acked.ackedAt)).toBe(r.clock.t);
    expect((await r.alerts(r.clerk)).unacked).toBe(1);
    expect((await r.alerts(r.clerk, true)).items).toHaveLength(2);

    // handled (step 5) late: no longer in anyone's queue
    await recordSteps(r.t, r.clerk.token, c.id, 5);
    expect(ofCase((await r.board()).overdue.items, c.id, 'handling')).toEqual([]);
    expect(one(await r.deadlines(c.id), 'handling').state).toBe('met_late');
  });

  it('a sweep looks back a week: older misses stay on the board without an alert', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await r.set('2026-03-19T10:00'); // handling (due 03-10) 9 days ago, result (due 03-13) 6 days ago
    await r.sweep();
    const alerts = (await r.alerts(r.clerk)).items.filter((a) => a.caseId === c.id);
    expect(alerts.map((a) => `${a.rule}:${a.kind}`)).toEqual(['overdue:result']);
    expect(
      ofCase((await r.board()).overdue.items, c.id)
        .map((i) => i.kind)
        .sort(),
    ).toEqual(['handling', 'result']);
  });

  it("a supervisor's due date replaces the result deadline", async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await r.t.must(
      'case.setField',
      { caseId: c.id, field: 'dueAt', value: '2026-03-20T12:00:00+08:00', reason: '客户同意延期' },
      r.sup.token,
    );
    expect(ms(one(await r.deadlines(c.id), 'result').dueAt)).toBe(at('2026-03-20T12:00'));
  });
});

describe('intake: entry later than the rule', () => {
  it('needs a reason (zh-CN and English), then shows on the board as late entry', async () => {
    const r = await rig();
    // received Mon 16:00: due Tue 09:30 (90 + 30 working minutes); entered Tue 10:00
    const input = { receivedAt: '2026-03-09T16:00:00+08:00' };
    const zh = errorOf(await r.t.call('case.create', newCaseInput(input), r.clerk.token, 'zh-CN'));
    expect(zh.code).toBe('invalid_input');
    expect(zh.fields?.lateReason).toMatch(/原因/);
    const en = errorOf(await r.t.call('case.create', newCaseInput(input), r.clerk.token, 'en'));
    expect(en.fields?.lateReason).toMatch(/reason/i);
    // within the rule: no reason needed
    await createCase(r.t, r.clerk.token, { receivedAt: '2026-03-10T08:30:00+08:00' });
    const c = await createCase(r.t, r.clerk.token, { ...input, lateReason: '系统停机，恢复后补录' });
    expect(one(await r.deadlines(c.id), 'entry')).toMatchObject({ state: 'met_late' });
    const board = await r.board();
    expect(board.lateEntry.items.map((i) => i.caseId)).toEqual([c.id]);
    expect(board.lateEntry.count).toBe(1);
  });
});

describe('pauses', () => {
  it('stop the clock: paused items leave my work and show on the board; resuming shifts the due times', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await r.set('2026-03-10T11:00');
    await r.t.must('case.pause', { caseId: c.id, reason: 'parts', note: '等配件' }, r.clerk.token);
    const mine = await r.mine();
    expect(ofCase(mine.items, c.id)).toEqual([]);
    expect(mine.paused).toBe(2); // handling and result
    const board = await r.board();
    expect(board.paused.items.map((i) => i.caseId)).toEqual([c.id]);
    expect(board.paused.count).toBe(1);
    const list = await r.t.must<CaseListPage>('case.list', { due: 'paused' }, r.clerk.token);
    expect(list.items.map((i) => i.id)).toEqual([c.id]);
    expect(list.items[0]).toMatchObject({ deadlineState: 'paused', nextDueAt: null });
    await r.set('2026-03-12T10:00'); // two days later: still paused, never overdue
    await r.sweep();
    expect((await r.alerts(r.clerk)).items).toEqual([]);

    await r.set('2026-03-11T10:00');
    await r.t.must('case.resume', { caseId: c.id, note: '配件到了' }, r.clerk.token);
    // 390 working minutes paused (11:00-12:00, 13:00-17:30, 09:00-10:00): handling 60 + 330 -> Wed 16:30
    const d = await r.deadlines(c.id);
    expect(ms(one(d, 'handling').dueAt)).toBe(at('2026-03-11T16:30'));
    // result: Fri 17:30 + 390 -> Mon 16:30
    expect(ms(one(d, 'result').dueAt)).toBe(at('2026-03-16T16:30'));
    expect((await r.mine()).paused).toBe(0);
  });
});

describe('contact attempts', () => {
  it('three unanswered in the window raise one supervisor alert; reaching the customer meets it', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    for (const outcome of ['no_answer', 'busy', 'refused']) {
      r.clock.t += 10 * MIN;
      await r.t.must('case.contact.record', { caseId: c.id, channel: 'phone', outcome }, r.clerk.token);
    }
    const board = await r.board();
    expect(board.contactsExhausted.items.map((i) => i.caseId)).toEqual([c.id]);
    await r.sweep();
    await r.sweep();
    const sup = await r.alerts(r.sup);
    expect(sup.items.filter((a) => a.rule === 'contact_exhausted')).toEqual([
      expect.objectContaining({ caseId: c.id, kind: 'contact' }),
    ]);

    const ok = await createCase(r.t, r.clerk.token);
    await r.t.must(
      'case.contact.record',
      { caseId: ok.id, channel: 'sms', outcome: 'no_answer' },
      r.clerk.token,
    );
    expect(ofCase((await r.mine()).items, ok.id, 'contact')[0]).toMatchObject({ state: 'pending' });
    expect(ms(ofCase((await r.mine()).items, ok.id, 'contact')[0]!.dueAt)).toBe(at('2026-03-13T17:30'));
    r.clock.t += MIN;
    await r.t.must(
      'case.contact.record',
      { caseId: ok.id, channel: 'phone', outcome: 'reached' },
      r.clerk.token,
    );
    expect(ofCase((await r.mine()).items, ok.id, 'contact')).toEqual([]);
    expect(one(await r.deadlines(ok.id), 'contact').state).toBe('met');
    expect((await r.board()).contactsExhausted.count).toBe(1);
  });
});

describe('callbacks (回访)', () => {
  it('every closed case, early closes too, gets one; three failures end it unreachable; coverage counts', async () => {
    const r = await rig();
    const a = await createCase(r.t, r.clerk.token);
    await recordSteps(r.t, r.clerk.token, a.id, 6);
    await r.t.must('case.close', { caseId: a.id }, r.clerk.token);
    const b = await createCase(r.t, r.clerk.token);
    await r.t.must('case.close', { caseId: b.id, overrideReason: '客户撤诉' }, r.sup.token);
    const due = (await r.board()).callbacksDue;
    expect(due.items.map((i) => i.caseId).sort()).toEqual([a.id, b.id].sort());
    expect(ms(due.items[0]!.dueAt)).toBe(at('2026-03-13T17:30'));
    expect(due.items[0]!.owner).toBe(r.clerk.staff.id);

    for (const outcome of ['no_answer', 'busy', 'wrong_number']) {
      r.clock.t += 30 * MIN;
      await r.t.must(
        'case.callback.record',
        { caseId: a.id, outcome, reachedWho: '', satisfaction: null, comment: '' },
        r.clerk.token,
      );
    }
    await r.t.must(
      'case.callback.record',
      { caseId: b.id, outcome: 'reached', reachedWho: '本人', satisfaction: 5, comment: '满意' },
      r.clerk.token,
    );
    const board = await r.board();
    expect(board.unreachable.items.map((i) => i.caseId)).toEqual([a.id]);
    expect(board.callbacksDue.count).toBe(0);
    await r.sweep();
    expect((await r.alerts(r.sup)).items).toEqual([
      expect.objectContaining({ caseId: a.id, rule: 'callback_unreachable' }),
    ]);
    // both due Fri 17:30: counted once their due time has come
    expect(board.callbackCoverage).toEqual({ done: 0, due: 0, days: 30 });
    await r.set('2026-03-14T10:00');
    expect((await r.board()).callbackCoverage).toEqual({ done: 1, due: 2, days: 30 });
    // the per-day sums are a projection like the rows: a rebuild gives them again
    const sums = () =>
      readDeskDb(r.t.dir, (db) => db.prepare('SELECT * FROM callback_days ORDER BY day').all());
    const before = sums();
    expect(before).toEqual([{ day: Math.floor(at('2026-03-13T17:30') / 86_400_000), due: 2, done: 1 }]);
    r.t.core.rebuild();
    expect(sums()).toEqual(before);
  });
});

describe('actions and promises', () => {
  it("an action owned by staff is in that person's work until done; a department's shows overdue on the board", async () => {
    const r = await rig();
    const tech = await r.staff('counter', 'tech1', '技术小张');
    const c = await createCase(r.t, r.clerk.token);
    const withAction = await r.t.must<CaseDetail>(
      'case.action.add',
      {
        caseId: c.id,
        what: '上门检修',
        owner: { kind: 'staff', staffId: tech.staff.id },
        dueAt: '2026-03-11T12:00:00+08:00',
      },
      r.clerk.token,
    );
    const actionId = withAction.actions[0]!.id;
    const techWork = await r.mine(tech);
    expect(techWork.items).toEqual([
      expect.objectContaining({ caseId: c.id, kind: 'action', ref: actionId }),
    ]);
    await r.t.must(
      'case.action.add',
      {
        caseId: c.id,
        what: '卡部退费',
        owner: { kind: 'department', name: '卡部' },
        dueAt: '2026-03-10T16:00:00+08:00',
      },
      r.clerk.token,
    );
    await r.set('2026-03-10T16:05');
    const overdue = (await r.board()).overdue.items.filter((i) => i.kind === 'action');
    expect(overdue).toEqual([expect.objectContaining({ owner: null, ownerName: '' })]);
    await r.t.must('case.action.done', { caseId: c.id, actionId, result: '已修复' }, tech.token);
    expect((await r.mine(tech)).items).toEqual([]);
  });

  it('the result is met when step 5 is recorded and its action done; the reply is due a working day later', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    const step5 = await recordSteps(r.t, r.clerk.token, c.id, 5); // step 5 adds its action (卡部, due in November)
    let d = await r.deadlines(c.id);
    expect(one(d, 'result').state).toBe('pending');
    expect(d.some((x) => x.kind === 'reply')).toBe(false);
    await r.set('2026-03-11T16:00');
    await r.t.must(
      'case.action.done',
      { caseId: c.id, actionId: step5.actions[0]!.id, result: '已退费' },
      r.clerk.token,
    );
    d = await r.deadlines(c.id);
    expect(one(d, 'result').state).toBe('met');
    // result met Wed 16:00: the reply is due at the end of the next working day
    expect(ms(one(d, 'reply').dueAt)).toBe(at('2026-03-12T17:30'));
    expect(ofCase((await r.mine()).items, c.id, 'reply')).toHaveLength(1);
    await r.set('2026-03-13T09:30');
    expect(one(await r.deadlines(c.id), 'reply').state).toBe('overdue');
    await r.t.must('case.recordStep', { caseId: c.id, step: 6, fields: STEP_FIELDS[6] }, r.clerk.token);
    expect(one(await r.deadlines(c.id), 'reply').state).toBe('met_late');
    expect(ofCase((await r.mine()).items, c.id, 'reply')).toEqual([]);
  });

  it("step 4's promised time is kept by step 6 in time, broken after", async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await recordSteps(r.t, r.clerk.token, c.id, 3);
    const step4 = {
      resolvability: 'short_term',
      proposal: '今天下午四点前回复',
      promisedAt: '2026-03-10T16:00:00+08:00',
      customerAnswer: 'accept',
    };
    await r.t.must('case.recordStep', { caseId: c.id, step: 4, fields: step4 }, r.clerk.token);
    expect(one(await r.deadlines(c.id), 'promise')).toMatchObject({ state: 'pending' });
    await r.set('2026-03-10T16:01');
    expect(one(await r.deadlines(c.id), 'promise').state).toBe('overdue');
    await r.set('2026-03-10T16:30');
    for (const step of [5, 6] as const)
      await r.t.must('case.recordStep', { caseId: c.id, step, fields: STEP_FIELDS[step] }, r.clerk.token);
    const d = await r.deadlines(c.id);
    expect(one(d, 'promise').state).toBe('met_late');
  });
});

describe('the case list', () => {
  it('shows the next due time and the deadline state, and filters by them', async () => {
    const r = await rig('2026-03-10T09:00');
    const late = await createCase(r.t, r.clerk.token, { severity: 'urgent' }); // due 09:30
    await r.set('2026-03-10T15:00');
    const soon = await createCase(r.t, r.clerk.token); // due 17:30: due soon at 15:30
    await r.set('2026-03-10T15:30');
    const list = async (due?: string) =>
      (await r.t.must<CaseListPage>('case.list', due ? { due } : {}, r.clerk.token)).items;
    const all = await list();
    expect(all.find((i) => i.id === late.id)).toMatchObject({ deadlineState: 'overdue' });
    expect(ms(all.find((i) => i.id === late.id)!.nextDueAt ?? null)).toBe(at('2026-03-10T09:30'));
    expect(all.find((i) => i.id === soon.id)).toMatchObject({ deadlineState: 'due_soon' });
    expect((await list('overdue')).map((i) => i.id)).toEqual([late.id]);
    expect((await list('due_soon')).map((i) => i.id)).toEqual([soon.id]);
    expect(await list('paused')).toEqual([]);
  });
});

describe('settings', () => {
  it('a rules change re-derives exactly the cases received after it; a rebuild writes the same rows', async () => {
    const r = await rig('2026-03-10T09:30');
    const before = await createCase(r.t, r.clerk.token);
    await r.set('2026-03-10T10:00');
    const rules = (
      await r.t.must<{ rules: Record<string, unknown> }>('settings.rules.get', {}, r.t.admin.token)
    ).rules;
    await r.t.must(
      'settings.rules.set',
      {
        rules: {
          ...rules,
          handling: { ...(rules.handling as object), general: { kind: 'workingMinutes', minutes: 60 } },
        },
      },
      r.t.admin.token,
    );
    await r.set('2026-03-10T10:05');
    const after = await createCase(r.t, r.clerk.token);
    expect(ms(one(await r.deadlines(before.id), 'handling').dueAt)).toBe(at('2026-03-10T17:30'));
    expect(ms(one(await r.deadlines(after.id), 'handling').dueAt)).toBe(at('2026-03-10T11:05'));
    const rows = () =>
      readDeskDb(r.t.dir, (db) => db.prepare('SELECT * FROM case_work ORDER BY case_pos, kind, ref').all());
    const handlingDue = (caseId: string) =>
      readDeskDb(r.t.dir, (db) =>
        db
          .prepare(
            `SELECT w.due_ms FROM case_work w JOIN cases c ON c.pos = w.case_pos WHERE c.id = ? AND w.kind = 'handling'`,
          )
          .pluck()
          .get(caseId),
      );
    expect(handlingDue(after.id)).toBe(at('2026-03-10T11:05'));
    const incremental = rows();
    r.t.core.rebuild();
    expect(rows()).toEqual(incremental);
  });

  it('a rules change made offline elsewhere and arriving late re-derives the cases received after it', async () => {
    const r = await rig('2026-03-10T09:00', 1);
    const early = await createCase(r.t, r.clerk.token); // received 09:00, before the change
    await r.set('2026-03-10T10:00');
    const later = await createCase(r.t, r.clerk.token); // received 10:00, after it
    const handling = async (id: string) => ms(one(await r.deadlines(id), 'handling').dueAt);
    expect(await handling(later.id)).toBe(at('2026-03-10T17:30'));
    // an administrator's change on another desk of the branch, made at 09:30, arrives now
    const other = new RemoteDevice(
      '0196f3a0-0000-7000-8000-0000000000d2',
      at('2026-03-10T09:30') - 1000,
      'GZ',
      r.t.admin.staff.id,
    );
    const rules = {
      ...DEFAULT_DEADLINE_RULES,
      handling: { ...DEFAULT_DEADLINE_RULES.handling, general: { kind: 'workingMinutes', minutes: 45 } },
    };
    const res = r.t.core.appendEvents([
      other.event(`${SETTINGS_STREAM}:${SETTINGS_STREAM_ID}`, 'settings.rules_set', { rules }),
    ]);
    expect(res.rejected).toEqual([]);
    expect(await handling(later.id)).toBe(at('2026-03-10T10:45'));
    expect(await handling(early.id)).toBe(at('2026-03-10T17:30'));
    const rows = () =>
      readDeskDb(r.t.dir, (db) => db.prepare('SELECT * FROM case_work ORDER BY case_pos, kind, ref').all());
    const row = readDeskDb(r.t.dir, (db) =>
      db
        .prepare(
          `SELECT w.due_ms FROM case_work w JOIN cases c ON c.pos = w.case_pos WHERE c.id = ? AND w.kind = 'handling'`,
        )
        .pluck()
        .get(later.id),
    );
    expect(row).toBe(at('2026-03-10T10:45'));
    const incremental = rows();
    r.t.core.rebuild();
    expect(rows()).toEqual(incremental);
    // the rebuild job, on its own thread, one event per chunk: settings and cases in arrival order
    const job = r.t.core.jobs.start('rebuild');
    if (!job.ok) throw new Error(job.error.message);
    expect((await r.t.core.jobs.whenSettled(job.value.id))?.state).toBe('done');
    expect(rows()).toEqual(incremental);
  });
});
