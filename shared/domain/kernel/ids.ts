/**
 * Identifiers. Every id that leaves a device (events, cases, staff ...) is a
 * UUIDv7: made offline without coordination, globally unique, and its first 48
 * bits are the creation time in ms, so ids sort roughly by creation time and
 * index well in SQLite/PostgreSQL B-trees.
 *
 * Runtime-neutral: the `uuid` package uses the global `crypto.getRandomValues`,
 * present in Node >= 19, Electron and every browser.
 */
import { v7 as uuidv7, validate as uuidValidate, version as uuidVersion } from 'uuid';

/** A fresh UUIDv7. Ids from one process are strictly increasing as text, even within one millisecond. */
export function newId(): string {
  return uuidv7();
}

/**
 * A UUIDv7 whose timestamp is `ms` (for imports/backfills and tests).
 * No monotonic guarantee between ids of the same ms.
 */
export function newIdAt(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 0xffffffffffff) {
    throw new RangeError(`UUIDv7 timestamp must be an integer ms in 0..2^48-1, got ${String(ms)}`);
  }
  return uuidv7({ msecs: ms });
}

/** True for any RFC 9562 UUID in canonical lower/upper-case hex form (any version, incl. nil/max). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && uuidValidate(s);
}

/** True for a UUID of version 7. */
export function isUuidV7(s: unknown): s is string {
  return isUuid(s) && uuidVersion(s) === 7;
}

/** Creation time (ms since epoch) encoded in a UUIDv7. Throws RangeError on other input. */
export function uuidV7Ms(id: string): number {
  if (!isUuidV7(id)) throw new RangeError(`Not a UUIDv7: ${JSON.stringify(id)}`);
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
