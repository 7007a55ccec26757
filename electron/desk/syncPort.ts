/**
 * The desk as the sync engine sees it (sync/port.ts): the adapter openDesk
 * hands the engine. It lives beside the composition root because it names
 * the Desk, which the sync files never import.
 */
import type { Desk } from './kernel/desk';
import type { SyncPort } from './sync/port';
import type { ContentStore } from './kernel/fileStore';
import * as staff from './features/staff';

/** The narrow view of the desk the sync engine works through (sync/port.ts). */
export function syncPortOf(desk: Desk, files: ContentStore): SyncPort {
  return {
    sqlite: desk.d.sqlite,
    files,
    meta: desk.meta,
    tx: (fn) => desk.tx(fn),
    appendIncoming: (events, verdicts) => desk.appendEventsInTransaction(events, verdicts),
    emitChanges: (outcome) => desk.emitChanges(outcome),
    emit: (event) => desk.emit(event),
    identity: () => desk.identity(),
    now: desk.now,
    checker: desk.checker,
    setClockOffset: (ms) => desk.setClockOffset(ms),
    credentialKeys: () =>
      desk.tx(() => {
        const current = staff.currentPepper(desk.meta);
        return { keys: staff.allPeppers(desk.meta), current: current.id };
      }),
    adoptCredentialKeys: (keys, current) =>
      desk.tx(() => staff.adoptBranchPeppers(desk.meta, keys, current ?? '')),
  };
}
