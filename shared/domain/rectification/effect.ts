/**
 * Whether complaints of an item's kind fell after it was opened (issue 14
 * item 7: "the next period's report shows, beside each item, whether
 * complaints of that kind fell"; docs/analysis.md, rectification effect).
 *
 * For an item opened on branch day O and a report as of day A (exclusive:
 * whole days only), with L = A − O days (at most `maxDays`):
 *   after  = complaints in the item's scope received in [O, O + L)
 *   before = complaints in the item's scope received in [O − L, O)
 * the same length either side. No figure while L < 1 (opened today).
 *
 * Counted with the shared analysis groupings (../analysis/figures.ts) over
 * the `case_facts` rows, so the desk, head office and the printed reports
 * count the same way: `effectGroupings` gives the two groupings, any runner
 * executes them, `effectOf` reads the answer. Runtime-neutral and pure.
 */
import type { GroupRow, Grouping } from '../analysis/figures';
import type { RectScope } from './payloads';

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` + `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (`YYYY-MM-DD` each). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface EffectWindow {
  /** Inclusive. */
  fromDay: string;
  /** Exclusive. */
  toDay: string;
  count: number;
}

export interface RectEffect {
  days: number;
  before: EffectWindow;
  after: EffectWindow;
  /** after − before. */
  change: number;
  /** (after − before) / before; null when there were none before. */
  changeRate: number | null;
  /** 'fell' when fewer, 'rose' when more, 'same' when equal. */
  trend: 'fell' | 'rose' | 'same';
}

export interface EffectPlan {
  days: number;
  before: Grouping;
  after: Grouping;
}

/**
 * The two groupings of an item's effect as of `asOfDay`, or null while no
 * whole day has passed since it was opened (or the days are not dates).
 * `maxDays` caps the windows (a year by default), so an old item compares
 * the year since with the year before.
 */
export function effectGroupings(
  scope: RectScope,
  openedDay: string,
  asOfDay: string,
  maxDays = 366,
): EffectPlan | null {
  if (!DAY.test(openedDay) || !DAY.test(asOfDay)) return null;
  const days = Math.min(daysBetween(openedDay, asOfDay), maxDays);
  if (!(days >= 1)) return null;
  const where = { [scope.dim]: scope.value };
  const g = (fromDay: string, toDay: string): Grouping => ({
    dims: [],
    measures: { cases: { kind: 'count' } },
    filter: { fromDay, toDay, where },
  });
  return {
    days,
    before: g(addDays(openedDay, -days), openedDay),
    after: g(openedDay, addDays(openedDay, days)),
  };
}

/**
 * Whether a report narrowed by `where` (the analysis filters) can be about
 * an item of `scope`: false when a filter on the scope's dimension names
 * another value, or a category filter lies outside the scope's main
 * category (or the other way round). Filters on other dimensions (channel,
 * gender …) leave every item in: an item's effect counts every complaint of
 * its kind.
 */
export function scopeWithin(scope: RectScope, where: Readonly<Record<string, unknown>> | undefined): boolean {
  const main = (category: string) => category.split('.')[0];
  const f = (dim: string): string | undefined => {
    const v = where?.[dim];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const want = f(scope.dim);
  if (want !== undefined && want !== scope.value) return false;
  if (scope.dim === 'mainCategory') {
    const c = f('category');
    return c === undefined || main(c) === scope.value;
  }
  if (scope.dim === 'category') {
    const m = f('mainCategory');
    return m === undefined || main(scope.value) === m;
  }
  return true;
}

const countOf = (rows: readonly GroupRow[]) => rows[0]?.values.cases ?? 0;

/** The effect from the answers of the plan's two groupings. */
export function effectOf(
  plan: EffectPlan,
  beforeRows: readonly GroupRow[],
  afterRows: readonly GroupRow[],
): RectEffect {
  const before = countOf(beforeRows);
  const after = countOf(afterRows);
  return {
    days: plan.days,
    before: { fromDay: plan.before.filter.fromDay, toDay: plan.before.filter.toDay, count: before },
    after: { fromDay: plan.after.filter.fromDay, toDay: plan.after.filter.toDay, count: after },
    change: after - before,
    changeRate: before === 0 ? null : (after - before) / before,
    trend: after < before ? 'fell' : after > before ? 'rose' : 'same',
  };
}

/** The effect of an item on any runner (the desk's is synchronous, head office's asynchronous). */
export async function rectEffect(
  run: (g: Grouping) => readonly GroupRow[] | Promise<readonly GroupRow[]>,
  scope: RectScope,
  openedDay: string,
  asOfDay: string,
  maxDays?: number,
): Promise<RectEffect | null> {
  const plan = effectGroupings(scope, openedDay, asOfDay, maxDays);
  if (plan === null) return null;
  return effectOf(plan, await run(plan.before), await run(plan.after));
}
