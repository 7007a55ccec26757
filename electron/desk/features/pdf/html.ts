/**
 * The page every PDF is printed from: A4, a strict CSP (no script, nothing
 * fetched: styles inline, fonts from data: only), the embedded Noto Sans SC
 * (fonts.ts), and a running header (the case number and branch, or the
 * listing's title) and page numbers drawn by CSS page-margin boxes, so the
 * document carries them itself and both printers (headless Chromium and
 * Electron's printToPDF) print it the same way with no header template.
 *
 * Every text that reaches the page goes through `esc` (element text and
 * attribute values) or `cssString` (the margin boxes' strings): customer text
 * is hostile.
 */
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { fontFacesFor, PDF_FONT_FAMILY } from './fonts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * A CSS string literal holding `text`: every character outside letters,
 * digits, space and CJK is written as a hex escape, so nothing can end the
 * string, the rule or the <style> element.
 */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    out += /[\p{L}\p{N} ]/u.test(ch) && cp > 0x1f ? ch : `\\${cp.toString(16)} `;
  }
  return `${out}"`;
}

/** The policy the page runs under: nothing but its own inline styles and data: fonts. */
export const PDF_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

const BASE_CSS = `
@page { size: A4; margin: 18mm 14mm 16mm 14mm; }
html { font-family: '${PDF_FONT_FAMILY}', sans-serif; font-size: 10pt; color: #111; line-height: 1.45; }
body { margin: 0; }
h1 { font-size: 16pt; font-weight: 700; margin: 0 0 4mm; }
h2 { font-size: 12pt; font-weight: 700; margin: 6mm 0 2mm; border-bottom: 0.4pt solid #888; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 10.5pt; font-weight: 700; margin: 3mm 0 1mm; break-after: avoid; }
b, strong, th { font-weight: 700; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1mm 1.5mm; border-bottom: 0.3pt solid #bbb; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
dl { display: grid; grid-template-columns: 32mm 1fr; gap: 0.8mm 3mm; margin: 0; }
dt { color: #555; }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
.muted { color: #666; }
.empty { color: #888; }
.listing { font-size: 8.5pt; }
.listing td { overflow-wrap: anywhere; }
.font-primer { visibility: hidden; height: 0; overflow: hidden; font-weight: 400; }
`;

export interface PdfPage {
  locale: Locale;
  /** The document's title (the PDF's Title). */
  title: string;
  /** The running header on every page (left), e.g. "投诉单 0101-2026-000042 · 朝阳门店". */
  header: string;
  /** The page body, already escaped HTML. */
  body: string;
  /** A4 across (a listing's many columns) instead of upright. */
  landscape?: boolean;
}

const PAGE_WORDS: Record<Locale, { before: string; middle: string; after: string }> = {
  'zh-CN': { before: '第 ', middle: ' 页 / 共 ', after: ' 页' },
  en: { before: 'Page ', middle: ' of ', after: '' },
};

/** The complete HTML document to print. Pure except for reading the font files once. */
export function pdfDocument(page: PdfPage): string {
  const w = PAGE_WORDS[page.locale];
  const margins =
    (page.landscape ? '@page { size: A4 landscape; }\n' : '') +
    `@page { @top-left { content: ${cssString(page.header)}; font-family: '${PDF_FONT_FAMILY}'; font-size: 8pt; color: #444; }` +
    ` @bottom-center { content: ${cssString(w.before)} counter(page) ${cssString(w.middle)} counter(pages) ${cssString(w.after)};` +
    ` font-family: '${PDF_FONT_FAMILY}'; font-size: 8pt; color: #444; } }`;
  const head = `<title>${esc(page.title)}</title>`;
  // Margin boxes are laid out only when the page is printed, too late to
  // start loading a font: the hidden primer lays their characters out in the
  // body (unpainted), so their fonts are loaded when the page settles.
  const marginText = `${page.header} ${w.before}${w.middle}${w.after} 0123456789`;
  const primer = `<div class="font-primer" aria-hidden="true">${esc(marginText)}</div>`;
  // The fonts cover every character the page shows: body, title, header and page words.
  const fonts = fontFacesFor(page.body + page.title + marginText);
  return (
    `<!DOCTYPE html>\n<html lang="${page.locale === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${esc(PDF_CSP)}">${head}` +
    `<style>\n${fonts}\n${BASE_CSS}\n${margins}\n</style></head>\n<body>\n${primer}\n${page.body}\n</body></html>\n`
  );
}
