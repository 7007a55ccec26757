/**
 * Time helpers the desk and the server share. Runtime-neutral: no Node, no DOM.
 */
import { hlcWallMs } from './hlc';

/** An ISO instant in one canonical form (UTC with ms, "…Z"), so text order is time order; other text unchanged. */
export function canonicalInstant(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString() : iso;
}

/**
 * The wall time of an HLC as an ISO instant: '' for a malformed HLC, null for
 * null (e.g. a case that is not closed).
 */
export function isoOfHlc(hlc: string): string;
export function isoOfHlc(hlc: string | null): string | null;
export function isoOfHlc(hlc: string | null): string | null {
  if (hlc === null) return null;
  try {
    return new Date(hlcWallMs(hlc)).toISOString();
  } catch {
    return '';
  }
}

/**
 * The instant (ms) at which a zone's wall clock reads `wallMs` (a wall time
 * written as if it were UTC), the zone's offset east of UTC at an instant
 * given by `offsetAt`. A second look settles a DST change between the guesses.
 */
export function instantOfWall(wallMs: number, offsetAt: (utcMs: number) => number): number {
  return wallMs - offsetAt(wallMs - offsetAt(wallMs));
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The months (`YYYY-MM`) wholly or partly inside [fromDay, toDay), ascending; [] for an empty period. */
export function monthsOf(fromDay: string, toDay: string): string[] {
  if (!(fromDay < toDay)) return [];
  const [fy, fm] = [Number(fromDay.slice(0, 4)), Number(fromDay.slice(5, 7))];
  // The last day inside is the day before toDay: its month is the last month.
  const last = new Date(
    Date.UTC(Number(toDay.slice(0, 4)), Number(toDay.slice(5, 7)) - 1, Number(toDay.slice(8, 10)) - 1),
  );
  const [ly, lm] = [last.getUTCFullYear(), last.getUTCMonth() + 1];
  const out: string[] = [];
  for (let y = fy, m = fm; y < ly || (y === ly && m <= lm); m === 12 ? ((m = 1), y++) : m++) {
    out.push(`${y}-${pad2(m)}`);
    if (out.length > 1200) break; // a century: a bound, not a use
  }
  return out;
}
