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
import { EventEnvelope } from './events';

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

/** The envelope fields covered by the hash: all of them except `hash`, in contract order. */
export const HASHED_ENVELOPE_FIELDS: readonly string[] = Object.keys(EventEnvelope.shape).filter(
  (k) => k !== 'hash',
);

/**
 * sha256 (lower-case hex) of the canonical JSON of every envelope field except
 * `hash`. Extra properties on the argument (e.g. a stored `hash`, DB columns)
 * are not hashed. Throws TypeError when a field is missing/undefined or not
 * JSON data.
 */
export function eventHash(e: Omit<EventEnvelope, 'hash'>): string {
  const src = e as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const k of HASHED_ENVELOPE_FIELDS) {
    if (src[k] === undefined) throw new TypeError(`eventHash: envelope field "${k}" is missing`);
    picked[k] = src[k];
  }
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(picked))));
}

/** True when `e.hash` matches the envelope's content. Never throws. */
export function verifyEventHash(e: EventEnvelope): boolean {
  try {
    return typeof e.hash === 'string' && eventHash(e) === e.hash;
  } catch {
    return false;
  }
}
