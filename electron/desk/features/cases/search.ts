/**
 * Search that works for Chinese without a LIKE scan.
 *
 * Every case has a normalized `search_text` (shared/domain/cases/searchText:
 * every free text a clerk wrote on it, the same text head office matches). Its gram tokens go into the FTS5
 * table `case_search` (contentless, detail=none; rowid = cases.pos):
 *
 *   for each maximal run of non-space characters, every character is a
 *   unigram token and every adjacent pair a bigram token, written as ASCII
 *   alphanumerics so FTS5's default tokenizer keeps each token whole:
 *     unigram  'u' + code point as 6 hex digits          (u004e2d)
 *     bigram   'b' + both code points, 6 hex digits each  (b004e2d0056fd)
 *   and every three adjacent ASCII letters or digits a trigram token:
 *     trigram  't' + the three characters                 (t138)
 *   Bigrams of Chinese characters are selective (thousands of characters);
 *   bigrams of digits are not (there are only 100, and phone numbers and case
 *   numbers contain most of them), so digit and Latin queries use trigrams.
 *
 * A query is normalized the same way and split on whitespace into terms. A
 * one-character term matches its unigram; a longer term matches the AND of its
 * bigrams and of its ASCII trigrams. The index only narrows the candidates (bigrams may occur apart), so
 * every candidate is re-checked with `instr(search_text, term) > 0`: no false
 * positives, and no false negatives because a term (having no spaces) lies
 * within one run of the document.
 */
import { normalizeText, searchTerms } from '../../../../shared/domain/cases/searchText';

export { normalizeText, searchTerms };

const hexCache = new Map<number, string>();
function hex6(cp: number): string {
  let h = hexCache.get(cp);
  if (h === undefined) {
    h = cp.toString(16).padStart(6, '0');
    if (hexCache.size < 65536) hexCache.set(cp, h);
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

/** `gramsOf` for text already normalized with `normalizeText`. */
export function gramsOfNormalized(normalized: string): string[] {
  const tokens = new Set<string>();
  for (const run of normalized.split(' ')) {
    if (run === '') continue;
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i] as string;
      tokens.add(unigramToken(c));
      const next = chars[i + 1];
      if (next === undefined) continue;
      tokens.add(bigramToken(c, next));
      const third = chars[i + 2];
      if (third !== undefined) {
        const t = trigramToken(c, next, third);
        if (t !== null) tokens.add(t);
      }
    }
  }
  return [...tokens];
}

/** The FTS document for a normalized search text: its gram tokens separated by spaces. */
export function gramDocument(normalized: string): string {
  return gramsOfNormalized(normalized).join(' ');
}

/**
 * The FTS5 MATCH expression for one term (already normalized, no spaces): its
 * unigram for one character, else the AND of its distinct bigrams. Tokens are
 * quoted; they are plain ASCII alphanumerics, so quoting cannot be escaped.
 */
export function matchQuery(term: string): string {
  const chars = Array.from(normalizeText(term).replace(/ /g, ''));
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
