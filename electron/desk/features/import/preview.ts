/**
 * The preview and dry run of an import (issue 13 item 2): the file read
 * (./read.ts), its sheet and header row found, columns mapped (this run's
 * mapping, then the branch's remembered one, then the built-in headers),
 * every row checked, and the result listed: each row's problems with row
 * number and field, the values the taxonomy does not know, and the cases
 * that would be written. Nothing is stored.
 *
 * A sheet whose header row names no column for a required field (投诉日期,
 * 客户姓名: e.g. the name column is headed 来访者) is not refused: the
 * likeliest header row is taken, its columns are listed and `missingRequired`
 * names the fields that need a column (the mapping screen, or the CLI's
 * `--mapping`, gives it). Its rows are counted but not checked (every one
 * would lack the field): no case, no problem. import.start refuses to write
 * it (./service.ts). Only a sheet with no text at all in its first rows is
 * refused (`no_header`).
 */
import {
  REQUIRED_FIELDS,
  recogniseHeaders,
  type ColumnMapping,
  type HeaderRecognition,
  type ImportField,
} from '../../../../shared/domain/import/fields';
import {
  blankForMapping,
  rowReader,
  type ImportedCase,
  type RawCell,
  type RowProblem,
  type UnknownValue,
} from '../../../../shared/domain/import/rows';
import {
  indexTaxonomy,
  isTaxonomyValue,
  type ImportTaxonomy,
  type ListEntry,
  type TaxonomyField,
} from '../../../../shared/domain/import/values';
import { offsetAt } from '../../../../shared/domain/deadlines/zone';
import { ImportFileError, type RawBook, type RawSheet } from './read';
import { mergeMapping, type MappingUpdate, type RememberedMapping } from './remember';

/** The header row is looked for in this many first rows (a title and a note may sit above it). */
export const HEADER_SEARCH_ROWS = 20;

export interface PreviewOptions {
  sheet?: string;
  /** This run's mapping and value resolutions, over the remembered ones. */
  mapping?: MappingUpdate;
  remembered: RememberedMapping;
  taxonomy: ImportTaxonomy;
  /** Issue 14: the organisation's customer levels a level column is matched to. */
  customerLevels?: readonly ListEntry[];
  /** The branch calendar's IANA zone: a log's dates are the branch's wall time. */
  timeZone: string;
  now: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /**
   * The cases accepted since the last call, after each chunk of rows and at
   * the end (in row order), so a writer may start before the check ends.
   */
  onCases?: (cases: ImportedCase[]) => void;
  /** The sheet read, once it is chosen (before any row). */
  onSheet?: (name: string) => void;
}

export interface ImportPreview {
  file: string;
  kind: RawBook['kind'];
  encoding: string | null;
  sheets: string[];
  sheet: string;
  headerRow: number;
  columns: { column: number; header: string; field: ImportField | null }[];
  duplicates: HeaderRecognition['duplicates'];
  /** Channel, category or severity: no column and no default, so every row lacks it (the screen asks for a default). */
  missingColumns: TaxonomyField[];
  /** Required fields no column is read as: the rows are not checked until the mapping gives them one. */
  missingRequired: ImportField[];
  rows: number;
  cases: ImportedCase[];
  problems: RowProblem[];
  unknownValues: UnknownValue[];
}

const headerText = (c: RawCell): string =>
  typeof c === 'string' ? c : typeof c === 'number' || typeof c === 'boolean' ? String(c) : '';

function pickSheet(
  book: RawBook,
  wanted: string | undefined,
  headers: RememberedMapping['headers'],
): RawSheet {
  if (wanted !== undefined) {
    const s =
      book.sheets.find((x) => x.name === wanted) ?? book.sheets.find((x) => x.name.trim() === wanted.trim());
    if (!s) {
      throw new ImportFileError('sheet_not_found', book.file, {
        sheet: wanted,
        sheets: book.sheets.map((x) => x.name).join('、'),
      });
    }
    return s;
  }
  // The first sheet whose header names the most fields (a cover or a pivot sheet may come first);
  // when none names any, the first with text, whose columns can then be mapped (not an empty Sheet1).
  let best = book.sheets[0] as RawSheet;
  let bestScore = -1;
  for (const s of book.sheets) {
    const found = findHeader(s, headers);
    const score = found.score * 2 + (found.at >= 0 ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [s, score];
  }
  return best;
}

/**
 * The header row among the first HEADER_SEARCH_ROWS: the row naming most
 * fields (the first of equals). When no row names any, the row with most
 * text cells (the first of equals: a header sits above its rows, and a title
 * has one cell), so that its columns can be mapped; `at` is -1 when no row
 * has any text.
 */
function findHeader(s: RawSheet, remembered: RememberedMapping['headers']) {
  let at = -1;
  let score = 0;
  let recognition: HeaderRecognition = { mapping: {}, unmapped: [], duplicates: [] };
  let headers: string[] = [];
  let texts = 0;
  let textAt = -1;
  const limit = Math.min(s.rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const cells = s.rows[i]?.cells ?? [];
    const h = cells.map(headerText);
    const r = recogniseHeaders(h, remembered);
    const n = Object.keys(r.mapping).length;
    if (n > score) [at, score, recognition, headers] = [i, n, r, h];
    const t = cells.filter((c) => typeof c === 'string' && c.trim() !== '').length;
    if (t > texts) [texts, textAt] = [t, i];
  }
  if (at < 0 && textAt >= 0) {
    const h = (s.rows[textAt]?.cells ?? []).map(headerText);
    [at, recognition, headers] = [textAt, recogniseHeaders(h, remembered), h];
  }
  return { at, score, recognition, headers };
}

/**
 * The zone's offsets memoised per quarter hour (every zone since 1970 changes
 * offset on a quarter hour): Intl's formatting per row would cost more than
 * the rest of the row's checks.
 */
function zoneOffsets(timeZone: string): (t: number) => number {
  const memo = new Map<number, number>();
  return (t) => {
    const q = Math.floor(t / 900_000);
    let off = memo.get(q);
    if (off === undefined) {
      off = offsetAt(timeZone, q * 900_000);
      if (memo.size > 200_000) memo.clear();
      memo.set(q, off);
    }
    return off;
  };
}

/** Rows checked between two progress reports (and, in previewImportAsync, two turns of the event loop). */
const CHUNK = 2048;

/**
 * The preview as steps: yields after each chunk of rows, returns the result.
 * Throws ImportFileError when no sheet or header fits, and the signal's
 * reason when it is aborted.
 */
function* previewSteps(book: RawBook, o: PreviewOptions): Generator<void, ImportPreview> {
  const m = o.mapping ? mergeMapping(o.remembered, o.mapping) : o.remembered;
  const sheet = pickSheet(book, o.sheet, m.headers);
  const { at, recognition, headers } = findHeader(sheet, m.headers);
  o.onSheet?.(sheet.name);
  const mapping: ColumnMapping = recognition.mapping;
  if (at < 0)
    throw new ImportFileError('no_header', book.file, { sheet: sheet.name, rows: HEADER_SEARCH_ROWS });
  const missingRequired = REQUIRED_FIELDS.filter((f) => mapping[f] === undefined);
  const defaults: Partial<Record<TaxonomyField, string>> = { ...m.defaults };
  // A default the taxonomy does not have (typed wrong, or remembered and since removed) counts as none,
  // as a resolution does: the rows without the field are then refused, not written with it.
  const index = indexTaxonomy(o.taxonomy);
  for (const f of ['channel', 'category', 'severity'] as const) {
    const d = defaults[f];
    if (d !== undefined && !isTaxonomyValue(index, f, d)) delete defaults[f];
  }
  if (defaults.severity === undefined) {
    defaults.severity =
      o.taxonomy.severities.find((s) => s.value === 'general')?.value ?? o.taxonomy.severities[0]?.value;
  }
  const reader = rowReader({
    mapping,
    taxonomy: o.taxonomy,
    ...(o.customerLevels ? { customerLevels: o.customerLevels } : {}),
    resolutions: m.values,
    defaults,
    offsetAt: zoneOffsets(o.timeZone),
    date1904: book.date1904,
    now: o.now,
  });
  // Rows with nothing in the columns read (numbered ahead, a dragged formula) are empty rows.
  const body = sheet.rows.slice(at + 1).filter((r) => !blankForMapping(mapping, r.cells));
  // Without a required field's column every row would fail on it: the rows are counted, not checked.
  const checked = missingRequired.length === 0 ? body : [];
  const cases: ImportedCase[] = [];
  const problems: RowProblem[] = [];
  let handed = 0;
  const hand = (): void => {
    if (o.onCases && cases.length > handed) {
      o.onCases(cases.slice(handed));
      handed = cases.length;
    }
  };
  for (let i = 0; i < checked.length; i++) {
    if (i % CHUNK === 0) {
      hand();
      if (i > 0) yield;
      o.signal?.throwIfAborted();
      o.onProgress?.(i, body.length);
    }
    const r = reader.read(checked[i] as (typeof body)[number]);
    if (r.value) cases.push(r.value);
    for (const p of r.problems) problems.push(p);
  }
  o.onProgress?.(body.length, body.length);
  hand();
  const fieldAt = new Map<number, ImportField>();
  for (const [f, c] of Object.entries(mapping) as [ImportField, number][]) fieldAt.set(c, f);
  return {
    file: book.file,
    kind: book.kind,
    encoding: book.encoding,
    sheets: book.sheets.map((s) => s.name),
    sheet: sheet.name,
    headerRow: sheet.rows[at]?.row ?? 1,
    columns: headers
      .map((header, column) => ({ column, header, field: fieldAt.get(column) ?? null }))
      .filter((c) => c.header.trim() !== ''),
    duplicates: recognition.duplicates,
    missingColumns: (['channel', 'category', 'severity'] as const).filter(
      (f) => mapping[f] === undefined && defaults[f] === undefined,
    ),
    missingRequired,
    rows: body.length,
    cases,
    problems,
    unknownValues: reader.unknownValues(),
  };
}

/** Read the rows of `book` as `o` says, at once (tests, small files). */
export function previewImport(book: RawBook, o: PreviewOptions): ImportPreview {
  const steps = previewSteps(book, o);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The same, letting the event loop turn between chunks so that a cancel (Ctrl+C) is heard. */
export async function previewImportAsync(book: RawBook, o: PreviewOptions): Promise<ImportPreview> {
  const steps = previewSteps(book, o);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
