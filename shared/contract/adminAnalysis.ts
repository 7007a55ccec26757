/**
 * Head office's analysis over HTTP (issue 14; docs/analysis.md "Head
 * office", docs/protocol.md §8, decision 0042):
 *
 *   GET /v1/admin/analysis?from=YYYY-MM-DD&to=YYYY-MM-DD[&compareFrom=&compareTo=][&branch=][&<dimension>=]
 *
 * the same AnalysisRequest the desk's `analysis.run` takes
 * (./methods/analysis.ts), as a flat query string: `to` is exclusive, the
 * comparison period is both of its days or neither, and each filter
 * dimension (FILTER_DIMENSIONS) is a value, or empty for "not recorded"
 * (null). The drill-down is the admin case list with `analysis=<AnalysisDrill
 * as JSON>` (`AnalysisDrillParam`). Runtime-neutral.
 */
import { z } from 'zod';
import { BRANCH_CODE_PATTERN } from '../domain/kernel/caseNumber';
import {
  FILTER_DIMENSIONS,
  type AnalysisRequest as Request,
  type FilterDimension,
} from '../domain/analysis/report';
import { CalendarDay } from '../domain/analysis/drill';
import { AnalysisDrill, AnalysisRequest } from './methods/analysis';

const day = CalendarDay;

/** The query's own name for a path of the request it makes (`period.toDay` is `to`). */
function queryPath(path: readonly PropertyKey[]): PropertyKey[] {
  const [head, field] = path;
  const names: Record<string, Record<string, string>> = {
    period: { fromDay: 'from', toDay: 'to' },
    compare: { fromDay: 'compareFrom', toDay: 'compareTo' },
  };
  const name = typeof head === 'string' && typeof field === 'string' ? names[head]?.[field] : undefined;
  return name !== undefined ? [name, ...path.slice(2)] : [...path];
}

/** Dimensions whose facts are 0/1 integers: their query value is '0' or '1' (or empty: not recorded). */
const INTEGER_DIMENSIONS: ReadonlySet<string> = new Set([
  'returning',
  'sharedCustomer',
  'imported',
  'repeat',
]);

/** A query-string value of a dimension: '' is null ("not recorded"); a 0/1 dimension's value is a number. */
export function dimensionValue(dim: string, v: string): string | number | null | undefined {
  if (v === '') return null;
  if (!INTEGER_DIMENSIONS.has(dim)) return v;
  return v === '0' || v === '1' ? Number(v) : undefined;
}

/** The query string of GET /v1/admin/analysis, read into an AnalysisRequest (checked by its schema). */
export const AdminAnalysisQuery = z
  .object({
    from: day,
    to: day,
    compareFrom: day.optional(),
    compareTo: day.optional(),
    ...(Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, z.string().max(64).optional()])) as Record<
      FilterDimension,
      z.ZodOptional<z.ZodString>
    >),
    /** One branch; all of them (in the caller's scope) when absent. */
    branch: z.string().regex(BRANCH_CODE_PATTERN, 'a branch code').optional(),
  })
  .strict()
  .transform((q, ctx): Request => {
    if ((q.compareFrom === undefined) !== (q.compareTo === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['compareFrom'],
        message: 'give compareFrom and compareTo together',
      });
      return z.NEVER;
    }
    const where: Record<string, string | number | null> = {};
    for (const d of FILTER_DIMENSIONS) {
      const raw = q[d];
      if (raw === undefined) continue;
      const v = dimensionValue(d, raw);
      if (v === undefined) {
        ctx.addIssue({ code: 'custom', path: [d], message: '0, 1 or empty' });
        return z.NEVER;
      }
      where[d] = v;
    }
    const req = {
      period: { fromDay: q.from, toDay: q.to },
      compare:
        q.compareFrom !== undefined && q.compareTo !== undefined
          ? { fromDay: q.compareFrom, toDay: q.compareTo }
          : null,
      where,
    };
    const checked = AnalysisRequest.safeParse(req);
    if (!checked.success) {
      // Named as the query names them (`to`, not `period.toDay`).
      for (const issue of checked.error.issues)
        ctx.addIssue({ code: 'custom', path: queryPath(issue.path), message: issue.message });
      return z.NEVER;
    }
    return checked.data as Request;
  });
export type AdminAnalysisQuery = z.input<typeof AdminAnalysisQuery>;

/**
 * The admin case list's drill-down (GET /v1/admin/cases?analysis=…): an
 * AnalysisDrill as JSON text, the cases received in its period whose facts
 * match every value (a 0/1 dimension as a number, null for "not recorded").
 */
export const AnalysisDrillParam = z
  .string()
  .max(4000)
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(AnalysisDrill)
  .superRefine((d, ctx) => {
    for (const [dim, v] of Object.entries(d.where)) {
      if (INTEGER_DIMENSIONS.has(dim) && v !== null && v !== undefined && v !== 0 && v !== 1)
        ctx.addIssue({ code: 'custom', path: ['where', dim], message: '0, 1 or null' });
    }
  });
