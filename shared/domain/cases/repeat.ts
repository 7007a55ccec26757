/**
 * Repeat complaints (重复投诉, issue 12 item 4): a case is a repeat when the
 * same customer (./customerKey.ts) has an EARLIER case received within the
 * branch's repeat window (`repeatWindowDays`, a deadline rule, default 30)
 * before this one's receipt. The window is the one in force when THIS case
 * was received. Derived from the set of the customer's cases only, never from
 * the order they reached a desk, so a case synced in later from another desk
 * still makes the later ones repeats. Runtime-neutral and pure.
 */

export const DAY_MS = 86_400_000;

/** The default window and the largest one the rules allow (shared/domain/deadlines/rules.ts). */
export const DEFAULT_REPEAT_WINDOW_DAYS = 30;
export const MAX_REPEAT_WINDOW_DAYS = 366;

/** One case of a customer as the repeat rule sees it. */
export interface CustomerCase {
  id: string;
  /** Receipt instant, epoch ms. */
  receivedMs: number;
  category: string;
}

/**
 * True when `a` comes before `b`: received earlier, or at the same
 * millisecond with the smaller case id, so of two distinct cases exactly one
 * is the earlier (a strict total order; every replica agrees).
 */
export function isEarlier(
  a: Pick<CustomerCase, 'id' | 'receivedMs'>,
  b: Pick<CustomerCase, 'id' | 'receivedMs'>,
): boolean {
  return a.receivedMs < b.receivedMs || (a.receivedMs === b.receivedMs && a.id < b.id);
}

/** True when `earlier` comes before `c` and lies at most `windowDays` before it. */
export function withinWindow(
  earlier: Pick<CustomerCase, 'id' | 'receivedMs'>,
  c: Pick<CustomerCase, 'id' | 'receivedMs'>,
  windowDays: number,
): boolean {
  return isEarlier(earlier, c) && c.receivedMs - earlier.receivedMs <= windowDays * DAY_MS;
}

export interface RepeatJudgement {
  repeat: boolean;
  /** An earlier case within the window has the same category. */
  sameCategory: boolean;
  /** The earlier cases within the window, latest first. */
  earlier: CustomerCase[];
}

/**
 * Whether `c` is a repeat among `cases` (the same customer's cases, in any
 * order; `c` itself may be among them and is left out).
 */
export function judgeRepeat(
  c: CustomerCase,
  cases: readonly CustomerCase[],
  windowDays: number,
): RepeatJudgement {
  const earlier = cases
    .filter((o) => o.id !== c.id && withinWindow(o, c, windowDays))
    .sort((a, b) => (isEarlier(a, b) ? 1 : -1));
  return {
    repeat: earlier.length > 0,
    sameCategory: earlier.some((o) => o.category === c.category),
    earlier,
  };
}
