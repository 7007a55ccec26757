/**
 * The case fold with a role oracle (shared/domain/cases/authority.ts): a
 * restricted act forged by a counter clerk on another desk, made directly as
 * an envelope, is kept without effect and flagged; the same act by a
 * supervisor counts; without an oracle the act counts.
 */
import { describe, expect, it } from 'vitest';
import {
  dueExtended,
  reassignIsRestricted,
  RECEIPT_BACKDATE_WINDOW_MS,
  severityLowered,
  type RoleOracle,
} from '../../shared/domain/cases/authority';
import { factsOfCase } from '../../shared/domain/caseFacts';
import { foldCase } from '../../shared/domain/cases/fold';
import type { CaseState } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { eventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import type { Role } from '../../shared/domain/kernel/roles';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-00000000c0de';
const STREAM = `case:${CASE_ID}`;
const T0 = Date.parse('2026-11-20T02:00:00.000Z');
const COUNTER = 'staff-counter';
const OTHER_COUNTER = 'staff-counter-2';
const BOSS = 'staff-boss';
const ROLES: Record<string, Role> = {
  [COUNTER]: 'counter',
  [OTHER_COUNTER]: 'counter',
  [BOSS]: 'supervisor',
};
const oracle: RoleOracle = (actorId) => ROLES[actorId] ?? null;

let n = 0;
function ev(type: string, payload: unknown, ms: number, actor: string): EventEnvelope {
  n += 1;
  const body = {
    id: `0193a1b2-c3d4-7e5f-8a9b-${n.toString(16).padStart(12, '0')}`,
    stream: STREAM,
    type,
    schema: 1,
    hlc: formatHlc(T0 + ms, 0),
    device: 'FORGED-01',
    branch: 'GZ',
    actor,
    payload,
  };
  return { ...body, hash: eventHash(body) };
}

function opened(actor = COUNTER, receivedAt = '2026-11-20T01:30:00.000Z', extra: object = {}): EventEnvelope {
  return ev(
    'case.opened',
    {
      number: 'GZ01-20261120-0001',
      scriptVersion: '1.0',
      customer: { name: '张女士', phone: '13800000000', gender: 'female', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'major',
      account: '客户称年费被重复扣收。',
      receivedAt,
      owner: COUNTER,
      ...extra,
    },
    0,
    actor,
  );
}
const set = (field: string, value: string | null, ms: number, actor: string, reason?: string) =>
  ev('case.field_set', reason ? { field, value, reason } : { field, value }, ms, actor);
const step3 = (complainantType: string, ms: number, actor: string) =>
  ev('case.step_recorded', { step: 3, fields: { complainantType, impact: 'venting' } }, ms, actor);

function fold(events: EventEnvelope[], withOracle = true): CaseState {
  const s = foldCase(events, withOracle ? { roleAt: oracle } : undefined);
  if (!s) throw new Error('no case');
  return s;
}

describe('the case fold with a role oracle', () => {
  const o = opened();
  const due = set('dueAt', '2026-11-20T10:00:00.000Z', 1_000, COUNTER); // a first due date: anyone
  const assign = set('assignee', COUNTER, 2_000, COUNTER); // taking one's own case

  it('gives a counter clerk’s forged restricted acts no effect and flags each', () => {
    const forged = [
      set('severity', 'general', 10_000, COUNTER),
      set('dueAt', '2026-11-25T10:00:00.000Z', 11_000, COUNTER),
      set('dueAt', null, 12_000, COUNTER),
      set('assignee', OTHER_COUNTER, 13_000, OTHER_COUNTER), // taking a colleague's case
    ];
    const s = fold([o, due, assign, ...forged]);
    expect(s.severity.value).toBe('major');
    expect(s.dueAt.value).toBe('2026-11-20T10:00:00.000Z');
    expect(s.assignee.value).toBe(COUNTER);
    expect(s.flags).toEqual([
      { act: 'lower_severity', eventId: forged[0]!.id, reason: 'no_authority' },
      { act: 'extend_due', eventId: forged[1]!.id, reason: 'no_authority' },
      { act: 'extend_due', eventId: forged[2]!.id, reason: 'no_authority' },
      { act: 'reassign', eventId: forged[3]!.id, reason: 'no_authority' },
    ]);
    // Kept in the log: the state still moves past them.
    expect(s.lastKey.includes(forged[3]!.id)).toBe(true);
    // The same in any arrival order.
    expect(fold([...forged].reverse().concat([assign, o, due]))).toEqual(s);
  });

  it('lets the same acts by a supervisor count', () => {
    const acts = [
      set('severity', 'general', 10_000, BOSS, '核实后降级'),
      set('dueAt', '2026-11-25T10:00:00.000Z', 11_000, BOSS, '客户同意延期'),
      set('assignee', OTHER_COUNTER, 13_000, BOSS, '转交'),
    ];
    const s = fold([o, due, assign, ...acts]);
    expect(s.severity.value).toBe('general');
    expect(s.dueAt.value).toBe('2026-11-25T10:00:00.000Z');
    expect(s.assignee.value).toBe(OTHER_COUNTER);
    expect(s.flags).toEqual([]);
  });

  // Issue 12 review #1: step 3's 疑似恶意索赔 is a suspicion, anyone's (it was a supervisor's act).
  it('lets a counter clerk choose the suspected malicious claim at step 3, and change it back, unflagged', () => {
    const marked = step3('malicious_claim', 14_000, COUNTER);
    const s = fold([o, due, assign, marked]);
    expect(s.steps[3]?.complainantType).toBe('malicious_claim');
    expect(s.flags).toEqual([]);
    const back = step3('problem_solving', 15_000, OTHER_COUNTER);
    const after = fold([o, due, assign, marked, back]);
    expect(after.steps[3]?.complainantType).toBe('problem_solving');
    expect(after.flags).toEqual([]);
  });

  it('lets a counter clerk do what is not restricted', () => {
    const s = fold([
      o,
      due,
      assign,
      set('severity', 'urgent', 10_000, COUNTER), // raising
      set('dueAt', '2026-11-20T08:00:00.000Z', 11_000, COUNTER), // earlier
      set('assignee', OTHER_COUNTER, 12_000, COUNTER), // handing one's own case on
      step3('problem_solving', 13_000, COUNTER),
    ]);
    expect(s.severity.value).toBe('urgent');
    expect(s.dueAt.value).toBe('2026-11-20T08:00:00.000Z');
    expect(s.assignee.value).toBe(OTHER_COUNTER);
    expect(s.steps[3]?.complainantType).toBe('problem_solving');
    expect(s.flags).toEqual([]);
  });

  it("bounds a counter clerk's first due date (it may only bring the result deadline forward); a supervisor's stands", () => {
    expect(fold([o, due]).dueAt).toEqual({
      bounded: true,
      key: expect.any(String) as unknown,
      value: '2026-11-20T10:00:00.000Z',
    });
    expect(factsOfCase(fold([o, due])).dueOverrideBounded).toBe(true);
    // Brought forward by another clerk: still bounded.
    const earlier = set('dueAt', '2026-11-20T08:00:00.000Z', 11_000, OTHER_COUNTER);
    expect(fold([o, due, earlier]).dueAt.bounded).toBe(true);
    // A supervisor's date stands as set, and so does a clerk's bringing it forward.
    const boss = set('dueAt', '2026-11-25T10:00:00.000Z', 12_000, BOSS, '客户同意延期');
    const forward = set('dueAt', '2026-11-24T10:00:00.000Z', 13_000, COUNTER);
    expect(fold([o, due, boss]).dueAt.bounded).toBeUndefined();
    const s = fold([o, due, boss, forward]);
    expect(s.dueAt).toEqual({ key: expect.any(String) as unknown, value: '2026-11-24T10:00:00.000Z' });
    expect(factsOfCase(s).dueOverrideBounded).toBeUndefined();
    // The same in any arrival order; without an oracle the acts count, unbounded.
    expect(fold([forward, boss, due, o])).toEqual(s);
    expect(fold([o, due], false).dueAt.bounded).toBeUndefined();
  });

  it('opens a case back-dated beyond the window by a counter clerk as received when entered', () => {
    const early = new Date(T0 - RECEIPT_BACKDATE_WINDOW_MS - 60_000).toISOString();
    const forged = opened(COUNTER, early);
    const s = fold([forged]);
    expect(s.receivedAt).toBe(new Date(T0).toISOString());
    expect(s.flags).toEqual([{ act: 'backdate_receipt', eventId: forged.id, reason: 'no_authority' }]);
    const byBoss = opened(BOSS, early, { reason: '客户来信，补录' });
    expect(fold([byBoss]).receivedAt).toBe(early);
    const within = opened(COUNTER, new Date(T0 - RECEIPT_BACKDATE_WINDOW_MS + 60_000).toISOString());
    expect(fold([within]).flags).toEqual([]);
  });

  it('takes no authority from an actor the oracle does not know', () => {
    const s = fold([o, set('severity', 'general', 10_000, 'staff-unknown')]);
    expect(s.severity.value).toBe('major');
    expect(s.flags).toHaveLength(1);
  });

  it('counts restricted acts when no oracle is given', () => {
    const s = fold([o, set('severity', 'general', 10_000, COUNTER)], false);
    expect(s.severity.value).toBe('general');
    expect(s.flags).toEqual([]);
  });
});

describe('the restricted-act rules', () => {
  it('ranks severities general < special < major < urgent; unknown values cannot be ranked', () => {
    expect(severityLowered('urgent', 'major')).toBe(true);
    expect(severityLowered('special', 'general')).toBe(true);
    expect(severityLowered('general', 'special')).toBe(false);
    expect(severityLowered('major', 'urgent')).toBe(false);
    expect(severityLowered('major', 'other')).toBe(true);
  });

  it('calls a later or cleared due date an extension, a first one not', () => {
    expect(dueExtended(null, '2026-11-20T10:00:00Z')).toBe(false);
    expect(dueExtended('2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z')).toBe(true);
    expect(dueExtended('2026-11-20T10:00:00Z', null)).toBe(true);
    expect(dueExtended('2026-11-20T10:00:00Z', '2026-11-20T09:00:00Z')).toBe(false);
  });

  it('lets the owner or assignee hand a case on and anyone take an unassigned one', () => {
    const unassigned = { owner: 'a', assignee: { value: null } };
    expect(reassignIsRestricted(unassigned, 'a', 'b')).toBe(false);
    expect(reassignIsRestricted(unassigned, 'b', 'b')).toBe(false);
    expect(reassignIsRestricted(unassigned, 'b', 'c')).toBe(true);
    const held = { owner: 'a', assignee: { value: 'b' } };
    expect(reassignIsRestricted(held, 'b', 'c')).toBe(false);
    expect(reassignIsRestricted(held, 'b', null)).toBe(false);
    expect(reassignIsRestricted(held, 'c', 'c')).toBe(true);
  });
});
