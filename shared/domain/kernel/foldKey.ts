/**
 * Fold order (DESIGN.md section 3): every replica applies a stream's events
 * by (hlc, device, id), so the same set of events gives the same state
 * whatever order it arrived in. Runtime-neutral.
 */

/** The parts of an event that determine its place in the fold order. */
export interface FoldKeyParts {
  hlc: string;
  device: string;
  id: string;
}

/** `${hlc}|${device}|${id}`: the key LWW registers and `lastKey` store. */
export function foldKey(e: FoldKeyParts): string {
  return `${e.hlc}|${e.device}|${e.id}`;
}

/** Plain string order (UTF-16 code units), as every part of the fold order uses. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fold order: by hlc, then device, then id (plain string comparison). */
export function compareEvents(a: FoldKeyParts, b: FoldKeyParts): number {
  return compareText(a.hlc, b.hlc) || compareText(a.device, b.device) || compareText(a.id, b.id);
}

/** Splits a fold key back into its parts (hlc and id never contain "|"). */
export function parseFoldKey(key: string): FoldKeyParts {
  const i = key.indexOf('|');
  const j = key.lastIndexOf('|');
  if (i < 0 || j === i) return { hlc: key, device: '', id: '' };
  return { hlc: key.slice(0, i), device: key.slice(i + 1, j), id: key.slice(j + 1) };
}

/**
 * Compares two fold keys in fold order. Use this rather than `<` on the key
 * strings: with device codes of different lengths ("AB" vs "ABC") the raw
 * strings would order differently from `compareEvents`.
 */
export function compareFoldKeys(a: string, b: string): number {
  if (a === b) return 0;
  return compareEvents(parseFoldKey(a), parseFoldKey(b));
}

function safeText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

/**
 * A total order for sorting a stream's events before a fold: fold order,
 * then hash and payload, so even corrupt duplicates (same id, other content)
 * sort alike on every replica.
 */
export function compareForFold(
  a: FoldKeyParts & { hash: string; payload: unknown },
  b: FoldKeyParts & { hash: string; payload: unknown },
): number {
  return (
    compareEvents(a, b) ||
    compareText(a.hash, b.hash) ||
    compareText(safeText(a.payload), safeText(b.payload))
  );
}
