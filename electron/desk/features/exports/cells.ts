/**
 * Cell text rules shared by the CSV and XLSX writers.
 *
 * Formula injection: a spreadsheet treats a cell that starts with = + - @
 * (and, in some programs, a tab or carriage return before them) as a
 * formula. Any such cell gets a leading apostrophe, the usual neutraliser
 * (OWASP "CSV injection"), which Excel shows as text.
 */

/** Excel's limit on the characters (UTF-16 code units) of one cell. */
export const EXCEL_CELL_MAX = 32_767;
/** Excel's limit on the rows of one sheet. */
export const EXCEL_SHEET_ROWS = 1_048_576;

/** The text with a leading apostrophe when a spreadsheet could read it as a formula. */
export function neutralise(text: string): string {
  // = + - @ tab CR (a character test, not a regular expression: every cell passes here)
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${text}` : text;
}

/**
 * The text cut to `max` code units, ending with `marker` (which says it was
 * cut), never splitting a surrogate pair.
 */
export function cutCell(text: string, marker: string, max = EXCEL_CELL_MAX): string {
  if (text.length <= max) return text;
  let n = max - marker.length;
  const last = text.charCodeAt(n - 1);
  if (last >= 0xd800 && last <= 0xdbff) n -= 1;
  return text.slice(0, n) + marker;
}
