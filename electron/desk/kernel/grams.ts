/**
 * Gram tokens for search without a LIKE scan, shared by the features that
 * keep a gram index (the cases' `case_search`, features/cases/search.ts; the
 * work orders' `order_search`, features/orders/search.ts). Moved here from the
 * cases feature unchanged (a feature may not import another).
 *
 * For each maximal run of non-space (U+0020) characters of a text, every
 * character is a unigram token and every adjacent pair a bigram token,
 * written as ASCII alphanumerics so FTS5's default tokenizer keeps each token
 * whole:
 *   unigram  'u' + code point as 6 hex digits          (u004e2d)
 *   bigram   'b' + both code points, 6 hex digits each  (b004e2d0056fd)
 * and every three adjacent ASCII letters or digits a trigram token:
 *   trigram  't' + the three characters                 (t138)
 * Bigrams of Chinese characters are selective (thousands of characters);
 * bigrams of digits are not (there are only 100), so digit and Latin terms
 * use trigrams. A term without spaces that occurs in a text lies within one
 * run, so each of its grams is among the text's: the index never misses; it
 * only narrows the candidates, which the caller re-checks.
 *
 * Only `[0-9a-z]` count as ASCII letters for trigrams: callers lower-case
 * ASCII letters before (normalizeText, or the orders' ASCII folding).
 */
import { normalizeText } from '../../../shared/domain/kernel/searchTerms';

/** Six hex digits per code point, remembered for the Basic Multilingual Plane. */
const hexCache: (string | undefined)[] = new Array<string | undefined>(0x10000);
function hex6(cp: number): string {
  if (cp > 0xffff) return cp.toString(16).padStart(6, '0');
  let h = hexCache[cp];
  if (h === undefined) {
    h = cp.toString(16).padStart(6, '0');
    hexCache[cp] = h;
  }
  return h;
}

export function unigramToken(ch: string): string {
  return `u${hex6(ch.codePointAt(0) ?? 0)}`;
}

export function bigramToken(a: string, b: string): string {
  return `b${hex6(a.codePointAt(0) ?? 0)}${hex6(b.codePointAt(0) ?? 0)}`;
}

const ASCII_ALNUM = /^[0-9a-z]$/;

/** The trigram token of three characters, or null unless all three are ASCII letters or digits. */
export function trigramToken(a: string, b: string, c: string): string | null {
  return ASCII_ALNUM.test(a) && ASCII_ALNUM.test(b) && ASCII_ALNUM.test(c) ? `t${a}${b}${c}` : null;
}

/** The distinct gram tokens of a text (normalized first), in first-seen order. */
export function gramsOf(text: string): string[] {
  return gramsOfNormalized(normalizeText(text));
}

const TWO21 = 2 ** 21; // code points are below 2^21
const BIGRAM_BASE = TWO21; // bigram keys: BIGRAM_BASE + cp1 * 2^21 + cp2 (below 2^43)
const TRIGRAM_BASE = 2 ** 43; // trigram keys: TRIGRAM_BASE + three 7-bit ASCII codes

/** True for ASCII digits and lower-case letters (normalized text has no upper case). */
function isAsciiAlnum(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a);
}

function tokenOfKey(key: number): string {
  if (key < BIGRAM_BASE) return `u${hex6(key)}`;
  if (key < TRIGRAM_BASE) {
    const k = key - BIGRAM_BASE;
    const a = Math.floor(k / TWO21);
    return `b${hex6(a)}${hex6(k - a * TWO21)}`;
  }
  const k = key - TRIGRAM_BASE;
  return `t${String.fromCharCode(k >> 14, (k >> 7) & 0x7f, k & 0x7f)}`;
}

/** Code points of the text being read (reused: this is the hot path of every case write). */
let cpBuffer = new Int32Array(1024);
/** Gram keys of the text being read (reused likewise). */
let keyBuffer = new Float64Array(4096);

/**
 * The gram keys of a normalized text, in position order: for each run of
 * non-space characters and each position p in it, the unigram of p, the
 * bigram (p, p+1) and, when all three are ASCII letters or digits, the
 * trigram (p, p+1, p+2). Numbers, not strings: only distinct grams ever
 * become tokens. Returns how many keys `keyBuffer` holds.
 */
function gramKeys(normalized: string): number {
  if (normalized.length > cpBuffer.length) cpBuffer = new Int32Array(normalized.length * 2);
  if (normalized.length * 3 > keyBuffer.length) keyBuffer = new Float64Array(normalized.length * 6);
  const cps = cpBuffer;
  const keys = keyBuffer;
  let k = 0;
  let start = 0; // first code point of the current run in cps
  let n = 0; // code points read so far
  for (let i = 0; i <= normalized.length;) {
    const cp = i < normalized.length ? (normalized.codePointAt(i) ?? 0) : 0x20;
    i += cp > 0xffff ? 2 : 1;
    if (cp !== 0x20) {
      cps[n++] = cp;
      continue;
    }
    // A run ended: its grams, position by position.
    for (let p = start; p < n; p++) {
      const a = cps[p] as number;
      keys[k++] = a;
      if (p + 1 >= n) break;
      const b = cps[p + 1] as number;
      keys[k++] = BIGRAM_BASE + a * TWO21 + b;
      if (p + 2 < n) {
        const c = cps[p + 2] as number;
        if (isAsciiAlnum(a) && isAsciiAlnum(b) && isAsciiAlnum(c)) {
          keys[k++] = TRIGRAM_BASE + (a << 14) + (b << 7) + c;
        }
      }
    }
    start = n;
  }
  return k;
}

/**
 * `gramsOf` for text already normalized with `normalizeText`: the distinct
 * gram tokens in first-seen order (a property test holds this to the plain
 * definition).
 */
export function gramsOfNormalized(normalized: string): string[] {
  const n = gramKeys(normalized);
  const seen = new Set<number>();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = keyBuffer[i] as number;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tokenOfKey(key));
  }
  return out;
}

/** ASCII codes of the hex digits. */
const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Bytes of the document being written (reused, grows as needed). */
let docBuffer = Buffer.allocUnsafe(16 * 1024);

/** Writes `v` as `digits` lower-case hex digits at `at`; returns the next position. */
function writeHex(buf: Buffer, at: number, v: number, digits: number): number {
  for (let d = digits - 1; d >= 0; d--) {
    buf[at + d] = HEX[v & 0xf] as number;
    v = Math.floor(v / 16);
  }
  return at + digits;
}

/**
 * The FTS document for a normalized search text: its distinct gram tokens
 * (as `gramsOfNormalized` spells them) separated by spaces, in key order (the
 * index does not care about order). The hot path of every case write: the
 * keys are sorted as numbers and the tokens written straight into one byte
 * buffer, so a document costs one string, not one per gram.
 */
export function gramDocument(normalized: string): string {
  const n = gramKeys(normalized);
  const keys = keyBuffer.subarray(0, n).sort();
  if (docBuffer.length < n * 14) docBuffer = Buffer.allocUnsafe(n * 28);
  const buf = docBuffer;
  let at = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    if (key === last) continue;
    last = key;
    if (at > 0) buf[at++] = 0x20;
    if (key < BIGRAM_BASE) {
      buf[at++] = 0x75; // u
      at = writeHex(buf, at, key, 6);
    } else if (key < TRIGRAM_BASE) {
      const k = key - BIGRAM_BASE;
      const a = Math.floor(k / TWO21);
      buf[at++] = 0x62; // b
      at = writeHex(buf, at, a, 6);
      at = writeHex(buf, at, k - a * TWO21, 6);
    } else {
      const k = key - TRIGRAM_BASE;
      buf[at++] = 0x74; // t
      buf[at++] = k >> 14;
      buf[at++] = (k >> 7) & 0x7f;
      buf[at++] = k & 0x7f;
    }
  }
  return buf.toString('latin1', 0, at);
}

/**
 * The FTS5 MATCH expression for one term (already normalized, no spaces): its
 * unigram for one character, else the AND of its distinct bigrams. Tokens are
 * quoted; they are plain ASCII alphanumerics, so quoting cannot be escaped.
 */
export function matchQuery(term: string): string {
  return matchQueryOfChars(Array.from(normalizeText(term).replace(/ /g, '')));
}

/**
 * The MATCH expression for a term given as its characters (code points), taken
 * as they are: no normalisation, so an index of raw text (the orders') can be
 * queried with exactly the characters a `LIKE` looks for. The unigram of one
 * character, else its ASCII trigrams and the bigrams no trigram covers.
 */
export function matchQueryOfChars(chars: readonly string[]): string {
  if (chars.length === 0) throw new RangeError('matchQuery: empty term');
  if (chars.length === 1) return `"${unigramToken(chars[0] as string)}"`;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i] as string;
    const b = chars[i + 1] as string;
    const c = chars[i + 2];
    const t = c === undefined ? null : trigramToken(a, b, c);
    // An ASCII trigram says more than the two bigrams inside it.
    if (t !== null) grams.add(t);
    else if (!(i > 0 && trigramToken(chars[i - 1] as string, a, b) !== null)) grams.add(bigramToken(a, b));
  }
  return [...grams].map((g) => `"${g}"`).join(' AND ');
}

/** The MATCH expression for all terms of a query (every term must match). */
export function matchExpression(terms: readonly string[]): string {
  return terms.map((t) => `(${matchQuery(t)})`).join(' AND ');
}
