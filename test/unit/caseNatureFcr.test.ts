/**
 * Issue 12: the case's nature in the fold (case.classified: at the close by
 * anyone, later a supervisor's re-classification) and first-contact
 * resolution (shared/domain/cases/fcr.ts, docs/first-contact-resolution.md).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCase } from '../../shared/domain/cases/fold';
import { fcrMiss, firstContactResolution } from '../../shared/domain/cases/fcr';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import { stateJson, type CaseState } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { hlcWallMs } from '../../shared/domain/kernel/hlc';
import { caseEventMaker, feesCaseOpened } from './case-fold-fixtures';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-000000000001';
const T0 = Date.parse('2026-11-20T01:00:00.000Z');
const MIN = 60_000;

const make = caseEventMaker(CASE_ID, T0, 0x2000);
const ev = (type: string, payload: unknown, ms: number, actor = 'clerk', device = '01'): EventEnvelope =>
  make(type, payload, ms, actor, device);

const opened = ev('case.opened', feesCaseOpened(T0), 0);
const STEP5 = {
  actions: '退还年费',
  actionOwner: '柜员小陈',
  actionDueAt: new Date(T0 + 60 * MIN).toISOString(),
};
const steps = (from: number) =>
  [1, 2, 3, 4, 5, 6].map((s) =>
    ev('case.step_recorded', { step: s, fields: s === 5 ? STEP5 : { ok: true } }, from + s),
  );
const step5Action = (ms: number) =>
  ev(
    'case.action_added',
    {
      actionId: '0193a1b2-c3d4-7e5f-8a9b-0000000000a1',
      what: '退还年费',
      owner: { kind: 'department', name: '柜员小陈' },
      dueAt: STEP5.actionDueAt,
    },
    ms,
  );
const classified = (nature: string, ms: number, actor = 'clerk', reason?: string) =>
  ev('case.classified', reason === undefined ? { nature } : { nature, reason }, ms, actor);
const closed = (ms: number, overrideReason: string | null = null) =>
  ev('case.closed', { overrideReason }, ms);

const roles: RoleOracle = (actor) => (actor === 'sup' ? 'supervisor' : 'counter');
const fold = (events: EventEnvelope[]) => foldCase(events, { roleAt: roles }) as CaseState;
/** A handling deadline two hours after receipt. */
const DUE = T0 + 120 * MIN;

describe('nature in the fold', () => {
  it('the close classifies (anyone); a supervisor re-classifies a closed case with a reason', () => {
    const base = [
      opened,
      ...steps(MIN),
      step5Action(MIN + 6),
      classified('valid', 10 * MIN),
      closed(10 * MIN + 1),
    ];
    expect(fold(base).nature).toMatchObject({ value: 'valid', actor: 'clerk', reason: null });
    const re = fold([...base, classified('invalid', 20 * MIN, 'sup', '客户事后撤回，投诉不成立')]);
    expect(re.nature).toMatchObject({ value: 'invalid', actor: 'sup', reason: '客户事后撤回，投诉不成立' });
    expect(re.flags).toEqual([]);
  });

  it('a forged re-classification from a counter is kept, flagged and has no effect', () => {
    const forged = classified('invalid', 20 * MIN, 'clerk', '我说的');
    const s = fold([opened, ...steps(MIN), classified('valid', 10 * MIN), closed(10 * MIN + 1), forged]);
    expect(s.nature?.value).toBe('valid');
    expect(s.flags).toEqual([{ act: 'reclassify', eventId: forged.id, reason: 'no_authority' }]);
    expect(s.lastKey).toContain(forged.id);
  });

  it('a reopened case keeps its nature until the next close classifies it again', () => {
    const events = [
      opened,
      ...steps(MIN),
      classified('valid', 10 * MIN),
      closed(10 * MIN + 1),
      ev('case.reopened', { reason: '客户再次来电' }, 11 * MIN, 'sup'),
    ];
    expect(fold(events).nature?.value).toBe('valid');
    const again = fold([...events, classified('to_improve', 12 * MIN), closed(12 * MIN + 1)]);
    expect(again.nature?.value).toBe('to_improve');
    expect(again.flags).toEqual([]);
  });

  it('folds to the same state whatever order the events arrive in', () => {
    const events = [
      opened,
      ...steps(MIN),
      classified('valid', 10 * MIN),
      closed(10 * MIN + 1),
      classified('venting', 20 * MIN, 'sup', '其实是倾诉'),
      classified('help', 21 * MIN, 'clerk', '伪造'),
    ];
    const want = stateJson(fold(events));
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        expect(stateJson(fold(shuffled))).toBe(want);
      }),
    );
  });

  describe('two clerks close the same case offline (a concurrent second close)', () => {
    // Each desk writes its classification (no reason) with its own close; desk 02's pair sorts after 01's.
    const onDesk = (device: string, actor: string, nature: string, ms: number) => [
      ev('case.classified', { nature }, ms, actor, device),
      ev('case.closed', { overrideReason: null }, ms + 1, actor, device),
    ];
    const first = onDesk('01', 'clerk', 'valid', 10 * MIN);
    const second = onDesk('02', 'clerk2', 'invalid', 11 * MIN);
    const events = [opened, ...steps(MIN), ...first, ...second];
    const asked: string[] = [];
    const counting: RoleOracle = (actor, key) => {
      asked.push(`${actor}@${key}`);
      return roles(actor, key);
    };

    it('keeps the first close’s nature and does not flag the second close’s classification no_authority', () => {
      const s = foldCase(events, { roleAt: counting }) as CaseState;
      expect(s.flags).toEqual([]);
      expect(s.nature).toMatchObject({ value: 'valid', actor: 'clerk', eventId: first[0]?.id, reason: null });
      expect(s.status).toBe('closed');
      expect(s.lastKey).toContain(second[1]?.id);
      expect(asked).toEqual([]); // not a restricted act: the oracle is not asked
    });

    it('is the same whoever closed second (a supervisor’s close is no re-classification either)', () => {
      const bySup = onDesk('02', 'sup', 'invalid', 11 * MIN);
      const s = fold([opened, ...steps(MIN), ...first, ...bySup]);
      expect(s.flags).toEqual([]);
      expect(s.nature).toMatchObject({ value: 'valid', actor: 'clerk' });
    });

    it('folds to the same state whatever order the two desks’ events arrive in', () => {
      const want = stateJson(fold(events));
      fc.assert(
        fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
          expect(stateJson(fold(shuffled))).toBe(want);
        }),
      );
    });

    it('keeps the first close’s time: a later duplicate does not move the close (and the case’s FCR) later', () => {
      const s = fold(events);
      expect(s.closedHlc).toBe(first[1]?.hlc);
      // Another desk's close that sorts first wins the time, whatever order they arrive in.
      const earlier = onDesk('03', 'clerk2', 'invalid', 9 * MIN);
      expect(fold([...events, ...earlier]).closedHlc).toBe(earlier[1]?.hlc);
      // A close after a reopen is a close of its own.
      const reopened = ev('case.reopened', { reason: '客户再次来电' }, 20 * MIN, 'sup', '01');
      const again = onDesk('01', 'clerk', 'valid', 30 * MIN);
      expect(fold([...events, reopened, ...again]).closedHlc).toBe(again[1]?.hlc);
    });

    it('still judges a re-classification (with its reason) of the closed case', () => {
      const forged = classified('help', 12 * MIN, 'clerk2', '我改的');
      const s = fold([...events, forged]);
      expect(s.nature?.value).toBe('valid');
      expect(s.flags).toEqual([{ act: 'reclassify', eventId: forged.id, reason: 'no_authority' }]);
    });
  });

  it('refuses a payload with an unknown nature (the event is ignored)', () => {
    const s = fold([opened, classified('happy', 5 * MIN)]);
    expect(s.nature).toBeNull();
    expect(s.ignored).toBe(1);
  });
});

describe('first-contact resolution', () => {
  const resolved = [
    opened,
    ...steps(MIN),
    step5Action(MIN + 6),
    classified('valid', 10 * MIN),
    closed(10 * MIN + 1),
  ];

  it('is null while open, true for a case the owner closed through the script within the handling deadline', () => {
    expect(firstContactResolution(fold([opened, ...steps(MIN)]), DUE)).toBeNull();
    const s = fold(resolved);
    expect(firstContactResolution(s, DUE)).toBe(true);
    expect(hlcWallMs(s.closedHlc ?? '')).toBeLessThan(DUE);
  });

  it('an action added after the close (another desk, or a forged event) does not undo it', () => {
    const late = ev(
      'case.action_added',
      {
        actionId: '0193a1b2-c3d4-7e5f-8a9b-0000000000b2',
        what: '后补措施',
        owner: { kind: 'department', name: '卡部' },
        dueAt: new Date(T0 + 60 * MIN).toISOString(),
      },
      10 * MIN + 2,
    );
    expect(firstContactResolution(fold([...resolved, late]), DUE)).toBe(true);
    // Added before the close, the same action is a hand-off.
    const early = ev('case.action_added', late.payload, 9 * MIN);
    expect(fcrMiss(fold([...resolved.slice(0, -2), early, ...resolved.slice(-2)]), DUE)).toBe('handed_off');
  });

  it('closed past the handling deadline is not', () => {
    expect(fcrMiss(fold(resolved), T0 + 5 * MIN)).toBe('late');
    expect(fcrMiss(fold(resolved), null)).toBe('late');
  });

  it('reopened (even if closed again in time) is not', () => {
    const s = fold([
      ...resolved,
      ev('case.reopened', { reason: '问题没解决' }, 11 * MIN, 'sup'),
      classified('valid', 12 * MIN),
      closed(12 * MIN + 1),
    ]);
    expect(fcrMiss(s, DUE)).toBe('reopened');
  });

  it('escalated at step 5 is not', () => {
    const esc = steps(MIN).map((e) =>
      (e.payload as { step: number }).step === 5
        ? ev('case.step_recorded', { step: 5, fields: { ...STEP5, escalated: true } }, MIN + 5)
        : e,
    );
    expect(fcrMiss(fold([opened, ...esc, classified('valid', 10 * MIN), closed(10 * MIN + 1)]), DUE)).toBe(
      'escalated',
    );
    expect(fcrMiss({ ...fold(resolved), escalation: { level: 'supervisor' } }, DUE)).toBe('escalated');
  });

  it('a hand-off is not: a department, another member of staff, a hand-off department, an assignee', () => {
    const action = (owner: unknown) =>
      ev(
        'case.action_added',
        {
          actionId: '0193a1b2-c3d4-7e5f-8a9b-0000000000a2',
          what: '核查账单',
          owner,
          dueAt: new Date(T0 + 90 * MIN).toISOString(),
        },
        7 * MIN,
      );
    const withEvent = (e: EventEnvelope) => fold([...resolved.slice(0, -2), e, ...resolved.slice(-2)]);
    expect(fcrMiss(withEvent(action({ kind: 'department', name: '计费部' })), DUE)).toBe('handed_off');
    expect(fcrMiss(withEvent(action({ kind: 'staff', staffId: 'colleague' })), DUE)).toBe('handed_off');
    expect(fcrMiss(withEvent(action({ kind: 'staff', staffId: 'clerk' })), DUE)).toBeNull();
    expect(
      fcrMiss(withEvent(ev('case.field_set', { field: 'assignee', value: 'colleague' }, 7 * MIN)), DUE),
    ).toBe('handed_off');
    const handoff = steps(MIN).map((e) =>
      (e.payload as { step: number }).step === 5
        ? ev('case.step_recorded', { step: 5, fields: { ...STEP5, handoffDepartment: '计费部' } }, MIN + 5)
        : e,
    );
    expect(
      fcrMiss(fold([opened, ...handoff, classified('valid', 10 * MIN), closed(10 * MIN + 1)]), DUE),
    ).toBe('handed_off');
  });

  it("a supervisor's early close (before step 6) is not", () => {
    const early = fold([
      opened,
      ...steps(MIN).slice(0, 3),
      classified('valid', 10 * MIN),
      closed(10 * MIN + 1, '客户撤诉'),
    ]);
    expect(fcrMiss(early, DUE)).toBe('override_close');
    expect(firstContactResolution(early, DUE)).toBe(false);
  });
});
