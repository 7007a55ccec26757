/**
 * The order board's text filter without a LIKE scan (migration 0010,
 * docs/performance.md "Issue 11").
 *
 * The filter is, and stays, `LIKE '%text%'` on an order's number, customer
 * name, phone, plate or VIN/serial. `order_search` (contentless FTS5, rowid =
 * orders.pos) holds one document per order: the gram tokens (kernel/grams.ts)
 * of those five texts and a status token. The board reads its candidates from
 * it and re-checks each with the same LIKE, so it lists exactly the orders the
 * scan listed, provided no order the LIKE matches is missed. For that the text
 * is indexed as the LIKE sees it, not normalized like the cases' search text:
 *
 * - SQLite's LIKE folds ASCII letters only, so the five texts and the query
 *   have their ASCII letters lower-cased and nothing else changed (no NFKC, no
 *   other case folding, whose results are not always substrings of each other);
 * - the texts are joined with spaces (U+0020), so a gram never spans two
 *   columns, and the query is split into terms on spaces only: a term lies
 *   within one run of one column wherever the LIKE matches, so every gram of
 *   it is among the order's.
 *
 * The status token (`s` + the status without underscores: `sinwork`) lets the
 * counts per status read only that status's candidates.
 */
import { matchQueryOfChars, gramDocument } from '../../kernel/grams';

/** The columns of an order the text filter matches (as `orders` stores them). */
export interface OrderSearchColumns {
  number: string;
  customer_name: string;
  customer_phone: string;
  plate: string;
  vin_serial: string;
  status: string;
}

/** ASCII letters lower-cased, every other character kept: what SQLite's LIKE compares equal. */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** The token of a status in `order_search`. */
export function statusToken(status: string): string {
  return `s${status.replace(/[^0-9a-z]/g, '')}`;
}

/** The texts the document is made of, as one string (to tell whether a document changed). */
export function orderSearchKey(c: OrderSearchColumns): string {
  return [c.number, c.customer_name, c.customer_phone, c.plate, c.vin_serial, c.status].join('\u0000');
}

/** The `order_search` document of an order: its texts' gram tokens and its status token. */
export function orderSearchDocument(c: OrderSearchColumns): string {
  const text = foldAscii([c.number, c.customer_name, c.customer_phone, c.plate, c.vin_serial].join(' '));
  const grams = gramDocument(text);
  return grams === '' ? statusToken(c.status) : `${grams} ${statusToken(c.status)}`;
}

/**
 * The MATCH expression of a text filter: every term's grams (terms split on
 * spaces, ASCII lower-cased, nothing else changed), or null when the text has
 * no term (only spaces).
 */
export function orderTextMatch(text: string): string | null {
  const terms = [...new Set(foldAscii(text).split(' '))].filter((t) => t !== '');
  if (terms.length === 0) return null;
  return terms.map((t) => `(${matchQueryOfChars(Array.from(t))})`).join(' AND ');
}
