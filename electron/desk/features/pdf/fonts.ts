/**
 * The Chinese font a PDF embeds: Noto Sans SC from `@fontsource/noto-sans-sc`
 * (OFL-1.1, a dependency, so it is packaged with the app), never the system
 * font. Chromium embeds a system CJK font it cannot subset as Type 3 glyphs
 * (no text layer a reader can rely on); a web font it loads itself is embedded
 * as a CID TrueType subset with a ToUnicode map (decision 0036).
 *
 * Fontsource splits the font into about a hundred woff2 files by unicode
 * range. A document gets @font-face rules only for the files whose range
 * holds one of its characters, each inlined as a data: URL, so the page is
 * self-contained (its CSP allows fonts from data: only) and small: a dossier
 * touches a few dozen of the files, not all 3.5 MB a weight.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name the document's CSS uses. */
export const PDF_FONT_FAMILY = 'Noto Sans SC';

/** The weights a document uses (normal text and headings); others would be synthesised as Type 3. */
export const PDF_FONT_WEIGHTS = [400, 700] as const;
export type PdfFontWeight = (typeof PDF_FONT_WEIGHTS)[number];

interface FontFile {
  weight: PdfFontWeight;
  file: string;
  /** The unicode-range as written, and parsed into inclusive [from, to] pairs. */
  rangeText: string;
  ranges: Array<[number, number]>;
}

/** Parses "U+4e00-4e0f,U+3000" into [[0x4e00,0x4e0f],[0x3000,0x3000]]. */
export function parseUnicodeRange(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const raw of text.split(',')) {
    const m = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(raw);
    if (!m || m[1] === undefined) continue;
    const from = parseInt(m[1], 16);
    out.push([from, m[2] === undefined ? from : parseInt(m[2], 16)]);
  }
  return out;
}

/** The woff2 files of one weight's fontsource stylesheet, with their ranges. */
export function parseFontsourceCss(css: string, weight: PdfFontWeight): FontFile[] {
  const out: FontFile[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([\w.-]+\.woff2)\)/.exec(block)?.[1];
    const rangeText = /unicode-range:\s*([^;]+);/.exec(block)?.[1]?.trim();
    if (file === undefined || rangeText === undefined) continue;
    out.push({ weight, file, rangeText, ranges: parseUnicodeRange(rangeText) });
  }
  return out;
}

/** Where the package's files are; throws a plain error when the package is missing. */
function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));
}

let catalogue: FontFile[] | null = null;

function fontFiles(): FontFile[] {
  if (!catalogue) {
    const dir = packageDir();
    catalogue = PDF_FONT_WEIGHTS.flatMap((w) =>
      parseFontsourceCss(readFileSync(join(dir, `${w}.css`), 'utf8'), w),
    );
  }
  return catalogue;
}

/** The code points of a text (the whole document: markup characters are ASCII, covered anyway). */
export function codePointsOf(text: string): Set<number> {
  const out = new Set<number>();
  for (const ch of text) out.add(ch.codePointAt(0) ?? 0);
  return out;
}

/** The files (of `files`) whose range holds at least one of `points`. */
export function filesFor<F extends { ranges: Array<[number, number]> }>(
  files: F[],
  points: Set<number>,
): F[] {
  const sorted = [...points].sort((a, b) => a - b);
  return files.filter((f) =>
    f.ranges.some(([from, to]) => {
      // Binary search for the first point >= from.
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] ?? 0) < from) lo = mid + 1;
        else hi = mid;
      }
      return lo < sorted.length && (sorted[lo] ?? 0) <= to;
    }),
  );
}

const dataUrls = new Map<string, string>();

function dataUrl(file: string): string {
  let url = dataUrls.get(file);
  if (url === undefined) {
    url = `data:font/woff2;base64,${readFileSync(join(packageDir(), 'files', file)).toString('base64')}`;
    dataUrls.set(file, url);
  }
  return url;
}

/**
 * The @font-face rules for `text`: one per file and weight that holds one of
 * its characters, inlined. `font-display: block`: text waits for its font
 * (the printer waits for the page to settle) instead of being laid out in a
 * system fallback.
 */
export function fontFacesFor(text: string): string {
  const points = codePointsOf(text);
  return filesFor(fontFiles(), points)
    .map(
      (f) =>
        `@font-face{font-family:'${PDF_FONT_FAMILY}';font-style:normal;font-weight:${f.weight};` +
        `font-display:block;src:url(${dataUrl(f.file)}) format('woff2');unicode-range:${f.rangeText};}`,
    )
    .join('\n');
}
