/**
 * The checks every incoming event goes through (envelope, hash, HLC, stream,
 * payload), over a whole batch, with a verdict per event. Runs on the
 * checker thread (checkWorker.ts) or, as a fallback, in the caller's thread.
 */
import { checkIncomingEvent } from './eventStore';

/** null: the event may be stored; otherwise why not. */
export type Verdict = null | { id: string; reason: string };

export function checkBatch(raws: readonly unknown[]): Verdict[] {
  return raws.map((raw) => {
    const r = checkIncomingEvent(raw);
    return 'event' in r ? null : r;
  });
}
