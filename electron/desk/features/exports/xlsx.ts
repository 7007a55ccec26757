/**
 * XLSX written by hand, streaming, into a zip written as it goes (./zip.ts:
 * Node's native deflate; the exceljs "streaming" writer keeps a whole sheet
 * until it commits: ~1.35 GB at 1M rows). Each sheet's XML is encoded into
 * 1 MiB chunks (./textChunks.ts) and deflated as its rows arrive; only about
 * a page of rows is in memory.
 *
 * - Inline strings (`t="inlineStr"`): no shared-strings table to hold. An
 *   inline string is never a formula, but a clerk who edits the cell would
 *   turn `=…` into one, so text is neutralised as in the CSV (./cells.ts).
 * - At most `rowLimit` rows a sheet (Excel's 1,048,576, header included);
 *   past it the rows continue on a new sheet with the header again.
 * - A cell longer than Excel's 32,767 characters is cut and ends with a
 *   visible marker.
 */
import { cutCell, EXCEL_SHEET_ROWS, neutralise } from './cells';
import type { FileSink } from './sink';
import { TextChunks } from './textChunks';
import { ZipWriter, type ZipEntryStream } from './zip';

/** A cell: text (inline string), a number, or a share (0..1) shown as a percentage. */
export type XlsxCell = string | number | { share: number };

export interface XlsxOptions {
  /** The name of sheet n (1-based): "案件", "案件 (2)" ... */
  sheetName(n: number): string;
  /** What ends a cut cell, e.g. "…[已截断]". */
  cutMarker: string;
  /** Rows per sheet, header included (tests inject a small one). */
  rowLimit?: number;
  /** Column widths in characters, one per column. */
  widths?: readonly number[];
  /** Uncompressed bytes from which a sheet gets ZIP64 sizes (tests: small; default 4 GiB). */
  zip64Above?: number;
  /** Deflate level (1: fastest). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters XML 1.0 cannot carry at all (dropped), and those it must escape. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function xmlText(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  return s
    .replace(XML_BAD, '')
    .replace(/\r\n?/g, '\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A text cell's inner XML: characters XML cannot carry dropped first, then
 * neutralised and cut, then escaped. Dropping after neutralising would let
 * `\uFFFF=HYPERLINK(…)` pass the first-character test and reach the sheet
 * as `=HYPERLINK(…)`.
 */
export function xlsxCellText(v: string, cutMarker: string): string {
  const clean = XML_SPECIAL.test(v) ? v.replace(XML_BAD, '') : v;
  return xmlText(cutCell(neutralise(clean), cutMarker));
}

function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;');
}

/** "A", "B", … "Z", "AA" … */
export function columnName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private sheet: ZipEntryStream | null = null;
  private readonly text: TextChunks;
  private sheets = 0;
  private rowInSheet = 0;
  private header: readonly string[] = [];
  private columns: string[] = [];
  private readonly rowLimit: number;

  constructor(
    private readonly sink: FileSink,
    private readonly o: XlsxOptions,
    nowMs = Date.now(),
  ) {
    this.rowLimit = o.rowLimit ?? EXCEL_SHEET_ROWS;
    if (this.rowLimit < 2) throw new Error('a sheet needs room for its header and a row');
    this.zip = new ZipWriter(sink, nowMs, o.zip64Above);
    this.text = new TextChunks((bytes) => this.sheet?.write(bytes));
  }

  begin(header: readonly string[]): void {
    this.header = header;
    this.columns = header.map((_h, i) => columnName(i));
    this.openSheet();
  }

  /** Closes the sheet and starts the next with its own header (a workbook of several tables: reports). */
  async nextTable(header: readonly string[]): Promise<void> {
    await this.closeSheet();
    this.begin(header);
  }

  /** Adds a row; when the sheet is full, the sheet is closed first (then it returns a promise). */
  row(cells: readonly XlsxCell[]): void | Promise<void> {
    if (this.rowInSheet >= this.rowLimit) return this.nextSheet(cells);
    this.rowInSheet += 1;
    this.text.text(this.rowXml(cells, this.rowInSheet, false));
  }

  /** Deflates what the page's rows made so far and waits for the file to take it. */
  async flush(): Promise<void> {
    this.text.flush();
    await this.sheet?.drain();
    await this.sink.drain();
  }

  /** Closes the last sheet and writes the workbook's parts. */
  async end(): Promise<void> {
    await this.closeSheet();
    const n = this.sheets;
    const sheets = Array.from({ length: n }, (_x, i) => i + 1);
    this.zip.add(
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets
          .map(
            (i) =>
              `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    );
    this.zip.add(
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    this.zip.add(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>` +
        sheets
          .map((i) => `<sheet name="${xmlAttr(this.o.sheetName(i))}" sheetId="${i}" r:id="rId${i}"/>`)
          .join('') +
        '</sheets></workbook>',
    );
    this.zip.add(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        sheets
          .map(
            (i) =>
              `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`,
          )
          .join('') +
        `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    );
    this.zip.add('xl/styles.xml', STYLES);
    this.zip.end();
    await this.sink.drain();
  }

  /** Stops the deflate stream of an export that is being abandoned. */
  abandon(): void {
    this.sheet?.destroy();
    this.sheet = null;
  }

  private async nextSheet(cells: readonly XlsxCell[]): Promise<void> {
    await this.closeSheet();
    this.openSheet();
    this.rowInSheet += 1;
    this.text.text(this.rowXml(cells, this.rowInSheet, false));
  }

  private openSheet(): void {
    this.sheets += 1;
    this.sheet = this.zip.open(`xl/worksheets/sheet${this.sheets}.xml`, this.o.level ?? 1);
    const widths = this.o.widths ?? [];
    const cols =
      widths.length === 0
        ? ''
        : `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`;
    this.rowInSheet = 1;
    this.text.text(
      `${XML_HEAD}<worksheet xmlns="${NS}"><sheetViews><sheetView workbookViewId="0">` +
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `${cols}<sheetData>${this.rowXml(this.header, 1, true)}`,
    );
  }

  private async closeSheet(): Promise<void> {
    const sheet = this.sheet;
    if (!sheet) return;
    this.text.text('</sheetData></worksheet>');
    this.text.flush();
    this.sheet = null;
    await sheet.end();
  }

  private rowXml(cells: readonly XlsxCell[], r: number, header: boolean): string {
    let x = `<row r="${r}">`;
    const style = header ? ' s="1"' : '';
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i] ?? '';
      if (v === '') continue;
      if (typeof v !== 'string') {
        const n = typeof v === 'number' ? v : v.share;
        if (Number.isFinite(n))
          x += `<c r="${this.columns[i] ?? columnName(i)}${r}"${typeof v === 'number' ? '' : ' s="2"'}><v>${n}</v></c>`;
        continue;
      }
      x += `<c r="${this.columns[i] ?? columnName(i)}${r}" t="inlineStr"${style}><is><t xml:space="preserve">${xlsxCellText(v, this.o.cutMarker)}</t></is></c>`;
    }
    return `${x}</row>`;
  }
}

/** Three cell formats: 0 normal, 1 bold (the header), 2 a percentage (0.0%). */
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
