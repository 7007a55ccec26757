import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalFromText,
  storedHashInput,
  storedHashMatches,
} from '../../shared/domain/kernel/canonicalText';
import {
  eventHash,
  eventHashInput,
  fastCanonicalJson,
  nobleSha256Hex,
} from '../../shared/domain/kernel/hash';

/** What the parsing path gives for a text, or null when it cannot parse it. */
function parsed(text: string): string | null {
  try {
    return fastCanonicalJson(JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** Shuffles each object's keys (own "__proto__" kept as a key). */
function shuffled(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffled(x, seed + i + 1));
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    let s = seed;
    for (let i = entries.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of entries) {
      Object.defineProperty(out, k, {
        value: shuffled(x, s + k.length),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}

const PAYLOADS = [
  {
    number: 'GZ01-20260105-0002',
    scriptVersion: '1.0',
    customer: { name: '韩英华', phone: '16027123609', gender: 'male', returning: false },
    channel: 'letter',
    account: '客户第二次来访，说明理赔申请\n提交已超过一个月仍未有结果 "引号" \\ 反斜杠\t制表',
    owner: '01a22c6e-ce07-76d0-98be-eea4f5eb35aa',
  },
  { step: 2, fields: { factsWho: '韩英华', demand: '给出明确的处理时间', recordConfirmed: true } },
  { overrideReason: null },
  { at: '2026-01-07T14:13:20.284Z', outcome: 'reached', satisfaction: -2, comment: '' },
  { list: [{ b: 1, a: 2 }, [], {}, [3, { z: [{ y: 1, x: 0 }] }], 'x'], '😀': ['😀'] },
  [{ b: 1, a: 2 }],
  { 'a!': 1, a: 2, 'a ': 3, ab: 4, B: 5, é: 6, '😀': 7, '\uffff': 8 },
  [1, 2, { b: 1, a: 2 }, 3],
  'just a string',
  123456789012345,
  null,
  true,
];

describe('canonicalFromText', () => {
  it('gives the parsing path\u2019s text for the payloads the desk writes, in any key order', () => {
    for (const p of PAYLOADS) {
      for (const seed of [0, 1, 7, 12345]) {
        const text = JSON.stringify(shuffled(p, seed));
        const got = canonicalFromText(text);
        expect(got, text).not.toBeNull();
        expect(got).toBe(fastCanonicalJson(p));
      }
    }
  });

  it('equals fastCanonicalJson(JSON.parse(text)) whenever it answers (any JSON value)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 1_000_000 }), (v, seed) => {
        const text = JSON.stringify(shuffled(v, seed));
        const got = canonicalFromText(text);
        if (got !== null) expect(got).toBe(parsed(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('answers for strings, integers, nesting and key orders JSON.stringify writes', () => {
    const plain = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'grapheme' }),
        fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value')),
        fc.dictionary(
          fc
            .string()
            .filter(
              (k) =>
                ![...k].some((ch) => ch === '"' || ch === '\\' || ch < ' ' || /[\ud800-\udfff]/.test(ch)),
            ),
          tie('value'),
        ),
      ),
    })).value;
    fc.assert(
      fc.property(plain, fc.integer({ min: 0, max: 1_000_000 }), (v, seed) => {
        const text = JSON.stringify(shuffled(v, seed));
        if (/\\u/.test(text)) return; // control characters other than \n \r \t \b \f go the parsing way
        expect(canonicalFromText(text)).toBe(parsed(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('never answers differently from the parsing path on mangled text', () => {
    const base = JSON.stringify(PAYLOADS[0]);
    const pieces = fc.constantFrom(
      '"',
      '\\',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      ' ',
      '\n',
      '1',
      '-',
      '.',
      'e',
      '0',
      'true',
      'nul',
      '\\u0041',
      '\\/',
      '\ud800',
      '\udc00',
      '"a":1',
      '"a"',
    );
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(8), pieces, (at, cut, piece) => {
        const text = base.slice(0, at) + piece + base.slice(Math.min(base.length, at + cut));
        const got = canonicalFromText(text);
        if (got !== null) expect(got).toBe(parsed(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses the forms it leaves to the parsing path', () => {
    for (const text of [
      '',
      ' {}',
      '{"a": 1}',
      '{"a":1,"a":2}',
      '{"b":1,"a":2,"b":3}',
      '{"a\\"b":1}',
      '{"a":1.5}',
      '{"a":1e3}',
      '{"a":-0}',
      '{"a":01}',
      '{"a":1234567890123456}',
      '"\\u0041"',
      '"\\/"',
      '"\ud800"',
      '"a\u0001"',
      '{"a":1}x',
      '{"a":1',
      '[1,]',
      '{"a":tru}',
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    ]) {
      expect(canonicalFromText(text), text).toBeNull();
    }
  });
});

describe('storedHashInput', () => {
  const row = {
    id: '01a22c6e-ce07-76d0-98be-eea4f5eb35aa',
    stream: 'case:01a22c6e-ce07-76d0-98be-eea4f5eb35ab',
    type: 'case.opened',
    schema: 1,
    hlc: '2026-01-05T00:59:12.664Z-0000-abcd',
    device: 'd1',
    branch: 'GZ',
    actor: 'staff-1',
  };

  it('is eventHashInput of the parsed event, and its hash the event hash', () => {
    for (const p of PAYLOADS) {
      const payload = JSON.stringify(shuffled(p, 3));
      const input = storedHashInput(
        row.id,
        row.stream,
        row.type,
        row.schema,
        row.hlc,
        row.device,
        row.branch,
        row.actor,
        payload,
      );
      expect(input).toBe(eventHashInput({ ...row, payload: p }));
      const hash = eventHash({ ...row, payload: p }, nobleSha256Hex);
      expect(storedHashMatches({ ...row, payload }, hash, nobleSha256Hex)).toBe(true);
      expect(storedHashMatches({ ...row, payload, actor: 'staff-2' }, hash, nobleSha256Hex)).toBe(false);
      expect(storedHashMatches({ ...row, payload, schema: 2 }, hash, nobleSha256Hex)).toBe(false);
    }
  });

  it('leaves columns of another kind to the parsing path', () => {
    const payload = '{"a":1}';
    expect(
      storedHashInput(row.id, row.stream, row.type, '1', row.hlc, row.device, row.branch, row.actor, payload),
    ).toBeNull();
    expect(
      storedHashInput(row.id, row.stream, row.type, 1.5, row.hlc, row.device, row.branch, row.actor, payload),
    ).toBeNull();
    expect(
      storedHashInput(row.id, row.stream, row.type, 1, row.hlc, null, row.branch, row.actor, payload),
    ).toBeNull();
    expect(
      storedHashInput(
        row.id,
        row.stream,
        row.type,
        1,
        row.hlc,
        row.device,
        row.branch,
        row.actor,
        Buffer.from(payload),
      ),
    ).toBeNull();
    expect(
      storedHashInput(row.id, row.stream, row.type, 1n, row.hlc, row.device, row.branch, row.actor, payload),
    ).toBe(eventHashInput({ ...row, payload: { a: 1 } }));
  });
});
