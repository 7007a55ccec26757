/**
 * DeskApi methods of the analysis feature (issue 14; docs/analysis.md): the
 * whole analysis of a period against a comparison period, over the desk's
 * `case_facts` (shared/domain/analysis/report.ts, the same definition head
 * office runs). Handler in electron/desk/features/analysis/. The drill-down
 * from a bar or cell is the case list with an `analysis` filter
 * (AnalysisDrill below): the same period and dimension values.
 */
import { z } from 'zod';
import { FILTER_DIMENSIONS, type AnalysisResult, type FilterDimension } from '../../domain/analysis/report';
import type { MethodTable } from './common';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** A period of branch calendar days: from inclusive, to exclusive, at most 5 years. */
export const AnalysisPeriod = z
  .object({ fromDay: day, toDay: day })
  .strict()
  // (`messageKey`: the desk's message for the field, electron/desk/kernel/validation.ts.)
  .refine((p) => p.fromDay < p.toDay, {
    message: 'the period is empty',
    path: ['toDay'],
    params: { messageKey: 'dayPeriodEmpty' },
  })
  .refine((p) => Date.parse(p.toDay) - Date.parse(p.fromDay) <= 5 * 366 * 86_400_000, {
    message: 'a period is at most five years',
    path: ['toDay'],
    params: { messageKey: 'dayPeriodTooLong' },
  });

const filterValue = z.union([z.string().max(64), z.number().int(), z.null()]);

/** Dimension filters shared with the case list: each a value, or null for "not recorded". */
export const AnalysisWhere = z
  .object(
    Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, filterValue.optional()])) as Record<
      FilterDimension,
      z.ZodOptional<typeof filterValue>
    >,
  )
  .strict();

export const AnalysisRequest = z
  .object({ period: AnalysisPeriod, compare: AnalysisPeriod.nullable(), where: AnalysisWhere.optional() })
  .strict();

/**
 * The drill-down filter of the case list (desk `case.list`, head office's admin
 * case list): cases received in the period whose facts match every value, the
 * breakdown's dimension too (`{gender: 'female', mainCategory: 'bank'}`).
 */
export const AnalysisDrill = z
  .object({
    period: AnalysisPeriod,
    where: z
      .object(
        Object.fromEntries(
          [
            ...FILTER_DIMENSIONS,
            'complainantType',
            'sharedCustomer',
            'qualityGap',
            'escalationLevel',
            'responsible',
            'month',
          ].map((d) => [d, filterValue.optional()]),
        ) as Record<string, z.ZodOptional<typeof filterValue>>,
      )
      .strict(),
  })
  .strict();
export type AnalysisDrill = z.infer<typeof AnalysisDrill>;

export const analysisMethods = {
  'analysis.run': {
    input: AnalysisRequest,
    // Built by shared/domain/analysis/report.ts on both sides; its type is the contract.
    output: z.custom<AnalysisResult>(),
    auth: ['supervisor', 'admin'],
  },
} as const satisfies MethodTable;
