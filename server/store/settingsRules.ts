/**
 * Who may push settings events (issue 9; docs/protocol.md §3.2), like the
 * staff rules (./staffRules.ts) and decided from the envelope only (stream
 * kind and type, never the payload): a `counter` device may not push any
 * settings event; a `supervisor` device may (whether the event counts is the
 * settings fold's call: its actor must have been an administrator).
 *
 * A branch's calendar and deadline rules decide every deadline of the
 * branch, so they are changed from a supervisor desk only: a tampered
 * counter desk cannot even put a settings event in the log. Each refusal is
 * per event (the rest of the batch goes in) and stores nothing.
 */
import type { DeviceRole, PushAck } from '../../shared/contract/sync';
import { streamKind, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { SETTINGS_STREAM } from '../../shared/domain/settings/payloads';

export const SETTINGS_REJECTIONS = {
  counter:
    'settings_forbidden: a counter desk may not push settings events; the branch calendar and deadline rules are changed from a supervisor desk',
} as const;

/** A settings event: in a settings stream, or of a settings.* type wherever it claims to be. */
export function isSettingsPush(e: Pick<EventEnvelope, 'stream' | 'type'>): boolean {
  return streamKind(e.stream) === SETTINGS_STREAM || e.type.startsWith(`${SETTINGS_STREAM}.`);
}

/** Why a device of this role may not push this event as a settings event; null when it may. */
export function settingsRoleProblem(
  e: Pick<EventEnvelope, 'stream' | 'type'>,
  role: DeviceRole,
): string | null {
  if (!isSettingsPush(e)) return null;
  return role === 'supervisor' ? null : SETTINGS_REJECTIONS.counter;
}

/** The settings rules' view of a push: who pushes, and its candidates (events that passed the other checks). */
export interface SettingsRuleJob<C extends { index: number; event: EventEnvelope }> {
  who: { role?: DeviceRole | undefined };
  checked: (PushAck | undefined)[];
  candidates: C[];
}

/**
 * Applies the settings rules to a prepared push: refused candidates get their
 * ack in `checked` and leave `candidates`. Without a role (a caller of the
 * store that is not the HTTP route) the device counts as `counter`.
 */
export function applySettingsRules<C extends { index: number; event: EventEnvelope }>(
  job: SettingsRuleJob<C>,
): void {
  const role = job.who.role ?? 'counter';
  const kept: C[] = [];
  for (const cand of job.candidates) {
    const reason = settingsRoleProblem(cand.event, role);
    if (reason === null) kept.push(cand);
    else job.checked[cand.index] = { id: cand.event.id, status: 'rejected', reason };
  }
  job.candidates = kept;
}
