/**
 * Pure policy of the Electron PDF printer (electron/main/pdfPrinter.ts;
 * decision 0036): the hidden window's webPreferences, the print options, and
 * which requests the page may make. No Electron runtime imports (types only):
 * test/unit/pdfPolicy.test.ts checks these in plain Node, as
 * test/unit/security.test.ts does for policy.ts.
 */
import type { WebPreferences } from 'electron';

/** The in-memory session the print window runs in: nothing shared with the app's windows. */
export const PDF_PARTITION = 'loopdesk-pdf-print';

/**
 * The hidden print window: sandboxed, isolated, no preload, no Node, its own
 * in-memory session. JavaScript stays on for the shell's own
 * `document.fonts.ready` wait; the page's CSP (features/pdf/html.ts) allows
 * no script of its own.
 */
export function pdfWindowPreferences(): WebPreferences {
  return {
    partition: PDF_PARTITION,
    devTools: false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    images: true,
  };
}

/**
 * webContents.printToPDF's options: the page's own @page rules give the A4
 * size, the margins, the running header and the page numbers (the same
 * page headless Chromium prints), so Chromium adds no header of its own.
 */
export function pdfPrintOptions() {
  return {
    pageSize: 'A4' as const,
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: false,
    generateTaggedPDF: true,
  };
}

/** The page may load itself (its file) and data: URLs (the inlined fonts), nothing else. */
export function isPdfRequestAllowed(url: string, pageUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'data:') return true;
  return u.protocol === 'file:' && u.href === new URL(pageUrl).href;
}
