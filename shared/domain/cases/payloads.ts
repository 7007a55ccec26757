/**
 * The case feature's event payloads (schema version 1) and the value types
 * they use; the intake value types live in ./values.ts (this file re-exports
 * them, so importers read either). Runtime-neutral.
 */
import { z } from 'zod';
import { LIMITS } from '../kernel/limits';
import {
  EVIDENCE_KINDS,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MIME,
  EVIDENCE_NOTE_MAX,
  SHA256_HEX,
  evidenceNameProblem,
} from './evidence';
import { TAG_PAYLOADS } from './tags'; // issue 14
import {
  AttributeCode,
  CaseStatus,
  Customer,
  CustomerAttributeFields,
  FieldValue,
  MutableCaseField,
  StepNumber,
} from './values';

export * from './values';

// ---------------------------------------------------------------- payloads

export const CaseOpenedPayload = z
  .object({
    number: z.string(),
    scriptVersion: z.string(),
    customer: Customer,
    channel: z.string(),
    category: z.string(),
    severity: z.string(),
    /** The customer's own account of what happened, as told at intake. */
    account: z.string(),
    /** ISO-8601 instant the complaint was received (may precede entry). */
    receivedAt: z.string(),
    /** First-contact owner (首问负责人): staff id of whoever received it. */
    owner: z.string(),
    /** Why a supervisor back-dated receipt beyond the window (./authority.ts); absent otherwise. */
    reason: z.string().optional(),
    /** Why entry came later than the entry rule allows (issue 9); absent when not given. */
    lateReason: z.string().optional(),
    ...CustomerAttributeFields,
  })
  .strict();

export const CaseStepRecordedPayload = z
  .object({
    step: StepNumber,
    fields: z.record(z.string(), FieldValue),
    /** Why a supervisor marked the claim malicious or took that back (./authority.ts); absent otherwise. */
    reason: z.string().optional(),
  })
  .strict();

export const CaseNoteAddedPayload = z.object({ text: z.string() }).strict();

export const CaseFieldSetPayload = z
  .object({
    field: MutableCaseField,
    /** null clears the field (e.g. unassign). */
    value: z.string().nullable(),
    /** Why a supervisor lowered severity, extended the due date or reassigned (./authority.ts); absent otherwise. */
    reason: z.string().optional(),
  })
  .strict();

export const CaseClosedPayload = z
  .object({
    /** Set when a supervisor closes before step 6 was recorded. */
    overrideReason: z.string().nullable(),
  })
  .strict();

export const CaseReopenedPayload = z.object({ reason: z.string() }).strict();

// ------------------------------------------------ follow-up facts (issue 9)

/** An ISO-8601 instant with an offset, as every follow-up time is written. */
const Instant = z.iso.datetime({ offset: true });

/** Why the clock on a case's handling stops: waiting for the customer, for parts, for a third party. */
export const PAUSE_REASONS = ['customer', 'parts', 'third_party'] as const;
export const PauseReason = z.enum(PAUSE_REASONS);
export type PauseReason = z.infer<typeof PauseReason>;

export const CONTACT_CHANNELS = ['phone', 'sms', 'visit', 'email', 'wechat', 'letter'] as const;
export const ContactChannel = z.enum(CONTACT_CHANNELS);
export type ContactChannel = z.infer<typeof ContactChannel>;

/** How an attempt to reach the customer went (contacts and callbacks alike). */
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_number', 'refused'] as const;
export const ContactOutcome = z.enum(CONTACT_OUTCOMES);
export type ContactOutcome = z.infer<typeof ContactOutcome>;

/** Who answers for an action: a member of staff, or a department by name. */
export const ActionOwner = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), staffId: z.string() }).strict(),
  z.object({ kind: z.literal('department'), name: z.string() }).strict(),
]);
export type ActionOwner = z.infer<typeof ActionOwner>;

export const Satisfaction = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type Satisfaction = z.infer<typeof Satisfaction>;

export const CasePausedPayload = z.object({ reason: PauseReason, note: z.string() }).strict();

export const CaseResumedPayload = z.object({ note: z.string() }).strict();

export const CaseContactAttemptedPayload = z
  .object({ at: Instant, channel: ContactChannel, outcome: ContactOutcome, note: z.string() })
  .strict();

export const CaseActionAddedPayload = z
  .object({ actionId: z.uuid(), what: z.string(), owner: ActionOwner, dueAt: Instant })
  .strict();

export const CaseActionDonePayload = z.object({ actionId: z.uuid(), result: z.string() }).strict();

/** A callback (回访): satisfaction is given exactly when the customer was reached. */
export const CaseCallbackRecordedPayload = z
  .object({
    at: Instant,
    outcome: ContactOutcome,
    reachedWho: z.string(),
    satisfaction: Satisfaction.nullable(),
    comment: z.string(),
  })
  .strict()
  .refine((p) => (p.outcome === 'reached') === (p.satisfaction !== null), {
    path: ['satisfaction'],
    message: 'satisfaction is required when the customer was reached, and null otherwise',
  });

// ---- evidence (issue 12)
/**
 * A file attached to the case as evidence (./evidence.ts): its sha256, size
 * and sniffed media type, the name it was chosen under (no path), what it is
 * evidence of and a note. The same sha256 twice on one case is one evidence.
 */
export const CaseEvidenceAddedPayload = z
  .object({
    sha256: z.string().regex(SHA256_HEX),
    size: z.number().int().min(1).max(EVIDENCE_MAX_BYTES),
    mime: z.string().regex(EVIDENCE_MIME),
    name: z.string().refine((n) => evidenceNameProblem(n) === null, {
      message: 'a file name, without a path or control characters',
    }),
    kind: z.enum(EVIDENCE_KINDS),
    note: z.string().max(EVIDENCE_NOTE_MAX),
  })
  .strict();

// ---- nature (issue 12)

/**
 * What a closed case turned out to be (DOMAIN.md section 3): valid (有效), to
 * improve (待改进), invalid (无效), or a communication-type request: help
 * (求助), consulting (咨询), venting (倾诉).
 */
export const NATURES = ['valid', 'to_improve', 'invalid', 'help', 'consulting', 'venting'] as const;
export const Nature = z.enum(NATURES);
export type Nature = z.infer<typeof Nature>;

/**
 * The case's nature: written by case.close together with case.closed (no
 * reason), or later by a supervisor re-classifying a closed case (with the
 * reason; ./authority.ts `reclassify`).
 */
export const CaseClassifiedPayload = z
  .object({ nature: Nature, reason: z.string().min(1).max(LIMITS.reason).optional() })
  .strict();

// ---- escalation (issue 12; ./escalation.ts, ./escalationFold.ts)

/** The levels a case is escalated to, lowest first (the ladder starts at 'counter': ./escalation.ts). */
export const ESCALATION_LEVELS = ['supervisor', 'region', 'head_office'] as const;
export const EscalationLevel = z.enum(ESCALATION_LEVELS);
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** Why the desk could not solve it: process, policy, or staff skill (skill alone is coached, not escalated). */
export const ROOT_CAUSES = ['process', 'policy', 'skill'] as const;
export const RootCause = z.enum(ROOT_CAUSES);
export type RootCause = z.infer<typeof RootCause>;

/** Free text limits of the judgment events (issue 12). */
export const JUDGMENT_TEXT = { reason: 500, established: 2000, offer: 2000, evidenceItems: 20 } as const;

/**
 * A case escalated to a higher level: the decision path answered no twice
 * (the employee cannot solve it; it cannot be solved on site), the level, the
 * root cause and the reason.
 */
export const CaseEscalatedPayload = z
  .object({
    level: EscalationLevel,
    canEmployeeSolve: z.literal(false),
    canSolveOnSite: z.literal(false),
    rootCause: RootCause,
    reason: z.string().min(1).max(JUDGMENT_TEXT.reason),
  })
  .strict();

/** A supervisor's review of one escalation (the `case.escalated` event's id): justified or not. */
export const CaseEscalationReviewedPayload = z
  .object({
    escalationId: z.uuid(),
    justified: z.boolean(),
    comment: z.string().min(1).max(JUDGMENT_TEXT.reason),
  })
  .strict();

// ---- malicious claims (issue 12; ./malice.ts, ./maliceFold.ts)

/** A file's sha256 (lower-case hex): how an evidence item of the case is named. */
export const EvidenceHash = z.string().regex(/^[0-9a-f]{64}$/);

export const MALICE_OUTCOMES = ['malicious', 'good_faith'] as const;
export const MaliceOutcome = z.enum(MALICE_OUTCOMES);
export type MaliceOutcome = z.infer<typeof MaliceOutcome>;

/** Malicious motive: seeking undue gain, premeditation. */
export const MALICE_MOTIVES = ['undue_gain', 'premeditation'] as const;
export const MaliceMotive = z.enum(MALICE_MOTIVES);
export type MaliceMotive = z.infer<typeof MaliceMotive>;

/** Malicious behaviour: exaggerating or inventing facts, refusing to negotiate, hints or threats. */
export const MALICE_BEHAVIOURS = [
  'exaggerating',
  'inventing',
  'refusing_to_negotiate',
  'hints_or_threats',
] as const;
export const MaliceBehaviour = z.enum(MALICE_BEHAVIOURS);
export type MaliceBehaviour = z.infer<typeof MaliceBehaviour>;

/** Supporting signs: repeated complaints with a bad record, the same trick used before. */
export const MALICE_SIGNS = ['repeat_bad_record', 'same_trick_before'] as const;
export const MaliceSign = z.enum(MALICE_SIGNS);
export type MaliceSign = z.infer<typeof MaliceSign>;

/** Anyone may say a claim looks malicious; good faith is presumed until a supervisor determines otherwise. */
export const CaseMaliceSuspectedPayload = z.object({ note: z.string().max(JUDGMENT_TEXT.reason) }).strict();

/** The fact judgment: what was established together with the customer, evidence, a signed statement. */
export const CaseMaliceFactsRecordedPayload = z
  .object({
    established: z.string().min(1).max(JUDGMENT_TEXT.established),
    evidence: z.array(EvidenceHash).max(JUDGMENT_TEXT.evidenceItems),
    statementSigned: z.boolean(),
    statementEvidence: EvidenceHash.nullable(),
  })
  .strict();

/**
 * The value judgment, a supervisor's only. `malicious` needs a motive, a
 * behaviour, evidence and a written offer without 赔偿 (./malice.ts
 * canDetermine); `good_faith` a reason.
 */
export const CaseMaliceDeterminedPayload = z
  .object({
    outcome: MaliceOutcome,
    motives: z.array(MaliceMotive).max(MALICE_MOTIVES.length),
    behaviours: z.array(MaliceBehaviour).max(MALICE_BEHAVIOURS.length),
    signs: z.array(MaliceSign).max(MALICE_SIGNS.length),
    evidence: z.array(EvidenceHash).max(JUDGMENT_TEXT.evidenceItems),
    offer: z.string().max(JUDGMENT_TEXT.offer),
    reason: z.string().min(1).max(JUDGMENT_TEXT.reason),
  })
  .strict();

// ---- import of hand-kept logs (issue 13; decision 0035 "Writing")

/** Where an imported case came from: the log's file, sheet, row (as Excel numbers it) and the file's sha256. */
export const ImportSource = z
  .object({
    file: z.string().max(260),
    sheet: z.string().max(200),
    row: z.number().int().positive(),
    sha256: z.string().regex(SHA256_HEX),
  })
  .strict();

/**
 * One historical case from a branch's hand-kept log, with the facts as the
 * log states them (a supervisor's or admin's act: ./authority.ts, ./fold.ts).
 * `handler` is the log's text (it names people, not staff ids); `reference`
 * the log's own number. A closed case may say when (`closedAt`); an open one
 * never does. `fcr`, `satisfaction`, `nature`: null when the log does not say.
 */
export const CaseImportedPayload = z
  .object({
    number: z.string(),
    customer: Customer,
    channel: z.string(),
    category: z.string(),
    severity: z.string(),
    account: z.string().max(LIMITS.longText),
    receivedAt: Instant,
    region: z.string().max(LIMITS.shortText),
    result: z.string().max(LIMITS.longText),
    status: CaseStatus,
    closedAt: Instant.nullable(),
    fcr: z.boolean().nullable(),
    satisfaction: Satisfaction.nullable(),
    nature: Nature.nullable(),
    handler: z.string().max(LIMITS.shortText),
    reference: z.string().max(LIMITS.shortText),
    source: ImportSource,
    /** Issue 14: the log's customer level and shared-customer columns, mapped to the lists; absent when not given. */
    customerLevel: AttributeCode.optional(),
    sharedCustomer: z.boolean().optional(),
  })
  .strict()
  .refine((p) => p.closedAt === null || p.status === 'closed', {
    path: ['closedAt'],
    message: 'only a closed case has a closing date',
  })
  .refine((p) => p.closedAt === null || Date.parse(p.closedAt) >= Date.parse(p.receivedAt), {
    path: ['closedAt'],
    message: 'closed before it was received',
  });

/** Case event type -> payload schema. */
export const CASE_PAYLOADS = {
  'case.opened': CaseOpenedPayload,
  'case.step_recorded': CaseStepRecordedPayload,
  'case.note_added': CaseNoteAddedPayload,
  'case.field_set': CaseFieldSetPayload,
  'case.closed': CaseClosedPayload,
  'case.reopened': CaseReopenedPayload,
  'case.paused': CasePausedPayload,
  'case.resumed': CaseResumedPayload,
  'case.contact_attempted': CaseContactAttemptedPayload,
  'case.action_added': CaseActionAddedPayload,
  'case.action_done': CaseActionDonePayload,
  'case.callback_recorded': CaseCallbackRecordedPayload,
  // ---- evidence (issue 12)
  'case.evidence_added': CaseEvidenceAddedPayload,
  // nature (issue 12)
  'case.classified': CaseClassifiedPayload,
  // ---- escalation (issue 12)
  'case.escalated': CaseEscalatedPayload,
  'case.escalation_reviewed': CaseEscalationReviewedPayload,
  // ---- malicious claims (issue 12)
  'case.malice_suspected': CaseMaliceSuspectedPayload,
  'case.malice_facts_recorded': CaseMaliceFactsRecordedPayload,
  'case.malice_determined': CaseMaliceDeterminedPayload,
  // ---- import of hand-kept logs (issue 13)
  'case.imported': CaseImportedPayload,
  // ---- failure point, quality gap and accountability (issue 14: ./tags.ts)
  ...TAG_PAYLOADS,
} as const;

export type CaseEventType = keyof typeof CASE_PAYLOADS;
export type CasePayloadOf<T extends CaseEventType> = z.infer<(typeof CASE_PAYLOADS)[T]>;

export function isCaseEventType(type: string): type is CaseEventType {
  return Object.prototype.hasOwnProperty.call(CASE_PAYLOADS, type);
}
