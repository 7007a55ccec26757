/**
 * Hybrid logical clock (HLC).
 *
 * Every event gets an HLC from the device that wrote it. An HLC is a pair
 * (wall-clock milliseconds, logical counter): it never goes backwards on one
 * device, even when the wall clock does, and after `receive` it is ahead of
 * every clock value the device has seen. That gives all replicas one total
 * order of events (together with device and event id, see ./fold).
 *
 * Text form: `"<ms, 15 digits>-<counter, 5 digits>"`, e.g.
 * `"001763791200000-00003"`. Both parts are zero-padded to a fixed width, so
 * ordinary string comparison is clock order (SQLite `ORDER BY hlc` works).
 *
 * Runtime-neutral: no Node or DOM APIs.
 */

/** Sortable HLC text, see the module comment. */
export type Hlc = string;

export interface HlcParts {
  /** Wall-clock milliseconds since the Unix epoch (physical part). */
  ms: number;
  /** Logical counter within the same millisecond. */
  counter: number;
}

export const HLC_MS_DIGITS = 15;
export const HLC_COUNTER_DIGITS = 5;
/** Largest millisecond value the text form can hold (year ~33658). */
export const HLC_MAX_MS = 10 ** HLC_MS_DIGITS - 1;
/** Largest counter; one more advances the millisecond instead. */
export const HLC_MAX_COUNTER = 10 ** HLC_COUNTER_DIGITS - 1;

/**
 * How far ahead of our wall clock a remote HLC may be before sync should refuse
 * it (a device with a badly wrong clock would otherwise drag every clock along).
 */
export const MAX_DRIFT_MS = 5 * 60 * 1000;

/** The smallest HLC; a fresh clock starts here. */
export const HLC_ZERO: Hlc = formatHlc(0, 0);

const HLC_PATTERN = /^(\d{15})-(\d{5})$/;

/** Text form of (ms, counter). Throws RangeError when a part cannot be represented. */
export function formatHlc(ms: number, counter: number): Hlc {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > HLC_MAX_MS) {
    throw new RangeError(`HLC milliseconds must be an integer in 0..${HLC_MAX_MS}, got ${String(ms)}`);
  }
  if (!Number.isSafeInteger(counter) || counter < 0 || counter > HLC_MAX_COUNTER) {
    throw new RangeError(`HLC counter must be an integer in 0..${HLC_MAX_COUNTER}, got ${String(counter)}`);
  }
  return `${String(ms).padStart(HLC_MS_DIGITS, '0')}-${String(counter).padStart(HLC_COUNTER_DIGITS, '0')}`;
}

/** Parses HLC text. Throws an Error naming the expected form when `s` is malformed. */
export function parseHlc(s: string): HlcParts {
  const m = typeof s === 'string' ? HLC_PATTERN.exec(s) : null;
  if (!m) {
    const shown = typeof s === 'string' ? JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s) : typeof s;
    throw new Error(
      `Malformed HLC ${shown}: expected 15 digits of milliseconds, "-", 5 digits of counter (e.g. "001763791200000-00000")`,
    );
  }
  return { ms: Number(m[1]), counter: Number(m[2]) };
}

export function isValidHlc(s: unknown): s is Hlc {
  return typeof s === 'string' && HLC_PATTERN.test(s);
}

/** The wall-clock milliseconds of an HLC (e.g. for "entered at"). Throws on malformed input. */
export function hlcWallMs(s: string): number {
  return parseHlc(s).ms;
}

/** -1, 0 or 1. Equivalent to comparing the (valid) strings. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * True when `hlc` is more than `maxDrift` ms ahead of `wallMs`. Sync uses this
 * to refuse events from a device whose clock is far in the future, before
 * feeding them to `HlcClock.receive`.
 */
export function isTooFarAhead(hlc: string, wallMs: number, maxDrift: number = MAX_DRIFT_MS): boolean {
  return hlcWallMs(hlc) - wallMs > maxDrift;
}

/** Normalises a (possibly odd) wall clock reading to a non-negative integer ms. */
function wallMsOf(read: number): number {
  if (!Number.isFinite(read) || read < 0) return 0;
  return Math.min(Math.floor(read), HLC_MAX_MS);
}

/** Counter overflow advances the millisecond: time stays strictly increasing. */
function normalise(ms: number, counter: number): HlcParts {
  if (counter > HLC_MAX_COUNTER) return { ms: ms + 1, counter: 0 };
  return { ms, counter };
}

/**
 * One device's clock. Not thread-safe by design (JS is single-threaded); keep
 * one instance per device/process and persist `last()` if the clock must
 * survive restarts (wall time normally covers that anyway).
 */
export class HlcClock {
  private lastParts: HlcParts;
  private readonly wallNow: () => number;

  constructor(initial?: string, wallNow: () => number = () => Date.now()) {
    this.lastParts = initial === undefined ? { ms: 0, counter: 0 } : parseHlc(initial);
    this.wallNow = wallNow;
  }

  /** A new HLC for a local event: strictly greater than every value this clock returned or received. */
  now(): Hlc {
    const wall = wallMsOf(this.wallNow());
    const last = this.lastParts;
    const next = wall > last.ms ? { ms: wall, counter: 0 } : normalise(last.ms, last.counter + 1);
    return this.commit(next);
  }

  /**
   * Merges a remote HLC (standard HLC receive rule) and returns the new local
   * value, which is greater than both the remote and every earlier local value.
   * Throws on malformed input. It does not refuse far-future clocks: check
   * `isTooFarAhead` first where that matters.
   */
  receive(remote: string): Hlc {
    const r = parseHlc(remote);
    const wall = wallMsOf(this.wallNow());
    const l = this.lastParts;
    const ms = Math.max(wall, l.ms, r.ms);
    let counter: number;
    if (ms === l.ms && ms === r.ms) counter = Math.max(l.counter, r.counter) + 1;
    else if (ms === l.ms) counter = l.counter + 1;
    else if (ms === r.ms) counter = r.counter + 1;
    else counter = 0;
    return this.commit(normalise(ms, counter));
  }

  /**
   * The wall-time part the next `now()` would have, without ticking the clock:
   * what a command checks a time against so that it judges as the fold will
   * judge the event it is about to make (the event's HLC is never earlier).
   */
  peekWallMs(): number {
    return Math.max(wallMsOf(this.wallNow()), this.lastParts.ms);
  }

  /** The last value returned by `now`/`receive` (or the initial value). */
  last(): Hlc {
    return formatHlc(this.lastParts.ms, this.lastParts.counter);
  }

  private commit(next: HlcParts): Hlc {
    const text = formatHlc(next.ms, next.counter);
    this.lastParts = next;
    return text;
  }
}
