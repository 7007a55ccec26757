/**
 * UTC offsets of an IANA time zone, read through `Intl.DateTimeFormat` (the
 * only time zone database every runtime ships), memoised per zone.
 * Runtime-neutral: no Node, no DOM.
 *
 * The offset is sampled at UTC midnights; between two samples that differ the
 * transition is found by bisection to the minute. This assumes a zone changes
 * its offset at most once in any 24 hours and on a whole minute, which holds
 * for every zone in the tz database since 1970.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

interface ZoneMemo {
  readonly format: Intl.DateTimeFormat;
  /** UTC day number -> offset (ms) at that UTC midnight. */
  readonly midnights: Map<number, number>;
  /** local day number -> flat [from, to, offset, ...] covering [(d-1)*DAY, (d+2)*DAY). */
  readonly segments: Map<number, readonly number[]>;
}

const MEMO_LIMIT = 50_000;
const zones = new Map<string, ZoneMemo>();

/** True when the runtime knows `timeZone` as an IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function memoOf(timeZone: string): ZoneMemo {
  let z = zones.get(timeZone);
  if (!z) {
    z = {
      format: new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
      midnights: new Map(),
      segments: new Map(),
    };
    zones.set(timeZone, z);
  }
  return z;
}

function offsetWith(format: Intl.DateTimeFormat, t: number): number {
  const whole = Math.floor(t / 1000) * 1000;
  let y = 0;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of format.formatToParts(whole)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) - whole;
}

/**
 * The zone's offset from UTC (ms, east positive) at instant `t`: local wall
 * time = t + offset. When the offsets at the UTC midnights before and after
 * `t` are the same (memoised per day), that is the offset all day: no zone
 * changes its offset twice within a day and back. Only the days with a
 * transition ask Intl for the instant itself (a million cases' receipts
 * ask for the same few thousand days).
 */
export function offsetAt(timeZone: string, t: number): number {
  const z = memoOf(timeZone);
  const day = Math.floor(t / DAY_MS);
  const before = midnightOffset(z, day);
  if (Number.isFinite(before) && before === midnightOffset(z, day + 1)) return before;
  return offsetWith(z.format, t);
}

function midnightOffset(z: ZoneMemo, utcDay: number): number {
  let o = z.midnights.get(utcDay);
  if (o === undefined) {
    if (z.midnights.size > MEMO_LIMIT) z.midnights.clear();
    o = offsetWith(z.format, utcDay * DAY_MS);
    z.midnights.set(utcDay, o);
  }
  return o;
}

/** The first whole minute in (lo, hi] whose offset is not `before` (offset at lo). */
function transitionBetween(z: ZoneMemo, lo: number, hi: number, before: number): number {
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetWith(z.format, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Offset segments covering every instant whose local date can be local day
 * `day` (days since 1970-01-01 on the local calendar): flat triples
 * [from, to, offset] over [(day-1)*DAY, (day+2)*DAY), in time order. Offsets
 * lie within -12 h..+14 h, so that window always covers the local day.
 */
export function offsetSegments(timeZone: string, day: number): readonly number[] {
  const z = memoOf(timeZone);
  const hit = z.segments.get(day);
  if (hit) return hit;
  const out: number[] = [];
  let from = (day - 1) * DAY_MS;
  let offset = midnightOffset(z, day - 1);
  for (let k = day; k <= day + 2; k++) {
    const next = midnightOffset(z, k);
    if (next !== offset) {
      const t = transitionBetween(z, (k - 1) * DAY_MS, k * DAY_MS, offset);
      out.push(from, t, offset);
      from = t;
      offset = next;
    }
  }
  out.push(from, (day + 2) * DAY_MS, offset);
  if (z.segments.size > MEMO_LIMIT) z.segments.clear();
  z.segments.set(day, out);
  return out;
}
