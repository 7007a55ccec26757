/**
 * The Electron PDF printer's policy (electron/main/pdfPolicy.ts), in plain
 * Node: a hidden window as locked down as the app's, its own session, the
 * page's own @page rules in charge of size and header, and no request but
 * the page itself and data: URLs.
 */
import { describe, expect, it } from 'vitest';
import {
  isPdfRequestAllowed,
  PDF_PARTITION,
  pdfPrintOptions,
  pdfWindowPreferences,
} from '../../electron/main/pdfPolicy';

describe('the Electron PDF printer policy', () => {
  it('locks the print window down and keeps it out of the app session', () => {
    const p = pdfWindowPreferences();
    expect(p).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
      webviewTag: false,
    });
    expect(p.preload).toBeUndefined();
    expect(p.partition).toBe(PDF_PARTITION);
    expect(PDF_PARTITION.startsWith('persist:')).toBe(false); // in memory
  });

  it('prints A4 from the page own @page rules, with no Chromium header', () => {
    expect(pdfPrintOptions()).toMatchObject({
      pageSize: 'A4',
      preferCSSPageSize: true,
      displayHeaderFooter: false,
    });
  });

  it('lets the page load itself and data: fonts only', () => {
    const page = 'file:///tmp/loopdesk-pdf-x/page.html';
    expect(isPdfRequestAllowed(page, page)).toBe(true);
    expect(isPdfRequestAllowed('data:font/woff2;base64,AAAA', page)).toBe(true);
    expect(isPdfRequestAllowed('file:///etc/passwd', page)).toBe(false);
    expect(isPdfRequestAllowed('https://example.com/x.png', page)).toBe(false);
    expect(isPdfRequestAllowed('http://127.0.0.1:4790/api/call/x', page)).toBe(false);
    expect(isPdfRequestAllowed('not a url', page)).toBe(false);
  });
});
