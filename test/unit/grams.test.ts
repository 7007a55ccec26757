/**
 * The gram tokens of a search text: the fast path (numbers, one buffer) must
 * give exactly what the plain definition gives, token for token and in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bigramToken,
  gramDocument,
  gramsOfNormalized,
  trigramToken,
  unigramToken,
} from '../../electron/desk/features/cases/search';
import { normalizeText } from '../../shared/domain/cases/searchText';

/** The plain definition, as the desk computed it before the fast path. */
function reference(normalized: string): string[] {
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

/** Text mixing what clerks type: Chinese, digits, Latin, spaces, full-width forms, astral characters. */
const clerkText = fc
  .array(
    fc.oneof(
      fc.constantFrom('扣', '费', '投', '诉', '客', '户', '话', '单', '𠀀', '☎️', '，', '。', 'Ａ', '１'),
      fc.constantFrom(' ', '  ', '\n', '-', '_', '.'),
      fc.integer({ min: 0x30, max: 0x7a }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), // lone surrogates
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('gramsOfNormalized', () => {
  it('equals the plain definition on any text, normalized or not', () => {
    fc.assert(
      fc.property(clerkText, (text) => {
        expect(gramsOfNormalized(normalizeText(text))).toEqual(reference(normalizeText(text)));
        expect(gramsOfNormalized(text)).toEqual(reference(text));
        // The FTS document holds the same distinct tokens (in key order).
        const doc = gramDocument(normalizeText(text));
        expect(doc === '' ? [] : doc.split(' ').sort()).toEqual(reference(normalizeText(text)).sort());
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the first-seen order across runs and leaves out repeats', () => {
    expect(gramsOfNormalized('abcd 中国 abc')).toEqual(reference('abcd 中国 abc'));
    expect(gramsOfNormalized('')).toEqual([]);
    expect(gramsOfNormalized('  ')).toEqual([]);
    expect(gramsOfNormalized('138 0013')).toEqual(
      [
        'u000031',
        'b000031000033',
        't138',
        'u000033',
        'b000033000038',
        'u000038',
        'u000030',
        'b000030000030',
        't001',
        'b000030000031',
        't013',
        'b000031000033',
      ].filter((t, i, all) => all.indexOf(t) === i),
    );
  });
});
