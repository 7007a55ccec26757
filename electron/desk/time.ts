import { hlcWallMs } from '../../shared/domain/kernel/hlc';

/** An ISO instant in one canonical form (UTC with ms, "…Z"), so text order is time order. */
export function canonicalInstant(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString();
}

/** The wall time of an HLC as an ISO instant ('' for a malformed HLC). */
export function isoOfHlc(hlc: string): string {
  try {
    return new Date(hlcWallMs(hlc)).toISOString();
  } catch {
    return '';
  }
}

/** The local calendar date of `ms` as yyyymmdd. */
export function localYmd(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}
