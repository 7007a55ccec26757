/**
 * Who may push case-library events (issue 12 item 6; docs/protocol.md §3.5),
 * like the settings rules (./settingsRules.ts) and decided from the envelope
 * only (stream kind and type, never the payload): a `counter` device may not
 * push any library event; a `supervisor` device may (whether the event counts
 * is the library fold's call: its actor must have been a supervisor or an
 * administrator, shared/domain/library/fold.ts).
 *
 * The library's entries, standard answers (应答口径) and plans (预案) are
 * what every counter of the branch reads and says to customers, so they are
 * written from a supervisor desk only: a tampered counter desk cannot even
 * put a library event in the log. Each refusal is per event (the rest of the
 * batch goes in) and stores nothing. Head office stores and relays the
 * accepted ones to every desk of the branch; it keeps no library view.
 */
import type { DeviceRole, PushAck } from '../../shared/contract/sync';
import { streamKind, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { LIBRARY_STREAM } from '../../shared/domain/library/payloads';

export const LIBRARY_REJECTIONS = {
  counter:
    'library_forbidden: a counter desk may not push case-library events; entries, standard answers and plans are written from a supervisor desk',
} as const;

/** A library event: in a library stream, or of a library.* type wherever it claims to be. */
export function isLibraryPush(e: Pick<EventEnvelope, 'stream' | 'type'>): boolean {
  return streamKind(e.stream) === LIBRARY_STREAM || e.type.startsWith(`${LIBRARY_STREAM}.`);
}

/** Why a device of this role may not push this event as a library event; null when it may. */
export function libraryRoleProblem(
  e: Pick<EventEnvelope, 'stream' | 'type'>,
  role: DeviceRole,
): string | null {
  if (!isLibraryPush(e)) return null;
  return role === 'supervisor' ? null : LIBRARY_REJECTIONS.counter;
}

/** The library rules' view of a push: who pushes, and its candidates (events that passed the other checks). */
export interface LibraryRuleJob<C extends { index: number; event: EventEnvelope }> {
  who: { role?: DeviceRole | undefined };
  checked: (PushAck | undefined)[];
  candidates: C[];
}

/**
 * Applies the library rules to a prepared push: refused candidates get their
 * ack in `checked` and leave `candidates`. Without a role (a caller of the
 * store that is not the HTTP route) the device counts as `counter`.
 */
export function applyLibraryRules<C extends { index: number; event: EventEnvelope }>(
  job: LibraryRuleJob<C>,
): void {
  const role = job.who.role ?? 'counter';
  if (role === 'supervisor') return;
  const kept: C[] = [];
  for (const cand of job.candidates) {
    const reason = libraryRoleProblem(cand.event, role);
    if (reason === null) kept.push(cand);
    else job.checked[cand.index] = { id: cand.event.id, status: 'rejected', reason };
  }
  job.candidates = kept;
}
