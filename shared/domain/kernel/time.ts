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
