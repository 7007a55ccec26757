import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stateJson, type CaseState } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { applyCaseEvent, foldCase } from '../../shared/domain/cases/fold';
import { compareEvents, compareFoldKeys, foldKey, parseFoldKey } from '../../shared/domain/kernel/foldKey';
import { canonicalJson, eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-000000000001';
const STREAM = `case:${CASE_ID}`;
const T0 = 1_763_791_200_000;

let idCounter = 0;
/** Deterministic, distinct UUID-shaped ids (order of creation != order of hlc in the tests). */
function nextId(): string {
  idCounter += 1;
  return `0193a1b2-c3d4-7e5f-8a9b-${idCounter.toString(16).padStart(12, '0')}`;
}

interface EvOpts {
  type: string;
  payload: unknown;
  ms?: number;
  counter?: number;
  device?: string;
  schema?: number;
  stream?: string;
  id?: string;
  hlc?: string;
}

function ev(o: EvOpts): EventEnvelope {
  const body = {
    id: o.id ?? nextId(),
    stream: o.stream ?? STREAM,
    type: o.type,
    schema: o.schema ?? 1,
    hlc: o.hlc ?? formatHlc(T0 + (o.ms ?? 0), o.counter ?? 0),
    device: o.device ?? '01',
    branch: 'GZ',
    actor: 'staff-1',
    payload: o.payload,
  };
  return { ...body, hash: eventHash(body) };
}

const openedPayload = {
  number: 'GZ01-20251122-0001',
  scriptVersion: 'bank-1.0',
  customer: { name: '张女士', phone: '13800000000', gender: 'female', returning: true },
  channel: 'counter',
  category: 'fees',
  severity: 'general',
  account: '客户称账户被重复扣取年费。',
  receivedAt: '2025-11-22T06:00:00.000Z',
  owner: 'staff-1',
};

function opened(ms = 0, extra: Partial<EvOpts> = {}): EventEnvelope {
  return ev({ type: 'case.opened', payload: openedPayload, ms, ...extra });
}
function step(step: number, fields: Record<string, unknown>, ms: number, extra: Partial<EvOpts> = {}) {
  return ev({ type: 'case.step_recorded', payload: { step, fields }, ms, ...extra });
}
function note(ms: number, extra: Partial<EvOpts> = {}) {
  return ev({ type: 'case.note_added', payload: { text: '已电话联系' }, ms, ...extra });
}
function fieldSet(field: string, value: string | null, ms: number, extra: Partial<EvOpts> = {}) {
  return ev({ type: 'case.field_set', payload: { field, value }, ms, ...extra });
}
function closed(ms: number, extra: Partial<EvOpts> = {}) {
  return ev({ type: 'case.closed', payload: { overrideReason: null }, ms, ...extra });
}
function reopened(ms: number, extra: Partial<EvOpts> = {}) {
  return ev({ type: 'case.reopened', payload: { reason: '客户不满意处理结果' }, ms, ...extra });
}

function sortedEvents(events: EventEnvelope[]): EventEnvelope[] {
  return [...events].sort(compareEvents);
}

/** Applies events one by one in the given order, starting from null. */
function applyAll(events: EventEnvelope[]): CaseState | null {
  let s: CaseState | null = null;
  for (const e of events) s = applyCaseEvent(s, e);
  return s;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('fold keys and order', () => {
  it('foldKey joins hlc, device and id', () => {
    expect(foldKey({ hlc: '001763791200000-00000', device: '01', id: 'x' })).toBe(
      '001763791200000-00000|01|x',
    );
    expect(parseFoldKey('001763791200000-00000|0|1|x')).toEqual({
      hlc: '001763791200000-00000',
      device: '0|1',
      id: 'x',
    });
  });

  it('compareEvents orders by hlc, then device, then id', () => {
    const h1 = formatHlc(T0, 0);
    const h2 = formatHlc(T0, 1);
    expect(
      compareEvents({ hlc: h1, device: 'Z9', id: 'z' }, { hlc: h2, device: '00', id: 'a' }),
    ).toBeLessThan(0);
    expect(
      compareEvents({ hlc: h1, device: '01', id: 'z' }, { hlc: h1, device: '02', id: 'a' }),
    ).toBeLessThan(0);
    expect(
      compareEvents({ hlc: h1, device: '01', id: 'b' }, { hlc: h1, device: '01', id: 'a' }),
    ).toBeGreaterThan(0);
    expect(compareEvents({ hlc: h1, device: '01', id: 'a' }, { hlc: h1, device: '01', id: 'a' })).toBe(0);
  });

  it('compareFoldKeys agrees with compareEvents even when device codes differ in length (property)', () => {
    const part = fc.record({
      hlc: fc.constantFrom(formatHlc(T0, 0), formatHlc(T0, 1), formatHlc(T0 + 1, 0)),
      device: fc.constantFrom('A', 'AB', 'ABC', 'A|', '01', '0'),
      id: fc.constantFrom('a', 'b', 'ab'),
    });
    fc.assert(
      fc.property(part, part, (a, b) => {
        expect(Math.sign(compareFoldKeys(foldKey(a), foldKey(b)))).toBe(Math.sign(compareEvents(a, b)));
      }),
    );
    // the raw strings would get this case wrong: "AB|" > "ABC" but device "AB" < "ABC"
    const a = foldKey({ hlc: formatHlc(T0, 0), device: 'AB', id: 'x' });
    const b = foldKey({ hlc: formatHlc(T0, 0), device: 'ABC', id: 'x' });
    expect(a > b).toBe(true);
    expect(compareFoldKeys(a, b)).toBeLessThan(0);
  });
});

describe('a realistic case', () => {
  it('open, six steps, note, field sets, close, reopen', () => {
    const o = opened(0);
    const steps = [
      step(1, { apologised: true, mood: 'angry' }, 1_000),
      step(2, { account: '重复扣费', demand: '退还年费', confirmed: true }, 2_000),
      step(3, { complainantType: 'problem_solving' }, 3_000),
      step(4, { classification: 'short_term', proposal: '退费并补偿积分', promisedHours: 24 }, 4_000),
      step(5, { action: '提交退费申请', owner: 'backoffice' }, 5_000),
    ];
    const n = note(5_500);
    const assign = fieldSet('assignee', 'staff-2', 6_000, { device: '02' });
    const due = fieldSet('dueAt', '2025-11-23T06:00:00.000Z', 6_100);
    const sev = fieldSet('severity', 'special', 6_200);
    const step6 = step(6, { satisfaction: 'satisfied', summary: '退费已到账' }, 7_000);
    const c = closed(8_000);
    const r = reopened(9_000);
    const events = [o, ...steps, n, assign, due, sev, step6, c, r];

    const state = foldCase(events);
    const expected: CaseState = {
      id: CASE_ID,
      number: 'GZ01-20251122-0001',
      scriptVersion: 'bank-1.0',
      customer: openedPayload.customer as CaseState['customer'],
      channel: 'counter',
      account: '客户称账户被重复扣取年费。',
      receivedAt: '2025-11-22T06:00:00.000Z',
      openedHlc: o.hlc,
      owner: 'staff-1',
      branch: 'GZ',
      device: '01',
      category: { value: 'fees', key: foldKey(o) },
      severity: { value: 'special', key: foldKey(sev) },
      assignee: { value: 'staff-2', key: foldKey(assign) },
      dueAt: { value: '2025-11-23T06:00:00.000Z', key: foldKey(due) },
      status: 'in_progress',
      steps: {
        1: { apologised: true, mood: 'angry' },
        2: { account: '重复扣费', demand: '退还年费', confirmed: true },
        3: { complainantType: 'problem_solving' },
        4: { classification: 'short_term', proposal: '退费并补偿积分', promisedHours: 24 },
        5: { action: '提交退费申请', owner: 'backoffice' },
        6: { satisfaction: 'satisfied', summary: '退费已到账' },
      },
      currentStep: null,
      closedHlc: null,
      lastKey: foldKey(r),
      lastHlc: r.hlc,
      noteCount: 1,
      notes: ['已电话联系'],
      closeReasons: [],
      reopenReasons: ['客户不满意处理结果'],
      flags: [],
      ignored: 0,
      stepHlc: {
        1: steps[0]!.hlc,
        2: steps[1]!.hlc,
        3: steps[2]!.hlc,
        4: steps[3]!.hlc,
        5: steps[4]!.hlc,
        6: step6.hlc,
      },
      pauses: [],
      contacts: [],
      actions: [],
      callbacks: [],
      lateReason: null,
      step5ActionId: null, // issue 12 review
      evidence: [], // issue 12
      nature: null,
      escalation: null, // issue 12
      malice: null, // issue 12
    };
    expect(state).toEqual(expected);

    // before the reopen it was closed
    const beforeReopen = foldCase(events.slice(0, -1));
    expect(beforeReopen?.status).toBe('closed');
    expect(beforeReopen?.closedHlc).toBe(c.hlc);

    // step by step in fold order gives the same state, and the intermediate states make sense
    expect(applyAll(sortedEvents(events))).toEqual(state);
    const afterOpen = applyCaseEvent(null, o);
    expect(afterOpen?.status).toBe('new');
    expect(afterOpen?.currentStep).toBe(1);
    expect(afterOpen?.assignee).toEqual({ value: null, key: foldKey(o) });
    const afterThree = applyAll([o, ...steps.slice(0, 3)]);
    expect(afterThree?.status).toBe('in_progress');
    expect(afterThree?.currentStep).toBe(4);
  });

  it('currentStep is the lowest step not yet recorded, even when steps are skipped', () => {
    const s = foldCase([opened(0), step(1, {}, 1), step(3, {}, 2), step(2, {}, 3), step(5, {}, 4)]);
    expect(s?.currentStep).toBe(4);
  });

  it('reopening a case with no steps makes it new again; closing again records the new close time', () => {
    const c1 = closed(1_000);
    const c2 = closed(3_000);
    expect(foldCase([opened(0), c1, reopened(2_000)])).toMatchObject({ status: 'new', closedHlc: null });
    expect(foldCase([opened(0), c1, reopened(2_000), c2])).toMatchObject({
      status: 'closed',
      closedHlc: c2.hlc,
    });
    // a step recorded after closing does not reopen the case
    expect(foldCase([opened(0), c1, step(1, { a: 1 }, 2_000)])).toMatchObject({
      status: 'closed',
      currentStep: 2,
    });
  });
});

describe('applyCaseEvent', () => {
  it('never mutates the state it is given', () => {
    const o = opened(0);
    const base = deepFreeze(applyAll([o, step(1, { a: 1 }, 1)])!);
    const snapshot = structuredClone(base);
    const inputs = [
      step(1, { a: 2 }, 2),
      step(2, { b: 1 }, 3),
      note(4),
      fieldSet('assignee', 'x', 5),
      fieldSet('category', 'other', 5),
      closed(6),
      reopened(7),
      opened(8),
      ev({ type: 'case.future_thing', payload: {}, ms: 9 }),
    ];
    for (const e of inputs) {
      const next = applyCaseEvent(base, e);
      expect(next).not.toBe(base);
    }
    expect(base).toEqual(snapshot);
  });

  it('returns null for anything but a valid case.opened when there is no state', () => {
    expect(applyCaseEvent(null, step(1, {}, 0))).toBeNull();
    expect(applyCaseEvent(null, note(0))).toBeNull();
    expect(applyCaseEvent(null, opened(0, { schema: 2 }))).toBeNull();
    expect(applyCaseEvent(null, ev({ type: 'case.opened', payload: { number: 'x' } }))).toBeNull();
    expect(
      applyCaseEvent(null, opened(0, { stream: 'staff:0193a1b2-c3d4-7e5f-8a9b-000000000001' })),
    ).toBeNull();
    expect(applyCaseEvent(null, opened(0, { hlc: 'not-an-hlc' }))).toBeNull();
  });

  it('leaves events of another stream out entirely', () => {
    const s = applyCaseEvent(null, opened(0))!;
    const other = note(5, { stream: 'case:0193a1b2-c3d4-7e5f-8a9b-0000000000ff' });
    expect(applyCaseEvent(s, other)).toBe(s);
    expect(foldCase([opened(0), other, note(1)])?.noteCount).toBe(1);
  });

  it('does not hand out references to the event payload', () => {
    const payload = { step: 1, fields: { a: 1 } };
    const e = ev({ type: 'case.step_recorded', payload, ms: 1 });
    const s = applyCaseEvent(applyCaseEvent(null, opened(0)), e)!;
    payload.fields.a = 99;
    expect(s.steps[1]).toEqual({ a: 1 });
  });
});

describe('last-writer-wins fields', () => {
  it('an older field_set arriving last does not overwrite a newer one', () => {
    const o = opened(0);
    const newer = fieldSet('assignee', 'staff-new', 10_000, { device: '02' });
    // made days ago on a device that was offline, delivered only now
    const stale = fieldSet('assignee', 'staff-stale', 5_000, { device: '03' });

    const incremental = applyAll([o, newer, stale]);
    expect(incremental?.assignee).toEqual({ value: 'staff-new', key: foldKey(newer) });
    expect(foldCase([o, newer, stale])?.assignee.value).toBe('staff-new');
    expect(foldCase([stale, o, newer])?.assignee.value).toBe('staff-new');
    // lastKey stays at the newest event
    expect(incremental?.lastKey).toBe(foldKey(newer));
  });

  it('ties on hlc are broken by device, then id', () => {
    const o = opened(0);
    const a = fieldSet('category', 'from-01', 100, { device: '01' });
    const b = fieldSet('category', 'from-02', 100, { device: '02' });
    expect(foldCase([o, b, a])?.category.value).toBe('from-02');
    expect(applyAll([o, b, a])?.category.value).toBe('from-02');
  });

  it('a field_set older than the opening event does not replace the intake value', () => {
    const o = opened(1_000);
    const early = fieldSet('severity', 'major', 500, { device: '02' });
    expect(foldCase([early, o])?.severity).toEqual({ value: 'general', key: foldKey(o) });
  });

  it('null clears assignee and dueAt but is ignored for category and severity', () => {
    const o = opened(0);
    const s = foldCase([
      o,
      fieldSet('assignee', 'x', 1),
      fieldSet('assignee', null, 2),
      fieldSet('category', null, 3),
    ]);
    expect(s?.assignee.value).toBeNull();
    expect(s?.category.value).toBe('fees');
    expect(s?.ignored).toBe(1);
  });
});

describe('what the fold ignores', () => {
  it('skips unknown types, newer schema versions and invalid payloads, and counts them', () => {
    const o = opened(0);
    const n = note(1);
    const unknown = ev({ type: 'case.sla_breached', payload: { hours: 3 }, ms: 50 });
    const v2note = note(60, { schema: 2 });
    const v2step = ev({
      type: 'case.step_recorded',
      schema: 2,
      payload: { step: 1, fields: {}, extra: 1 },
      ms: 70,
    });
    const badPayload = ev({ type: 'case.note_added', payload: { text: 42 }, ms: 80 });
    const badStep = ev({ type: 'case.step_recorded', payload: { step: 7, fields: {} }, ms: 81 });
    const badHlc = note(0, { hlc: '2025-11-22' });
    const notACaseEvent = ev({ type: 'staff.created', payload: {}, ms: 90 });

    const withJunk = foldCase([o, n, unknown, v2note, v2step, badPayload, badStep, badHlc, notACaseEvent]);
    const clean = foldCase([o, n]);
    expect(withJunk?.ignored).toBe(7);
    expect({ ...withJunk, ignored: 0 }).toEqual(clean);
    // the ignored events do not move lastKey
    expect(withJunk?.lastKey).toBe(foldKey(n));
  });

  it('a newer-schema case.opened does not open the case', () => {
    expect(foldCase([opened(0, { schema: 2 }), note(1)])).toBeNull();
    expect(foldCase([])).toBeNull();
    expect(foldCase([note(1), step(1, {}, 2)])).toBeNull();
  });

  it('a second case.opened for the stream is ignored', () => {
    const first = opened(0);
    const second = ev({
      type: 'case.opened',
      payload: { ...openedPayload, number: 'GZ02-20251122-0001' },
      ms: 10,
      device: '02',
    });
    const s = foldCase([second, first]);
    expect(s?.number).toBe('GZ01-20251122-0001');
    expect(s?.openedHlc).toBe(first.hlc);
    expect(s?.ignored).toBe(1);
  });

  it('the same event delivered twice is folded once', () => {
    const o = opened(0);
    const n = note(1);
    expect(foldCase([o, n, n, o])).toEqual(foldCase([o, n]));
  });
});

describe('order of events', () => {
  it('applies case.opened first even when other events sort before it', () => {
    // device 02's clock was behind: its step 1 carries an hlc before the opening
    const o = opened(5_000);
    const s1 = step(1, { apologised: true }, 1_000, { device: '02' });
    const n = note(2_000, { device: '02' });
    const s = foldCase([s1, n, o]);
    expect(s?.steps[1]).toEqual({ apologised: true });
    expect(s?.noteCount).toBe(1);
    expect(s?.status).toBe('in_progress');
    expect(s?.ignored).toBe(0);
    expect(s?.lastKey).toBe(foldKey(o));
  });

  it('a re-recorded step replaces the earlier capture (the later one in fold order wins)', () => {
    const o = opened(0);
    const first = step(2, { account: '初稿', confirmed: false }, 1_000);
    const second = step(2, { account: '修正稿', confirmed: true }, 2_000, { device: '02' });
    expect(foldCase([o, second, first])?.steps[2]).toEqual({ account: '修正稿', confirmed: true });
    expect(foldCase([o, first, second])?.steps[2]).toEqual({ account: '修正稿', confirmed: true });
  });

  it('status follows close/reopen in fold order, not arrival order', () => {
    const o = opened(0);
    const c = closed(2_000, { device: '02' });
    const r = reopened(3_000);
    expect(foldCase([o, r, c])?.status).toBe('new');
    const c2 = closed(4_000, { device: '03' });
    expect(foldCase([c2, r, o, c])).toMatchObject({ status: 'closed', closedHlc: c2.hlc });
  });
});

// ------------------------------------------------------------ property: permutation invariance

const DEVICES = ['01', '02', 'A7', '1'] as const;

const arbHlcParts = fc.record({
  ms: fc.integer({ min: 0, max: 20 }), // small range: many concurrent/equal clocks
  counter: fc.integer({ min: 0, max: 2 }),
  device: fc.constantFrom(...DEVICES),
});

const arbFieldValue = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null));

type Spec = { type: string; payload: unknown; schema?: number };

const ACTION_IDS = ['0193a1b2-c3d4-7e5f-8a9b-0000000000a1', '0193a1b2-c3d4-7e5f-8a9b-0000000000a2'] as const;
/** Around receipt (T0) and the events' clocks (T0..T0+20 ms): before receipt, inside, past the slack either way. */
const arbFollowUpTime = fc
  .constantFrom(-1, 0, 10, 6 * 60 * 1000, -6 * 60 * 1000, 86_400_000)
  .map((d) => new Date(T0 + d).toISOString());

const arbSpec: fc.Arbitrary<Spec> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('case.step_recorded'),
      payload: fc.record({
        step: fc.integer({ min: 1, max: 6 }),
        fields: fc.dictionary(fc.constantFrom('a', 'b', 'c'), arbFieldValue, { maxKeys: 3 }),
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.note_added'),
      payload: fc.record({ text: fc.string({ maxLength: 8 }) }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('case.field_set'),
      payload: fc.record({
        field: fc.constantFrom('assignee', 'category', 'severity', 'dueAt'),
        value: fc.oneof(fc.constantFrom('x', 'y', 'z', 'w'), fc.constant(null)),
      }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('case.closed'),
      payload: fc.record({ overrideReason: fc.constantFrom(null, 'r') }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('case.reopened'),
      payload: fc.record({ reason: fc.constant('again') }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('case.opened'), payload: fc.constant(openedPayload) }),
  },
  // Follow-up facts (issue 9), with times on both sides of each rule's bounds.
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.paused'),
      payload: fc.record({
        reason: fc.constantFrom('customer', 'parts', 'third_party'),
        note: fc.constant('p'),
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.resumed'),
      payload: fc.record({ note: fc.constant('') }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.contact_attempted'),
      payload: fc.record({
        at: arbFollowUpTime,
        channel: fc.constantFrom('phone', 'sms'),
        outcome: fc.constantFrom('reached', 'no_answer'),
        note: fc.string({ maxLength: 3 }),
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.action_added'),
      payload: fc.record({
        actionId: fc.constantFrom(...ACTION_IDS),
        what: fc.constant('退费'),
        owner: fc.oneof(
          fc.record({ kind: fc.constant('staff'), staffId: fc.constant('staff-2') }),
          fc.record({ name: fc.constant('卡部'), kind: fc.constant('department') }),
        ),
        dueAt: arbFollowUpTime,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('case.action_done'),
      payload: fc.record({ actionId: fc.constantFrom(...ACTION_IDS), result: fc.constantFrom('ok', 'done') }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({
        type: fc.constant('case.callback_recorded'),
        payload: fc.record({
          at: arbFollowUpTime,
          outcome: fc.constant('reached'),
          reachedWho: fc.constant('本人'),
          satisfaction: fc.integer({ min: 1, max: 5 }),
          comment: fc.string({ maxLength: 3 }),
        }),
      }),
      fc.record({
        type: fc.constant('case.callback_recorded'),
        payload: fc.record({
          at: arbFollowUpTime,
          outcome: fc.constantFrom('no_answer', 'reached'), // reached without satisfaction: malformed
          reachedWho: fc.constant(''),
          satisfaction: fc.constant(null),
          comment: fc.constant(''),
        }),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('case.escalated'), payload: fc.constant({ to: 'x' }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('case.note_added'),
      payload: fc.constant({ text: 'v2' }),
      schema: fc.constant(2),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('case.field_set'),
      payload: fc.constant({ field: 'owner', value: 'x' }),
    }),
  },
);

/** A random case: one opening event somewhere in time plus random other events. */
const arbCase = fc
  .tuple(arbHlcParts, fc.array(fc.tuple(arbHlcParts, arbSpec), { minLength: 0, maxLength: 25 }))
  .map(([openParts, rest]) => {
    let n = 0;
    const id = () => `0193a1b2-c3d4-7e5f-8a9b-${(++n).toString(16).padStart(12, '0')}`;
    const mk = (p: { ms: number; counter: number; device: string }, s: Spec) =>
      ev({
        id: id(),
        type: s.type,
        payload: s.payload,
        schema: s.schema ?? 1,
        ms: p.ms,
        counter: p.counter,
        device: p.device,
      });
    const o = mk(openParts, { type: 'case.opened', payload: openedPayload });
    return { opened: o, events: [o, ...rest.map(([p, s]) => mk(p, s))] };
  });

describe('fold determinism (property)', () => {
  it('any order of the same events gives the same state', () => {
    fc.assert(
      fc.property(arbCase, fc.infiniteStream(fc.nat()), ({ events }, rnd) => {
        const reference = foldCase(events);
        expect(reference).not.toBeNull();
        // a few random shuffles plus the reverse
        const it = rnd[Symbol.iterator]();
        for (let k = 0; k < 3; k++) {
          const shuffled = [...events];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = (it.next().value as number) % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          expect(foldCase(shuffled)).toEqual(reference);
        }
        expect(foldCase([...events].reverse())).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('matches an independent model of the rules', () => {
    fc.assert(
      fc.property(arbCase, ({ events }) => {
        const state = foldCase(events)!;
        const foldable = events.filter((e) => e.schema === 1);
        const sorted = sortedEvents(foldable);
        const chosenOpen = sortedEvents(events.filter((e) => e.type === 'case.opened'))[0]!;
        expect(state.openedHlc).toBe(chosenOpen.hlc);

        // LWW: each register holds the max-key valid field_set, or the opening value
        for (const field of ['assignee', 'category', 'severity', 'dueAt'] as const) {
          const initial = field === 'category' ? 'fees' : field === 'severity' ? 'general' : null;
          let best = { value: initial as string | null, key: foldKey(chosenOpen) };
          for (const e of foldable) {
            const p = e.payload as { field?: string; value?: string | null };
            if (e.type !== 'case.field_set' || p.field !== field) continue;
            if (p.value === null && (field === 'category' || field === 'severity')) continue;
            if (compareFoldKeys(foldKey(e), best.key) > 0) best = { value: p.value ?? null, key: foldKey(e) };
          }
          expect(state[field]).toEqual(best);
        }

        // status: the last close/reopen in fold order decides
        const lastToggle = [...sorted]
          .reverse()
          .find((e) => e.type === 'case.closed' || e.type === 'case.reopened');
        const anySteps = sorted.some((e) => e.type === 'case.step_recorded');
        if (lastToggle?.type === 'case.closed') {
          expect(state.status).toBe('closed');
          // The first close since the last reopen: a later one is another desk's duplicate (fold.ts).
          const lastReopen = sorted.findLastIndex((e) => e.type === 'case.reopened');
          const firstClose = sorted.find((e, i) => i > lastReopen && e.type === 'case.closed')!;
          expect(state.closedHlc).toBe(firstClose.hlc);
        } else {
          expect(state.status).toBe(anySteps ? 'in_progress' : 'new');
          expect(state.closedHlc).toBeNull();
        }

        // steps: the last record of each step in fold order
        const expectedSteps: Record<number, unknown> = {};
        for (const e of sorted) {
          if (e.type === 'case.step_recorded') {
            const p = e.payload as { step: number; fields: unknown };
            expectedSteps[p.step] = p.fields;
          }
        }
        expect(state.steps).toEqual(expectedSteps);
        const missing = [1, 2, 3, 4, 5, 6].find((n) => !(n in expectedSteps)) ?? null;
        expect(state.currentStep).toBe(missing);

        expect(state.noteCount).toBe(sorted.filter((e) => e.type === 'case.note_added').length);
      }),
      { numRuns: 300 },
    );
  });

  it('applyCaseEvent in fold order equals foldCase when the opening sorts first', () => {
    fc.assert(
      fc.property(arbCase, ({ events }) => {
        const sorted = sortedEvents(events);
        const chosen = sorted.find((e) => e.type === 'case.opened')!;
        if (sorted[0] === chosen) {
          expect(applyAll(sorted)).toEqual(foldCase(events));
        } else {
          // events before the opening are dropped by a plain left fold, so foldCase moves the opening first
          const openingFirst = [chosen, ...sorted.filter((e) => e !== chosen)];
          expect(applyAll(openingFirst)).toEqual(foldCase(events));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('LWW registers are the same for any application order (incremental apply)', () => {
    fc.assert(
      fc.property(arbCase, fc.infiniteStream(fc.nat()), ({ opened: o, events }, rnd) => {
        const rest = events.filter((e) => e !== o);
        const it = rnd[Symbol.iterator]();
        for (let i = rest.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [rest[i], rest[j]] = [rest[j]!, rest[i]!];
        }
        const s = applyAll([o, ...rest])!;
        const reference = applyAll([o, ...sortedEvents(rest)])!;
        expect({
          a: s.assignee,
          c: s.category,
          s: s.severity,
          d: s.dueAt,
          n: s.noteCount,
          i: s.ignored,
          k: s.lastKey,
        }).toEqual({
          a: reference.assignee,
          c: reference.category,
          s: reference.severity,
          d: reference.dueAt,
          n: reference.noteCount,
          i: reference.ignored,
          k: reference.lastKey,
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('stateJson (how the projection stores a state)', () => {
  it('is the canonical JSON of every folded state, folded whole or event by event from stored JSON', () => {
    fc.assert(
      fc.property(arbCase, ({ events }) => {
        const whole = foldCase(events)!;
        expect(stateJson(whole)).toBe(canonicalJson(whole));
        // As the projection does it: each state stored as JSON, read back, the next event applied.
        let state: CaseState | null = null;
        for (const e of sortedEvents(events)) {
          const next: CaseState | null = applyCaseEvent(
            state === null ? null : (JSON.parse(stateJson(state)) as CaseState),
            e,
          );
          if (next !== null) {
            expect(stateJson(next)).toBe(canonicalJson(next));
            state = next;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sorts captured fields whose keys look like array indexes the slow way', () => {
    const s = foldCase([opened(0), step(2, { '10': 'x', '9': 'y', b: 'z', a: 1 }, 1)])!;
    expect(stateJson(s)).toBe(canonicalJson(s));
    expect(stateJson(s)).toContain('"2":{"10":"x","9":"y","a":1,"b":"z"}');
  });
});
