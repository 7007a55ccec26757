/**
 * DeskApi methods of issue 12's judgments on a case: escalation and its
 * review, suspected malicious claims (docs/escalation-and-malice.md), and
 * the views of both in the case's detail.
 *
 * A part of the case feature's contract, in a file of its own so that
 * methods/cases.ts stays under ~400 lines. methods/cases.ts imports this
 * part (never the other way round, test/unit/layers.test.ts METHOD_PARTS):
 * it puts the views into CaseDetail and builds the table here with
 * `caseJudgmentMethodsFor(CaseDetail)`, since every judgment answers the
 * case's detail.
 */
import { z } from 'zod';
import { LEVEL_LADDER } from '../../domain/cases/escalation';
import {
  EscalationLevel,
  EvidenceHash,
  JUDGMENT_TEXT,
  MaliceBehaviour,
  MaliceMotive,
  MaliceOutcome,
  MaliceSign,
  RootCause,
} from '../../domain/cases/payloads';
import { id, type MethodTable } from './common';

/** A review of one escalation: justified or not, with a comment. Times are ISO instants (entry times). */
export const EscalationReviewView = z.object({
  justified: z.boolean(),
  comment: z.string(),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
});

/** One escalation: from which level to which, why, and its review (null while it waits for one). */
export const EscalationStepView = z.object({
  eventId: id,
  from: z.enum(LEVEL_LADDER),
  level: EscalationLevel,
  rootCause: RootCause,
  reason: z.string(),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  review: EscalationReviewView.nullable(),
});
export type EscalationStepView = z.infer<typeof EscalationStepView>;

/** A case's escalation: the level it is at, since when, and every step (levels only go up). */
export const EscalationView = z.object({
  level: EscalationLevel,
  since: z.string(),
  by: z.string(),
  byName: z.string(),
  steps: z.array(EscalationStepView),
});
export type EscalationView = z.infer<typeof EscalationView>;

export const MaliceDeterminationView = z.object({
  eventId: id,
  outcome: MaliceOutcome,
  motives: z.array(MaliceMotive),
  behaviours: z.array(MaliceBehaviour),
  signs: z.array(MaliceSign),
  evidence: z.array(z.string()),
  offer: z.string(),
  reason: z.string(),
  at: z.string(),
  by: z.string(),
  byName: z.string(),
});

/** A case's malicious-claim record: suspicions, facts, the determination in force. */
export const MaliceView = z.object({
  status: z.enum(['suspected', 'malicious', 'good_faith']),
  suspicions: z.array(
    z.object({ eventId: id, note: z.string(), at: z.string(), by: z.string(), byName: z.string() }),
  ),
  facts: z.array(
    z.object({
      eventId: id,
      established: z.string(),
      evidence: z.array(z.string()),
      statementSigned: z.boolean(),
      statementEvidence: z.string().nullable(),
      at: z.string(),
      by: z.string(),
      byName: z.string(),
    }),
  ),
  determination: MaliceDeterminationView.nullable(),
  /** True when determined malicious: the case closes with no concession, the written offer is what is given. */
  noConcession: z.boolean(),
});
export type MaliceView = z.infer<typeof MaliceView>;

const judgmentText = z.string().trim().min(1).max(JUDGMENT_TEXT.reason);

/**
 * Issue 12's judgments on a case (handlers in electron/desk/features/cases/
 * escalation.ts and malice.ts; rules in shared/domain/cases/escalation.ts and
 * malice.ts). Each answers the case's detail.
 */
export function caseJudgmentMethodsFor<Detail extends z.ZodType>(CaseDetail: Detail) {
  return {
    'case.escalate': {
      input: z
        .object({
          caseId: id,
          /** 'supervisor' | 'region' | 'head_office', above the case's level; checked by the desk (a clear error). */
          level: z.string().max(32),
          /** The decision path: both answered no, or there is nothing to escalate. */
          canEmployeeSolve: z.literal(false),
          canSolveOnSite: z.literal(false),
          rootCause: RootCause,
          reason: judgmentText,
        })
        .strict(),
      output: CaseDetail,
      auth: ['counter', 'supervisor', 'admin'],
    },
    'case.reviewEscalation': {
      input: z
        .object({ caseId: id, escalationId: id, justified: z.boolean(), comment: judgmentText })
        .strict(),
      output: CaseDetail,
      auth: ['supervisor', 'admin'],
    },
    'case.suspectMalice': {
      input: z.object({ caseId: id, note: z.string().trim().max(JUDGMENT_TEXT.reason).default('') }).strict(),
      output: CaseDetail,
      auth: 'any',
    },
    'case.recordMaliceFacts': {
      input: z
        .object({
          caseId: id,
          established: z.string().trim().min(1).max(JUDGMENT_TEXT.established),
          evidence: z.array(EvidenceHash).max(JUDGMENT_TEXT.evidenceItems).default([]),
          statementSigned: z.boolean(),
          statementEvidence: EvidenceHash.nullable().default(null),
        })
        .strict(),
      output: CaseDetail,
      auth: 'any',
    },
    'case.determineMalice': {
      input: z
        .object({
          caseId: id,
          outcome: MaliceOutcome,
          motives: z.array(MaliceMotive).max(8).default([]),
          behaviours: z.array(MaliceBehaviour).max(8).default([]),
          signs: z.array(MaliceSign).max(8).default([]),
          evidence: z.array(EvidenceHash).max(JUDGMENT_TEXT.evidenceItems).default([]),
          offer: z.string().trim().max(JUDGMENT_TEXT.offer).default(''),
          reason: judgmentText,
        })
        .strict(),
      output: CaseDetail,
      auth: ['supervisor', 'admin'],
    },
  } as const satisfies MethodTable;
}
