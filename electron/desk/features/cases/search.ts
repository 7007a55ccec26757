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
/** The gram code lives in the kernel (the work orders' search uses it too). */
export {
  bigramToken,
  gramDocument,
  gramsOf,
  gramsOfNormalized,
  matchExpression,
  matchQuery,
  trigramToken,
  unigramToken,
} from '../../kernel/grams';
