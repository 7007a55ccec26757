/**
 * The business volume of an analysis period (issue 14 item 2; decision 0039,
 * docs/analysis.md "per business volume"): one definition for the desk and
 * head office, over the recorded figures they hold.
 *
 * - The months counted are those wholly or partly inside [fromDay, toDay):
 *   a period from 03-10 to 04-20 counts March and April whole (figures are
 *   monthly; a part of a month is not pro-rated).
 * - Of the units recorded for those months (over every branch in scope), the
 *   one with the most (branch, month) figures is used; a tie goes to the unit
 *   first in VOLUME_UNITS. Its figures are summed; figures in other units are
 *   left out (adding premium to transactions means nothing).
 * - No figure in any unit for those months: null (the report says "no
 *   volume recorded", never a rate over 0).
 *
 * Pure and runtime-neutral.
 */
import { monthsOf } from '../kernel/time';
import { VOLUME_UNITS, type VolumeUnit } from './payloads';

/** One recorded figure as a replica stores it. */
export interface VolumeRecord {
  branch: string;
  period: string;
  unit: string;
  value: number;
}

/** The period's total in its chosen unit, and how many (branch, month) figures it sums. */
export interface VolumeSum {
  unit: VolumeUnit;
  value: number;
  figures: number;
  /** The months the period touches (`YYYY-MM`), ascending. */
  months: string[];
}

const isUnit = (u: string): u is VolumeUnit => (VOLUME_UNITS as readonly string[]).includes(u);

/**
 * The volume of [fromDay, toDay) over `records` (those of the branches in
 * scope; others may be passed already filtered out): see the module comment.
 */
export function volumeTotal(
  records: readonly VolumeRecord[],
  period: { fromDay: string; toDay: string },
): VolumeSum | null {
  const months = monthsOf(period.fromDay, period.toDay);
  const inside = new Set(months);
  const byUnit = new Map<VolumeUnit, { value: number; figures: number }>();
  for (const r of records) {
    if (!inside.has(r.period) || !isUnit(r.unit)) continue;
    const acc = byUnit.get(r.unit) ?? { value: 0, figures: 0 };
    acc.value += r.value;
    acc.figures += 1;
    byUnit.set(r.unit, acc);
  }
  let best: VolumeUnit | null = null;
  for (const u of VOLUME_UNITS) {
    const acc = byUnit.get(u);
    if (acc && (best === null || acc.figures > (byUnit.get(best)?.figures ?? 0))) best = u;
  }
  if (best === null) return null;
  const acc = byUnit.get(best) ?? { value: 0, figures: 0 };
  // Sums of money in 万元 with 4 decimals: rounded back to them, so 0.1 + 0.2 is 0.3.
  return { unit: best, value: Math.round(acc.value * 10_000) / 10_000, figures: acc.figures, months };
}
