/**
 * The clean-text rule (shared/domain/kernel/text.ts): which characters are
 * refused, where the walker finds them, and that it never throws on what a
 * JSON text or a structured clone can hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeTextProblem,
  findTextProblem,
  firstTextProblemIn,
  joinTextPath,
  textProblem,
  textProblemsIn,
  truncateText,
  utf8ErrorOffset,
} from '../../shared/domain/kernel/text';

/** The refused code units, as the module documents them. */
function refusedControl(cp: number): boolean {
  return (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f);
}

/** A reference check written differently from the module: code point by code point. */
function referenceProblem(s: string): 'control' | 'surrogate' | null {
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch.length === 1 && cp >= 0xd800 && cp <= 0xdfff) return 'surrogate';
    if (refusedControl(cp)) return 'control';
  }
  return null;
}

describe('textProblem', () => {
  it.each([
    ['NUL', 'a\u0000b', 'control'],
    ['SOH', '\u0001', 'control'],
    ['ESC', 'red\u001b[31m', 'control'],
    ['CR', 'line\r\nline', 'control'],
    ['vertical tab', 'a\u000bb', 'control'],
    ['unit separator', '\u001f', 'control'],
    ['DEL', 'a\u007f', 'control'],
    ['C1 (NEL)', 'a\u0085', 'control'],
    ['C1 (CSI)', '\u009b31m', 'control'],
    ['lone high surrogate', 'a\ud800b', 'surrogate'],
    ['lone high surrogate at the end', '投诉\ud83d', 'surrogate'],
    ['lone low surrogate', '\udc00', 'surrogate'],
    ['reversed pair', '\udc00\ud800', 'surrogate'],
  ] as const)('refuses %s', (_name, s, kind) => {
    expect(textProblem(s)).toBe(kind);
  });

  it.each([
    ['empty', ''],
    ['tab', 'a\tb'],
    ['newline', '第一行\n第二行'],
    ['Chinese', '客户反映信用卡年费被重复扣收两次，要求退还。'],
    ['a surrogate pair (U+20000 𠀀)', '\ud840\udc00'],
    ['emoji with a joiner', '👩‍💻 客户满意 😀'],
    ['Latin-1 above C1', 'café ü ÿ \u00a0'],
    ['the replacement character itself', '\ufffd'],
  ])('accepts %s', (_name, s) => {
    expect(textProblem(s)).toBeNull();
  });

  it('agrees with a code-point-by-code-point reference on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(textProblem(s)).toBe(referenceProblem(s));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) }),
        (s) => {
          expect(textProblem(s)).toBe(referenceProblem(s));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('accepts every well-formed string without controls', () => {
    // 'binary' units include lone surrogates: keep only whole characters that are not controls.
    const clean = fc
      .string({ unit: 'binary' })
      .map((s) =>
        [...s]
          .filter((ch) => !refusedControl(ch.codePointAt(0) as number) && referenceProblem(ch) === null)
          .join(''),
      );
    fc.assert(
      fc.property(clean, (s) => {
        expect(textProblem(s)).toBeNull();
      }),
    );
  });
});

describe('findTextProblem', () => {
  it('names the character and counts its position in characters, a pair as one', () => {
    expect(findTextProblem('ab\u0000')).toEqual({ kind: 'control', codePoint: 0, position: 3 });
    expect(findTextProblem('😀😀\u001b')).toEqual({ kind: 'control', codePoint: 0x1b, position: 3 });
    expect(findTextProblem('投诉\ud800x')).toEqual({ kind: 'surrogate', codePoint: 0xd800, position: 3 });
    expect(findTextProblem('\udc00')).toEqual({ kind: 'surrogate', codePoint: 0xdc00, position: 1 });
    expect(findTextProblem('fine')).toBeNull();
    expect(describeTextProblem({ kind: 'control', codePoint: 0, position: 3 })).toBe(
      'control character U+0000 NUL at character 3',
    );
    expect(describeTextProblem({ kind: 'surrogate', codePoint: 0xd800, position: 1 })).toBe(
      'unpaired surrogate U+D800 at character 1',
    );
  });
});

describe('textProblemsIn', () => {
  it('finds every refused string with its path, keys included', () => {
    const value = {
      admin: { name: '王\u0001', login: 'admin', secret: '24\u00006810' },
      steps: [{ facts: 'ok' }, { facts: 'ok' }, { facts: 'a\ud800' }],
      fields: { 'k\u0000': 'v' },
      n: 12,
      ok: true,
      none: null,
    };
    const found = textProblemsIn(value);
    expect(found.map((p) => [joinTextPath(p.path), p.kind, p.inKey])).toEqual([
      ['admin.name', 'control', false],
      ['admin.secret', 'control', false],
      ['steps.2.facts', 'surrogate', false],
      ['fields.k\\u0000', 'control', true],
    ]);
    expect(firstTextProblemIn(value)?.path).toEqual(['admin', 'name']);
    expect(textProblemsIn(value, 2)).toHaveLength(2);
    expect(firstTextProblemIn('\u0000')?.path).toEqual([]);
  });

  it('finds nothing in clean values, and survives deep nesting and cycles', () => {
    expect(textProblemsIn({ a: ['客户', { b: '😀\n\t' }], c: 1 })).toEqual([]);
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(firstTextProblemIn(deep)?.path).toHaveLength(100_000);
    const cyclic: Record<string, unknown> = { name: 'ok' };
    cyclic.self = cyclic;
    cyclic.list = [cyclic, 'bad\u007f'];
    expect(textProblemsIn(cyclic).map((p) => joinTextPath(p.path))).toEqual(['list.1']);
  });

  it('skips what is not JSON text (dates, maps, typed arrays)', () => {
    expect(
      textProblemsIn({ d: new Date(0), m: new Map([['\u0000', '\u0000']]), b: new Uint8Array(3) }),
    ).toEqual([]);
  });

  it('finds a problem in any JSON value exactly when some string in it has one', () => {
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v !== null && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          strings.push(k);
          collect(x);
        }
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ unit: 'binary', maxLength: 4 }), (v, extra) => {
        const value = [v, extra];
        strings.length = 0;
        collect(value);
        const expected = strings.some((s) => referenceProblem(s) !== null);
        expect(textProblemsIn(value).length > 0).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('utf8ErrorOffset', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const fatalOk = (b: Uint8Array): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  };

  it('accepts UTF-8 and says where it is broken', () => {
    expect(utf8ErrorOffset(utf8('{"name":"王管理员 😀"}'))).toBeNull();
    expect(utf8ErrorOffset(bytes())).toBeNull();
    expect(utf8ErrorOffset(bytes(0x61, 0xff, 0x62))).toBe(1);
    expect(utf8ErrorOffset(bytes(0x61, 0x62, 0xe7, 0x8e))).toBe(2); // cut off
    expect(utf8ErrorOffset(bytes(0xc0, 0xaf))).toBe(0); // overlong "/"
    expect(utf8ErrorOffset(bytes(0xe0, 0x80, 0xaf))).toBe(0); // overlong
    expect(utf8ErrorOffset(bytes(0xed, 0xa0, 0x80))).toBe(0); // encoded U+D800
    expect(utf8ErrorOffset(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(utf8ErrorOffset(bytes(0x80))).toBe(0); // lone continuation byte
  });

  it('agrees with the fatal TextDecoder on any bytes', () => {
    // Mostly valid text with a few bytes changed, so both verdicts come up often.
    const mangled = fc
      .tuple(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 }),
      )
      .map(([s, edits]) => {
        const b = utf8(s);
        for (const [at, v] of edits) if (b.length > 0) b[at % b.length] = v;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(mangled, fc.uint8Array({ maxLength: 8 })), (b) => {
        expect(utf8ErrorOffset(b) === null).toBe(fatalOk(b));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('truncateText', () => {
  it('cuts to the limit in code units, never through a surrogate pair', () => {
    expect(truncateText('广州天河支行 01', 100)).toBe('广州天河支行 01');
    expect(truncateText('abcdef', 3)).toBe('abc');
    expect(truncateText('ab\ud840\udc00', 3)).toBe('ab');
    expect(truncateText('ab\ud840\udc00', 4)).toBe('ab\ud840\udc00');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(40), (s, n) => {
        fc.pre(textProblem(s) === null);
        const t = truncateText(s, n);
        expect(t.length).toBeLessThanOrEqual(n);
        expect(s.startsWith(t)).toBe(true);
        expect(t.length).toBeGreaterThanOrEqual(Math.min(s.length, n) - 1);
        expect(textProblem(t)).toBeNull();
      }),
    );
  });
});
