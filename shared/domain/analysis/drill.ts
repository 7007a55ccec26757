/**
 * The period of an analysis and the case list's drill-down from it (issue
 * 14) as schemas: analysis.run takes the period (../../contract/methods/
 * analysis.ts) and the case list takes the drill (`case.list`'s `analysis`,
 * on the desk and at head office), so both contracts share them from here.
 * Runtime-neutral and pure.
 */
import { z } from 'zod';
import { FILTER_DIMENSIONS } from './report';

/** A branch calendar day, YYYY-MM-DD, and one the calendar has (not 2024-02-30). */
export const CalendarDay = z.iso.date({ message: 'YYYY-MM-DD, a day on the calendar' });
const day = CalendarDay;

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

/** The dimensions a drill-down may name: the shared filters and the breakdowns' own. */
export const DRILL_DIMENSIONS = [
  ...FILTER_DIMENSIONS,
  'complainantType',
  'sharedCustomer',
  'qualityGap',
  'escalationLevel',
  'responsible',
  'month',
] as const;
export type DrillDimension = (typeof DRILL_DIMENSIONS)[number];

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
        Object.fromEntries(DRILL_DIMENSIONS.map((d) => [d, filterValue.optional()])) as Record<
          DrillDimension,
          z.ZodOptional<typeof filterValue>
        >,
      )
      .strict(),
  })
  .strict();
export type AnalysisDrill = z.infer<typeof AnalysisDrill>;
