/**
 * Which years a branch calendar knows the official schedule of, and whether
 * that runs out soon. A year missing from the calendar is treated as ordinary
 * (weekday hours, no holidays), which silently puts deadlines on holidays, so
 * the desk warns an administrator from 30 days before the last covered year
 * ends, and after, until a new year's schedule is imported. Runtime-neutral.
 */
import { dayOfDate } from './calendar';
import { DAY_MS, offsetAt } from './zone';

/** Days before 31 December of the last covered year from which the warning shows. */
export const COVERAGE_WARNING_DAYS = 30;

export interface CalendarCoverage {
  /** First and last year with an official schedule (null: none at all). */
  firstYear: number | null;
  lastYear: number | null;
  /**
   * Set from 30 days before 31 December of `lastYear` (and after it, with
   * `daysLeft` negative): days from today (local) to that 31 December.
   * With no year covered at all: `{ lastYear: null, daysLeft: 0 }`.
   */
  warning: null | { lastYear: number | null; daysLeft: number };
}

/** The coverage of `coveredYears` as seen at `nowMs` in `timeZone` (the branch's local date). */
export function calendarCoverage(
  coveredYears: readonly number[],
  nowMs: number,
  timeZone: string,
): CalendarCoverage {
  if (coveredYears.length === 0)
    return { firstYear: null, lastYear: null, warning: { lastYear: null, daysLeft: 0 } };
  const firstYear = Math.min(...coveredYears);
  const lastYear = Math.max(...coveredYears);
  const today = Math.floor((nowMs + offsetAt(timeZone, nowMs)) / DAY_MS);
  const yearEnd = dayOfDate(`${String(lastYear).padStart(4, '0')}-12-31`) ?? today;
  const daysLeft = yearEnd - today;
  return {
    firstYear,
    lastYear,
    warning: daysLeft <= COVERAGE_WARNING_DAYS ? { lastYear, daysLeft } : null,
  };
}
