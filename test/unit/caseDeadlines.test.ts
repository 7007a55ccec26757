/**
 * A case's derived deadlines (issue 9, items 2-7; docs/deadlines.md) on
 * worked examples: a Shanghai office calendar (09:00-12:00, 13:30-17:30,
 * the national holidays and 调休 days) with the default rules. Week of
 * Mon 2025-03-10; the case is received Tue 03-11 10:00 unless said otherwise.
 */
import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../shared/domain/deadlines/calendar';
import {
  caseDeadlineState,
  type CaseDeadline,
  type DeadlineFacts,
  type DeadlineKind,
  deadlineStatus,
  deriveDeadlines,
  entryDueMs,
} from '../../shared/domain/deadlines/caseDeadlines';
import { workingDaysAfter } from '../../shared/domain/deadlines/businessTime';
import { DEFAULT_DEADLINE_RULES as RULES } from '../../shared/domain/deadlines/rules';
import { officeCalendar } from './deadlines-fixtures';

const SH = compileCalendar(officeCalendar());
const at = (local: string): number => Date.parse(`${local}:00+08:00`);
const local = (t: number | null): string | null =>
  t === null ? null : new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function facts(over: Partial<DeadlineFacts> = {}): DeadlineFacts {
  return {
    receivedMs: at('2025-03-11T10:00'),
    enteredMs: at('2025-03-11T10:05'),
    severity: 'general',
    stepMs: {},
    closedMs: null,
    pauses: [],
    contacts: [],
    actions: [],
    callbacks: [],
    promisedMs: null,
    dueOverrideMs: null,
    owner: 'clerk',
    assignee: null,
    ...over,
  };
}

function one(f: DeadlineFacts, kind: DeadlineKind, ref = ''): CaseDeadline {
  const d = deriveDeadlines(f, SH, RULES).find((x) => x.kind === kind && x.ref === ref);
  if (!d) throw new Error(`no ${kind} deadline`);
  return d;
}
const dueOf = (f: DeadlineFacts, kind: DeadlineKind): string | null => local(one(f, kind).dueMs);
const statusOf = (f: DeadlineFacts, kind: DeadlineKind, now: string, ref = '') =>
  deadlineStatus(one(f, kind, ref), at(now), SH, RULES);

describe('working days after an instant', () => {
  it('day 0 is the day itself before its close, else the next working day', () => {
    expect(local(workingDaysAfter(SH, at('2025-03-11T10:00'), 0))).toBe('2025-03-11 17:30');
    expect(local(workingDaysAfter(SH, at('2025-03-11T10:00'), 3))).toBe('2025-03-14 17:30');
    expect(local(workingDaysAfter(SH, at('2025-03-14T18:00'), 1))).toBe('2025-03-18 17:30');
    expect(local(workingDaysAfter(SH, at('2025-03-15T10:00'), 0))).toBe('2025-03-17 17:30');
  });

  it('across the 2025 Spring Festival and its 调休 Sunday', () => {
    // day 0 Fri 01-24, day 1 Sun 01-26 (make-up), day 2 Mon 01-27, 01-28..02-04 off, day 3 Wed 02-05
    expect(local(workingDaysAfter(SH, at('2025-01-24T15:00'), 3))).toBe('2025-02-05 17:30');
  });
});

describe('entry', () => {
  it('is due 2 working hours after receipt, across lunch; met by the opening, late when after', () => {
    expect(local(entryDueMs(SH, at('2025-03-11T11:15'), RULES))).toBe('2025-03-11 14:45');
    const f = facts({ receivedMs: at('2025-03-11T11:15'), enteredMs: at('2025-03-11T14:00') });
    expect(statusOf(f, 'entry', '2025-03-12T09:00')).toBe('met');
    expect(statusOf({ ...f, enteredMs: at('2025-03-11T15:00') }, 'entry', '2025-03-12T09:00')).toBe(
      'met_late',
    );
  });

  it('is never paused', () => {
    const f = facts({ pauses: [{ fromMs: at('2025-03-11T10:01'), toMs: null, reason: 'customer' }] });
    expect(dueOf(f, 'entry')).toBe('2025-03-11 12:00');
  });
});

describe('handling by severity', () => {
  it('urgent 30 working minutes, general and major the same day, special 3 working days', () => {
    expect(dueOf(facts({ severity: 'urgent' }), 'handling')).toBe('2025-03-11 10:30');
    expect(dueOf(facts({ severity: 'general' }), 'handling')).toBe('2025-03-11 17:30');
    expect(dueOf(facts({ severity: 'major' }), 'handling')).toBe('2025-03-11 17:30');
    expect(dueOf(facts({ severity: 'special' }), 'handling')).toBe('2025-03-14 17:30');
  });

  it('an unknown severity uses general; received after hours is due the next working day', () => {
    expect(dueOf(facts({ severity: 'weird' }), 'handling')).toBe('2025-03-11 17:30');
    expect(dueOf(facts({ severity: 'constructor' }), 'handling')).toBe('2025-03-11 17:30');
    expect(dueOf(facts({ receivedMs: at('2025-03-14T18:00') }), 'handling')).toBe('2025-03-17 17:30');
  });

  it('is met by step 5 or the close, whichever first', () => {
    const f = facts({ stepMs: { 5: at('2025-03-11T16:00') } });
    expect(one(f, 'handling').metMs).toBe(at('2025-03-11T16:00'));
    expect(statusOf(f, 'handling', '2025-03-12T09:00')).toBe('met');
    const closed = facts({ stepMs: { 5: at('2025-03-12T16:00') }, closedMs: at('2025-03-12T11:00') });
    expect(one(closed, 'handling').metMs).toBe(at('2025-03-12T11:00'));
    expect(statusOf(closed, 'handling', '2025-03-12T18:00')).toBe('met_late');
  });

  it('a closed pause shifts it by the paused working time', () => {
    // 360 working minutes; 60 of them paused -> 60 minutes into Wednesday
    const f = facts({
      pauses: [{ fromMs: at('2025-03-11T10:30'), toMs: at('2025-03-11T11:30'), reason: 'parts' }],
    });
    expect(dueOf(f, 'handling')).toBe('2025-03-12 10:00');
    // paused over lunch, the afternoon and the night: 300 working minutes paused, 90 ran before
    const night = facts({
      pauses: [{ fromMs: at('2025-03-11T11:30'), toMs: at('2025-03-12T09:30'), reason: 'customer' }],
    });
    expect(dueOf(night, 'handling')).toBe('2025-03-12 15:30');
  });

  it('an open pause stops it (paused), unless it began after the due time', () => {
    const open = facts({ pauses: [{ fromMs: at('2025-03-11T11:00'), toMs: null, reason: 'third_party' }] });
    expect(one(open, 'handling').dueMs).toBeNull();
    expect(statusOf(open, 'handling', '2025-03-20T10:00')).toBe('paused');
    const late = facts({ pauses: [{ fromMs: at('2025-03-12T09:00'), toMs: null, reason: 'customer' }] });
    expect(dueOf(late, 'handling')).toBe('2025-03-11 17:30');
    expect(statusOf(late, 'handling', '2025-03-12T10:00')).toBe('overdue');
  });

  it('pauses after it was met do not move it', () => {
    const f = facts({
      stepMs: { 5: at('2025-03-11T10:45') },
      pauses: [{ fromMs: at('2025-03-11T11:00'), toMs: null, reason: 'parts' }],
    });
    expect(dueOf(f, 'handling')).toBe('2025-03-11 17:30');
    expect(statusOf(f, 'handling', '2025-03-11T12:00')).toBe('met');
  });

  it('status: pending, due soon within 2 working hours, overdue after the due instant', () => {
    const f = facts();
    expect(statusOf(f, 'handling', '2025-03-11T10:00')).toBe('pending');
    expect(statusOf(f, 'handling', '2025-03-11T15:29')).toBe('pending');
    expect(statusOf(f, 'handling', '2025-03-11T15:30')).toBe('due_soon');
    expect(statusOf(f, 'handling', '2025-03-11T17:30')).toBe('due_soon');
    expect(statusOf(f, 'handling', '2025-03-11T17:31')).toBe('overdue');
    // due soon counts working minutes: Friday 16:30 to Monday 10:00 is 120 of them
    const mon = facts({
      actions: [{ id: 'a', ownerStaffId: null, dueMs: at('2025-03-17T10:00'), doneMs: null }],
    });
    expect(statusOf(mon, 'action', '2025-03-14T16:29', 'a')).toBe('pending');
    expect(statusOf(mon, 'action', '2025-03-14T16:30', 'a')).toBe('due_soon');
    expect(statusOf(mon, 'action', '2025-03-16T10:00', 'a')).toBe('due_soon');
  });
});

describe('result, reply and promise', () => {
  it('result: 3 working days; met by step 5 once every action is done, or by the close', () => {
    const action = { id: 'a1', ownerStaffId: 'clerk', dueMs: at('2025-03-13T12:00'), doneMs: null };
    const f = facts({ stepMs: { 5: at('2025-03-12T10:00') }, actions: [action] });
    expect(dueOf(f, 'result')).toBe('2025-03-14 17:30');
    expect(one(f, 'result').metMs).toBeNull();
    const done = { ...f, actions: [{ ...action, doneMs: at('2025-03-13T10:00') }] };
    expect(one(done, 'result').metMs).toBe(at('2025-03-13T10:00'));
    expect(one(facts({ stepMs: { 5: at('2025-03-12T10:00') } }), 'result').metMs).toBe(
      at('2025-03-12T10:00'),
    );
    expect(one({ ...f, closedMs: at('2025-03-17T10:00') }, 'result').metMs).toBe(at('2025-03-17T10:00'));
    expect(statusOf({ ...f, closedMs: at('2025-03-17T10:00') }, 'result', '2025-03-18T10:00')).toBe(
      'met_late',
    );
  });

  it("result: a supervisor's dueAt replaces the rule, and is not shifted by closed pauses", () => {
    const pauses = [{ fromMs: at('2025-03-11T10:30'), toMs: at('2025-03-12T10:30'), reason: 'parts' }];
    const f = facts({ dueOverrideMs: at('2025-03-20T12:00'), pauses });
    expect(dueOf(f, 'result')).toBe('2025-03-20 12:00');
    // without it: 3 working days, plus the 420 working minutes paused (one working day)
    expect(dueOf({ ...f, dueOverrideMs: null }, 'result')).toBe('2025-03-17 17:30');
    const open = { ...f, pauses: [{ fromMs: at('2025-03-12T10:00'), toMs: null, reason: 'parts' }] };
    expect(statusOf(open, 'result', '2025-03-25T10:00')).toBe('paused');
  });

  it("result: a clerk's dueAt (bounded) brings the deadline forward, never later", () => {
    const pauses = [{ fromMs: at('2025-03-11T10:30'), toMs: at('2025-03-12T10:30'), reason: 'parts' }];
    // Later than the rule's 2025-03-17 17:30: the rule stands.
    const late = facts({ dueOverrideMs: at('2025-03-20T12:00'), dueOverrideBounded: true, pauses });
    expect(dueOf(late, 'result')).toBe('2025-03-17 17:30');
    // Earlier: the clerk's instant.
    const early = { ...late, dueOverrideMs: at('2025-03-13T12:00') };
    expect(dueOf(early, 'result')).toBe('2025-03-13 12:00');
  });

  it('reply: only once the result is met, due 1 working day after it, met by step 6 or the close', () => {
    expect(deriveDeadlines(facts(), SH, RULES).some((d) => d.kind === 'reply')).toBe(false);
    const f = facts({ stepMs: { 5: at('2025-03-12T16:00') } });
    expect(dueOf(f, 'reply')).toBe('2025-03-13 17:30');
    expect(one(f, 'reply').metMs).toBeNull();
    const told = facts({ stepMs: { 5: at('2025-03-12T16:00'), 6: at('2025-03-14T09:00') } });
    expect(statusOf(told, 'reply', '2025-03-14T10:00')).toBe('met_late');
    const paused = {
      ...told,
      pauses: [{ fromMs: at('2025-03-13T09:00'), toMs: at('2025-03-13T12:00'), reason: 'customer' as const }],
    };
    expect(dueOf(paused, 'reply')).toBe('2025-03-14 12:00');
    expect(statusOf(paused, 'reply', '2025-03-14T10:00')).toBe('met');
  });

  it('promise: kept when step 6 or the close comes by the promised time, broken after it', () => {
    const f = facts({ promisedMs: at('2025-03-13T12:00') });
    expect(statusOf(f, 'promise', '2025-03-12T10:00')).toBe('pending');
    expect(statusOf(f, 'promise', '2025-03-13T12:01')).toBe('overdue');
    expect(statusOf({ ...f, closedMs: at('2025-03-13T11:00') }, 'promise', '2025-03-14T10:00')).toBe('met');
    const late = { ...f, stepMs: { 5: at('2025-03-12T10:00'), 6: at('2025-03-13T14:00') } };
    expect(statusOf(late, 'promise', '2025-03-14T10:00')).toBe('met_late');
    expect(deriveDeadlines(facts(), SH, RULES).some((d) => d.kind === 'promise')).toBe(false);
  });
});

describe('actions', () => {
  it('one deadline each, owned by the staff member or by nobody for a department, met when done', () => {
    const f = facts({
      assignee: 'boss',
      actions: [
        { id: 'a1', ownerStaffId: 'tech', dueMs: at('2025-03-12T12:00'), doneMs: at('2025-03-12T11:00') },
        { id: 'a2', ownerStaffId: null, dueMs: at('2025-03-13T12:00'), doneMs: null },
      ],
    });
    expect(one(f, 'action', 'a1')).toMatchObject({ owner: 'tech', metMs: at('2025-03-12T11:00') });
    expect(one(f, 'action', 'a2')).toMatchObject({ owner: null, metMs: null });
    expect(statusOf(f, 'action', '2025-03-13T12:30', 'a2')).toBe('overdue');
    expect(one(f, 'handling').owner).toBe('boss');
    expect(one(f, 'entry').owner).toBe('clerk');
  });
});

describe('contacts', () => {
  const attempt = (t: string, outcome = 'no_answer') => ({ atMs: at(t), outcome });

  it('absent until an attempt is recorded; due at the end of the 3-working-day window', () => {
    expect(deriveDeadlines(facts(), SH, RULES).some((d) => d.kind === 'contact')).toBe(false);
    const f = facts({ contacts: [attempt('2025-03-11T11:00')] });
    expect(dueOf(f, 'contact')).toBe('2025-03-14 17:30');
    expect(statusOf(f, 'contact', '2025-03-12T10:00')).toBe('pending');
    expect(statusOf(f, 'contact', '2025-03-17T10:00')).toBe('overdue');
  });

  it('met by the first attempt that reached the customer', () => {
    const f = facts({
      contacts: [attempt('2025-03-11T11:00', 'busy'), attempt('2025-03-12T11:00', 'reached')],
    });
    expect(one(f, 'contact').metMs).toBe(at('2025-03-12T11:00'));
    expect(statusOf(f, 'contact', '2025-03-20T10:00')).toBe('met');
  });

  it('exhausted at the third unanswered attempt within the window, in time order', () => {
    const f = facts({
      contacts: [
        attempt('2025-03-13T09:00', 'refused'),
        attempt('2025-03-11T11:00'),
        attempt('2025-03-12T11:00', 'wrong_number'),
      ],
    });
    expect(one(f, 'contact').endedMs).toBe(at('2025-03-13T09:00'));
    expect(statusOf(f, 'contact', '2025-03-13T10:00')).toBe('ended');
    // closing it meets it (late here) and keeps when it ran out
    const closed = { ...f, closedMs: at('2025-03-17T10:00') };
    expect(one(closed, 'contact')).toMatchObject({
      endedMs: at('2025-03-13T09:00'),
      metMs: at('2025-03-17T10:00'),
    });
    expect(statusOf(closed, 'contact', '2025-03-18T10:00')).toBe('met_late');
  });

  it('an attempt after the window does not exhaust it; the close meets an open one', () => {
    const f = facts({
      contacts: [attempt('2025-03-11T11:00'), attempt('2025-03-12T11:00'), attempt('2025-03-17T11:00')],
    });
    expect(one(f, 'contact').endedMs).toBeNull();
    expect(statusOf(f, 'contact', '2025-03-17T12:00')).toBe('overdue');
    expect(statusOf({ ...f, closedMs: at('2025-03-18T10:00') }, 'contact', '2025-03-18T12:00')).toBe(
      'met_late',
    );
  });
});

describe('callbacks', () => {
  const closed = facts({ closedMs: at('2025-03-14T16:00') });
  const call = (t: string, outcome: string) => ({ atMs: at(t), outcome });

  it('only while closed; due 3 working days after the close', () => {
    expect(deriveDeadlines(facts(), SH, RULES).some((d) => d.kind === 'callback')).toBe(false);
    expect(dueOf(closed, 'callback')).toBe('2025-03-19 17:30');
    expect(one(closed, 'callback').owner).toBe('clerk');
    expect(statusOf(closed, 'callback', '2025-03-19T17:31')).toBe('overdue');
  });

  it('met by a callback that reached the customer, after failed ones', () => {
    const f = {
      ...closed,
      callbacks: [call('2025-03-17T10:00', 'busy'), call('2025-03-18T10:00', 'reached')],
    };
    expect(one(f, 'callback')).toMatchObject({ metMs: at('2025-03-18T10:00'), endedMs: null });
    expect(statusOf(f, 'callback', '2025-03-25T10:00')).toBe('met');
  });

  it('unreachable after 3 failed attempts', () => {
    const f = {
      ...closed,
      callbacks: [
        call('2025-03-17T10:00', 'no_answer'),
        call('2025-03-18T10:00', 'busy'),
        call('2025-03-19T10:00', 'no_answer'),
      ],
    };
    expect(one(f, 'callback').endedMs).toBe(at('2025-03-19T10:00'));
    expect(statusOf(f, 'callback', '2025-03-25T10:00')).toBe('ended');
    expect(statusOf({ ...f, callbacks: f.callbacks.slice(0, 2) }, 'callback', '2025-03-19T16:00')).toBe(
      'due_soon',
    );
  });

  it('a reach after the customer was unreachable still meets it, and keeps when it ended', () => {
    const f = {
      ...closed,
      callbacks: [
        call('2025-03-17T10:00', 'no_answer'),
        call('2025-03-18T10:00', 'busy'),
        call('2025-03-18T11:00', 'no_answer'),
        call('2025-03-18T15:00', 'wrong_number'),
        call('2025-03-19T10:00', 'reached'),
      ],
    };
    expect(one(f, 'callback')).toMatchObject({
      metMs: at('2025-03-19T10:00'),
      endedMs: at('2025-03-18T11:00'),
    });
    expect(statusOf(f, 'callback', '2025-03-25T10:00')).toBe('met');
  });
});

describe('the whole list', () => {
  it('comes in kind order and is the same for the same facts', () => {
    const f = facts({
      stepMs: { 5: at('2025-03-12T10:00'), 6: at('2025-03-12T11:00') },
      closedMs: at('2025-03-12T12:00'),
      promisedMs: at('2025-03-13T12:00'),
      actions: [
        { id: 'x', ownerStaffId: 'clerk', dueMs: at('2025-03-12T11:00'), doneMs: at('2025-03-12T10:30') },
      ],
      contacts: [{ atMs: at('2025-03-11T11:00'), outcome: 'reached' }],
    });
    const list = deriveDeadlines(f, SH, RULES);
    expect(list.map((d) => d.kind)).toEqual([
      'entry',
      'handling',
      'result',
      'reply',
      'promise',
      'action',
      'contact',
      'callback',
    ]);
    expect(deriveDeadlines(structuredClone(f), SH, RULES)).toEqual(list);
  });
});

describe("a case's deadline state in a list (desk and head office alike)", () => {
  const now = 1_000_000;
  const soon = now + 120 * 60_000;
  it('orders overdue, due soon, paused, pending; nothing open is null', () => {
    expect(caseDeadlineState(now - 1, true, now, soon)).toBe('overdue');
    expect(caseDeadlineState(now, true, now, soon)).toBe('due_soon');
    expect(caseDeadlineState(soon, true, now, soon)).toBe('due_soon');
    expect(caseDeadlineState(soon + 1, true, now, soon)).toBe('paused');
    expect(caseDeadlineState(null, true, now, soon)).toBe('paused');
    expect(caseDeadlineState(soon + 1, false, now, soon)).toBe('pending');
    expect(caseDeadlineState(null, false, now, soon)).toBeNull();
  });
});
