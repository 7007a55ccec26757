/**
 * The PDF feature's entry (issue 13 item 1; docs/exports.md, decision 0036):
 * one case's dossier and a log listing, printed through Chromium behind the
 * printer port. The desk composes the cases feature's queries into it
 * (electron/desk/pdfCases.ts), since a feature imports no other.
 */
export { pdfHandlers as handlers, printFor } from './handlers';
export { Pdfs, type PdfSource, type PdfFilters, type MadePdf, type PrintFor } from './service';
export { ChromiumPrinter, chromiumPath, DEFAULT_CHROMIUM } from './chromium';
export { PdfPrintError, type PdfPrinter } from './printer';
export { pdfDocument, type PdfPage } from './html';
export { selectionWords } from './selection';
export { timeFormatter, type DescribeFor, type TimelineDescriber } from './context';
