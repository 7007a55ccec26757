/**
 * A preview as DeskApi's import.get shows it (shared/contract/methods/import.ts
 * ImportPreviewView): problems said in the caller's language and capped with
 * the sample at IMPORT_PREVIEW_LIMITS (the counts say how many there are).
 */
import { IMPORT_PREVIEW_LIMITS, type ImportPreviewView } from '../../../../shared/contract/methods/import';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { rowProblemMessage } from './messages';
import type { ImportPreview } from './preview';

/** `p` (its cases may be only the first ones: `cases` counts them all), `already` of them on the desk. */
export function previewView(
  p: ImportPreview,
  cases: number,
  already: number,
  locale: Locale,
): ImportPreviewView {
  return {
    file: p.file,
    kind: p.kind,
    encoding: p.encoding,
    sheets: p.sheets,
    sheet: p.sheet,
    headerRow: p.headerRow,
    columns: p.columns,
    duplicates: p.duplicates,
    missingColumns: p.missingColumns,
    missingRequired: p.missingRequired,
    rows: p.rows,
    cases,
    already,
    problemCount: p.problems.length,
    problemRows: new Set(p.problems.map((x) => x.row)).size,
    problems: p.problems.slice(0, IMPORT_PREVIEW_LIMITS.problems).map((x) => ({
      row: x.row,
      field: x.field,
      code: x.code,
      message: rowProblemMessage(locale, x),
    })),
    unknownValues: p.unknownValues,
    sample: p.cases.slice(0, IMPORT_PREVIEW_LIMITS.sample).map((c) => ({
      row: c.row,
      receivedAt: c.receivedAt,
      customerName: c.customer.name,
      phone: c.customer.phone,
      channel: c.channel,
      category: c.category,
      status: c.status,
      closedAt: c.closedAt,
    })),
  };
}
