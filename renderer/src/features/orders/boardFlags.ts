/**
 * The board's words for a row's flags (OrderRow): the serious conflicts a
 * supervisor must look at, by name, and the rest as one count. Pure, for the
 * row and its unit test.
 */
import type { OrderSummary } from '../../../../shared/contract/methods/orders';

/** The conflicts named on the board, in red: a release past a failed check, a fail after release. */
export const SERIOUS_FLAGS = ['released_past_failure', 'failed_after_release'] as const;

/** A row's flags as the board shows them: the serious reasons by name, the rest as one count. */
export function boardFlags(o: Pick<OrderSummary, 'flagReasons'>): {
  serious: (typeof SERIOUS_FLAGS)[number][];
  others: string[];
} {
  const serious = SERIOUS_FLAGS.filter((r) => o.flagReasons.includes(r));
  const others = o.flagReasons.filter((r) => !(SERIOUS_FLAGS as readonly string[]).includes(r));
  return { serious, others };
}
