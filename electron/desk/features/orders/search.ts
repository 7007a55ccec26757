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
 * Tokens for the board's other filters narrow the candidates the same way
 * (each is re-checked by its SQL condition, so a token only has to be there
 * whenever the condition holds): the status (`s` + the status's letters,
 * `sinwork`: the counts per status read only that status's candidates), the
 * owner (`o` + the id's letters and digits), the kind (`k` + its letters),
 * flagged (`fyes`/`fno`) and rework return (`ryes`/`rno`). Without them a
 * text every order has (`WO-GZ02`) with a selective filter (flagged) read
 * every order's candidate.
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
  owner: string;
  kind: string;
  flags: number;
  rework_of: string | null;
}

/** The board filters the index has tokens for (an absent one: not filtered). */
export interface OrderSearchFilters {
  status?: string;
  owner?: string;
  kind?: string;
  flagged?: boolean;
  rework?: boolean;
}

/** ASCII letters lower-cased, every other character kept: what SQLite's LIKE compares equal. */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const letters = (v: string) => v.toLowerCase().replace(/[^0-9a-z]/g, '');

/** The token of a status in `order_search`. */
export function statusToken(status: string): string {
  return `s${letters(status)}`;
}

/** The filter tokens of an order's document, or of a query's filters (only those given). */
function filterTokens(f: OrderSearchFilters): string[] {
  const out: string[] = [];
  if (f.status !== undefined) out.push(statusToken(f.status));
  if (f.owner !== undefined) out.push(`o${letters(f.owner)}`);
  if (f.kind !== undefined) out.push(`k${letters(f.kind)}`);
  if (f.flagged !== undefined) out.push(f.flagged ? 'fyes' : 'fno');
  if (f.rework !== undefined) out.push(f.rework ? 'ryes' : 'rno');
  return out;
}

/** The AND of the filter tokens of the query's filters ('' when none is given). */
export function filterMatch(f: OrderSearchFilters): string {
  return filterTokens(f)
    .map((t) => ` AND "${t}"`)
    .join('');
}

function documentFilters(c: OrderSearchColumns): OrderSearchFilters {
  return {
    status: c.status,
    owner: c.owner,
    kind: c.kind,
    flagged: c.flags > 0,
    rework: c.rework_of !== null,
  };
}

/** The texts the document is made of, as one string (to tell whether a document changed). */
export function orderSearchKey(c: OrderSearchColumns): string {
  return [
    c.number,
    c.customer_name,
    c.customer_phone,
    c.plate,
    c.vin_serial,
    ...filterTokens(documentFilters(c)),
  ].join('\u0000');
}

/** The `order_search` document of an order: its texts' gram tokens and its filter tokens. */
export function orderSearchDocument(c: OrderSearchColumns): string {
  const text = foldAscii([c.number, c.customer_name, c.customer_phone, c.plate, c.vin_serial].join(' '));
  const grams = gramDocument(text);
  const tokens = filterTokens(documentFilters(c)).join(' ');
  return grams === '' ? tokens : `${grams} ${tokens}`;
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
