/**
 * Escalation as a decision (issue 12, DOMAIN.md section 5; docs/escalation-and-malice.md).
 *
 * A case starts at the counter. The decision path (can the employee solve
 * it? can it be solved on site?) answered no twice, it goes UP the ladder
 * counter -> supervisor (the branch supervisor) -> region -> head office,
 * with a root cause (process, policy, skill) and a reason. A pure skill
 * problem is not escalated: the desk offers coaching instead.
 *
 * Who may escalate to which level (the role at the event's place in the log):
 * a counter clerk to `supervisor` only; a supervisor or an admin to any level
 * above the current one; nobody else. Each escalation is reviewed once, as
 * justified or not, by a supervisor or an admin.
 *
 * The first-contact owner (首问负责人, `CaseState.owner`) never changes by
 * escalation: the case is owned at its new level (`levelOwnerRole`) while its
 * owner stays accountable.
 *
 * The same functions judge a command at the desk
 * (electron/desk/features/cases/escalation.ts) and an event in the fold
 * (./escalationFold.ts). Runtime-neutral and pure.
 */
import type { Role } from '../kernel/roles';
import { SUPERVISING_ROLES } from '../kernel/roles';
import { ESCALATION_LEVELS, type EscalationLevel, type RootCause } from './payloads';

/** The ladder, lowest first: every case starts at the counter. */
export const LEVEL_LADDER = ['counter', ...ESCALATION_LEVELS] as const;
export type CaseLevel = (typeof LEVEL_LADDER)[number];

/** Acts on a case the escalation rules judge (flags of ./state.ts CaseFlag). */
export const ESCALATION_ACTS = ['escalate', 'review_escalation'] as const;
export type EscalationAct = (typeof ESCALATION_ACTS)[number];

/**
 * Why the fold kept an escalation event without effect (besides
 * `no_authority`): the level is not above the current one, a pure skill
 * problem, a review of an escalation the case does not have (at that point
 * of the log), or a second review of the same escalation.
 */
export const ESCALATION_FLAG_REASONS = [
  'level_not_above',
  'skill_not_escalated',
  'unknown_escalation',
  'already_reviewed',
  /** Issue 12 review #8: a supervisor reviewing their own escalation (an admin may). */
  'own_escalation',
] as const;
export type EscalationFlagReason = (typeof ESCALATION_FLAG_REASONS)[number];

/** One escalation (a `case.escalated` with effect). Keys in canonical (sorted) order, as the fold builds them. */
export interface CaseEscalationStep {
  by: string;
  /** The `case.escalated` event's id: what a review names. */
  eventId: string;
  /** The level it came from. */
  from: CaseLevel;
  hlc: string;
  level: EscalationLevel;
  reason: string;
  rootCause: RootCause;
}

/** A supervisor's review of one escalation (a `case.escalation_reviewed` with effect). */
export interface CaseEscalationReview {
  by: string;
  comment: string;
  escalationId: string;
  eventId: string;
  hlc: string;
  justified: boolean;
}

/** A case's escalation: the current level, since when and by whom, every step and every review. */
export interface CaseEscalation {
  /** Who escalated to the current level. */
  by: string;
  level: EscalationLevel;
  /** The reviews, in fold order. */
  reviews: CaseEscalationReview[];
  /** HLC of the escalation to the current level. */
  since: string;
  /** Every escalation with effect, in fold order (levels only go up). */
  steps: CaseEscalationStep[];
}

/** The rank of a level on the ladder (counter 0 .. head_office 3), -1 when unknown. */
export function levelRank(level: string): number {
  return (LEVEL_LADDER as readonly string[]).indexOf(level);
}

/** The level a case is at: 'counter' until it is escalated. */
export function currentLevel(state: { escalation: CaseEscalation | null }): CaseLevel {
  return state.escalation?.level ?? 'counter';
}

/** True when `to` lies above `from` on the ladder (levels only go up). */
export function isAbove(to: string, from: CaseLevel): boolean {
  const t = levelRank(to);
  return t >= 0 && t > levelRank(from);
}

/** The highest level a role may escalate to: counter clerks to their supervisor, supervisors and admins anywhere. */
function highestFor(role: Role | null | undefined): number {
  if (role === 'counter') return levelRank('supervisor');
  if (role !== null && role !== undefined && SUPERVISING_ROLES.includes(role)) return LEVEL_LADDER.length - 1;
  return -1;
}

/** True when `role` may escalate a case to `level` (whatever the case's current level). */
export function mayEscalateTo(role: Role | null | undefined, level: EscalationLevel): boolean {
  return levelRank(level) <= highestFor(role);
}

/** The levels above `level` that `role` may escalate to, lowest first (empty: none). */
export function nextLevels(level: CaseLevel, role: Role | null | undefined): EscalationLevel[] {
  return ESCALATION_LEVELS.filter((l) => isAbove(l, level) && mayEscalateTo(role, l));
}

/**
 * Who owns a case at a level: the counter clerk, the branch supervisor; a
 * region or head office owns it outside the branch (null: no desk role),
 * where the branch's supervisor follows it up.
 */
export function levelOwnerRole(level: CaseLevel): Role | null {
  switch (level) {
    case 'counter':
      return 'counter';
    case 'supervisor':
      return 'supervisor';
    default:
      return null;
  }
}

/** May `role` review an escalation: a supervisor or an admin. */
export function mayReviewEscalation(role: Role | null | undefined): boolean {
  return role !== null && role !== undefined && SUPERVISING_ROLES.includes(role);
}

/**
 * What keeps an escalation from counting, besides the actor's role (judged
 * first, by `mayEscalateTo`): a pure skill problem, or a level not above the
 * current one. Null when it may count.
 */
export function escalationProblem(
  state: { escalation: CaseEscalation | null },
  p: { level: EscalationLevel; rootCause: RootCause },
): Extract<EscalationFlagReason, 'level_not_above' | 'skill_not_escalated'> | null {
  if (p.rootCause === 'skill') return 'skill_not_escalated';
  if (!isAbove(p.level, currentLevel(state))) return 'level_not_above';
  return null;
}

/**
 * What keeps a review from counting (besides the role): no such escalation,
 * it was reviewed already, or the reviewer is the escalation's author (no one
 * judges their own escalation; an admin may: `role` 'admin'; undefined, when
 * the fold has no oracle, judges only the author).
 */
export function reviewProblem(
  state: { escalation: CaseEscalation | null },
  escalationId: string,
  reviewer: { actor: string; role: Role | null | undefined },
): Extract<EscalationFlagReason, 'unknown_escalation' | 'already_reviewed' | 'own_escalation'> | null {
  const e = state.escalation;
  const step = e?.steps.find((s) => s.eventId === escalationId);
  if (e === null || e === undefined || step === undefined) return 'unknown_escalation';
  if (e.reviews.some((r) => r.escalationId === escalationId)) return 'already_reviewed';
  if (isOwnEscalation(step, reviewer)) return 'own_escalation';
  return null;
}

/**
 * True when `reviewer` made the escalation `step` and is not an admin: they
 * may not judge it (the fold's `own_escalation`). The board and the case
 * page use it to offer the review to someone else.
 */
export function isOwnEscalation(
  step: { by: string },
  reviewer: { actor: string; role: Role | null | undefined },
): boolean {
  return step.by === reviewer.actor && reviewer.role !== 'admin';
}

/** The escalations of a case still waiting for a review, oldest first. */
export function unreviewed(escalation: CaseEscalation | null): CaseEscalationStep[] {
  if (escalation === null) return [];
  const done = new Set(escalation.reviews.map((r) => r.escalationId));
  return escalation.steps.filter((s) => !done.has(s.eventId));
}

/** The texts written on a case's escalation, for search (./searchText.ts): reasons, then review comments. */
export function escalationTexts(s: { escalation: CaseEscalation | null }): string[] {
  if (s.escalation === null) return [];
  return [...s.escalation.steps.map((x) => x.reason), ...s.escalation.reviews.map((r) => r.comment)];
}
