import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEnvelope,
  EventEnvelope,
  MAX_EVENT_SCHEMA,
  quickEnvelope,
} from '../../shared/domain/kernel/envelope';
import {
  canonicalJson,
  eventHash,
  eventHashInput,
  fastCanonicalJson,
  nobleSha256Hex,
  verifyEventHash,
} from '../../shared/domain/kernel/hash';

/** Rebuilds a JSON value with every object's keys inserted in a shuffled order. */
function reorderKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => reorderKeys(x, seed + i + 1));
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    let s = seed;
    for (let i = entries.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    const out: Record<string, unknown> = {};
    // defineProperty, not assignment: an own "__proto__" key must stay a key.
    for (const [k, x] of entries) {
      Object.defineProperty(out, k, {
        value: reorderKeys(x, s + k.length),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: true, c: null }], ä: 'x', B: '中文' })).toBe(
      '{"B":"中文","a":[3,{"c":null,"d":true}],"b":1,"ä":"x"}',
    );
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson('a"b')).toBe('"a\\"b"');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e21)).toBe('1e+21');
  });

  it('orders keys by UTF-16 code units, not locale', () => {
    // "\u{1F600}" is a surrogate pair starting 0xD83D, which sorts before "\uFF5E".
    expect(canonicalJson({ '\uFF5E': 1, '\u{1F600}': 2, Z: 3, a: 4 })).toBe(
      '{"Z":3,"a":4,"\u{1F600}":2,"\uFF5E":1}',
    );
  });

  it('does not depend on key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 1_000_000 }), (v, seed) => {
        const a = canonicalJson(v);
        expect(canonicalJson(reorderKeys(v, seed))).toBe(a);
        // it is still JSON describing the same data
        expect(JSON.parse(a)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['undefined', undefined, /undefined/],
    ['undefined property', { a: { b: undefined } }, /a\.b is undefined/],
    ['undefined in array', [1, undefined], /\[1\] is undefined/],
    ['function', { f: () => 1 }, /function/],
    ['NaN', { n: Number.NaN }, /NaN/],
    ['Infinity', [Number.POSITIVE_INFINITY], /Infinity/],
    ['bigint', { n: 10n }, /bigint/],
    ['symbol', Symbol('s'), /symbol/],
    ['Date', { d: new Date(0) }, /Date/],
    ['Map', new Map(), /Map/],
  ])('rejects %s with a TypeError', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('rejects cycles but allows shared (non-circular) references', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });

  it('accepts null-prototype objects', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.b = 2;
    o.a = 1;
    expect(canonicalJson(o)).toBe('{"a":1,"b":2}');
  });
});

const base: Omit<EventEnvelope, 'hash'> = {
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  stream: 'case:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a00',
  type: 'case.note_added',
  schema: 1,
  hlc: '001763791200000-00000',
  device: '01',
  branch: 'GZ',
  actor: 'staff-1',
  payload: { text: '客户来电询问进度', extra: { b: 1, a: [1, 2] } },
};

describe('eventHash', () => {
  it('is 64 lower-case hex chars and stable', () => {
    const h = eventHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash({ ...base })).toBe(h);
  });

  it('is sha256 of the canonical JSON of the envelope (known vector)', () => {
    const minimal = {
      id: 'i',
      stream: 's',
      type: 't',
      schema: 1,
      hlc: 'h',
      device: 'd',
      branch: 'b',
      actor: 'a',
      payload: null,
    };
    // sha256 of {"actor":"a","branch":"b","device":"d","hlc":"h","id":"i","payload":null,"schema":1,"stream":"s","type":"t"}
    // (computed independently with coreutils sha256sum)
    expect(eventHash(minimal)).toBe('78ff92681568c5ee53fa79b9a382a0db13ce7749b7cc957042055d457e91f827');
  });

  it('changes when any field changes', () => {
    const h = eventHash(base);
    const variants: Array<Omit<EventEnvelope, 'hash'>> = [
      { ...base, id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c' },
      { ...base, stream: 'case:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a01' },
      { ...base, type: 'case.closed' },
      { ...base, schema: 2 },
      { ...base, hlc: '001763791200000-00001' },
      { ...base, device: '02' },
      { ...base, branch: 'SZ' },
      { ...base, actor: 'staff-2' },
      { ...base, payload: { text: '客户来电询问进度。', extra: { b: 1, a: [1, 2] } } },
      { ...base, payload: { text: '客户来电询问进度', extra: { b: 1, a: [2, 1] } } },
      { ...base, payload: { text: '客户来电询问进度', extra: { b: '1', a: [1, 2] } } },
    ];
    const hashes = variants.map((v) => eventHash(v));
    for (const x of hashes) expect(x).not.toBe(h);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('does not change when keys are reordered or a stored hash is present', () => {
    const h = eventHash(base);
    const reordered = reorderKeys(base, 7) as Omit<EventEnvelope, 'hash'>;
    expect(Object.keys(reordered)).not.toEqual(Object.keys(base));
    expect(eventHash(reordered)).toBe(h);
    expect(eventHash({ ...base, hash: 'f'.repeat(64) } as EventEnvelope)).toBe(h);
  });

  it('refuses an envelope with a missing field', () => {
    const { actor: _actor, ...rest } = base;
    expect(() => eventHash(rest as Omit<EventEnvelope, 'hash'>)).toThrow(/actor/);
  });
});

describe('verifyEventHash', () => {
  it('accepts the right hash and rejects tampering', () => {
    const e: EventEnvelope = { ...base, hash: eventHash(base) };
    expect(verifyEventHash(e)).toBe(true);
    expect(verifyEventHash({ ...e, actor: 'mallory' })).toBe(false);
    expect(verifyEventHash({ ...e, payload: { text: 'changed' } })).toBe(false);
    expect(verifyEventHash({ ...e, hash: e.hash.toUpperCase() })).toBe(false);
  });

  it('returns false instead of throwing on unhashable content', () => {
    const e = { ...base, payload: { n: Number.NaN }, hash: '0'.repeat(64) } as EventEnvelope;
    expect(verifyEventHash(e)).toBe(false);
  });
});

describe('the hot-path twins agree with the reference definitions', () => {
  it('fastCanonicalJson writes what canonicalJson writes and refuses what it refuses', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(fastCanonicalJson(v)).toBe(canonicalJson(v));
      }),
      { numRuns: 300 },
    );
    expect(() => fastCanonicalJson({ a: undefined })).toThrow(/value at a is undefined/);
    expect(() => fastCanonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => fastCanonicalJson({ a: new Date() })).toThrow(/Date/);
  });

  it('eventHashInput is the canonical JSON of the envelope without its hash', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('', '"', '\\', '\u2028', '王'),
    );
    const envelope = fc.record({
      id: text,
      stream: text,
      type: text,
      schema: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
      hlc: text,
      device: text,
      branch: text,
      actor: text,
      payload: fc.jsonValue(),
    });
    fc.assert(
      fc.property(envelope, fc.option(text, { nil: undefined }), (e, hash) => {
        const withExtra = hash === undefined ? e : { ...e, hash };
        expect(eventHashInput(withExtra)).toBe(canonicalJson(e));
        expect(eventHash(withExtra)).toBe(eventHash(withExtra, (t) => nobleSha256Hex(t)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('quickEnvelope', () => {
  const valid: EventEnvelope = {
    id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    stream: 'case:0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
    type: 'case.note_added',
    schema: 1,
    hlc: '001763791200000-00000',
    device: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d',
    branch: 'GZ',
    actor: 'staff-1',
    payload: { text: '客户来电询问进度' },
    hash: 'a'.repeat(64),
  };

  it('accepts a valid envelope as the schema parses it, as a fresh object', () => {
    const q = quickEnvelope(valid);
    expect(q).toEqual(EventEnvelope.parse(valid));
    expect(q).not.toBe(valid);
    expect(checkEnvelope(valid)).toEqual({ ok: true, event: valid });
  });

  it('is never laxer than the schema, whatever is changed', () => {
    const odd = fc.oneof(
      fc.string(),
      fc.constantFrom('', 'x'.repeat(65), valid.id.toUpperCase(), `${valid.id}\n`, 'case:x', 'F'.repeat(64)),
      fc.integer(),
      fc.double(),
      fc.constantFrom(
        0,
        -1,
        1.5,
        2 ** 31,
        2 ** 60,
        MAX_EVENT_SCHEMA,
        MAX_EVENT_SCHEMA + 1,
        null,
        undefined,
        true,
        [],
        {},
      ),
    );
    const keys = Object.keys(valid);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string()), odd), { maxLength: 3 }),
        fc.boolean(),
        (changes, drop) => {
          const raw: Record<string, unknown> = { ...valid };
          for (const [k, v] of changes) raw[k] = v;
          if (drop) delete raw[keys[changes.length % keys.length] as string];
          const quick = quickEnvelope(raw);
          const parsed = EventEnvelope.safeParse(raw);
          if (quick !== null) {
            expect(parsed.success).toBe(true);
            expect(quick).toEqual(parsed.data);
          }
          const checked = checkEnvelope(raw);
          expect(checked.ok).toBe(parsed.success);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names the field the schema complains about', () => {
    const r = checkEnvelope({ ...valid, id: 'not-a-uuid' });
    expect(r).toMatchObject({ ok: false, where: 'id' });
    expect(checkEnvelope([valid])).toMatchObject({ ok: false, where: 'envelope' });
    expect(quickEnvelope(Object.assign(Object.create({ inherited: 1 }) as object, valid))).toBeNull();
  });

  it('takes schema versions from 1 to MAX_EVENT_SCHEMA only (every store column holds them)', () => {
    for (const schema of [1, 2, MAX_EVENT_SCHEMA]) {
      expect(checkEnvelope({ ...valid, schema })).toEqual({ ok: true, event: { ...valid, schema } });
    }
    for (const schema of [0, MAX_EVENT_SCHEMA + 1, 2 ** 31, 3_000_000_000, Number.MAX_SAFE_INTEGER]) {
      expect(quickEnvelope({ ...valid, schema })).toBeNull();
      expect(checkEnvelope({ ...valid, schema })).toMatchObject({ ok: false, where: 'schema' });
    }
  });
});
