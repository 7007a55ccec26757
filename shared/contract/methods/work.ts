/**
 * DeskApi methods of the work feature (issue 9, items 8-9): 我的待办 / My
 * work, the supervisor's board, one case's deadlines, and the desk's alerts.
 * Deadlines are derived (shared/domain/deadlines/caseDeadlines.ts,
 * docs/deadlines.md); instants are ISO-8601.
 */
import { z } from 'zod';
import { CaseStatus, EscalationLevel, RootCause } from '../../domain/cases/payloads';
import { DEADLINE_KINDS, DEADLINE_STATUSES } from '../../domain/deadlines/caseDeadlines';
import { id, type MethodTable } from './common';

export const DeadlineKind = z.enum(DEADLINE_KINDS);
export const DeadlineState = z.enum(DEADLINE_STATUSES);

/** One deadline of one case, as a queue shows it. */
export const WorkItem = z.object({
  caseId: id,
  caseNumber: z.string(),
  customerName: z.string(),
  severity: z.string(),
  status: CaseStatus,
  kind: DeadlineKind,
  /** The action id for kind 'action', else ''. */
  ref: z.string(),
  /** Staff id responsible; null for a department's action. */
  owner: z.string().nullable(),
  ownerName: z.string(),
  /** null: paused. */
  dueAt: z.string().nullable(),
  metAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  state: DeadlineState,
});
export type WorkItem = z.infer<typeof WorkItem>;

/** A capped list (most urgent first) and how many there are, counted up to 1,000 (`capped`: more). */
export const WorkList = z.object({ items: z.array(WorkItem), count: z.number().int(), capped: z.boolean() });
export type WorkList = z.infer<typeof WorkList>;

/**
 * A work order's follow-up call (issue 11): due 3 calendar days after
 * release at the end of that working day on the branch calendar in force at
 * release, open until a call reached the customer (order.followUp.record).
 */
export const OrderCallbackItem = z.object({
  orderId: id,
  orderNumber: z.string(),
  customerName: z.string(),
  customerPhone: z.string(),
  plate: z.string(),
  /** The front-desk receiver of the order. */
  owner: z.string(),
  ownerName: z.string(),
  releasedAt: z.string(),
  dueAt: z.string().nullable(),
  state: DeadlineState,
});
export type OrderCallbackItem = z.infer<typeof OrderCallbackItem>;

/** Follow-up calls, earliest due first, counted up to 1,000 (`capped`: more) like the lists. */
export const OrderCallbackList = z.object({
  items: z.array(OrderCallbackItem),
  count: z.number().int(),
  capped: z.boolean(),
});
export type OrderCallbackList = z.infer<typeof OrderCallbackList>;

/** Issue 12: a case with an escalation no supervisor has reviewed yet (the oldest waiting one). */
export const EscalationReviewItem = z.object({
  caseId: id,
  number: z.string(),
  customerName: z.string(),
  /** The level the case is at now. */
  level: EscalationLevel,
  /** The oldest escalation waiting for a review: when, which event, why. */
  escalatedAt: z.string(),
  escalationId: id,
  rootCause: RootCause,
  reason: z.string(),
  /** How many of the case's escalations wait. */
  waiting: z.number().int(),
});
export const EscalationReviewList = z.object({
  items: z.array(EscalationReviewItem),
  count: z.number().int(),
  capped: z.boolean(),
});
export type EscalationReviewList = z.infer<typeof EscalationReviewList>;

/**
 * Issue 12 (review finding 7): an open case owned at an escalated level
 * (shared/domain/cases/escalation.ts `levelOwnerRole`), with its
 * first-contact owner, who stays accountable and keeps its deadlines.
 */
export const LevelCaseItem = z.object({
  caseId: id,
  number: z.string(),
  customerName: z.string(),
  status: CaseStatus,
  level: EscalationLevel,
  /** When the case reached its level, why and on what root cause (the latest escalation). */
  escalatedAt: z.string(),
  rootCause: RootCause,
  reason: z.string(),
  /** The first-contact owner (首问负责人). */
  owner: z.string(),
  ownerName: z.string(),
  /** The latest escalation has been reviewed. */
  reviewed: z.boolean(),
});
export type LevelCaseItem = z.infer<typeof LevelCaseItem>;
export const LevelCaseList = z.object({
  items: z.array(LevelCaseItem),
  count: z.number().int(),
  capped: z.boolean(),
});
export type LevelCaseList = z.infer<typeof LevelCaseList>;

export const WorkBoard = z.object({
  overdue: WorkList,
  /** Due within the rules' dueSoonWorkingMinutes (2 working hours by default). */
  dueSoon: WorkList,
  /** Entered later than the entry rule (most recent first). */
  lateEntry: WorkList,
  /** Contact attempts used up without reaching the customer, case still open. */
  contactsExhausted: WorkList,
  /** Callbacks (回访) not yet done, by due time. */
  callbacksDue: WorkList,
  /** Work orders' follow-up calls not yet done, earliest due first (issue 11); counted like the lists. */
  orderCallbacksDue: OrderCallbackList,
  /** Callbacks ended after the allowed failed attempts. */
  unreachable: WorkList,
  /** Cases waiting (one item per case). */
  paused: WorkList,
  /** Callbacks due in the `days` whole (UTC) days before today and today up to now: how many were done. */
  callbackCoverage: z.object({ done: z.number().int(), due: z.number().int(), days: z.number().int() }),
  /** Issue 12: escalations awaiting a supervisor's review, longest waiting first. */
  escalationsToReview: EscalationReviewList,
  /** Issue 12: open cases escalated to the branch supervisor (在我这一级), earliest case first. */
  atMyLevel: LevelCaseList,
  /** Issue 12: open cases escalated to the region or head office, which the supervisor follows up. */
  escalatedAbove: LevelCaseList,
});
export type WorkBoard = z.infer<typeof WorkBoard>;

/** A deadline of one case with its state and the working minutes left (negative: late). */
export const CaseDeadlineView = z.object({
  kind: DeadlineKind,
  ref: z.string(),
  owner: z.string().nullable(),
  dueAt: z.string().nullable(),
  metAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  state: DeadlineState,
  /** Working minutes from now to the due time, while neither met, ended nor paused. */
  workingMinutesLeft: z.number().nullable(),
});
export type CaseDeadlineView = z.infer<typeof CaseDeadlineView>;

/**
 * `order_failures` (issue 11): a work order's third failed inspection, for the supervisors; its
 * `caseId` is the order's id. A work order's follow-up call past due raises `overdue` with kind
 * `order_follow_up` (its `caseId` the order's id too).
 */
export const ALERT_RULES = [
  'due_soon',
  'overdue',
  'contact_exhausted',
  'callback_unreachable',
  'order_failures',
] as const;
export const AlertRule = z.enum(ALERT_RULES);
export type AlertRule = z.infer<typeof AlertRule>;

export const Alert = z.object({
  id: z.number().int(),
  /** The case's id, or the work order's for rule `order_failures` and kind `order_follow_up`. */
  caseId: id,
  /** The case's number, or the work order's (`WO-...`). */
  caseNumber: z.string(),
  rule: AlertRule,
  /** The deadline's kind; `order_failures` or `order_follow_up` (its follow-up call) for a work order's. */
  kind: z.union([DeadlineKind, z.literal('order_failures'), z.literal('order_follow_up')]),
  ref: z.string(),
  owner: z.string().nullable(),
  dueAt: z.string().nullable(),
  raisedAt: z.string(),
  ackedAt: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;

const limit = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);

export const workMethods = {
  'work.mine': {
    input: z.object({ limit: limit(200, 50) }).strict(),
    output: z.object({
      /** Open deadlines the signed-in staff member is responsible for, soonest first. */
      items: z.array(WorkItem),
      count: z.number().int(),
      capped: z.boolean(),
      /** Of mine, how many are paused (not in items). */
      paused: z.number().int(),
      /** Follow-up calls of the work orders I received (owner), not yet done, earliest due first (issue 11). */
      orderCallbacks: OrderCallbackList,
      /** Issue 12: open cases at the escalation level my role owns (a supervisor's), earliest case first. */
      atMyLevel: LevelCaseList,
    }),
    auth: 'any',
  },
  'work.board': {
    input: z.object({ limit: limit(100, 20) }).strict(),
    output: WorkBoard,
    auth: ['supervisor', 'admin'],
  },
  'work.case': {
    input: z.object({ caseId: id }).strict(),
    output: z.object({ deadlines: z.array(CaseDeadlineView) }),
    auth: 'any',
  },
  'alert.list': {
    input: z.object({ includeAcked: z.boolean().default(false), limit: limit(200, 50) }).strict(),
    output: z.object({ items: z.array(Alert), unacked: z.number().int() }),
    auth: 'any',
  },
  'alert.ack': {
    input: z.object({ alertId: z.number().int().min(1) }).strict(),
    output: Alert,
    auth: 'any',
  },
} as const satisfies MethodTable;
