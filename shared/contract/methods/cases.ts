/**
 * DeskApi methods of the case feature: intake, the six steps, notes, fields,
 * close and reopen, the list; the follow-up facts of issue 9 (pause and
 * resume, contact attempts, actions, callbacks); and issue 12's judgments
 * (escalation and its review, suspected malicious claims).
 *
 * Every method answers the case's detail, defined here. The follow-up facts
 * and the judgments live in parts of their own (./caseFollowUp.ts,
 * ./caseJudgment.ts: their views and methods), which this file imports and
 * composes into its table (declared parts, test/unit/layers.test.ts
 * METHOD_PARTS; a part imports no sibling).
 */
import { z } from 'zod';
import {
  CustomerAttributeFields,
  CaseStatus,
  Customer,
  FieldValue,
  MutableCaseField,
  Nature,
  StepNumber,
} from '../../domain/cases/payloads';
import type { CaseSummaryRow } from '../../domain/cases/row';
import { HandlingScript, Taxonomy } from '../../domain/cases/script';
import { LIMITS } from '../../domain/kernel/limits';
import { CASE_DEADLINE_STATES, type CaseDeadlineState } from '../../domain/deadlines/caseDeadlines';
import { empty, id, isoInstant, type MethodTable } from './common';
import { LEVEL_LADDER } from '../../domain/cases/escalation';
import {
  CaseActionView,
  CaseCallbackView,
  CaseContactView,
  CasePauseView,
  caseFollowUpMethodsFor,
} from './caseFollowUp';
import { caseJudgmentMethodsFor, EscalationView, MaliceView } from './caseJudgment';
import { AnalysisDrill } from '../../domain/analysis/drill';
import { caseTagMethodsFor, CaseTagsView } from './caseTags'; // issue 14

/**
 * Why a supervisor does a restricted act (shared/domain/cases/authority.ts:
 * lower severity, extend the due date, reassign, back-date receipt, mark a
 * claim malicious). Required for those acts, recorded in the event; not
 * recorded for any other change.
 */
const actReason = z.string().trim().min(1).max(LIMITS.reason).optional();

export { CASE_DEADLINE_STATES, type CaseDeadlineState };

export const CaseSummary = z.object({
  id,
  number: z.string(),
  status: CaseStatus,
  /** The next step to record (1-6), or null when all six are recorded. */
  currentStep: StepNumber.nullable(),
  customerName: z.string(),
  customerPhone: z.string(),
  channel: z.string(),
  category: z.string(),
  severity: z.string(),
  owner: z.string(),
  ownerName: z.string(),
  assignee: z.string().nullable(),
  receivedAt: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  /**
   * The earliest due time among the case's open, unpaused deadlines (issue 9,
   * docs/deadlines.md), and the case's deadline state now: overdue, due soon,
   * paused (waiting, nothing overdue or due soon), pending; null when nothing
   * is open. The desk's case list and head office's (GET /v1/admin/cases,
   * the same rule against the server's clock) fill them; elsewhere they are
   * absent.
   */
  nextDueAt: z.string().nullable().optional(),
  deadlineState: z.enum(CASE_DEADLINE_STATES).nullable().optional(),
  /**
   * Issue 12, filled by the desk and head office (same rules): a repeat complaint
   * (the same customer has an earlier case within the repeat window), the
   * nature the case was classified with at its close (null before), and
   * first-contact resolution (null while open; docs/first-contact-resolution.md).
   */
  repeat: z.boolean().optional(),
  /** A repeat with an earlier case of the same category within the window (重复投诉 · 同类). */
  repeatSameCategory: z.boolean().optional(),
  nature: Nature.nullable().optional(),
  fcr: z.boolean().nullable().optional(),
  /** Issue 12: the level the case is at ('counter' until escalated), where the list shows it. */
  escalationLevel: z.enum(LEVEL_LADDER).optional(),
  /** Issue 12: suspected, determined malicious or in good faith; null when never flagged. */
  maliceStatus: z.enum(['suspected', 'malicious', 'good_faith']).nullable().optional(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

/** The summary of a case row as desk and head office read it back (shared/domain/cases/row.ts). */
export function caseSummaryOfRow(r: CaseSummaryRow): CaseSummary {
  return {
    id: r.id,
    number: r.number,
    status: r.status as CaseStatus,
    currentStep: r.current_step as StepNumber | null,
    customerName: r.customer_name,
    customerPhone: r.customer_phone,
    channel: r.channel,
    category: r.category,
    severity: r.severity,
    owner: r.owner,
    ownerName: r.owner_name ?? '',
    assignee: r.assignee,
    receivedAt: r.received_at,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    dueAt: r.due_at,
    // ---- issue 12: where the row was read with them
    ...(r.escalation_level !== undefined
      ? { escalationLevel: r.escalation_level as (typeof LEVEL_LADDER)[number] }
      : {}),
    ...(r.malice !== undefined ? { maliceStatus: r.malice as CaseSummary['maliceStatus'] } : {}),
  };
}

export const TimelineEntry = z.object({
  eventId: id,
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  actorName: z.string(),
  device: z.string(),
  payload: z.unknown(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

// ---- follow-up facts (issue 9): their views and methods are in ./caseFollowUp.ts

export {
  ActionOwnerInput,
  CaseActionView,
  CaseCallbackView,
  CaseContactView,
  CasePauseView,
} from './caseFollowUp';

// ---- escalation and malicious claims (issue 12): their views and methods are in ./caseJudgment.ts

export {
  EscalationReviewView,
  EscalationStepView,
  EscalationView,
  MaliceDeterminationView,
  MaliceView,
} from './caseJudgment';

export const CaseDetail = CaseSummary.extend({
  scriptVersion: z.string(),
  customer: Customer,
  account: z.string(),
  /** Latest captured fields per recorded step, keyed "1".."6". */
  steps: z.record(z.string(), z.record(z.string(), FieldValue)),
  /** When each recorded step was FIRST recorded (entry time, ISO), keyed "1".."6". */
  stepRecordedAt: z.record(z.string(), z.string()),
  pauses: z.array(CasePauseView),
  contacts: z.array(CaseContactView),
  actions: z.array(CaseActionView),
  callbacks: z.array(CaseCallbackView),
  /** Why entry came later than the entry rule allows, as given at intake. */
  lateReason: z.string().nullable(),
  /**
   * The due date was set without a supervising role over none, or over one
   * set so too (decision 0050): it counts only where it is earlier than the
   * result deadline the rules give (`resultDueByRule`). Absent: not so.
   */
  dueBounded: z.boolean().optional(),
  /**
   * The result deadline the branch's deadline rules give this case, before
   * any due date set on it (docs/deadlines.md): the latest first due date a
   * counter clerk may set. Null when the rules give none; absent where the
   * reader has no deadline settings (the PDF listing).
   */
  resultDueByRule: z.string().nullable().optional(),
  // ---- issue 12
  /** Null while the case is at the counter. */
  escalation: EscalationView.nullable(),
  /** Null when nobody flagged the case. */
  malice: MaliceView.nullable(),
  // ---- issue 14: failure point, quality gap, accountability (./caseTags.ts)
  tags: CaseTagsView,
  /** Issue 14 item 1: the customer's region, level and shared-customer answer as recorded at intake; absent when none was. */
  attributes: z
    .object({
      region: z.string().nullable(),
      customerLevel: z.string().nullable(),
      sharedCustomer: z.boolean().nullable(),
    })
    .optional(),
  timeline: z.array(TimelineEntry),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseListQuery = z
  .object({
    status: CaseStatus.optional(),
    category: z.string().max(64).optional(),
    severity: z.string().max(64).optional(),
    owner: id.optional(),
    /** Received on or after (ISO instant). */
    from: isoInstant.optional(),
    /** Received before (ISO instant). */
    to: isoInstant.optional(),
    /** Substring over customer name, phone, case number and complaint text. */
    text: z.string().trim().max(LIMITS.searchText).optional(),
    /** Cases in this deadline state now (see CaseSummary.deadlineState). */
    due: z.enum(['overdue', 'due_soon', 'paused']).optional(),
    /** Issue 12: only repeat complaints (true) or only first ones (false). */
    repeat: z.boolean().optional(),
    /** Issue 12: only cases classified with this nature. */
    nature: Nature.optional(),
    /**
     * Issue 12: closed cases resolved at first contact (true) or closed cases
     * not resolved at first contact (false); open cases (fcr null) match neither.
     */
    fcr: z.boolean().optional(),
    /**
     * Issue 12: escalated cases (any level above the counter), cases at one
     * level, or those with an escalation awaiting a supervisor's review.
     */
    escalation: z.enum(['escalated', 'supervisor', 'region', 'head_office', 'unreviewed']).optional(),
    /** Issue 12: cases flagged (any status), or with this malicious-claim status. */
    malice: z.enum(['flagged', 'suspected', 'malicious', 'good_faith']).optional(),
    /**
     * Issue 14: the drill-down from the analysis (a bar, a point, a cross-tab
     * cell): cases received in the period whose facts (`case_facts`) match
     * every dimension value given.
     */
    analysis: AnalysisDrill.optional(),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
  })
  .strict();
export type CaseListQuery = z.input<typeof CaseListQuery>;

export const CaseListPage = z.object({
  items: z.array(CaseSummary),
  nextCursor: z.string().nullable(),
  /** Matching cases, counted up to totalCap; `totalCapped` is true when there are more. */
  total: z.number().int(),
  totalCapped: z.boolean(),
});
export type CaseListPage = z.infer<typeof CaseListPage>;

/**
 * The follow-up facts of a case (issue 9; ./caseFollowUp.ts): any signed-in
 * staff member may record them. Each answers the case's detail.
 */
export const caseFollowUpMethods = caseFollowUpMethodsFor(CaseDetail);

// ---- nature (issue 12)

/**
 * A supervisor changes the nature of a closed case, with the reason (a
 * restricted act, `reclassify`: a counter is refused with the act's message;
 * handler in electron/desk/features/cases/nature.ts).
 */
export const caseNatureMethods = {
  'case.reclassify': {
    input: z
      .object({ caseId: id, nature: Nature, reason: z.string().trim().min(1).max(LIMITS.reason).optional() })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
} as const satisfies MethodTable;

/** Issue 12's judgments on a case (./caseJudgment.ts): each answers the case's detail. */
export const caseJudgmentMethods = caseJudgmentMethodsFor(CaseDetail);

/** Issue 14: the case's failure point, quality gap and accountability (./caseTags.ts). */
export const caseTagMethods = caseTagMethodsFor(CaseDetail);
export { CaseTagsView, FailurePointView } from './caseTags';

export const caseMethods = {
  'script.get': {
    input: empty,
    output: z.object({ script: HandlingScript, taxonomy: Taxonomy }),
    auth: 'none',
    beforeSetup: true,
  },
  'case.create': {
    input: z
      .object({
        customer: Customer,
        channel: z.string().min(1).max(64),
        category: z.string().min(1).max(64),
        severity: z.string().min(1).max(64),
        account: z.string().trim().min(1).max(LIMITS.longText),
        /** When the complaint was received, if before entry; defaults to now. */
        receivedAt: isoInstant.optional(),
        reason: actReason,
        /** Why entry comes later than the entry rule allows (whether it is required: issue 9 part C). */
        lateReason: z.string().trim().min(1).max(LIMITS.reason).optional(),
        /** Issue 14: region and customer level (codes of the organisation's lists, checked by the desk), shared customer. */
        ...CustomerAttributeFields,
      })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.recordStep': {
    input: z
      .object({
        caseId: id,
        step: StepNumber,
        fields: z.record(z.string().max(64), FieldValue),
        reason: actReason,
      })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.addNote': {
    input: z.object({ caseId: id, text: z.string().trim().min(1).max(LIMITS.noteText) }).strict(),
    output: CaseDetail,
    auth: 'any',
  },
  'case.setField': {
    input: z
      .object({
        caseId: id,
        field: MutableCaseField,
        value: z.string().max(64).nullable(),
        reason: actReason,
      })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.close': {
    input: z
      .object({
        caseId: id,
        overrideReason: z.string().trim().min(1).max(LIMITS.reason).optional(),
        /** Issue 12: what the case turned out to be (written as case.classified with the close). */
        nature: Nature,
      })
      .strict(),
    output: CaseDetail,
    auth: ['counter', 'supervisor', 'admin'],
  },
  'case.reopen': {
    input: z.object({ caseId: id, reason: z.string().trim().min(1).max(LIMITS.reason) }).strict(),
    output: CaseDetail,
    auth: ['supervisor', 'admin'],
  },
  'case.list': { input: CaseListQuery, output: CaseListPage, auth: 'any' },
  'case.get': { input: z.object({ caseId: id }).strict(), output: CaseDetail, auth: 'any' },
  ...caseFollowUpMethods,
  ...caseNatureMethods,
  ...caseJudgmentMethods, // issue 12
  ...caseTagMethods, // issue 14
} as const satisfies MethodTable;
