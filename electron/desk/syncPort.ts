/**
 * The desk as the sync engine sees it (sync/port.ts): the adapter openDesk
 * hands the engine. It lives beside the composition root because it names
 * the Desk, which the sync files never import.
 */
import type { Desk } from './kernel/desk';
import type { SyncPort } from './sync/port';

/** The narrow view of the desk the sync engine works through (sync/port.ts). */
export function syncPortOf(desk: Desk): SyncPort {
  return {
    sqlite: desk.d.sqlite,
    meta: desk.meta,
    tx: (fn) => desk.tx(fn),
    appendIncoming: (events, verdicts) => desk.appendEventsInTransaction(events, verdicts),
    emitChanges: (outcome) => desk.emitChanges(outcome),
    emit: (event) => desk.emit(event),
    identity: () => desk.identity(),
    now: desk.now,
    checker: desk.checker,
    setClockOffset: (ms) => desk.setClockOffset(ms),
  };
}
