/**
 * DeskApi method for the three printed reports (issue 14 item 5;
 * docs/analysis.md "Reports"): 投诉分析报告 (complaints), 回访分析报告
 * (callbacks) and 履诺分析报告 (promises), each as a PDF (charts and tables,
 * the embedded Chinese font) or an XLSX (the figures as tables), over the
 * same analysis `analysis.run` answers for the same request. Made by a job of
 * kind 'report': followed and cancelled with export.get and export.cancel
 * (the jobs that make a file), the file served by the host like an export's
 * (browser mode: GET /api/jobs/<jobId>/file).
 *
 * Built on two other tables, declared in test/unit/layers.test.ts: the
 * analysis request and the job summary.
 */
import { z } from 'zod';
import { AnalysisRequest } from './analysis';
import { Locale, type MethodTable } from './common';
import { JobSummary } from './jobs';

export const REPORT_NAMES = ['complaints', 'callbacks', 'promises'] as const;
export const ReportName = z.enum(REPORT_NAMES);
export type ReportName = z.infer<typeof ReportName>;

export const REPORT_FORMATS = ['pdf', 'xlsx'] as const;
export const ReportFormat = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const ReportStartInput = z
  .object({
    report: ReportName,
    format: ReportFormat,
    /** The period, comparison and filters, as for analysis.run. */
    request: AnalysisRequest,
    /** The report's language (default: the caller's). */
    locale: Locale.optional(),
  })
  .strict();
export type ReportStartInput = z.input<typeof ReportStartInput>;

export const reportMethods = {
  'report.start': { input: ReportStartInput, output: JobSummary, auth: ['supervisor', 'admin'] },
} as const satisfies MethodTable;
