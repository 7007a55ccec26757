/**
 * The event hash of a STORED event, for `verify` (desk and server): the
 * payload is stored as the JSON text `JSON.stringify` wrote, in the key order
 * its handler built it (code reads that order: do not reorder stored
 * payloads). Canonical JSON (hash.ts) only needs each object's members in
 * key order, so `canonicalFromText` puts them in order straight in the text,
 * without `JSON.parse` and without re-writing every string and number.
 *
 * It handles the narrow form `JSON.stringify` writes for ordinary payloads
 * and refuses (returns null) anything else: whitespace, escapes other than
 * \" \\ \n \r \t \b \f, keys with escapes, lone surrogates, duplicate keys,
 * numbers other than integers of at most 15 digits, deep nesting. For every
 * text it accepts, the result is exactly `fastCanonicalJson(JSON.parse(text))`
 * (test/unit/canonicalText.test.ts), so a caller that falls back to that on
 * null gets the same hash, the same verdict, for every stored text.
 *
 * Runtime-neutral (no node: imports).
 */
import type { Sha256Hex } from './hash';

const MAX_DEPTH = 64;

let src = '';
let pos = 0;
/** Set by skipString when the string it skipped had an escape. */
let escaped = false;
/** Where the string skipString last skipped starts (its opening quote). */
let lastStringStart = 0;

/** Moves past the string starting at `pos` (its opening quote); false when refused. */
function skipString(): boolean {
  const n = src.length;
  escaped = false;
  lastStringStart = pos;
  for (let i = pos + 1; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x22) {
      pos = i + 1;
      return true;
    }
    if (c === 0x5c) {
      const e = src.charCodeAt(i + 1);
      // The short escapes JSON.stringify writes; \uXXXX (other control characters,
      // lone surrogates) and \/ are left to the parsing path.
      if (e === 0x22 || e === 0x5c || e === 0x6e || e === 0x72 || e === 0x74 || e === 0x62 || e === 0x66) {
        escaped = true;
        i++;
        continue;
      }
      return false;
    }
    if (c < 0x20) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      // JSON.stringify escapes a lone surrogate; only a proper pair is taken as is.
      const d = src.charCodeAt(i + 1);
      if (c >= 0xdc00 || !(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    }
  }
  return false;
}

/** Moves past an integer of at most 15 digits as JSON.stringify writes it (no -0); false when refused. */
function skipNumber(): boolean {
  let i = pos;
  const neg = src.charCodeAt(i) === 0x2d;
  if (neg) i++;
  const first = i;
  const c0 = src.charCodeAt(i);
  if (c0 === 0x30) {
    if (neg) return false;
    i++;
  } else if (c0 >= 0x31 && c0 <= 0x39) {
    i++;
    for (let c = src.charCodeAt(i); c >= 0x30 && c <= 0x39; c = src.charCodeAt(++i));
  } else return false;
  // A fraction or exponent follows as '.', 'e' or 'E': the caller then finds no ',', '}' or ']' and refuses.
  if (i - first > 15) return false;
  pos = i;
  return true;
}

function skipWord(word: string): boolean {
  if (!src.startsWith(word, pos)) return false;
  pos += word.length;
  return true;
}

/**
 * Moves past the value at `pos`. Returns undefined when its canonical text is
 * the source text as is, the canonical text when it differs, null when refused.
 */
function value(depth: number): string | null | undefined {
  switch (src.charCodeAt(pos)) {
    case 0x22:
      return skipString() ? undefined : null;
    case 0x7b:
      return object(depth + 1);
    case 0x5b:
      return array(depth + 1);
    case 0x74:
      return skipWord('true') ? undefined : null;
    case 0x66:
      return skipWord('false') ? undefined : null;
    case 0x6e:
      return skipWord('null') ? undefined : null;
    default:
      return skipNumber() ? undefined : null;
  }
}

function array(depth: number): string | null | undefined {
  if (depth > MAX_DEPTH) return null;
  const open = pos;
  pos++;
  if (src.charCodeAt(pos) === 0x5d) {
    pos++;
    return undefined;
  }
  let parts: string[] | null = null;
  for (let index = 0; ; index++) {
    const start = pos;
    const v = value(depth);
    if (v === null) return null;
    if (v !== undefined && parts === null) {
      // The first element whose text changes: the ones before it are kept as one run of source text.
      parts = index > 0 ? [src.slice(open + 1, start - 1)] : [];
    }
    if (parts !== null) parts.push(v ?? src.slice(start, pos));
    const c = src.charCodeAt(pos++);
    if (c === 0x2c) continue;
    if (c === 0x5d) return parts === null ? undefined : `[${parts.join(',')}]`;
    return null;
  }
}

/** Compares the key texts src[a0, a1) and src[b0, b1) by UTF-16 code units, as Array.prototype.sort does. */
function compareKeys(a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0);
  for (let i = 0; i < n; i++) {
    const d = src.charCodeAt(a0 + i) - src.charCodeAt(b0 + i);
    if (d !== 0) return d;
  }
  return a1 - a0 - (b1 - b0);
}

function object(depth: number): string | null | undefined {
  if (depth > MAX_DEPTH) return null;
  pos++;
  if (src.charCodeAt(pos) === 0x7d) {
    pos++;
    return undefined;
  }
  // Per member, four offsets: key text start and end (inside the quotes), value start and end.
  const at: number[] = [];
  let changed: (string | undefined)[] | null = null;
  let sorted = true;
  let count = 0;
  for (;;) {
    if (src.charCodeAt(pos) !== 0x22 || !skipString() || escaped) return null;
    const keyEnd = pos - 1;
    const keyStart = lastStringStart + 1;
    if (count > 0) {
      const m = (count - 1) * 4;
      const d = compareKeys(at[m] as number, at[m + 1] as number, keyStart, keyEnd);
      if (d === 0) return null; // a duplicate key
      if (d > 0) sorted = false;
    }
    if (src.charCodeAt(pos) !== 0x3a) return null;
    pos++;
    const valueStart = pos;
    const v = value(depth);
    if (v === null) return null;
    if (v !== undefined) (changed ??= [])[count] = v;
    at.push(keyStart, keyEnd, valueStart, pos);
    count++;
    const c = src.charCodeAt(pos++);
    if (c === 0x2c) continue;
    if (c === 0x7d) break;
    return null;
  }
  if (sorted && changed === null) return undefined;
  const order: number[] = [];
  for (let i = 0; i < count; i++) order.push(i);
  if (!sorted) {
    order.sort((x, y) =>
      compareKeys(at[x * 4] as number, at[x * 4 + 1] as number, at[y * 4] as number, at[y * 4 + 1] as number),
    );
    for (let i = 1; i < count; i++) {
      const x = (order[i - 1] as number) * 4;
      const y = (order[i] as number) * 4;
      if (compareKeys(at[x] as number, at[x + 1] as number, at[y] as number, at[y + 1] as number) === 0)
        return null; // a duplicate key
    }
  }
  let out = '{';
  for (let i = 0; i < count; i++) {
    const m = order[i] as number;
    const o = m * 4;
    // The key with its quotes and the colon, then the value: as it stands, or as rewritten.
    const v = changed?.[m];
    out +=
      (i === 0 ? '' : ',') +
      (v === undefined
        ? src.slice((at[o] as number) - 1, at[o + 3] as number)
        : src.slice((at[o] as number) - 1, at[o + 2] as number) + v);
  }
  return `${out}}`;
}

/**
 * `fastCanonicalJson(JSON.parse(text))` for the JSON text `JSON.stringify`
 * writes, without parsing it; null when the text is outside the form handled
 * here (the caller then parses it).
 */
export function canonicalFromText(text: string): string | null {
  src = text;
  pos = 0;
  try {
    const v = value(0);
    if (v === null || pos !== text.length) return null;
    return v === undefined ? text : v;
  } finally {
    src = '';
  }
}

/** The columns of a stored event that its hash covers (desk and server `events`). */
export interface StoredHashFields {
  id: unknown;
  stream: unknown;
  type: unknown;
  schema: unknown;
  hlc: unknown;
  device: unknown;
  branch: unknown;
  actor: unknown;
  payload: unknown;
}

const q = (s: string): string => JSON.stringify(s);

/**
 * The text `eventHashInput` gives for a stored event, built from its columns
 * and its stored payload text, or null when a column is not of the ordinary
 * kind (text; schema a number) or `canonicalFromText` refuses the payload:
 * the caller then takes the parsing path, which judges the event.
 */
export function storedHashInput(
  id: unknown,
  stream: unknown,
  type: unknown,
  schema: unknown,
  hlc: unknown,
  device: unknown,
  branch: unknown,
  actor: unknown,
  payload: unknown,
): string | null {
  if (
    typeof id !== 'string' ||
    typeof stream !== 'string' ||
    typeof type !== 'string' ||
    typeof hlc !== 'string' ||
    typeof device !== 'string' ||
    typeof branch !== 'string' ||
    typeof actor !== 'string' ||
    typeof payload !== 'string'
  )
    return null;
  const n = typeof schema === 'number' ? schema : typeof schema === 'bigint' ? Number(schema) : NaN;
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return null;
  const p = canonicalFromText(payload);
  if (p === null) return null;
  return (
    `{"actor":${q(actor)},"branch":${q(branch)},"device":${q(device)},"hlc":${q(hlc)},"id":${q(id)},` +
    `"payload":${p},"schema":${n},"stream":${q(stream)},"type":${q(type)}}`
  );
}

/**
 * True when a stored event's content hashes to `hash` by the fast path.
 * False means "not shown here", not "edited": take the parsing path then.
 */
export function storedHashMatches(f: StoredHashFields, hash: unknown, sha256Hex: Sha256Hex): boolean {
  if (typeof hash !== 'string') return false;
  const input = storedHashInput(
    f.id,
    f.stream,
    f.type,
    f.schema,
    f.hlc,
    f.device,
    f.branch,
    f.actor,
    f.payload,
  );
  return input !== null && sha256Hex(input) === hash;
}
