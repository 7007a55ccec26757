/**
 * DeskApi methods of issue 14 item 7 on a case: the failure point and the
 * quality gap it shows (`case.tag`), the accountability decision
 * (`case.decideResponsibility`), the organisation's failure point list, and
 * the view of all three in the case's detail. Rules: shared/domain/cases/tags.ts;
 * handlers: electron/desk/features/cases/tags.ts.
 *
 * A part of the case feature's contract (test/unit/layers.test.ts
 * METHOD_PARTS): methods/cases.ts puts the view into CaseDetail and builds
 * the table with `caseTagMethodsFor(CaseDetail)`.
 */
import { z } from 'zod';
import { FailurePointCode, QualityGap, TAG_LIMITS } from '../../domain/cases/tags';
import { empty, id, type MethodTable } from './common';

const mark = z.object({ value: z.string(), at: z.string(), by: z.string(), byName: z.string() });

/** A case's tags and the responsibility decision in force; each null until set. Times are ISO entry times. */
export const CaseTagsView = z.object({
  failurePoint: mark.nullable(),
  qualityGap: mark.extend({ value: QualityGap }).nullable(),
  responsibility: z
    .object({
      /** The staff member held responsible; null when the decision is that nobody is. */
      responsible: z.string().nullable(),
      responsibleName: z.string(),
      note: z.string(),
      at: z.string(),
      by: z.string(),
      byName: z.string(),
    })
    .nullable(),
});
export type CaseTagsView = z.infer<typeof CaseTagsView>;

export const FailurePointView = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export type FailurePointView = z.infer<typeof FailurePointView>;

export function caseTagMethodsFor<Detail extends z.ZodType>(CaseDetail: Detail) {
  return {
    /** Sets (null clears) the failure point and/or the quality gap; the quality gap is a supervisor's or an admin's. */
    'case.tag': {
      input: z
        .object({
          caseId: id,
          failurePoint: FailurePointCode.nullable().optional(),
          qualityGap: QualityGap.nullable().optional(),
        })
        .strict(),
      output: CaseDetail,
      auth: ['counter', 'supervisor', 'admin'],
    },
    'case.decideResponsibility': {
      input: z
        .object({
          caseId: id,
          /** The staff member held responsible; null: nobody is held responsible. */
          responsible: id.nullable(),
          note: z.string().trim().max(TAG_LIMITS.note).default(''),
        })
        .strict(),
      output: CaseDetail,
      auth: ['supervisor', 'admin'],
    },
    /** The organisation's failure points, in their order (the defaults until an administrator sets a list). */
    'case.failurePoints': {
      input: empty,
      output: z.object({ items: z.array(FailurePointView) }),
      auth: 'any',
    },
  } as const satisfies MethodTable;
}
