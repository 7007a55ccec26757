/**
 * Issue 14 item 7: what a case shows about the service, for the supervisors'
 * analysis (docs/analysis.md, DOMAIN.md section 10), and who is held
 * responsible for it. Runtime-neutral and pure.
 *
 * - `case.tagged`: the service-blueprint failure point (失败点) where the
 *   service broke, from the organisation's list (anyone at the front may set
 *   it), and the quality gap it shows (Zeithaml, Parasuraman and Berry's
 *   gaps 1 to 4; a supervisor's or an admin's judgement only).
 * - `case.responsibility_decided`: the accountability decision, a supervisor's
 *   or an admin's: the staff member held responsible, or nobody.
 *
 * Who may write what is judged in the core (electron/desk/features/cases/tags.ts)
 * and again in the fold (./tagsFold.ts), so a forged event from a clerk's desk
 * changes nothing. The failure point's code is checked against the list in
 * the core only: the fold cannot read the settings, and a code later removed
 * from the list stays on the cases tagged with it.
 */
import { z } from 'zod';
import { textProblem } from '../kernel/text';

/** The quality gaps a complaint can show (gap 5, expectation vs perception, is the sum of these). */
export const QUALITY_GAPS = [
  /** Gap 1: management does not know what customers expect (不了解顾客期望). */
  'expectation_unknown',
  /** Gap 2: no (or the wrong) standard for what they expect (服务标准不当). */
  'standard_missing',
  /** Gap 3: the standard is not delivered (服务传递不力). */
  'standard_not_delivered',
  /** Gap 4: what was promised does not match what was delivered (承诺与实际不符). */
  'promise_mismatch',
] as const;
export const QualityGap = z.enum(QUALITY_GAPS);
export type QualityGap = z.infer<typeof QualityGap>;

/** A failure point's code as the organisation's list names it (the settings lists' code: a-z, 0-9, `_`, `.`, `-`). */
export const FailurePointCode = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'a code such as reception');

/** One entry of the organisation's failure point list: a code and its names. */
export interface FailurePointDef {
  code: string;
  zh: string;
  en: string;
}

/**
 * The default failure points until an administrator sets the organisation's
 * own list: the service blueprint of a repair shop (DOMAIN.md section 10:
 * reception, diagnosis, estimate, work, delivery, billing) and of a branch
 * counter (waiting in the queue, business at the counter, explaining the
 * product or fee, the follow-up after the visit).
 */
export const DEFAULT_FAILURE_POINTS: readonly FailurePointDef[] = [
  { code: 'reception', zh: '接待', en: 'Reception' },
  { code: 'diagnosis', zh: '诊断', en: 'Diagnosis' },
  { code: 'estimate', zh: '报价', en: 'Estimate' },
  { code: 'work', zh: '施工', en: 'Work' },
  { code: 'delivery', zh: '交付', en: 'Delivery' },
  { code: 'billing', zh: '结算', en: 'Billing' },
  { code: 'queue', zh: '排队等候', en: 'Queue and waiting' },
  { code: 'counter', zh: '柜面办理', en: 'Counter service' },
  { code: 'explanation', zh: '告知说明', en: 'Explanation of terms' },
  { code: 'follow_up', zh: '事后跟进', en: 'Follow-up' },
];

/** Bounds of the decision's note (UTF-16 code units). */
export const TAG_LIMITS = { note: 500 } as const;

const note = z
  .string()
  .max(TAG_LIMITS.note)
  .refine((s) => textProblem(s) === null, { message: 'control characters are not allowed' });

/**
 * Tags a case: a key present sets that tag (null clears it), a key absent
 * leaves it as it is. At least one key.
 */
export const CaseTaggedPayload = z
  .object({
    failurePoint: FailurePointCode.nullable().optional(),
    qualityGap: QualityGap.nullable().optional(),
  })
  .strict()
  .refine((p) => p.failurePoint !== undefined || p.qualityGap !== undefined, {
    message: 'names a failure point or a quality gap',
  });

/** The accountability decision: the staff member held responsible, or null for "nobody is held responsible". */
export const CaseResponsibilityDecidedPayload = z.object({ responsible: z.uuid().nullable(), note }).strict();

export const TAG_PAYLOADS = {
  'case.tagged': CaseTaggedPayload,
  'case.responsibility_decided': CaseResponsibilityDecidedPayload,
} as const;

/** The acts of this file a fold may flag. */
export type TagAct = 'tag_quality_gap' | 'decide_responsibility';

/** A tag as set: the value, by whom, which event, when (keys sorted). */
export interface CaseTagMark {
  by: string;
  eventId: string;
  hlc: string;
  value: string;
}

/** The accountability decision in force (keys sorted). */
export interface CaseResponsibility {
  by: string;
  eventId: string;
  hlc: string;
  note: string;
  /** The staff id held responsible; null when the decision is that nobody is. */
  responsible: string | null;
}

/** A case's tags and accountability decision (state key `tags`, present once any was set; keys sorted). */
export interface CaseTags {
  failurePoint: CaseTagMark | null;
  qualityGap: CaseTagMark | null;
  responsibility: CaseResponsibility | null;
}

/** The facts columns (shared/domain/analysisFacts.ts): failure point, quality gap, and '' for "decided: nobody". */
export function tagFacts(tags: CaseTags | undefined): {
  failurePoint: string | null;
  qualityGap: string | null;
  responsible: string | null;
} {
  const r = tags?.responsibility ?? null;
  return {
    failurePoint: tags?.failurePoint?.value ?? null,
    qualityGap: tags?.qualityGap?.value ?? null,
    responsible: r === null ? null : (r.responsible ?? ''),
  };
}
