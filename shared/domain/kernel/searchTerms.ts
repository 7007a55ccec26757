/**
 * Text normalisation and query terms for the gram search indexes (the cases'
 * `case_search`, electron/desk/kernel/grams.ts) and head office's matching:
 * one definition, so every replica splits a query the same way. Runtime-neutral
 * and pure. Moved here from shared/domain/cases/searchText.ts (which
 * re-exports it) so that features other than cases may use it.
 */

/** NFKC (full-width → half-width etc.), lower case, whitespace collapsed to single spaces, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Normalized, de-duplicated search terms of a query (empty when there is nothing to search). */
export function searchTerms(query: string): string[] {
  const n = normalizeText(query);
  if (n === '') return [];
  return [...new Set(n.split(' '))];
}
