/**
 * The follow-up call after release (order.followed_up, added in issue 11
 * round 2): counted only after the release, flagged without effect before
 * it or from someone without the front desk's role, done once a call
 * reached the customer, and folded alike whatever order the events came in.
 */
import { describe, expect, it } from 'vitest';
import { foldOrder } from '../../shared/domain/orders/fold';
import { followUpDone, type OrderState } from '../../shared/domain/orders/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { shuffled } from '../fixtures/shuffled';
import { directory, OrderWriter, readyOrder, STAFF, T0 } from './order-fixtures';

const dir = directory();
const w = new OrderWriter();
const fold = (events: EventEnvelope[]): OrderState => {
  const s = foldOrder(events, dir);
  if (!s) throw new Error('no order');
  return s;
};
const call = (at: number, outcome: string, satisfaction: number | null, actor: string = STAFF.counter) =>
  w.ev(
    'order.followed_up',
    {
      at: new Date(T0 + at * 60_000).toISOString(),
      outcome,
      reachedWho: outcome === 'reached' ? '李先生' : '',
      satisfaction,
      comment: '',
    },
    at,
    actor,
  );

describe('the follow-up call', () => {
  it('counts after the release and is done once the customer was reached', () => {
    const released = [...readyOrder(w), w.release(200)];
    const missed = fold([...released, call(5000, 'no_answer', null)]);
    expect(missed.followUps.map((f) => f.outcome)).toEqual(['no_answer']);
    expect(followUpDone(missed)).toBe(false);
    const reached = fold([...released, call(5000, 'no_answer', null), call(5100, 'reached', 5)]);
    expect(followUpDone(reached)).toBe(true);
    expect(reached.flags).toEqual([]);
  });

  it('flags a call before the release, and one by a team lead, without effect', () => {
    const early = fold([...readyOrder(w), call(150, 'reached', 4), w.release(200)]);
    expect(early.followUps).toEqual([]);
    expect(early.flags.map((f) => f.reason)).toEqual(['not_released']);
    const byLead = fold([...readyOrder(w), w.release(200), call(300, 'reached', 4, STAFF.lead)]);
    expect(byLead.followUps).toEqual([]);
    expect(byLead.flags.map((f) => f.reason)).toEqual(['no_authority']);
  });

  it('folds to one state whatever order the events arrive in', () => {
    const events = [...readyOrder(w), w.release(200), call(5000, 'busy', null), call(5100, 'reached', 3)];
    const want = fold(events);
    for (let seed = 1; seed <= 30; seed++) expect(fold(shuffled(events, seed))).toEqual(want);
  });
});
