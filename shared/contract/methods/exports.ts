/**
 * DeskApi methods for exports of the case log (issue 13; docs/exports.md):
 * CSV or XLSX of the cases the list's filters find, or of every case received
 * in a period, made by a job with progress and cancel. The file never
 * crosses DeskApi: the job names it in `result.file`, and the host serves it
 * (browser mode: GET /api/jobs/<jobId>/file).
 *
 * Built on two other tables, declared in test/unit/layers.test.ts: the case
 * list's query (the same filters, so an export finds what the list shows)
 * and the job summary.
 */
import { z } from 'zod';
import { Locale, id, isoInstant, type MethodTable } from './common';
import { CaseListQuery } from './cases';
import { JobSummary } from './jobs';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** The case list's filters without its paging: an export takes every matching case. */
export const ExportFilters = CaseListQuery.omit({ cursor: true, limit: true });
export type ExportFilters = z.infer<typeof ExportFilters>;

/** Every case received in [from, to). */
export const ExportPeriod = z
  .object({ from: isoInstant, to: isoInstant })
  .strict()
  .refine((p) => Date.parse(p.from) < Date.parse(p.to), { path: ['to'], message: 'to must be after from' });
export type ExportPeriod = z.infer<typeof ExportPeriod>;

export const ExportStartInput = z
  .object({
    format: ExportFormat,
    /** The list's filters (none: every case) … */
    filters: ExportFilters.optional(),
    /** … or a period; not both. */
    period: ExportPeriod.optional(),
    /** The language of the headers and the thread text (default: the caller's). */
    locale: Locale.optional(),
  })
  .strict()
  .refine((i) => i.filters === undefined || i.period === undefined, {
    path: ['period'],
    message: 'give filters or a period, not both',
  });
export type ExportStartInput = z.input<typeof ExportStartInput>;

/** Who may take the log off the desk: supervisors and administrators (docs/roles.md). */
const EXPORTERS = ['supervisor', 'admin'] as const;

export const exportMethods = {
  'export.start': { input: ExportStartInput, output: JobSummary, auth: EXPORTERS },
  /** An export job (or a report's: kind 'report', report.start) as its starter's window follows it (not found for other kinds of job). */
  'export.get': { input: z.object({ jobId: id }).strict(), output: JobSummary, auth: EXPORTERS },
  'export.cancel': { input: z.object({ jobId: id }).strict(), output: JobSummary, auth: EXPORTERS },
} as const satisfies MethodTable;
