/**
 * The desktop app's PDF printer (decision 0036): Electron's own Chromium,
 * `webContents.printToPDF`, in a hidden, sandboxed window with its own
 * in-memory session that may load nothing but the page file and data: URLs.
 * Thin on purpose: what it decides is in pdfPolicy.ts (tested without
 * Electron); the page is the one headless Chromium prints (features/pdf).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import type { PdfPrinter } from '../desk';
import { isPdfRequestAllowed, PDF_PARTITION, pdfPrintOptions, pdfWindowPreferences } from './pdfPolicy';

/** Longest wait for the page's fonts before printing anyway. */
const FONTS_WAIT_MS = 10_000;

export function electronPdfPrinter(): PdfPrinter {
  return {
    async print(html, out, signal) {
      signal.throwIfAborted();
      const dir = await mkdtemp(join(tmpdir(), 'loopdesk-pdf-'));
      const page = join(dir, 'page.html');
      await writeFile(page, html, 'utf8');
      const pageUrl = pathToFileURL(page).href;
      const ses = session.fromPartition(PDF_PARTITION, { cache: false });
      ses.webRequest.onBeforeRequest((d, cb) => cb({ cancel: !isPdfRequestAllowed(d.url, pageUrl) }));
      ses.setPermissionRequestHandler((_wc, _p, cb) => cb(false));
      const win = new BrowserWindow({ show: false, webPreferences: pdfWindowPreferences() });
      const onAbort = () => win.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        await win.loadURL(pageUrl);
        // The inlined fonts are decoded asynchronously: print once they are ready.
        await Promise.race([
          win.webContents.executeJavaScript('document.fonts.ready.then(() => true)'),
          new Promise((r) => setTimeout(r, FONTS_WAIT_MS)),
        ]);
        signal.throwIfAborted();
        const pdf = await win.webContents.printToPDF(pdfPrintOptions());
        signal.throwIfAborted();
        await writeFile(out, pdf);
      } catch (e) {
        await rm(out, { force: true });
        throw signal.aborted ? signal.reason : e;
      } finally {
        signal.removeEventListener('abort', onAbort);
        if (!win.isDestroyed()) win.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
