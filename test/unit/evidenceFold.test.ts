/**
 * The case fold's evidence rule (issue 12): `case.evidence_added` adds a file
 * with who and when; the same sha256 twice on one case is one evidence (the
 * first in fold order), whatever order the events arrive in; a malformed
 * payload has no effect.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCase } from '../../shared/domain/cases/fold';
import { stateJson } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { caseEventMaker } from './case-fold-fixtures';

const CASE_ID = '0193a1b2-c3d4-7e5f-8a9b-0000000000e1';
const T0 = 1_763_791_200_000;
const make = caseEventMaker(CASE_ID, T0);

const ev = (type: string, payload: unknown, ms: number, device = '01', actor = 'staff-1'): EventEnvelope =>
  make(type, payload, ms, actor, device);

const opened = ev(
  'case.opened',
  {
    number: 'GZ01-20251122-0001',
    scriptVersion: 'bank-1.0',
    customer: { name: '张女士', phone: '13800000000', gender: 'female', returning: true },
    channel: 'counter',
    category: 'fees',
    severity: 'general',
    account: '客户称短信订阅被扣费。',
    receivedAt: '2025-11-22T06:00:00.000Z',
    owner: 'staff-1',
  },
  0,
);

const file = (sha: string, name: string) => ({
  sha256: sha.repeat(64),
  size: 1234,
  mime: 'image/jpeg',
  name,
  kind: 'photo',
  note: '',
});

describe('case.evidence_added in the fold', () => {
  it('adds evidence with who and when, once per sha256', () => {
    const first = ev('case.evidence_added', file('a', '现场.jpg'), 1000, '01', 'staff-1');
    const again = ev('case.evidence_added', file('a', '又一次.jpg'), 2000, '02', 'staff-2');
    const other = ev(
      'case.evidence_added',
      { ...file('b', '声明.pdf'), mime: 'application/pdf', kind: 'statement' },
      3000,
    );
    const bad = ev('case.evidence_added', { ...file('c', '../x.jpg') }, 4000);
    const s = foldCase([opened, first, again, other, bad])!;
    expect(s.evidence.map((e) => [e.sha256[0], e.name, e.actor, e.addedHlc])).toEqual([
      ['a', '现场.jpg', 'staff-1', first.hlc],
      ['b', '声明.pdf', 'staff-1', other.hlc],
    ]);
    expect(s.ignored).toBe(1); // the path in the name
    expect(s.lastHlc).toBe(other.hlc); // a malformed event does not advance the state
  });

  it('any arrival order folds to the same state', () => {
    const events = [
      opened,
      ev('case.evidence_added', file('a', 'x.jpg'), 10, '01'),
      ev('case.evidence_added', file('a', 'y.jpg'), 10, '02'),
      ev('case.evidence_added', file('d', 'z.jpg'), 5, '03'),
      ev('case.note_added', { text: '客户补充了录音' }, 7),
    ];
    const expected = stateJson(foldCase(events)!);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (order) => {
        expect(stateJson(foldCase(order)!)).toBe(expected);
      }),
    );
  });
});
