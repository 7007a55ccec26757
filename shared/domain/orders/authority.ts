/**
 * Who may do what on a work order (ISSUE11.md 'Authority', docs/repair.md),
 * judged by the desk core before it writes and again by the fold (./fold.ts)
 * with the staff directory's role at the event's place in the fold order, so
 * a forged or stale event from another desk is kept, flagged, and has no
 * effect. Nothing a payload says about its author is trusted: a signature's
 * `role` must be the role its signer held then, and the one the act needs.
 *
 * Runtime-neutral and pure.
 */
import type { Role } from '../kernel/roles';
import type { OrderEventType, Signature } from './payloads';
import type { OrderFlagReason } from './state';

/** The role `staffId` held, enabled, just before fold key `key` (the staff directory's `roleAt`). */
export type OrderRoleOracle = (staffId: string, key: string) => Role | null;

/** The front desk (接待): counter clerks, supervisors, administrators. */
export const FRONT_DESK: readonly Role[] = ['counter', 'supervisor', 'admin'];
/** Who starts and finishes work: the team lead (班组长) and the workshop manager (supervisor). */
export const WORKSHOP: readonly Role[] = ['lead', 'supervisor'];
/** Acts whose authority is the signatures they carry: any enabled staff member may record them. */
export const ANY_STAFF: readonly Role[] = ['counter', 'lead', 'qc', 'supervisor', 'admin'];

/** The roles whose holder may be the actor of each order event. */
export const ORDER_ACT_ROLES: Record<OrderEventType, readonly Role[]> = {
  'order.opened': FRONT_DESK,
  'order.item_added': FRONT_DESK,
  'order.consent_recorded': FRONT_DESK,
  'order.item_started': WORKSHOP,
  'order.item_finished': WORKSHOP,
  'order.item_handed': ANY_STAFF,
  'order.inspected': ANY_STAFF,
  'order.substitution_approved': [...FRONT_DESK, 'lead'],
  'order.parts_reconciled': FRONT_DESK,
  'order.desk_checked': FRONT_DESK,
  'order.release_refused': FRONT_DESK,
  'order.released': FRONT_DESK,
  'order.responsibility_decided': ['supervisor', 'admin'],
  'order.case_linked': FRONT_DESK,
  'order.followed_up': FRONT_DESK,
};

/** Signatures each signed act needs, one per role (admin never signs as QC). */
export const HAND_OVER_SIGNERS: readonly Role[] = ['qc'];
export const SUBSTITUTION_SIGNERS: readonly Role[] = ['qc'];

export interface AuthorityProblem {
  reason: OrderFlagReason;
  detail: string;
}

/** Why `actor` may not record an event of `type` at `key`, or null when they may. */
export function actorProblem(
  type: OrderEventType,
  actor: string,
  key: string,
  roleAt: OrderRoleOracle,
): AuthorityProblem | null {
  const held = roleAt(actor, key);
  const allowed = ORDER_ACT_ROLES[type];
  if (held !== null && allowed.includes(held)) return null;
  return { reason: 'no_authority', detail: `needs ${allowed.join('|')}, actor holds ${held ?? 'none'}` };
}

/**
 * Why `signatures` do not carry the roles `needed` at `key`, or null when
 * they do: exactly one signature per needed role, by distinct people, each
 * naming that role and held by an enabled signer who holds it at `key`.
 */
export function signatureProblem(
  signatures: readonly Signature[],
  needed: readonly Role[],
  key: string,
  roleAt: OrderRoleOracle,
): AuthorityProblem | null {
  const got = signatures.map((s) => s.role).join('+') || 'none';
  if (signatures.length !== needed.length) {
    return { reason: 'bad_signature_role', detail: `needs ${needed.join('+')}, signed ${got}` };
  }
  if (new Set(signatures.map((s) => s.signer)).size !== signatures.length) {
    return { reason: 'duplicate_signer', detail: `one person signed ${got}` };
  }
  for (const role of needed) {
    const sig = signatures.find((s) => s.role === role);
    if (sig === undefined) {
      return { reason: 'bad_signature_role', detail: `needs ${needed.join('+')}, signed ${got}` };
    }
    const held = roleAt(sig.signer, key);
    if (held === null) return { reason: 'signer_disabled', detail: `${sig.signer} is unknown or disabled` };
    if (held !== role) {
      return { reason: 'bad_signature_role', detail: `${sig.signer} signed as ${role} but holds ${held}` };
    }
  }
  return null;
}
/** What the fold needs of the staff directory (shared/domain/staff/directory.ts). */
export interface OrderAuthority {
  roleAt: OrderRoleOracle;
}
