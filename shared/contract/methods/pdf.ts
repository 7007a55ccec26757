/**
 * DeskApi methods for the PDF exports (issue 13 item 1; docs/exports.md,
 * decision 0036): one case's dossier, and a log listing of the cases the
 * list's filters find or of every case received in a period. Each is made by
 * an export job (kind 'export', followed and cancelled with export.get and
 * export.cancel); the file never crosses DeskApi: the job names it in
 * `result.file` and the host serves it (browser mode: GET /api/jobs/<jobId>/file).
 *
 * Built on two other tables, declared in test/unit/layers.test.ts: the case
 * list's query (the same filters) and the job summary.
 */
import { z } from 'zod';
import { Locale, id, isoInstant, type MethodTable } from './common';
import { CaseListQuery } from './cases';
import { JobSummary } from './jobs';

export const PdfDossierInput = z
  .object({
    caseId: id,
    /** The dossier's language (default: the caller's). */
    locale: Locale.optional(),
  })
  .strict();
export type PdfDossierInput = z.input<typeof PdfDossierInput>;

export const PdfListingInput = z
  .object({
    /** The list's filters without paging (none: every case) … */
    filters: CaseListQuery.omit({ cursor: true, limit: true }).optional(),
    /** … or every case received in [from, to); not both. */
    period: z
      .object({ from: isoInstant, to: isoInstant })
      .strict()
      .refine((p) => Date.parse(p.from) < Date.parse(p.to), {
        path: ['to'],
        message: 'to must be after from',
      })
      .optional(),
    locale: Locale.optional(),
  })
  .strict()
  .refine((i) => i.filters === undefined || i.period === undefined, {
    path: ['period'],
    message: 'give filters or a period, not both',
  });
export type PdfListingInput = z.input<typeof PdfListingInput>;

/** Who may take cases off the desk: supervisors and administrators (as for the CSV and XLSX exports). */
const PRINTERS = ['supervisor', 'admin'] as const;

export const pdfMethods = {
  'export.dossier': { input: PdfDossierInput, output: JobSummary, auth: PRINTERS },
  'export.listing': { input: PdfListingInput, output: JobSummary, auth: PRINTERS },
} as const satisfies MethodTable;
