/**
 * Deadlines, the work queue and the scheduler through DeskApi (issue 9, items
 * 2-9; docs/deadlines.md), every rule with the desk's clock under control and
 * the scheduler swept by hand (./work-fixtures.ts): handling and result, the
 * sweep's alerts, late entry, pauses, contacts, callbacks. ./work-queue.test.ts
 * has actions, promises, the reply, the case list and settings changes. The branch runs on the default settings:
 * Asia/Shanghai, Mon-Fri 09:00-12:00 and 13:00-17:30, the bundled holidays,
 * DOMAIN.md's figures. Week of Mon 2026-03-09 (no holiday near).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/contract/methods/work';
import type { CaseListPage } from '../../shared/contract/methods/cases';
import { createCase, newCaseInput, readDeskDb, recordSteps } from './desk-fixtures';
import { at, closeRigs, errorOf, MIN, ms, ofCase, one, rig } from './work-fixtures';
const HOUR = 60 * MIN;

afterEach(closeRigs);

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
    await r.t.must('case.close', { caseId: a.id, nature: 'valid' }, r.clerk.token);
    const b = await createCase(r.t, r.clerk.token);
    await r.t.must('case.close', { caseId: b.id, nature: 'valid', overrideReason: '客户撤诉' }, r.sup.token);
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

    // The customer picks up at last (after the due time): the callback is met, late, and off the list.
    await r.t.must(
      'case.callback.record',
      { caseId: a.id, outcome: 'reached', reachedWho: '本人', satisfaction: 4, comment: '已解决' },
      r.clerk.token,
    );
    expect((await r.board()).unreachable.items).toEqual([]);
    expect(one(await r.deadlines(a.id), 'callback')).toMatchObject({ state: 'met_late' });
    expect(one(await r.deadlines(a.id), 'callback').endedAt).not.toBeNull();
  });

  it('a callback follows the last close: one dated before it is refused, and a reopened case is called back again', async () => {
    const r = await rig();
    const a = await createCase(r.t, r.clerk.token);
    await r.t.must('case.close', { caseId: a.id, nature: 'valid', overrideReason: '客户撤诉' }, r.sup.token);
    const closedMs = r.clock.t;
    const callback = (extra: Record<string, unknown> = {}) => ({
      caseId: a.id,
      outcome: 'reached',
      reachedWho: '本人',
      satisfaction: 5,
      comment: '满意',
      ...extra,
    });
    r.clock.t += 2 * HOUR;
    const events = () => readDeskDb(r.t.dir, (db) => db.prepare('SELECT count(*) AS n FROM events').get());
    const before = events();
    // Dated an hour before the close: refused with the field named, in the clerk's language.
    const early = new Date(closedMs - HOUR).toISOString();
    const zh = errorOf(
      await r.t.call('case.callback.record', callback({ at: early }), r.clerk.token, 'zh-CN'),
    );
    expect(zh.code).toBe('invalid_input');
    expect(zh.fields?.at).toBe('回访时间不能早于结案时间，请选择结案以后的时间。');
    const en = errorOf(await r.t.call('case.callback.record', callback({ at: early }), r.clerk.token, 'en'));
    expect(en.fields?.at).toMatch(/before the case was closed/);
    expect(events()).toEqual(before);
    expect(one(await r.deadlines(a.id), 'callback')).toMatchObject({ state: 'pending' });
    // The minute of the close itself (the picker's precision) is accepted.
    const sameMinute = new Date(Math.floor(closedMs / MIN) * MIN).toISOString();
    await r.t.must('case.callback.record', callback({ at: sameMinute }), r.clerk.token);
    expect(one(await r.deadlines(a.id), 'callback')).toMatchObject({ state: 'met' });

    // The customer was not satisfied after all: reopened and closed again, the callback is due again.
    r.clock.t += HOUR;
    await r.t.must('case.reopen', { caseId: a.id, reason: '客户来电说没解决' }, r.sup.token);
    r.clock.t += HOUR;
    await r.t.must(
      'case.close',
      { caseId: a.id, nature: 'valid', overrideReason: '已重新处理' },
      r.sup.token,
    );
    expect(one(await r.deadlines(a.id), 'callback')).toMatchObject({ state: 'pending' });
    expect((await r.board()).callbacksDue.items.map((i) => i.caseId)).toEqual([a.id]);
    r.clock.t += HOUR;
    await r.t.must('case.callback.record', callback(), r.clerk.token);
    expect(one(await r.deadlines(a.id), 'callback')).toMatchObject({ state: 'met' });
    expect((await r.board()).callbacksDue.items).toEqual([]);
  });
});

describe('alerts: each audience acknowledges for itself, a new owner is told, one exhaustion alerts once', () => {
  it("a supervisor's acknowledgement leaves the owner's bell, and the owner's the supervisors'", async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await r.set('2026-03-10T17:31'); // handling overdue
    await r.sweep();
    const overdue = (s: typeof r.clerk) =>
      r.alerts(s, true).then((l) => l.items.filter((a) => a.caseId === c.id && a.rule === 'overdue'));
    const [mine] = await overdue(r.clerk);
    expect(mine).toMatchObject({ kind: 'handling', ackedAt: null });
    const clerkBefore = (await r.alerts(r.clerk)).unacked;

    // The supervisor acknowledges it on the board: the clerk has not seen it yet.
    const acked = await r.t.must<Alert>('alert.ack', { alertId: mine!.id }, r.sup.token);
    expect(ms(acked.ackedAt)).toBe(r.clock.t);
    expect((await r.alerts(r.clerk)).unacked).toBe(clerkBefore);
    expect((await overdue(r.clerk))[0]!.ackedAt).toBeNull();
    expect((await overdue(r.sup))[0]!.ackedAt).not.toBeNull();
    // Another supervisor shares the branch's list: acknowledged for them too.
    const sup2 = await r.staff('supervisor', 'sup2');
    expect((await overdue(sup2))[0]!.ackedAt).not.toBeNull();

    // The clerk acknowledges their own; a second case's alert stays unacknowledged for the supervisors.
    r.clock.t += MIN;
    await r.t.must<Alert>('alert.ack', { alertId: mine!.id }, r.clerk.token);
    expect((await overdue(r.clerk))[0]!.ackedAt).not.toBeNull();
    const d = await createCase(r.t, r.clerk.token, { receivedAt: '2026-03-10T17:00:00+08:00' });
    await r.set('2026-03-11T10:31');
    await r.sweep();
    const dAlert = (await r.alerts(r.clerk)).items.find((a) => a.caseId === d.id && a.rule === 'overdue');
    await r.t.must<Alert>('alert.ack', { alertId: dAlert!.id }, r.clerk.token);
    const supView = (await r.alerts(r.sup)).items.filter((a) => a.caseId === d.id);
    expect(supView.map((a) => a.ackedAt)).toEqual([null]);
  });

  it('a case reassigned after its owner was alerted alerts the new owner', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await r.set('2026-03-10T17:31');
    await r.sweep();
    expect((await r.alerts(r.clerk)).items.filter((a) => a.caseId === c.id)).toHaveLength(1);
    const clerk2 = await r.staff('counter', 'clerk2');
    await r.t.must(
      'case.setField',
      { caseId: c.id, field: 'assignee', value: clerk2.staff.id, reason: '原处理人休假' },
      r.sup.token,
    );
    r.clock.t += MIN;
    await r.sweep();
    expect((await r.alerts(clerk2)).items.filter((a) => a.caseId === c.id)).toEqual([
      expect.objectContaining({ rule: 'overdue', kind: 'handling', owner: clerk2.staff.id }),
    ]);
    await r.sweep();
    expect((await r.alerts(clerk2)).items.filter((a) => a.caseId === c.id)).toHaveLength(1);
  });

  it('a failed contact entered later but dated earlier does not alert the exhaustion a second time', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    for (const outcome of ['no_answer', 'busy', 'refused']) {
      r.clock.t += 30 * MIN;
      await r.t.must('case.contact.record', { caseId: c.id, channel: 'phone', outcome }, r.clerk.token);
    }
    await r.sweep();
    const exhausted = async () =>
      (await r.alerts(r.sup, true)).items.filter((a) => a.caseId === c.id && a.rule === 'contact_exhausted');
    expect(await exhausted()).toHaveLength(1);
    // A call made at 10:10 that nobody entered: dated before the three, it moves when attempts ran out.
    r.clock.t += 30 * MIN;
    await r.t.must(
      'case.contact.record',
      { caseId: c.id, channel: 'sms', outcome: 'no_answer', at: '2026-03-10T10:10:00+08:00' },
      r.clerk.token,
    );
    await r.sweep();
    expect(await exhausted()).toHaveLength(1);
  });
});
