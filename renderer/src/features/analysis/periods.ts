/**
 * The dashboard's periods (issue 14): presets of branch calendar days
 * (`YYYY-MM-DD`, `toDay` exclusive, as AnalysisRequest takes them) and the
 * comparison period each is measured against. Pure: "today" is passed in.
 */
import type { Period } from '../../../../shared/domain/analysis/report';

export const PRESETS = ['month', 'quarter', 'year', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Periods {
  period: Period;
  compare: Period | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (y: number, m: number, d = 1): string => {
  // Month overflow (13, 0, -2) rolls into the next or the previous year.
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** `day` moved by `n` days (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayOf(y, m, d + n);
}

/** Days from `from` to `to` (exclusive). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * This month, quarter or year (the whole of it, `today` inside) against the
 * one before; a custom range of days against the same number of days just
 * before it.
 */
export function presetPeriods(preset: Preset, today: string, custom?: Period): Periods {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'month':
      return {
        period: { fromDay: dayOf(y, m), toDay: dayOf(y, m + 1) },
        compare: { fromDay: dayOf(y, m - 1), toDay: dayOf(y, m) },
      };
    case 'quarter': {
      const q = m - ((m - 1) % 3);
      return {
        period: { fromDay: dayOf(y, q), toDay: dayOf(y, q + 3) },
        compare: { fromDay: dayOf(y, q - 3), toDay: dayOf(y, q) },
      };
    }
    case 'year':
      return {
        period: { fromDay: dayOf(y, 1), toDay: dayOf(y + 1, 1) },
        compare: { fromDay: dayOf(y - 1, 1), toDay: dayOf(y, 1) },
      };
    case 'custom': {
      const period = custom ?? { fromDay: dayOf(y, m), toDay: addDays(today, 1) };
      const n = daysBetween(period.fromDay, period.toDay);
      return { period, compare: { fromDay: addDays(period.fromDay, -n), toDay: period.fromDay } };
    }
  }
}

/** A period as people read it: both days inclusive ("2026-11-01 – 2026-11-30"). */
export function periodText(p: Period): string {
  const last = addDays(p.toDay, -1);
  return last === p.fromDay ? p.fromDay : `${p.fromDay} – ${last}`;
}
