/**
 * Who may do what to a case: the acts on a case that only a supervising role
 * (supervisor, admin; ../kernel/roles.ts SUPERVISING_ROLES) may perform, and
 * with a reason. The matrix is docs/roles.md.
 *
 * The same functions judge a command at the desk (electron/desk/features/cases/
 * handlers.ts refuses it) and an event in the fold (./fold.ts gives it no
 * effect), so a forged event from another desk cannot do what the desk's own
 * core refuses. Every act is derived from the case state at that point of the
 * fold and the event itself (its payload and its own HLC time): nothing the
 * payload says about its author's authority is trusted.
 *
 * Runtime-neutral and pure.
 */
import type { Role } from '../kernel/roles';
import { SUPERVISING_ROLES } from '../kernel/roles';
import type { FieldValue, StepNumber } from './payloads';

/** The parts of a case state (./state.ts) the acts are judged against. */
export interface AuthorityView {
  owner: string;
  assignee: { value: string | null };
  severity: { value: string };
  dueAt: { value: string | null };
}

/** The acts on a case reserved to a supervising role, each with a reason. */
export const RESTRICTED_ACTS = [
  /** Lowering a case's severity. */
  'lower_severity',
  /** Pushing the due date later, or clearing it. */
  'extend_due',
  /** Assigning a case the actor does not own (see `reassignIsRestricted`). */
  'reassign',
  /** Saying a complaint was received more than RECEIPT_BACKDATE_WINDOW_MS before it was entered. */
  'backdate_receipt',
  /** Changing the nature of a closed case: a case.classified with a reason (issue 12: ./natureFold.ts). */
  'reclassify',
] as const;
export type RestrictedAct = (typeof RESTRICTED_ACTS)[number];

/**
 * How long before its entry anyone may say a complaint was received (e.g. a
 * phone complaint written up the next morning). Further back is a
 * supervisor's act with a reason (the domain asks for entry within 2 hours).
 */
export const RECEIPT_BACKDATE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Severity order, lowest first, for "lowered": general (same day) < special
 * (within 3 days) < major (report to the department head) < urgent (people or
 * property at risk, immediate dispatch). The fold cannot read the branch's
 * taxonomy, so the order lives here; a value not in this list cannot be
 * ranked, and any change from or to it counts as lowering (a supervisor's act).
 */
export const SEVERITY_ORDER = ['general', 'special', 'major', 'urgent'] as const;

/**
 * Where the script records the complainant type, and its suspected-malicious-claim value
 * (疑似恶意索赔). Choosing it is anyone's: it is a suspicion, not a determination (the desk
 * also records `case.malice_suspected`; only a supervisor determines, with evidence:
 * ./malice.ts, docs/escalation-and-malice.md).
 */
export const MALICIOUS_CLAIM = { step: 3, field: 'complainantType', value: 'malicious_claim' } as const;

/** The fold's view of authority: the role `actorId` held at fold key `key`, or null if none. */
export type RoleOracle = (actorId: string, key: string) => Role | null;

export function isSupervising(role: Role | null | undefined): boolean {
  return role !== null && role !== undefined && SUPERVISING_ROLES.includes(role);
}

function severityRank(value: string): number {
  return (SEVERITY_ORDER as readonly string[]).indexOf(value);
}

/** True when going from severity `from` to `to` lowers it (or cannot be ranked). */
export function severityLowered(from: string, to: string): boolean {
  if (from === to) return false;
  const a = severityRank(from);
  const b = severityRank(to);
  return a < 0 || b < 0 || b < a;
}

/** True when due date `to` is later than `from`, or clears it. Setting a first due date is not an extension. */
export function dueExtended(from: string | null, to: string | null): boolean {
  if (from === null || from === to) return false;
  if (to === null) return true;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) || b > a;
}

/**
 * A non-supervisor may set the assignee of a case they own: they are its
 * first-contact owner (首问负责人) or its current assignee (they may hand it
 * on, or give it up). Anyone may take an unassigned case for themselves.
 * Anything else (taking a colleague's case, assigning someone else's case)
 * is a supervisor's act.
 */
export function reassignIsRestricted(
  state: Pick<AuthorityView, 'owner' | 'assignee'>,
  actorId: string,
  to: string | null,
): boolean {
  const current = state.assignee.value;
  if (current === to) return false;
  if (actorId === state.owner || actorId === current) return false;
  return !(current === null && to === actorId);
}

/** True when `receivedAt` lies more than the window before `enteredMs` (or cannot be read). */
export function receiptBackdated(receivedAt: string, enteredMs: number): boolean {
  const at = Date.parse(receivedAt);
  return Number.isNaN(at) || at < enteredMs - RECEIPT_BACKDATE_WINDOW_MS;
}

/** True when recording `fields` at `step` says the complainant is suspected of a malicious claim. */
export function suspectsMalice(step: StepNumber, fields: Record<string, FieldValue>): boolean {
  return step === MALICIOUS_CLAIM.step && fields[MALICIOUS_CLAIM.field] === MALICIOUS_CLAIM.value;
}

/** A change of one mutable field: which restricted act it is, if any. */
export function fieldSetAct(
  state: AuthorityView,
  actorId: string,
  field: string,
  value: string | null,
): RestrictedAct | null {
  switch (field) {
    case 'severity':
      return value !== null && severityLowered(state.severity.value, value) ? 'lower_severity' : null;
    case 'dueAt':
      return dueExtended(state.dueAt.value, value) ? 'extend_due' : null;
    case 'assignee':
      return reassignIsRestricted(state, actorId, value) ? 'reassign' : null;
    default:
      return null;
  }
}
