/**
 * The case fold's follow-up facts (issue 9, shared/domain/cases/followUpFold.ts):
 * pauses, contact attempts, actions, callbacks, stepHlc and lateReason; each
 * rule, and the same state for any order of events made on two devices offline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCaseEvent, foldCase } from '../../shared/domain/cases/fold';
import { SLACK_MS } from '../../shared/domain/cases/followUpFold';
import { stateJson, type CaseState } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { compareEvents, foldKey } from '../../shared/domain/kernel/foldKey';
import { canonicalJson } from '../../shared/domain/kernel/hash';
import { shuffledBy } from '../fixtures/shuffled';
import { caseEventMaker } from './case-fold-fixtures';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-000000000001';
/** Receipt; events happen minutes to days later. */
const T0 = Date.parse('2026-11-20T01:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const A1 = '0193a1b2-c3d4-7e5f-8a9b-0000000000a1';
const A2 = '0193a1b2-c3d4-7e5f-8a9b-0000000000a2';

const make = caseEventMaker(CASE_ID, T0, 0x1000);
const ev = (type: string, payload: unknown, ms: number, device = '01', actor = 'staff-1'): EventEnvelope =>
  make(type, payload, ms, actor, device);

const iso = (ms: number) => new Date(T0 + ms).toISOString();

const openedPayload = {
  number: 'GZ01-20261120-0001',
  scriptVersion: '1.0',
  customer: { name: '张女士', phone: '13800000000', gender: 'female', returning: true },
  channel: 'walk_in',
  category: 'banking.fees',
  severity: 'general',
  account: '年费重复扣收。',
  receivedAt: iso(0),
  owner: 'staff-1',
};
const opened = (ms = MIN, extra: Record<string, unknown> = {}) =>
  ev('case.opened', { ...openedPayload, ...extra }, ms);
const paused = (ms: number, reason = 'customer', device?: string) =>
  ev('case.paused', { reason, note: `等${reason}` }, ms, device);
const resumed = (ms: number, device?: string) => ev('case.resumed', { note: '继续' }, ms, device);
const closed = (ms: number, device?: string) => ev('case.closed', { overrideReason: 'r' }, ms, device);
const reopened = (ms: number) => ev('case.reopened', { reason: 'again' }, ms);
const contact = (ms: number, atMs: number, outcome = 'no_answer', device?: string) =>
  ev('case.contact_attempted', { at: iso(atMs), channel: 'phone', outcome, note: '' }, ms, device);
const actionAdded = (ms: number, id: string, dueMs: number, device?: string) =>
  ev(
    'case.action_added',
    { actionId: id, what: '退费', owner: { kind: 'department', name: '卡部' }, dueAt: iso(dueMs) },
    ms,
    device,
  );
const actionDone = (ms: number, id: string, result = '已退', device?: string) =>
  ev('case.action_done', { actionId: id, result }, ms, device);
const callback = (ms: number, atMs: number, satisfaction: number | null = 5, device?: string) =>
  ev(
    'case.callback_recorded',
    {
      at: iso(atMs),
      outcome: satisfaction === null ? 'no_answer' : 'reached',
      reachedWho: satisfaction === null ? '' : '本人',
      satisfaction,
      comment: '',
    },
    ms,
    device,
  );
const step = (s: number, ms: number) => ev('case.step_recorded', { step: s, fields: { a: s } }, ms);

function fold(...events: EventEnvelope[]): CaseState {
  const s = foldCase(events);
  if (s === null) throw new Error('no case');
  return s;
}

describe('a new case', () => {
  it('starts with no follow-up facts and takes lateReason from case.opened', () => {
    expect(fold(opened())).toMatchObject({
      stepHlc: {},
      pauses: [],
      contacts: [],
      actions: [],
      callbacks: [],
      lateReason: null,
    });
    expect(fold(opened(MIN, { lateReason: '系统故障，补录' })).lateReason).toBe('系统故障，补录');
  });
});

describe('stepHlc', () => {
  it('keeps the HLC of the first recording of each step, whatever order they arrive in', () => {
    const s2a = step(2, 3 * MIN);
    const s1 = step(1, 2 * MIN);
    const s2b = step(2, 4 * MIN);
    const s = fold(opened(), s2b, s1, s2a);
    expect(s.stepHlc).toEqual({ 1: s1.hlc, 2: s2a.hlc });
    expect(s.steps[2]).toEqual({ a: 2 }); // the later capture still wins the fields
  });
});

describe('pauses', () => {
  it('opens at the pause, closes at the resume, and keeps the reason and note', () => {
    const p = paused(HOUR, 'parts');
    const r = resumed(2 * HOUR);
    expect(fold(opened(), p, r).pauses).toEqual([
      { fromHlc: p.hlc, note: '等parts', reason: 'parts', toHlc: r.hlc },
    ]);
    expect(fold(opened(), p).pauses).toEqual([
      { fromHlc: p.hlc, note: '等parts', reason: 'parts', toHlc: null },
    ]);
  });

  it('a pause while one is open has no effect, but still advances lastKey', () => {
    const p1 = paused(HOUR);
    const p2 = paused(2 * HOUR, 'third_party');
    const s = fold(opened(), p1, p2);
    expect(s.pauses).toHaveLength(1);
    expect(s.pauses[0]?.fromHlc).toBe(p1.hlc);
    expect(s.lastKey).toBe(foldKey(p2));
    expect(s.ignored).toBe(0);
  });

  it('a resume without an open pause has no effect', () => {
    const s = fold(opened(), resumed(HOUR));
    expect(s.pauses).toEqual([]);
    expect(s.ignored).toBe(0);
    const p = paused(2 * HOUR);
    const r1 = resumed(3 * HOUR);
    const r2 = resumed(4 * HOUR);
    expect(fold(opened(), p, r1, r2).pauses[0]?.toHlc).toBe(r1.hlc);
  });

  it('a pause on a closed case has no effect; a close ends an open pause at its HLC', () => {
    const c = closed(HOUR);
    expect(fold(opened(), c, paused(2 * HOUR)).pauses).toEqual([]);
    const p = paused(HOUR);
    const c2 = closed(3 * HOUR);
    expect(fold(opened(), p, c2).pauses).toEqual([
      { fromHlc: p.hlc, note: '等customer', reason: 'customer', toHlc: c2.hlc },
    ]);
    // after a reopen the case may pause again
    const p3 = paused(5 * HOUR);
    expect(fold(opened(), p, c2, reopened(4 * HOUR), p3).pauses.map((x) => x.fromHlc)).toEqual([
      p.hlc,
      p3.hlc,
    ]);
  });

  it('a malformed pause is counted in ignored', () => {
    const s = fold(opened(), ev('case.paused', { reason: 'lunch', note: '' }, HOUR));
    expect(s.ignored).toBe(1);
    expect(s.pauses).toEqual([]);
  });
});

describe('contact attempts', () => {
  it('are kept in fold order with who, when, how and what came of it', () => {
    const c1 = contact(2 * HOUR, HOUR, 'busy');
    const c2 = contact(3 * HOUR, 3 * HOUR, 'reached', '02');
    expect(fold(opened(), c2, c1).contacts).toEqual([
      { actor: 'staff-1', at: iso(HOUR), channel: 'phone', eventId: c1.id, note: '', outcome: 'busy' },
      { actor: 'staff-1', at: iso(3 * HOUR), channel: 'phone', eventId: c2.id, note: '', outcome: 'reached' },
    ]);
  });

  it('have no effect before receipt or after the event plus 5 minutes', () => {
    expect(fold(opened(), contact(HOUR, -1)).contacts).toEqual([]);
    expect(fold(opened(), contact(HOUR, HOUR + SLACK_MS + 1)).contacts).toEqual([]);
    expect(fold(opened(), contact(HOUR, 0)).contacts).toHaveLength(1); // at receipt
    expect(fold(opened(), contact(HOUR, HOUR + SLACK_MS)).contacts).toHaveLength(1); // within the slack
  });

  it('count against the receipt the fold kept (a refused back-date is received at entry)', () => {
    // received 3 days before entry with no authority: the case is received at entry
    const o = opened(3 * 24 * HOUR);
    const early = contact(4 * 24 * HOUR, HOUR);
    const roleAt = () => 'counter' as const;
    const s = foldCase([o, early], { roleAt });
    expect(s?.receivedAt).toBe(iso(3 * 24 * HOUR));
    expect(s?.contacts).toEqual([]);
    expect(foldCase([o, early])?.contacts).toHaveLength(1);
  });
});

describe('actions', () => {
  it('are added with their owner and due time, and done once with a result', () => {
    const add = ev(
      'case.action_added',
      { actionId: A1, what: '核查', owner: { staffId: 'staff-2', kind: 'staff' }, dueAt: iso(DAY) },
      HOUR,
    );
    const done = actionDone(2 * HOUR, A1, '已核查');
    const again = actionDone(3 * HOUR, A1, '再次');
    const s = fold(opened(), add, done, again);
    expect(s.actions).toEqual([
      {
        actor: 'staff-1',
        addedHlc: add.hlc,
        doneHlc: done.hlc,
        dueAt: iso(DAY),
        id: A1,
        owner: { kind: 'staff', staffId: 'staff-2' },
        result: '已核查',
        what: '核查',
      },
    ]);
    expect(stateJson(s)).toBe(canonicalJson(s)); // owner keys re-ordered
    expect(s.lastKey).toBe(foldKey(again));
  });

  it('a second add of the same id, a due time in the past, or done of an unknown action has no effect', () => {
    const first = actionAdded(HOUR, A1, DAY);
    const s = fold(opened(), first, actionAdded(2 * HOUR, A1, 2 * DAY), actionDone(3 * HOUR, A2));
    expect(s.actions).toHaveLength(1);
    expect(s.actions[0]).toMatchObject({ dueAt: iso(DAY), doneHlc: null, result: null });
    expect(s.ignored).toBe(0);
    expect(fold(opened(), actionAdded(HOUR, A1, HOUR - SLACK_MS - 1)).actions).toEqual([]);
    expect(fold(opened(), actionAdded(HOUR, A1, HOUR - SLACK_MS)).actions).toHaveLength(1);
  });

  it('done before its add (in fold order) has no effect', () => {
    const s = fold(opened(), actionDone(HOUR, A1), actionAdded(2 * HOUR, A1, DAY));
    expect(s.actions[0]?.doneHlc).toBeNull();
  });

  it('a malformed action (bad owner, bad time) is counted in ignored', () => {
    const bad = ev(
      'case.action_added',
      { actionId: A1, what: 'x', owner: { kind: 'boss' }, dueAt: iso(DAY) },
      HOUR,
    );
    const badTime = ev(
      'case.action_added',
      { actionId: A2, what: 'x', owner: { kind: 'department', name: 'd' }, dueAt: 'tomorrow' },
      HOUR,
    );
    const s = fold(opened(), bad, badTime);
    expect(s.ignored).toBe(2);
    expect(s.actions).toEqual([]);
  });
});

describe('callbacks', () => {
  it('count only on a closed case, at or before the event plus 5 minutes', () => {
    const c = closed(HOUR);
    const cb = callback(2 * HOUR, 2 * HOUR, 4);
    expect(fold(opened(), c, cb).callbacks).toEqual([
      {
        actor: 'staff-1',
        at: iso(2 * HOUR),
        comment: '',
        eventId: cb.id,
        outcome: 'reached',
        reachedWho: '本人',
        satisfaction: 4,
      },
    ]);
    expect(fold(opened(), callback(2 * HOUR, 2 * HOUR)).callbacks).toEqual([]); // not closed
    expect(fold(opened(), c, reopened(90 * MIN), callback(2 * HOUR, 2 * HOUR)).callbacks).toEqual([]);
    expect(fold(opened(), c, callback(2 * HOUR, 2 * HOUR + SLACK_MS + 1)).callbacks).toEqual([]);
    expect(fold(opened(), c, callback(2 * HOUR, 2 * HOUR + SLACK_MS, null)).callbacks).toHaveLength(1);
  });

  it('takes no callback dated before the close it would follow (a minute allowed for the time picker)', () => {
    // Closed at 1 h; callbacks recorded at 2 h but dated before the close.
    const c = closed(HOUR);
    expect(fold(opened(), c, callback(2 * HOUR, HOUR - 2 * MIN)).callbacks).toEqual([]);
    expect(fold(opened(), c, callback(2 * HOUR, 30 * MIN)).callbacks).toEqual([]);
    expect(fold(opened(), c, callback(2 * HOUR, HOUR - MIN)).callbacks).toHaveLength(1);
    // Closed again after a reopen: the new close is the one a callback follows.
    const again = fold(opened(), c, reopened(90 * MIN), closed(3 * HOUR), callback(4 * HOUR, 2 * HOUR));
    expect(again.callbacks).toEqual([]);
  });

  it('keeps callbacks recorded before a reopen', () => {
    const s = fold(opened(), closed(HOUR), callback(2 * HOUR, 2 * HOUR, null), reopened(3 * HOUR));
    expect(s.callbacks).toHaveLength(1);
  });

  it('satisfaction is given exactly when the customer was reached, and is 1..5; otherwise malformed', () => {
    const c = closed(HOUR);
    const bad = (payload: Record<string, unknown>) =>
      ev(
        'case.callback_recorded',
        {
          at: iso(2 * HOUR),
          outcome: 'reached',
          reachedWho: '本人',
          satisfaction: 3,
          comment: '',
          ...payload,
        },
        2 * HOUR,
      );
    const s = fold(
      opened(),
      c,
      bad({ satisfaction: null }),
      bad({ outcome: 'busy' }),
      bad({ satisfaction: 6 }),
      bad({ satisfaction: 0 }),
    );
    expect(s.ignored).toBe(4);
    expect(s.callbacks).toEqual([]);
  });
});

// ------------------------------------------------ two devices offline: any order, one state

/** What a clerk on one device does, offline: each act at its own clock. */
type Act = 'pause' | 'resume' | 'contact' | 'add' | 'done' | 'close' | 'reopen' | 'callback';
const arbAct = fc.constantFrom<Act>(
  'pause',
  'resume',
  'contact',
  'add',
  'done',
  'close',
  'reopen',
  'callback',
);

function deviceEvents(device: string, acts: readonly Act[], startMs: number): EventEnvelope[] {
  return acts.map((act, i) => {
    const ms = startMs + (i + 1) * 7 * MIN;
    const id = i % 2 === 0 ? A1 : A2;
    switch (act) {
      case 'pause':
        return paused(ms, i % 3 === 0 ? 'parts' : 'customer', device);
      case 'resume':
        return resumed(ms, device);
      case 'contact':
        return contact(ms, ms - 3 * MIN, i % 2 === 0 ? 'no_answer' : 'reached', device);
      case 'add':
        return actionAdded(ms, id, ms + DAY, device);
      case 'done':
        return actionDone(ms, id, `结果${device}`, device);
      case 'close':
        return closed(ms, device);
      case 'reopen':
        return ev('case.reopened', { reason: 'again' }, ms, device);
      case 'callback':
        return callback(ms, ms - MIN, i % 2 === 0 ? 3 : null, device);
    }
  });
}

describe('order independence (property)', () => {
  it('pauses, resumes, contacts, actions and callbacks made on two devices offline fold to one state', () => {
    fc.assert(
      fc.property(
        fc.array(arbAct, { maxLength: 12 }),
        fc.array(arbAct, { maxLength: 12 }),
        fc.integer({ min: 0, max: 20 }),
        fc.infiniteStream(fc.nat()),
        (actsA, actsB, offset, rnd) => {
          const o = opened();
          // Device 02's clock runs a few minutes apart from 01's, so their events interleave.
          const events = [o, ...deviceEvents('01', actsA, 0), ...deviceEvents('02', actsB, offset * MIN)];
          const reference = foldCase(events)!;
          expect(stateJson(reference)).toBe(canonicalJson(reference));
          const it = rnd[Symbol.iterator]();
          for (let k = 0; k < 3; k++) expect(foldCase(shuffledBy(events, it))).toEqual(reference);
          // Each desk applies what it has, then what sync brings (the projection re-folds on an
          // older key; applied in fold order it is the same state).
          let s: CaseState | null = null;
          for (const e of [...events].sort(compareEvents)) s = applyCaseEvent(s, e);
          expect(s).toEqual(reference);
          // At most one pause is open, and it is the last.
          expect(reference.pauses.slice(0, -1).every((p) => p.toHlc !== null)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a concrete offline day: both desks pause, one resumes, both call, both finish the action', () => {
    const o = opened();
    const a = [
      paused(HOUR, 'customer', '01'),
      contact(2 * HOUR, 2 * HOUR, 'no_answer', '01'),
      resumed(3 * HOUR, '01'),
    ];
    const b = [
      paused(90 * MIN, 'parts', '02'), // while 01's pause is open: no effect
      actionAdded(100 * MIN, A1, DAY, '02'),
      contact(150 * MIN, 140 * MIN, 'busy', '02'),
      actionDone(4 * HOUR, A1, '02 做完', '02'),
    ];
    const lateDone = actionDone(5 * HOUR, A1, '01 也做完', '01');
    const all = [o, ...a, ...b, lateDone];
    const s = fold(...all);
    expect(s.pauses).toEqual([
      { fromHlc: a[0]!.hlc, note: '等customer', reason: 'customer', toHlc: a[2]!.hlc },
    ]);
    expect(s.contacts.map((c) => c.outcome)).toEqual(['no_answer', 'busy']);
    expect(s.actions[0]).toMatchObject({ doneHlc: b[3]!.hlc, result: '02 做完' });
    expect(fold(...[...all].reverse())).toEqual(s);
  });
});
