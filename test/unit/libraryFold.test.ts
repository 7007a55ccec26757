/**
 * The case library fold (issue 12 item 6, decision 0028): supervisor/admin
 * authority judged in the fold at each event's place (a counter's forged
 * event is kept, flagged, without effect), later writes replace, retire is
 * final, and any arrival order gives the same library (property test).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventContentProblem } from '../../shared/domain/events';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { compareFoldKeys } from '../../shared/domain/kernel/foldKey';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import type { Role } from '../../shared/domain/kernel/roles';
import { foldLibrary, librarySignature, type LibraryRoleOracle } from '../../shared/domain/library/fold';
import { cleanLibraryText, LIBRARY_STREAM_NAME } from '../../shared/domain/library/payloads';
import { shuffled } from '../fixtures/shuffled';

const SUP = '01890000-0000-7000-8000-00000000aa01';
const CLERK = '01890000-0000-7000-8000-00000000cc01';
const ANSWER = '01890000-0000-7000-8000-0000000a0001';
const PLAN = '01890000-0000-7000-8000-0000000b0001';
const ENTRY = '01890000-0000-7000-8000-0000000e0001';
const CASE = '01890000-0000-7000-8000-0000000ca5e1';
const T0 = Date.UTC(2026, 10, 2, 1);
const MIN = 60_000;

let n = 0;
function ev(type: string, payload: unknown, atMs: number, actor = SUP, device = 'D1'): EventEnvelope {
  n++;
  return {
    id: `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    stream: LIBRARY_STREAM_NAME,
    type,
    schema: 1,
    hlc: formatHlc(atMs, 0),
    device,
    branch: 'GZ',
    actor,
    payload,
    hash: 'x'.repeat(64),
  };
}

const answer = (title: string, text: string, at: number, actor = SUP, device = 'D1') =>
  ev('library.answer_set', { answerId: ANSWER, category: 'telecom', title, text }, at, actor, device);
const plan = (at: number, actor = SUP) =>
  ev(
    'library.plan_set',
    { planId: PLAN, category: 'telecom.billing', title: '话费争议预案', text: '1. 核对账单\n2. 先退后查' },
    at,
    actor,
  );
const entry = (at: number, actor = SUP) =>
  ev(
    'library.entry_written',
    {
      entryId: ENTRY,
      caseId: CASE,
      theme: '短信订购争议',
      background: '客户称未订购',
      details: '核对记录',
      result: '退费并致歉',
      discussion: '先解决心情',
      category: 'telecom.value_added',
    },
    at,
    actor,
  );
const retire = (itemId: string, at: number, actor = SUP) => ev('library.item_retired', { itemId }, at, actor);

/** SUP is a supervisor throughout; CLERK is a counter clerk until promoted at `promotedAt` (if given). */
function roles(promotedAt?: number): LibraryRoleOracle {
  return (actor, key) => {
    if (actor === SUP) return 'supervisor';
    if (actor !== CLERK) return null;
    const role: Role =
      promotedAt !== undefined && compareFoldKeys(`${formatHlc(promotedAt, 0)}|~|`, key) < 0
        ? 'supervisor'
        : 'counter';
    return role;
  };
}

describe('library payloads', () => {
  it('are registered, sit in the library stream and refuse control characters and blanks', () => {
    const e = answer('口径', '先致歉\n再说明', T0);
    expect(eventContentProblem(e)).toBeNull();
    expect(eventContentProblem({ ...e, stream: 'case:01890000-0000-7000-8000-000000000001' })).toMatch(
      /^wrong_stream/,
    );
    const bad = (payload: unknown) => eventContentProblem({ ...e, payload });
    const base = { answerId: ANSWER, category: 'telecom', title: 't', text: 'x' };
    expect(bad({ ...base, title: 'a\nb' })).toMatch(/^invalid_payload: title/);
    expect(bad({ ...base, text: 'a\u0007b' })).toMatch(/^invalid_payload: text/);
    expect(bad({ ...base, text: '   ' })).toMatch(/^invalid_payload: text/);
    expect(bad({ ...base, title: 'x'.repeat(201) })).toMatch(/^invalid_payload: title/);
    expect(bad({ ...base, category: 'Telecom Billing' })).toMatch(/^invalid_payload: category/);
    expect(bad({ ...base, extra: 1 })).toMatch(/^invalid_payload/);
    expect(bad({ ...base, text: '第一行\n第二行' })).toBeNull();
  });
});

describe('library fold', () => {
  it('writes, replaces by fold order and keeps who wrote first', () => {
    const s = foldLibrary(
      [answer('v2', '第二版', T0 + MIN), answer('v1', '第一版', T0), plan(T0), entry(T0)],
      {
        roleAt: roles(),
      },
    );
    expect(s.flags).toEqual([]);
    expect(s.items.get(ANSWER)).toMatchObject({ kind: 'answer', title: 'v2', text: '第二版', retired: null });
    expect(s.items.get(PLAN)).toMatchObject({ kind: 'plan', category: 'telecom.billing' });
    expect(s.items.get(ENTRY)).toMatchObject({
      kind: 'entry',
      title: '短信订购争议',
      entry: { caseId: CASE, result: '退费并致歉' },
    });
  });

  it('gives a counter clerk’s event no effect and flags it; a promotion before it counts', () => {
    const forged = answer('伪造', '赔偿一切', T0 + MIN, CLERK, 'COUNTER');
    const s = foldLibrary([answer('真', '补偿', T0), forged], { roleAt: roles() });
    expect(s.items.get(ANSWER)?.title).toBe('真');
    expect(s.flags).toEqual([expect.objectContaining({ eventId: forged.id, reason: 'no_authority' })]);
    const promoted = foldLibrary([answer('真', '补偿', T0), forged], { roleAt: roles(T0) });
    expect(promoted.items.get(ANSWER)?.title).toBe('伪造');
    expect(promoted.flags).toEqual([]);
  });

  it('retires for good: later writes and a second retire are flagged; retiring the unknown too', () => {
    const r = retire(ANSWER, T0 + MIN);
    const late = answer('复活', '不应生效', T0 + 2 * MIN);
    const again = retire(ANSWER, T0 + 3 * MIN);
    const early = retire(PLAN, T0 - MIN);
    const s = foldLibrary([answer('a', 'b', T0), r, late, again, early, plan(T0)], { roleAt: roles() });
    expect(s.items.get(ANSWER)).toMatchObject({ title: 'a', retired: { by: SUP } });
    expect(s.items.get(PLAN)?.retired).toBeNull();
    expect(s.flags.map((f) => [f.eventId, f.reason])).toEqual([
      [early.id, 'unknown_item'],
      [late.id, 'retired'],
      [again.id, 'retired'],
    ]);
  });

  it('keeps an id’s kind: a plan written under an answer’s id is flagged', () => {
    const clash = ev(
      'library.plan_set',
      { planId: ANSWER, category: 'telecom', title: 'p', text: 't' },
      T0 + MIN,
    );
    const s = foldLibrary([answer('a', 'b', T0), clash], { roleAt: roles() });
    expect(s.items.get(ANSWER)?.kind).toBe('answer');
    expect(s.flags).toEqual([expect.objectContaining({ eventId: clash.id, reason: 'kind_mismatch' })]);
  });

  it('flags a payload this version cannot read and ignores other streams and unknown types', () => {
    const bad = ev('library.answer_set', { answerId: ANSWER }, T0);
    const future = ev('library.something_new', {}, T0);
    const other = { ...answer('x', 'y', T0), stream: 'case:01890000-0000-7000-8000-000000000001' };
    const s = foldLibrary([bad, future, other]);
    expect(s.items.size).toBe(0);
    expect(s.flags).toEqual([expect.objectContaining({ eventId: bad.id, reason: 'bad_payload' })]);
  });

  it('gives the same library whatever order the events arrive in (property)', () => {
    const kinds = fc.constantFrom('answer', 'plan', 'entry', 'retireA', 'retireP', 'retireE');
    const step = fc.record({
      kind: kinds,
      minute: fc.integer({ min: 0, max: 20 }),
      byClerk: fc.boolean(),
      device: fc.constantFrom('D1', 'D2', 'D10'),
      title: fc
        .string({ minLength: 1, maxLength: 5 })
        .filter((s) => s.trim() !== '' && cleanLibraryText(s, false)),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.integer(), (steps, seed) => {
        const events = steps.map((s) => {
          const at = T0 + s.minute * MIN;
          const who = s.byClerk ? CLERK : SUP;
          switch (s.kind) {
            case 'answer':
              return answer(s.title, `${s.title}!`, at, who, s.device);
            case 'plan':
              return { ...plan(at, who), device: s.device };
            case 'entry':
              return { ...entry(at, who), device: s.device };
            case 'retireA':
              return { ...retire(ANSWER, at, who), device: s.device };
            case 'retireP':
              return { ...retire(PLAN, at, who), device: s.device };
            default:
              return { ...retire(ENTRY, at, who), device: s.device };
          }
        });
        const oracle = roles(T0 + 10 * MIN);
        const a = librarySignature(foldLibrary(events, { roleAt: oracle }));
        const b = librarySignature(foldLibrary(shuffled(events, seed), { roleAt: oracle }));
        expect(b).toBe(a);
      }),
      { numRuns: 200 },
    );
  });
});
