/**
 * Who may push staff events (issue 8 item 1, the server's part;
 * docs/protocol.md §3.2). Decided from the envelope (and, for an own secret
 * change from a counter desk, head office's staff rows) — stream kind,
 * type, actor, HLC — never from a payload, whose schemas belong to the staff
 * feature:
 *
 * - A `counter` device may push only `staff.secretChanged` in the stream of
 *   the clerk who is its actor (a clerk changing their own PIN), and not for
 *   a member head office knows as an administrator or supervisor: the desk
 *   names the actor itself, so a tampered counter desk could otherwise set
 *   an administrator's PIN and sign in as them at a supervisor desk. Those
 *   change their secret at a supervisor desk (the desk core says so up
 *   front, electron/desk/kernel/deskRole.ts). A `supervisor` device may push
 *   any staff event.
 * - A staff event whose HLC lies before the device's enrolment (minus the
 *   allowed drift) is refused unless the desk declared its id at enrolment
 *   (`EnrollRequest.staffEventIds`): a desk cannot back-date a forged
 *   administrator to before the others. A clerk's change of their own secret
 *   is exempt: it grants nothing whenever it is dated (the staff fold lets
 *   it change only that record's secret, and a later reset still wins), and
 *   a desk whose clock is slow hashes its records again under the branch key
 *   right after it enrols (decision 0021).
 *
 * Each refusal is per event (the rest of the batch goes in) and stores nothing.
 */
import { SYNC_LIMITS, type DeviceRole, type PushAck } from '../../shared/contract/sync';
import { streamId, streamKind, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { hlcWallMs } from '../../shared/domain/kernel/hlc';
import { STAFF_STREAM } from '../../shared/domain/staff/payloads';
import type { StoreContext } from './context';
import { chunks } from './projectors';

/** The one staff event a counter device may push: a clerk changing their own secret. */
export const SELF_SERVICE_STAFF_TYPE = 'staff.secretChanged';

export const STAFF_REJECTIONS = {
  counter:
    'staff_forbidden: a counter desk may push only staff.secretChanged by the clerk whose record it is; other staff changes need a supervisor desk',
  elevated:
    "staff_forbidden: an administrator's or supervisor's secret changes only at a supervisor desk, not a counter desk",
  beforeEnrolment:
    'staff_before_enrolment: this staff event is dated before the desk was enrolled and was not declared at enrolment',
} as const;

/** A staff event: in a staff stream, or of a staff.* type wherever it claims to be. */
export function isStaffEvent(e: Pick<EventEnvelope, 'stream' | 'type'>): boolean {
  return streamKind(e.stream) === STAFF_STREAM || e.type.startsWith(`${STAFF_STREAM}.`);
}

/** Why a device of this role may not push this staff event; null when it may. */
export function staffRoleProblem(
  e: Pick<EventEnvelope, 'stream' | 'type' | 'actor'>,
  role: DeviceRole,
): string | null {
  if (role === 'supervisor') return null;
  return isOwnSecretChange(e) ? null : STAFF_REJECTIONS.counter;
}

/** A staff member changing their own secret (the one staff event that grants nothing). */
function isOwnSecretChange(e: Pick<EventEnvelope, 'stream' | 'type' | 'actor'>): boolean {
  return (
    e.type === SELF_SERVICE_STAFF_TYPE &&
    streamKind(e.stream) === STAFF_STREAM &&
    streamId(e.stream) === e.actor
  );
}

/** True when the event's HLC is earlier than the enrolment, beyond the clock drift the server allows. */
export function isBeforeEnrolment(e: Pick<EventEnvelope, 'hlc'>, enrolledAt: number): boolean {
  return hlcWallMs(e.hlc) < enrolledAt - SYNC_LIMITS.maxDriftMs;
}

/** Which of these members head office's staff rows list as administrator or supervisor (`branch \0 id` keys). */
async function elevatedStaff(
  c: StoreContext,
  members: readonly { branch: string; staffId: string }[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(members.map((m) => m.staffId))], 500)) {
    const rows = await c.db
      .selectFrom('staff')
      .select(['branch', 'id'])
      .where('id', 'in', part)
      .where('role', 'in', ['admin', 'supervisor'])
      .execute();
    for (const r of rows) found.add(`${r.branch}\u0000${r.id}`);
  }
  return found;
}

/** The staff rules' view of a push: who pushes, and its candidates (events that passed the other checks). */
export interface StaffRuleJob<C extends { index: number; event: EventEnvelope }> {
  who: { deviceId: string; role?: DeviceRole | undefined; enrolledAt?: number | undefined };
  checked: (PushAck | undefined)[];
  candidates: C[];
}

/**
 * Applies the staff rules to a prepared push: refused candidates get their
 * ack in `checked` and leave `candidates`. Reads the device's declared
 * events (one query) only when the batch has back-dated staff events.
 *
 * Without a role (a caller of the store that is not the HTTP route) the
 * device counts as `counter`; without an enrolment time, the date check is
 * skipped.
 */
export async function applyStaffRules<C extends { index: number; event: EventEnvelope }>(
  c: StoreContext,
  job: StaffRuleJob<C>,
): Promise<void> {
  const role = job.who.role ?? 'counter';
  const enrolledAt = job.who.enrolledAt;
  const refused = new Map<number, string>();
  const backDated: { index: number; id: string }[] = [];
  const ownChanges: { index: number; branch: string; staffId: string }[] = [];
  for (const cand of job.candidates) {
    const e = cand.event;
    if (!isStaffEvent(e)) continue;
    const problem = staffRoleProblem(e, role);
    if (problem !== null) refused.set(cand.index, problem);
    else if (role !== 'supervisor' && isOwnSecretChange(e))
      ownChanges.push({ index: cand.index, branch: e.branch, staffId: e.actor });
    else if (enrolledAt !== undefined && !isOwnSecretChange(e) && isBeforeEnrolment(e, enrolledAt))
      backDated.push({ index: cand.index, id: e.id });
  }
  if (ownChanges.length > 0) {
    const elevated = await elevatedStaff(c, ownChanges);
    for (const o of ownChanges)
      if (elevated.has(`${o.branch}\u0000${o.staffId}`)) refused.set(o.index, STAFF_REJECTIONS.elevated);
  }
  if (backDated.length > 0) {
    const declared = new Set<string>();
    for (const part of chunks([...new Set(backDated.map((b) => b.id))], 500)) {
      const rows = await c.db
        .selectFrom('device_staff_events')
        .select('event_id')
        .where('device_id', '=', job.who.deviceId)
        .where('event_id', 'in', part)
        .execute();
      for (const r of rows) declared.add(r.event_id);
    }
    for (const b of backDated)
      if (!declared.has(b.id)) refused.set(b.index, STAFF_REJECTIONS.beforeEnrolment);
  }
  if (refused.size === 0) return;
  for (const cand of job.candidates) {
    const reason = refused.get(cand.index);
    if (reason !== undefined) job.checked[cand.index] = { id: cand.event.id, status: 'rejected', reason };
  }
  job.candidates = job.candidates.filter((cand) => !refused.has(cand.index));
}
