/**
 * Reading a hand-kept complaint log from disk (issue 13 items 2 and 5): XLSX
 * and XLS through SheetJS (@e965/xlsx 0.20.3, never the npm `xlsx`), CSV
 * through papaparse after detecting its encoding (UTF-8 with or without BOM,
 * UTF-16 with BOM, else GB18030, which covers GBK). Refused before anything
 * is mapped, each with the file named: files over IMPORT_MAX_BYTES (checked
 * before reading), other types, macro-laden workbooks (.xlsm, a vbaProject
 * part or a VBA storage), password-protected (encrypted CFB) workbooks, and
 * malformed or truncated ones. Formula cells give their cached value, the
 * value the clerk saw in Excel; one with none is a problem of its row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import type { RawCell, RawRow } from '../../../../shared/domain/import/rows';

/** Larger files are refused before they are read (a log of 100,000 rows is about 10 MB as XLSX). */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export type ImportFileProblem =
  | 'not_found'
  | 'too_large'
  | 'unsupported_type'
  | 'macro'
  | 'encrypted'
  | 'malformed'
  | 'bad_encoding'
  | 'no_sheet'
  | 'sheet_not_found'
  | 'no_header'
  /** import.start: a required field has no column (the preview lists them; decision 0035). */
  | 'required_unmapped';

/** A file that cannot be imported at all; `params` fill its message (./messages.ts). */
export class ImportFileError extends Error {
  constructor(
    readonly problem: ImportFileProblem,
    readonly file: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${problem}: ${file}`);
    this.name = 'ImportFileError';
  }
}

export interface RawSheet {
  name: string;
  rows: RawRow[];
}

export interface RawBook {
  file: string;
  kind: 'xlsx' | 'xls' | 'csv';
  /** Dates count from 1904 (only ever true for a workbook). */
  date1904: boolean;
  /** The CSV's detected encoding. */
  encoding: string | null;
  sheets: RawSheet[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Uint8Array, sig: number[]): boolean => sig.every((x, i) => b[i] === x);

/**
 * Read and check the file at `file`; throws ImportFileError. `name`: the
 * name the file is known by (a staged file's original name; ./staging.ts),
 * which gives its type and names it in every message.
 */
export function readImportFile(
  file: string,
  maxBytes = IMPORT_MAX_BYTES,
  name: string = path.basename(file),
): RawBook {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new ImportFileError('not_found', name);
  }
  if (size > maxBytes) {
    throw new ImportFileError('too_large', name, {
      mb: Math.ceil(size / 1048576),
      maxMb: Math.floor(maxBytes / 1048576),
    });
  }
  const ext = path.extname(name).toLowerCase();
  if (ext === '.xlsm' || ext === '.xltm' || ext === '.xlam') throw new ImportFileError('macro', name);
  if (ext !== '.xlsx' && ext !== '.xls' && ext !== '.csv' && ext !== '.txt') {
    throw new ImportFileError('unsupported_type', name, { ext: ext || '-' });
  }
  return readImportBytes(name, fs.readFileSync(file));
}

/** The same checks on bytes already read (tests, the browser host's upload). */
export function readImportBytes(name: string, bytes: Uint8Array): RawBook {
  if (startsWith(bytes, ZIP)) return readWorkbook(name, bytes, 'xlsx');
  if (startsWith(bytes, CFB)) return readWorkbook(name, bytes, 'xls');
  if (/\.xlsx?$/i.test(name)) throw new ImportFileError('malformed', name);
  return readCsv(name, bytes);
}

function checkZip(name: string, bytes: Uint8Array): void {
  const parts: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        parts.push(f.name);
        return false;
      },
    });
  } catch {
    throw new ImportFileError('malformed', name);
  }
  if (parts.some((p) => /vbaProject\.bin$/i.test(p) || (/\.bin$/i.test(p) && /macrosheets|vba/i.test(p)))) {
    throw new ImportFileError('macro', name);
  }
  if (!parts.some((p) => /^xl\/workbook\.xml$/i.test(p))) throw new ImportFileError('malformed', name);
}

function checkCfb(name: string, bytes: Uint8Array): void {
  let paths: string[];
  try {
    paths = XLSX.CFB.read(bytes, { type: 'buffer' }).FullPaths;
  } catch {
    throw new ImportFileError('malformed', name);
  }
  if (paths.some((p) => /EncryptedPackage|EncryptionInfo/i.test(p)))
    throw new ImportFileError('encrypted', name);
  if (paths.some((p) => /_VBA_PROJECT_CUR|\/VBA\//i.test(p))) throw new ImportFileError('macro', name);
  if (!paths.some((p) => /\/(Workbook|Book)$/i.test(p))) throw new ImportFileError('malformed', name);
}

function readWorkbook(name: string, bytes: Uint8Array, kind: 'xlsx' | 'xls'): RawBook {
  if (kind === 'xlsx') checkZip(name, bytes);
  else checkCfb(name, bytes);
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellFormula: true,
      // Keeps a formula cell saved without its value (else SheetJS drops it and the row reads as empty).
      sheetStubs: true,
      cellDates: false,
      cellNF: false,
      cellHTML: false,
      cellStyles: false,
      WTF: false,
    });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(m)) throw new ImportFileError('encrypted', name);
    throw new ImportFileError('malformed', name);
  }
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  const hidden = new Set((wb.Workbook?.Sheets ?? []).filter((s) => (s.Hidden ?? 0) !== 0).map((s) => s.name));
  const sheets = wb.SheetNames.filter((n) => !hidden.has(n)).map((n) => sheetRows(n, wb.Sheets[n]));
  if (sheets.length === 0) throw new ImportFileError('no_sheet', name);
  return { file: name, kind, date1904, encoding: null, sheets };
}

function cellValue(c: XLSX.CellObject | undefined): RawCell {
  if (c === undefined) return null;
  if (c.t === 'e') return { problem: 'error_value', text: c.w ?? XLSX.SSF.format('General', c.v ?? '') };
  if (c.v === undefined || c.t === 'z')
    return c.f ? { problem: 'formula_without_value', formula: `=${c.f}` } : null;
  if (c.t === 'd') return c.v instanceof Date ? c.v.toISOString() : String(c.v);
  // A whole number shown zero-padded (a landline 02088886666 kept in a number cell formatted
  // 00000000000): its text, as Excel shows it and as a CSV save writes it, leading zero kept.
  if (typeof c.v === 'number' && typeof c.w === 'string' && /^0\d+$/.test(c.w) && Number(c.w) === c.v)
    return c.w;
  if (typeof c.v === 'string' || typeof c.v === 'number' || typeof c.v === 'boolean') return c.v;
  return null;
}

/** A sheet's rows (dense), merged ranges filled from their top-left cell, empty rows left out. */
function sheetRows(name: string, ws: XLSX.WorkSheet | undefined): RawSheet {
  const rows: RawRow[] = [];
  const data = ws?.['!data'] ?? [];
  const merges = ws?.['!merges'] ?? [];
  const fill = new Map<number, Map<number, RawCell>>();
  for (const m of merges) {
    const v = cellValue(data[m.s.r]?.[m.s.c]);
    if (v === null) continue;
    for (let r = m.s.r; r <= Math.min(m.e.r, m.s.r + 10_000); r++) {
      let at = fill.get(r);
      if (!at) fill.set(r, (at = new Map()));
      for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) at.set(c, v);
    }
  }
  for (let r = 0; r < data.length; r++) {
    const src = data[r] ?? [];
    const extra = fill.get(r);
    const width = Math.max(src.length, extra ? Math.max(...extra.keys()) + 1 : 0);
    const cells: RawCell[] = new Array<RawCell>(width);
    let any = false;
    for (let c = 0; c < width; c++) {
      const v = extra?.get(c) ?? cellValue(src[c]);
      cells[c] = v;
      if (v !== null && v !== '') any = true;
    }
    if (any) rows.push({ row: r + 1, cells });
  }
  return { name, rows };
}

/** The CSV's text and encoding: a BOM says; else valid UTF-8 is UTF-8; else GB18030 (a superset of GBK). */
export function decodeCsv(name: string, bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strict('utf-8', name, bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: strict('utf-16le', name, bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: strict('utf-16be', name, bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: strict('gb18030', name, bytes), encoding: 'gb18030' };
  }
}

function strict(encoding: string, name: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError('bad_encoding', name, { encoding });
  }
}

function readCsv(name: string, bytes: Uint8Array): RawBook {
  const { text, encoding } = decodeCsv(name, bytes);
  // NUL never appears in a text file: this is some binary file under a text name.
  if (text.includes('\u0000'))
    throw new ImportFileError('unsupported_type', name, { ext: path.extname(name) || '-' });
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const bad = parsed.errors.find((e) => e.type === 'Quotes');
  if (bad) throw new ImportFileError('malformed', name, { row: (bad.row ?? 0) + 1 });
  const rows: RawRow[] = [];
  parsed.data.forEach((cells, i) => {
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: i + 1, cells });
  });
  return {
    file: name,
    kind: 'csv',
    date1904: false,
    encoding,
    sheets: [{ name: path.parse(name).name, rows }],
  };
}
