/**
 * The work-order board names the serious conflicts of a row (a release past
 * a failed check, a fail after release) and counts the rest
 * (renderer/src/features/orders/boardFlags.ts, shown by OrderRow).
 */
import { describe, expect, it } from 'vitest';
import { boardFlags } from '../../renderer/src/features/orders/boardFlags';

describe('boardFlags', () => {
  it('names the serious reasons, in a fixed order, and leaves the others to the count', () => {
    expect(
      boardFlags({ flagReasons: ['consent_twice', 'failed_after_release', 'released_past_failure'] }),
    ).toEqual({ serious: ['released_past_failure', 'failed_after_release'], others: ['consent_twice'] });
  });

  it('shows nothing for an order without flags, and only a count for minor ones', () => {
    expect(boardFlags({ flagReasons: [] })).toEqual({ serious: [], others: [] });
    expect(boardFlags({ flagReasons: ['no_authority', 'released_twice'] })).toEqual({
      serious: [],
      others: ['no_authority', 'released_twice'],
    });
  });
});
