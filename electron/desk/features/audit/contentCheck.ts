/**
 * The first half of a desk's `verify` (verifyDesk.ts): every stored event's
 * content against its hash. Shared by the verify thread (verifyWorker.ts),
 * which checks ranges of the log while verifyDesk walks the chain.
 *
 * Rows are read raw (an array per row, no object) and the stored payload text
 * is hashed as it stands, its members put in key order in the text
 * (shared/domain/kernel/canonicalText.ts); a row outside that ordinary form, or
 * whose hash does not match, is judged by parsing it (contentHash), so every
 * row gets the verdict the parsing path gives.
 */
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { storedHashInput } from '../../../../shared/domain/kernel/canonicalText';
import type { StoredEvent } from '../../../../shared/domain/kernel/envelope';
import { eventHashInput, type Sha256Hex } from '../../../../shared/domain/kernel/hash';

/**
 * node:crypto's one-shot sha256, as kernel/eventStore's: not imported from there, so that the verify
 * thread loads only what it runs (the event store brings every feature's payload schemas).
 */
const sha256Hex: Sha256Hex = (text) => hash('sha256', text, 'hex');

/** An events row as read (raw, in EVENT_COLUMNS order). */
export type RawEvent = [
  seq: number,
  id: string,
  stream: string,
  type: string,
  schema: number,
  hlc: string,
  device: string,
  branch: string,
  actor: string,
  payload: string,
  hash: string,
];
export const EVENT_COLUMNS = 'seq, id, stream, type, schema, hlc, device, branch, actor, payload, hash';

/** An event's content against its hash: as stored, edited (another hash), or unreadable (not JSON data). */
export const OK = 0;
export const EDITED = 1;
export const UNREADABLE = 2;
export type ContentVerdict = typeof OK | typeof EDITED | typeof UNREADABLE;

/** The content hash of a stored event, or null when its payload is not JSON. */
export function contentHash(r: StoredEvent): string | null {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload) as unknown;
  } catch {
    return null;
  }
  try {
    return sha256Hex(eventHashInput({ ...r, schema: Number(r.schema), payload }));
  } catch {
    return null;
  }
}

/** The verdict on one raw events row. */
export function rowVerdict(r: RawEvent): ContentVerdict {
  const input = storedHashInput(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
  if (input !== null && sha256Hex(input) === r[10]) return OK;
  const h = contentHash({
    id: r[1],
    stream: r[2],
    type: r[3],
    schema: r[4],
    hlc: r[5],
    device: r[6],
    branch: r[7],
    actor: r[8],
    payload: r[9],
    hash: r[10],
  });
  return h === null ? UNREADABLE : h === r[10] ? OK : EDITED;
}

/** The events with seq in [from, to], every column, in seq order, raw. */
export function rangeOfEvents(db: Database.Database): Database.Statement<[number, number], RawEvent> {
  return db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq`)
    .raw(true) as unknown as Database.Statement<[number, number], RawEvent>;
}

/** The bad events with seq in [from, to], as seq, verdict, seq, verdict, … in seq order. */
export function contentProblems(
  range: Database.Statement<[number, number], RawEvent>,
  from: number,
  to: number,
  onRow?: () => void,
): number[] {
  const bad: number[] = [];
  for (const r of range.iterate(from, to)) {
    const v = rowVerdict(r);
    if (v !== OK) bad.push(r[0], v);
    onRow?.();
  }
  return bad;
}
