/**
 * Business-time arithmetic over a branch calendar (issue 9, item 3): add
 * working minutes to an instant, count the working minutes between two
 * instants, with pauses during which the clock does not run (waiting for the
 * customer, for parts, for a third party). Pure and runtime-neutral; every
 * replica computes the same results from the same calendar and pauses.
 *
 * Instants are UTC milliseconds. Working time is a set of half-open [from, to)
 * instants (calendar.ts, `workingInstantsOfDay`, says what a working interval
 * means on a DST day); a pause is a half-open [from, to) too and may overlap
 * other pauses, span holidays, or be open (`to` = Infinity: still paused).
 *
 * Cost: the engine walks UTC days (three local days' memoised working
 * instants each) and the merged pauses once each, so a year with 100 pauses
 * is O(days + pauses), with no minute-by-minute loop.
 */
import { type BusinessCalendar, sortAndMerge, workingInstantsOfDay } from './calendar';
import { DAY_MS, MINUTE_MS } from './zone';

/** A pause of the clock: [from, to) in UTC ms; `to` may be Infinity. */
export interface Pause {
  readonly from: number;
  readonly to: number;
}

const MEMO_LIMIT = 50_000;
const utcDayMemo = new WeakMap<BusinessCalendar, Map<number, readonly number[]>>();

/** Working instants within UTC day `w` ([w*DAY, (w+1)*DAY)), sorted and disjoint. */
function workingInUtcDay(cal: BusinessCalendar, w: number): readonly number[] {
  let memo = utcDayMemo.get(cal);
  if (!memo) {
    memo = new Map();
    utcDayMemo.set(cal, memo);
  }
  const hit = memo.get(w);
  if (hit) return hit;
  // A local day spans at most [d*DAY - 14 h, (d+1)*DAY + 12 h), so only local
  // days w-1, w and w+1 can touch UTC day w.
  const lo = w * DAY_MS;
  const hi = lo + DAY_MS;
  const pieces: number[] = [];
  for (let d = w - 1; d <= w + 1; d++) {
    const day = workingInstantsOfDay(cal, d);
    for (let i = 0; i < day.length; i += 2) {
      const from = Math.max(lo, day[i]!);
      const to = Math.min(hi, day[i + 1]!);
      if (from < to) pieces.push(from, to);
    }
  }
  const out = sortAndMerge(pieces);
  if (memo.size > MEMO_LIMIT) memo.clear();
  memo.set(w, out);
  return out;
}

/** Pauses as flat, sorted, merged [from, to) pairs; empty or reversed pauses count for nothing. */
function mergedPauses(pauses: readonly Pause[]): number[] {
  const flat: number[] = [];
  for (const p of pauses) {
    if (Number.isNaN(p.from) || Number.isNaN(p.to)) throw new RangeError('a pause needs two instants');
    flat.push(p.from, p.to);
  }
  return sortAndMerge(flat);
}

/**
 * The first UTC day at or after `w` that can hold working time, or Infinity
 * when none is left. With weekly hours, every day may; on a calendar open on
 * listed dates only, the UTC days touching the next listed working date (a
 * local day touches UTC days d-1..d+1), found by a binary search, so a date
 * typed years ahead costs one step rather than a walk over every day.
 */
function nextDayWithWork(cal: BusinessCalendar, w: number): number {
  if (cal.weeklyMinutes > 0) return w;
  const days = cal.listedWorkDays;
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < w - 1) lo = mid + 1;
    else hi = mid;
  }
  return lo < days.length ? Math.max(w, days[lo]! - 1) : Infinity;
}

function checkInstant(name: string, t: number): void {
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a finite instant (UTC ms)`);
}

/**
 * The earliest instant at which `minutes` working minutes have run since
 * `start`, the clock stopped during `pauses`. 0 minutes gives `start`; a
 * positive count ends at the end of a working minute (e.g. 17:30, never the
 * next morning's 09:00). Infinity when the clock never runs that long (an
 * open pause, or a calendar with no working time left).
 */
export function addWorkingMinutes(
  cal: BusinessCalendar,
  start: number,
  minutes: number,
  pauses: readonly Pause[] = [],
): number {
  checkInstant('start', start);
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError('minutes must be a finite number, 0 or more');
  let remaining = minutes * MINUTE_MS;
  if (remaining === 0) return start;
  const p = mergedPauses(pauses);
  let pi = 0;
  let floor = start;
  for (let w = Math.floor(start / DAY_MS); ; w++) {
    w = nextDayWithWork(cal, w);
    if (w === Infinity) return Infinity;
    const dayStart = w * DAY_MS;
    // Skip whole days inside a pause.
    while (pi < p.length && p[pi + 1]! <= Math.max(floor, dayStart)) pi += 2;
    if (pi < p.length && p[pi]! <= Math.max(floor, dayStart)) {
      const to = p[pi + 1]!;
      if (to === Infinity) return Infinity;
      if (to >= dayStart + DAY_MS) {
        floor = to;
        w = Math.floor(to / DAY_MS) - 1;
        continue;
      }
    }
    const pieces = workingInUtcDay(cal, w);
    for (let i = 0; i < pieces.length; i += 2) {
      const end = pieces[i + 1]!;
      let cursor = Math.max(pieces[i]!, floor);
      while (cursor < end) {
        while (pi < p.length && p[pi + 1]! <= cursor) pi += 2;
        const pauseFrom = pi < p.length ? p[pi]! : Infinity;
        if (pauseFrom <= cursor) {
          if (p[pi + 1] === Infinity) return Infinity;
          cursor = p[pi + 1]!;
          continue;
        }
        const runEnd = Math.min(end, pauseFrom);
        const run = runEnd - cursor;
        if (run >= remaining) return cursor + remaining;
        remaining -= run;
        cursor = runEnd;
      }
    }
  }
}

/**
 * Working minutes from `a` to `b` with the clock stopped during `pauses`
 * (negative when `b` is before `a`). Fractional only when `a` or `b` is not
 * on a whole minute.
 */
export function workingMinutesBetween(
  cal: BusinessCalendar,
  a: number,
  b: number,
  pauses: readonly Pause[] = [],
): number {
  checkInstant('a', a);
  checkInstant('b', b);
  if (b < a) return -workingMinutesBetween(cal, b, a, pauses);
  const p = mergedPauses(pauses);
  let pi = 0;
  let total = 0;
  let floor = a;
  const lastDay = Math.floor((b - 1) / DAY_MS);
  for (let w = Math.floor(a / DAY_MS); w <= lastDay; w++) {
    w = nextDayWithWork(cal, w);
    if (w > lastDay) break;
    const dayStart = w * DAY_MS;
    while (pi < p.length && p[pi + 1]! <= Math.max(floor, dayStart)) pi += 2;
    if (pi < p.length && p[pi]! <= Math.max(floor, dayStart) && p[pi + 1]! >= dayStart + DAY_MS) {
      const to = p[pi + 1]!;
      if (to >= b) break;
      floor = to;
      w = Math.floor(to / DAY_MS) - 1;
      continue;
    }
    const pieces = workingInUtcDay(cal, w);
    for (let i = 0; i < pieces.length; i += 2) {
      const end = Math.min(b, pieces[i + 1]!);
      let cursor = Math.max(pieces[i]!, floor);
      while (cursor < end) {
        while (pi < p.length && p[pi + 1]! <= cursor) pi += 2;
        const pauseFrom = pi < p.length ? p[pi]! : Infinity;
        if (pauseFrom <= cursor) {
          cursor = p[pi + 1]!;
          continue;
        }
        const runEnd = Math.min(end, pauseFrom);
        total += runEnd - cursor;
        cursor = runEnd;
      }
    }
  }
  return total / MINUTE_MS;
}

/** The first working instant at or after `t`, or Infinity when none is left. */
export function nextWorkingInstant(cal: BusinessCalendar, t: number): number {
  checkInstant('t', t);
  for (let w = Math.floor(t / DAY_MS); ; w++) {
    w = nextDayWithWork(cal, w);
    if (w === Infinity) return Infinity;
    const pieces = workingInUtcDay(cal, w);
    for (let i = 0; i < pieces.length; i += 2) if (pieces[i + 1]! > t) return Math.max(pieces[i]!, t);
  }
}

/**
 * The end of the working day of `t` ("general complaints: the same working
 * day"): the end of the last working interval of the local date on which the
 * first working instant at or after `t` falls. Received after hours, that is
 * the next working day's end. Infinity when no working time is left.
 */
export function endOfWorkingDay(cal: BusinessCalendar, t: number): number {
  const first = nextWorkingInstant(cal, t);
  if (first === Infinity) return Infinity;
  // The local date of `first` is the one whose working instants hold it: one of the three local
  // days that touch its UTC day (memoised), which spares asking Intl for the offset each time.
  const w = Math.floor(first / DAY_MS);
  for (let day = w - 1; day <= w + 1; day++) {
    const pieces = workingInstantsOfDay(cal, day);
    for (let i = 0; i < pieces.length; i += 2) {
      if (pieces[i]! <= first && first < pieces[i + 1]!) return pieces[pieces.length - 1]!;
    }
  }
  return first; // not reached: `first` is a working instant of one of those days
}

/**
 * "N working days after t": the end of the N-th working day after the
 * working day of t. The day t falls on is day 0 if t is before that day's
 * close; otherwise (after hours, a day off) the next working day is day 0.
 * Infinity when the calendar runs out of working time.
 */
export function workingDaysAfter(cal: BusinessCalendar, t: number, days: number): number {
  let end = endOfWorkingDay(cal, t);
  for (let i = 0; i < days && end !== Infinity; i++) end = nextDayEnd(cal, end);
  return end;
}

const dayEnds = new WeakMap<BusinessCalendar, Map<number, number>>();

/**
 * The end of the working day after the one ending at `end` (an end of a
 * working day), memoised per calendar: a branch has a few hundred working
 * days a year, and every case asks for the same ones.
 */
function nextDayEnd(cal: BusinessCalendar, end: number): number {
  let memo = dayEnds.get(cal);
  if (!memo) {
    memo = new Map();
    dayEnds.set(cal, memo);
  }
  let next = memo.get(end);
  if (next === undefined) {
    next = endOfWorkingDay(cal, end);
    if (memo.size >= 20_000) memo.clear();
    memo.set(end, next);
  }
  return next;
}
