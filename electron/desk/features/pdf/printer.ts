/**
 * The printer port: turns a self-contained HTML page (html.ts) into a PDF
 * file through Chromium. Two implementations (decision 0036): headless
 * Chromium in browser mode and the CLI (chromium.ts), and Electron's
 * `webContents.printToPDF` in the desktop app (electron/main/pdfPrinter.ts,
 * handed to `openDesk`). The desk core knows only this interface.
 */

export interface PdfPrinter {
  /**
   * Prints `html` to the file `out` (A4, the page's own margins and margin
   * boxes). Rejects with PdfPrintError when Chromium is missing or fails,
   * and with the signal's reason (after removing any partial file) when
   * `signal` aborts.
   */
  print(html: string, out: string, signal: AbortSignal): Promise<void>;
}

export type PdfPrintErrorKind = 'missing' | 'failed';

/** Why a print failed: the printer is missing (not installed, wrong path) or failed while printing. */
export class PdfPrintError extends Error {
  constructor(
    readonly kind: PdfPrintErrorKind,
    readonly detail: string,
  ) {
    super(`pdf printer ${kind}: ${detail}`);
    this.name = 'PdfPrintError';
  }
}
