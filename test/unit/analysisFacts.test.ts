/**
 * Issue 14: one case's facts for analysis (shared/domain/analysisFacts.ts),
 * checked against hand-worked cases on the default Shanghai calendar: the
 * receipt's wall date, the deadlines met on time or late or still running,
 * nature and first-contact resolution, the callback's satisfaction.
 */
import { describe, expect, it } from 'vitest';
import { caseFacts, wallDay } from '../../shared/domain/analysisFacts';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import { foldCase } from '../../shared/domain/cases/fold';
import type { CaseState } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { EMPTY_SETTINGS, settingsAt } from '../../shared/domain/settings/fold';
import { caseEventMaker, feesCaseOpened } from './case-fold-fixtures';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-000000000001';
/** Friday 20 November 2026, 09:00 in Shanghai: a working day. */
const T0 = Date.parse('2026-11-20T01:00:00.000Z');
const MIN = 60_000;
const DAY = 86_400_000;

const make = caseEventMaker(CASE_ID, T0, 0x7000);
const ev = (type: string, payload: unknown, ms: number, actor = 'clerk'): EventEnvelope =>
  make(type, payload, ms, actor, '01');
const roles: RoleOracle = (actor) => (actor === 'sup' ? 'supervisor' : 'counter');
const fold = (events: EventEnvelope[]) => foldCase(events, { roleAt: roles }) as CaseState;
const facts = (events: EventEnvelope[]) => caseFacts(fold(events), (ms) => settingsAt(EMPTY_SETTINGS, ms));

/** Opened (entered) `enteredAfter` ms after a receipt at `receivedMs` (a long delay: by a supervisor, who may backdate). */
const opened = (receivedMs: number, enteredAfter = 0) =>
  ev(
    'case.opened',
    feesCaseOpened(receivedMs),
    receivedMs - T0 + enteredAfter,
    enteredAfter > 0 ? 'sup' : 'clerk',
  );
const STEP5 = {
  actions: '退还年费',
  actionOwner: '柜员小陈',
  actionDueAt: new Date(T0 + 60 * MIN).toISOString(),
};
const steps = (from: number) =>
  [1, 2, 3, 4, 5, 6].map((s) =>
    ev(
      'case.step_recorded',
      {
        step: s,
        fields: s === 5 ? STEP5 : s === 3 ? { complainantType: 'problem_solving' } : { ok: true },
      },
      from + s,
    ),
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
const callback = (ms: number, satisfaction: number | null) =>
  ev(
    'case.callback_recorded',
    {
      at: new Date(T0 + ms).toISOString(),
      outcome: satisfaction === null ? 'no_answer' : 'reached',
      reachedWho: satisfaction === null ? '' : '张女士',
      satisfaction,
      comment: '',
    },
    ms,
  );

describe('analysis facts of one case', () => {
  it('a case handled through the script the same morning: every deadline on time, FCR, satisfaction 4', () => {
    const f = facts([
      opened(T0),
      ...steps(MIN),
      step5Action(MIN + 6),
      ev('case.classified', { nature: 'valid' }, 10 * MIN),
      ev('case.closed', { overrideReason: null }, 10 * MIN + 1),
      callback(DAY, 4),
      // A later attempt that did not reach the customer leaves the satisfaction given.
      callback(DAY + 10 * MIN, null),
    ]);
    expect(f).toMatchObject({
      receivedMs: T0,
      receivedDay: '2026-11-20',
      category: 'banking.fees',
      mainCategory: 'banking',
      channel: 'walk_in',
      severity: 'general',
      gender: 'female',
      returning: 1,
      complainantType: 'problem_solving',
      status: 'closed',
      nature: 'valid',
      fcr: 1,
      escalationLevel: null,
      escalationJustified: null,
      malicious: 0,
      owner: 'clerk',
      enteredOnTime: 1,
      handledOnTime: 1,
      resultOnTime: 1,
      callbackReached: 1,
      satisfaction: 4,
    });
    expect(f.handlingDueMs).toBeGreaterThan(T0);
  });

  it('coverage counts a callback after the last close; satisfaction is the latest call by its time', () => {
    const closedOnce = [
      opened(T0),
      ...steps(MIN),
      ev('case.classified', { nature: 'valid' }, 10 * MIN),
      ev('case.closed', { overrideReason: null }, 10 * MIN + 1),
      callback(DAY, 5),
    ];
    const again = facts([
      ...closedOnce,
      ev('case.reopened', { reason: '客户说没解决' }, DAY + MIN, 'sup'),
      ev('case.closed', { overrideReason: '已再次处理' }, DAY + 2 * MIN, 'sup'),
    ]);
    // Reopened and closed again: the first close's callback does not cover the new outcome.
    expect(again.callbackReached).toBe(0);
    expect(again.satisfaction).toBe(5);
    // A call made at 2 days (satisfaction 2) recorded first; one made at 1 day 1 h (5) entered afterwards.
    const late = ev(
      'case.callback_recorded',
      {
        at: new Date(T0 + DAY + 60 * MIN).toISOString(),
        outcome: 'reached',
        reachedWho: '张女士',
        satisfaction: 5,
        comment: '',
      },
      2 * DAY + MIN,
    );
    const f = facts([...closedOnce.slice(0, -1), callback(2 * DAY, 2), late]);
    expect(f.satisfaction).toBe(2);
    expect(f.callbackReached).toBe(1);
  });

  it('entered three days after the receipt and still open: entry late, the others still running (null, not 0)', () => {
    const f = facts([opened(T0, 3 * DAY)]);
    expect(f.enteredOnTime).toBe(0);
    expect(f.handledOnTime).toBeNull();
    expect(f.resultOnTime).toBeNull();
    expect(f.fcr).toBeNull();
    expect(f.nature).toBeNull();
    expect(f.complainantType).toBeNull();
    expect(f.callbackReached).toBe(0);
    expect(f.satisfaction).toBeNull();
    // Still due: the handling deadline of a general case is the end of the receipt's working day (17:30).
    expect(f.handlingDueMs).toBe(Date.parse('2026-11-20T09:30:00.000Z'));
  });

  it('closed the next Tuesday: handled (step 5) on time, result within 3 working days, not first-contact resolved', () => {
    const f = facts([
      opened(T0),
      ...steps(MIN),
      step5Action(MIN + 6),
      ev('case.classified', { nature: 'to_improve' }, 4 * DAY),
      ev('case.closed', { overrideReason: null }, 4 * DAY + 1),
    ]);
    expect(f.nature).toBe('to_improve');
    // Step 5 was recorded at once: handling on time; the close on Tuesday is within 3 working days.
    expect(f.handledOnTime).toBe(1);
    expect(f.resultOnTime).toBe(1);
    // The end of the third working day after Friday's receipt: Wednesday 17:30.
    expect(f.resultDueMs).toBe(Date.parse('2026-11-25T09:30:00.000Z'));
    // Closed after the handling deadline: not resolved at first contact.
    expect(f.fcr).toBe(0);
  });

  it('the receipt’s day is the branch’s wall date, not UTC’s', () => {
    // 17:30 UTC on the 19th is 01:30 on the 20th in Shanghai.
    expect(wallDay(Date.parse('2026-11-19T17:30:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-20');
    expect(wallDay(Date.parse('2026-11-19T17:30:00.000Z'), 'UTC')).toBe('2026-11-19');
    const late = facts([opened(Date.parse('2026-11-19T17:30:00.000Z'))]);
    expect(late.receivedDay).toBe('2026-11-20');
  });
});

describe('analysis facts of an imported case (issue 13)', () => {
  const IMPORTED = '0185f1c2-0000-7000-8000-0000000000ab';
  const imp = caseEventMaker(IMPORTED, T0, 0x7100);
  const importedRoles: RoleOracle = (actor) => (actor === 'boss' ? 'supervisor' : 'counter');
  const importedFacts = (over: Record<string, unknown>, more: EventEnvelope[] = []) => {
    const s = foldCase(
      [
        imp(
          'case.imported',
          {
            number: 'GZ01-20230305-0001',
            customer: { name: '张三', phone: '13800138000', gender: 'male', returning: true },
            channel: 'phone',
            category: 'banking.fees',
            severity: 'general',
            account: '年费未告知',
            receivedAt: '2023-03-05T09:30:00+08:00',
            region: '朝阳',
            result: '已退年费',
            status: 'closed',
            closedAt: '2023-03-08T10:00:00+08:00',
            fcr: false,
            satisfaction: 3,
            nature: 'valid',
            handler: '李经理',
            reference: 'A-001',
            source: { file: '台账.xlsx', sheet: '2023', row: 4, sha256: 'c'.repeat(64) },
            ...over,
          },
          0,
          'boss',
          '01',
        ),
        ...more,
      ],
      { roleAt: importedRoles },
    ) as CaseState;
    return caseFacts(s, (ms) => settingsAt(EMPTY_SETTINGS, ms));
  };

  it('keeps the log’s receipt day, region, stated FCR and satisfaction; its entry is not judged', () => {
    const f = importedFacts({});
    expect(f).toMatchObject({
      imported: 1,
      receivedDay: '2023-03-05',
      region: '朝阳',
      status: 'closed',
      nature: 'valid',
      fcr: 0,
      satisfaction: 3,
      // Entered years after the receipt by the import itself: not a late entry.
      enteredOnTime: null,
    });
  });

  it('a log without a region or a satisfaction gives null, not an empty text or 0', () => {
    const f = importedFacts({ region: '', satisfaction: null });
    expect(f.region).toBeNull();
    expect(f.satisfaction).toBeNull();
    expect(f.callbackReached).toBe(0);
  });

  it('a satisfaction the log states means the customer was reached, while the case stays closed as the log says', () => {
    expect(importedFacts({}).callbackReached).toBe(1);
    const reopened = importedFacts({}, [
      imp('case.reopened', { reason: '客户又来电' }, MIN, 'boss', '01'),
      imp('case.closed', { overrideReason: '已再次处理' }, 2 * MIN, 'boss', '01'),
    ]);
    expect(reopened.callbackReached).toBe(0);
    expect(reopened.satisfaction).toBe(3);
  });

  it('a case opened at the desk is not imported and has no region yet', () => {
    const f = facts([opened(T0)]);
    expect(f.imported).toBe(0);
    expect(f.region).toBeNull();
  });
});

describe('failure point, quality gap and accountability (issue 14 item 7)', () => {
  const STAFF = '0193a1b2-c3d4-7e5f-8a9b-0000000000c7';
  const tagged = (p: unknown, ms: number, actor = 'clerk') => ev('case.tagged', p, ms, actor);
  const decided = (responsible: string | null, ms: number, actor = 'sup') =>
    ev('case.responsibility_decided', { responsible, note: '' }, ms, actor);

  it('an untagged case has none of them: null, not an empty text', () => {
    const f = facts([opened(T0)]);
    expect([f.failurePoint, f.qualityGap, f.responsible]).toEqual([null, null, null]);
  });

  it('a clerk sets the failure point; a supervisor the quality gap; the later in fold order wins', () => {
    const f = facts([
      opened(T0),
      tagged({ failurePoint: 'reception' }, 5 * MIN),
      tagged({ failurePoint: 'billing' }, 9 * MIN),
      tagged({ qualityGap: 'standard_not_delivered' }, 7 * MIN, 'sup'),
    ]);
    expect(f.failurePoint).toBe('billing');
    expect(f.qualityGap).toBe('standard_not_delivered');
    // Out of order: the same facts.
    const g = facts([
      tagged({ qualityGap: 'standard_not_delivered' }, 7 * MIN, 'sup'),
      tagged({ failurePoint: 'billing' }, 9 * MIN),
      opened(T0),
      tagged({ failurePoint: 'reception' }, 5 * MIN),
    ]);
    expect(g).toEqual(f);
  });

  it('a quality gap from a clerk (a forged event) changes nothing, even with a failure point beside it', () => {
    const state = fold([opened(T0), tagged({ failurePoint: 'work', qualityGap: 'promise_mismatch' }, MIN)]);
    const f = caseFacts(state, (ms) => settingsAt(EMPTY_SETTINGS, ms));
    expect(f.qualityGap).toBeNull();
    expect(f.failurePoint).toBeNull();
    expect(state.flags).toEqual([
      { act: 'tag_quality_gap', eventId: expect.any(String) as string, reason: 'no_authority' },
    ]);
  });

  it('null clears a tag', () => {
    const f = facts([
      opened(T0),
      tagged({ failurePoint: 'work', qualityGap: 'promise_mismatch' }, MIN, 'sup'),
      tagged({ failurePoint: null }, 2 * MIN),
    ]);
    expect(f.failurePoint).toBeNull();
    expect(f.qualityGap).toBe('promise_mismatch');
  });

  it("responsible: the staff id held responsible, '' when decided nobody, the later decision wins", () => {
    expect(facts([opened(T0), decided(STAFF, MIN)]).responsible).toBe(STAFF);
    expect(facts([opened(T0), decided(STAFF, MIN), decided(null, 2 * MIN)]).responsible).toBe('');
    expect(facts([opened(T0), decided(null, 2 * MIN), decided(STAFF, MIN)]).responsible).toBe('');
  });

  it("a clerk's responsibility decision (a forged event) has no effect and is flagged", () => {
    const state = fold([opened(T0), decided(null, MIN, 'clerk')]);
    expect(caseFacts(state, (ms) => settingsAt(EMPTY_SETTINGS, ms)).responsible).toBeNull();
    expect(state.flags.map((x) => x.act)).toEqual(['decide_responsibility']);
    // A supervisor's earlier decision stays in force.
    const kept = fold([opened(T0), decided(STAFF, MIN), decided(null, 2 * MIN, 'clerk')]);
    expect(caseFacts(kept, (ms) => settingsAt(EMPTY_SETTINGS, ms)).responsible).toBe(STAFF);
  });
});

describe('customer attributes in the facts (issue 14 item 1)', () => {
  const withAttrs = (attrs: Record<string, unknown>) =>
    ev('case.opened', { ...feesCaseOpened(T0), ...attrs }, 0, 'clerk');

  it('region, customer level and shared customer come from the intake', () => {
    const f = facts([withAttrs({ region: 'suburb', customerLevel: 'vip', sharedCustomer: true })]);
    expect([f.region, f.customerLevel, f.sharedCustomer]).toEqual(['suburb', 'vip', 1]);
    const no = facts([withAttrs({ sharedCustomer: false })]);
    expect([no.region, no.customerLevel, no.sharedCustomer]).toEqual([null, null, 0]);
  });

  it('a case opened without them (every case before issue 14) gives null for each, and its state has no attributes', () => {
    const s = fold([opened(T0)]);
    expect('attributes' in s).toBe(false);
    const f = facts([opened(T0)]);
    expect([f.region, f.customerLevel, f.sharedCustomer]).toEqual([null, null, null]);
  });

  it("an imported case gives the log's region (its text) and the level and shared customer the import mapped", () => {
    const s = foldCase(
      [
        make(
          'case.imported',
          {
            number: 'GZ-IMP-0001',
            customer: { name: '张三', phone: '13800000000', gender: 'male', returning: false },
            channel: 'walk_in',
            category: 'banking.fees',
            severity: 'general',
            account: '年费',
            receivedAt: '2023-03-05T02:00:00.000Z',
            region: '朝阳',
            result: '已退',
            status: 'closed',
            closedAt: null,
            fcr: null,
            satisfaction: null,
            nature: null,
            handler: '小王',
            reference: 'A-1',
            source: { file: 'log.xlsx', sheet: 'S1', row: 2, sha256: 'a'.repeat(64) },
            customerLevel: 'gold',
            sharedCustomer: false,
          },
          0,
          'sup',
          '01',
        ),
      ],
      { roleAt: roles },
    ) as CaseState;
    const f = caseFacts(s, (ms) => settingsAt(EMPTY_SETTINGS, ms));
    expect([f.region, f.customerLevel, f.sharedCustomer]).toEqual(['朝阳', 'gold', 0]);
  });
});
