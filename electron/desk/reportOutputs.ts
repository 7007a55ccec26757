/**
 * The reports feature's ports, composed from other features (issue 14 item
 * 5; a feature imports no other): the analysis analysis.run answers, one
 * more grouping on the same facts (features/analysis), the PDF feature's
 * page (A4, CSP, the embedded Noto Sans SC subset of the page's text,
 * running header, page numbers) and printer, and the exports feature's XLSX
 * writer, and the rectification feature's items with their effect as of a
 * report's period end. A print failure becomes the job messages the PDF
 * exports give.
 */
import type { DeskAnalysis } from './kernel/analysisPort';
import type { Desk } from './kernel/desk';
import { JobFailure } from './kernel/jobMessages';
import * as analysis from './features/analysis';
import * as exportsFeature from './features/exports';
import * as pdf from './features/pdf';
import * as rectification from './features/rectification';
import type { ReportsOptions } from './features/reports';

export function reportOutputs(
  desk: Desk,
  analyses: DeskAnalysis,
  printer: () => pdf.PdfPrinter,
  /** The branch's time zone at an instant (its settings in force then). */
  zone: (ms: number) => string,
): Pick<ReportsOptions, 'analyze' | 'group' | 'print' | 'writeWorkbook' | 'rectifications'> {
  let made: pdf.PdfPrinter | null = null;
  return {
    analyze: (req) => analyses.run(req),
    group: analysis.deskGroupingRunner(desk.d),
    print: async (page, out, signal) => {
      made ??= printer();
      try {
        await made.print(pdf.pdfDocument(page), out, signal);
      } catch (e) {
        if (signal.aborted || !(e instanceof pdf.PdfPrintError)) throw e;
        throw new JobFailure(
          e.kind === 'missing' ? 'unavailable' : 'internal',
          e.kind === 'missing' ? 'pdfPrinterMissing' : 'pdfPrintFailed',
          e.detail,
        );
      }
    },
    writeWorkbook: (out, sheets, o) => exportsFeature.writeWorkbook(out, sheets, o),
    rectifications: (asOfDay) => rectification.reportItems(desk, zone, asOfDay),
  };
}
