/**
 * Canonical JSON and event hashes.
 *
 * The hash of an event is sha256 over the canonical JSON of every envelope
 * field except `hash` itself. Canonical JSON is deterministic: object keys
 * sorted by UTF-16 code unit order (plain `Array.prototype.sort`), arrays in
 * order, no whitespace, strings/numbers as `JSON.stringify` writes them. So the
 * same event hashes the same on every device, in Node and in the browser, no
 * matter in which order its keys were built or stored.
 *
 * Runtime-neutral: @noble/hashes is pure JS.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { EventEnvelope } from './envelope';

function describe(path: string): string {
  return path === '' ? 'value' : `value at ${path}`;
}

function write(value: unknown, path: string, stack: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(
          `canonicalJson: ${describe(path)} is ${String(value)}; only finite numbers are allowed`,
        );
      }
      return JSON.stringify(value); // -0 becomes "0", like JSON.stringify
    case 'undefined':
      throw new TypeError(`canonicalJson: ${describe(path)} is undefined; use null or leave the key out`);
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new TypeError(
        `canonicalJson: ${describe(path)} is a ${typeof value}, which JSON cannot represent`,
      );
    case 'object':
      break;
  }
  const obj = value as object;
  if (stack.has(obj)) throw new TypeError(`canonicalJson: ${describe(path)} is a circular reference`);
  stack.add(obj);
  try {
    if (Array.isArray(obj)) {
      const parts: string[] = [];
      for (let i = 0; i < obj.length; i++) parts.push(write(obj[i], `${path}[${i}]`, stack));
      return `[${parts.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = (obj as { constructor?: { name?: unknown } }).constructor?.name;
      throw new TypeError(
        `canonicalJson: ${describe(path)} is a ${typeof name === 'string' ? name : 'non-plain object'}; convert it to plain JSON data first`,
      );
    }
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    const parts: string[] = [];
    for (const k of keys) {
      parts.push(`${JSON.stringify(k)}:${write(record[k], path === '' ? k : `${path}.${k}`, stack)}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    stack.delete(obj);
  }
}

/**
 * Deterministic JSON text of plain JSON data. Throws TypeError for undefined,
 * functions, symbols, bigints, NaN/Infinity, non-plain objects (Date, Map ...)
 * and cycles, rather than silently dropping or changing them.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '', new Set());
}

/** Thrown inside the fast writer; the descriptive error comes from canonicalJson. */
class Refused extends Error {}
const REFUSED = new Refused();

function writeFast(v: unknown, depth: number): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw REFUSED;
      return JSON.stringify(v);
    case 'object':
      break;
    default:
      throw REFUSED;
  }
  if (depth > 200) throw REFUSED; // let canonicalJson judge deep (possibly circular) values
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + writeFast(v[i], depth + 1);
    return `${out}]`;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw REFUSED;
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${writeFast(rec[k], depth + 1)}`;
  }
  return `${out}}`;
}

/**
 * `canonicalJson` for hot paths (every stored and every checked event): the
 * same text and the same refusals, without the path bookkeeping. On anything
 * it refuses it defers to `canonicalJson`, which throws the descriptive error.
 */
export function fastCanonicalJson(value: unknown): string {
  try {
    return writeFast(value, 0);
  } catch (e) {
    if (e === REFUSED) return canonicalJson(value);
    throw e;
  }
}

/** The envelope fields covered by the hash: all of them except `hash`, in contract order. */
export const HASHED_ENVELOPE_FIELDS: readonly string[] = Object.keys(EventEnvelope.shape).filter(
  (k) => k !== 'hash',
);

/** The hashed fields in canonical (sorted) order; eventHashInput writes them in this order. */
const SORTED_HASHED_FIELDS = [
  'actor',
  'branch',
  'device',
  'hlc',
  'id',
  'payload',
  'schema',
  'stream',
  'type',
] as const;
if (SORTED_HASHED_FIELDS.join() !== [...HASHED_ENVELOPE_FIELDS].sort().join()) {
  throw new Error('hash.ts: SORTED_HASHED_FIELDS no longer matches the envelope schema');
}

const field = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : fastCanonicalJson(v));

/**
 * The exact text an event hash is taken over: the canonical JSON of every
 * envelope field except `hash`, written field by field in sorted order (no
 * key sort per event). Extra properties on the argument are ignored. Throws
 * TypeError when a field is missing/undefined or not JSON data.
 */
export function eventHashInput(e: Omit<EventEnvelope, 'hash'>): string {
  const src = e as Record<string, unknown>;
  for (const k of SORTED_HASHED_FIELDS) {
    if (src[k] === undefined) throw new TypeError(`eventHash: envelope field "${k}" is missing`);
  }
  return (
    `{"actor":${field(e.actor)},"branch":${field(e.branch)},"device":${field(e.device)},` +
    `"hlc":${field(e.hlc)},"id":${field(e.id)},"payload":${fastCanonicalJson(e.payload)},` +
    `"schema":${field(e.schema)},"stream":${field(e.stream)},"type":${field(e.type)}}`
  );
}

/** sha256 of UTF-8 text as lower-case hex. */
export type Sha256Hex = (text: string) => string;

/** Pure-JS sha256 (browser, tests). Node callers pass node:crypto's, which is several times faster. */
export const nobleSha256Hex: Sha256Hex = (text) => bytesToHex(sha256(utf8ToBytes(text)));

/**
 * sha256 (lower-case hex) of the canonical JSON of every envelope field except
 * `hash`. Extra properties on the argument (e.g. a stored `hash`, DB columns)
 * are not hashed. Throws TypeError when a field is missing/undefined or not
 * JSON data.
 */
export function eventHash(e: Omit<EventEnvelope, 'hash'>, sha256Hex: Sha256Hex = nobleSha256Hex): string {
  return sha256Hex(eventHashInput(e));
}

/** True when `e.hash` matches the envelope's content. Never throws. */
export function verifyEventHash(e: EventEnvelope, sha256Hex: Sha256Hex = nobleSha256Hex): boolean {
  try {
    return typeof e.hash === 'string' && eventHash(e, sha256Hex) === e.hash;
  } catch {
    return false;
  }
}
