/**
 * A small workbook of several tables, one sheet each (issue 14's printed
 * reports as XLSX), written by the same streaming writer as the case log's
 * export (./xlsx.ts): numbers stay numbers, shares show as percentages,
 * text is neutralised as in every export. Other features reach it through
 * the desk's composition (a feature imports no other).
 */
import { rm } from 'node:fs/promises';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { CUT_MARKER } from './rows';
import { FileSink } from './sink';
import { XlsxWriter, type XlsxCell } from './xlsx';

export interface WorkbookTable {
  /** The sheet's name (at most 31 characters, unique: the caller's business). */
  name: string;
  header: readonly string[];
  rows: readonly (readonly XlsxCell[])[];
}

/** Writes `tables` to a new file at `path` (never over an existing one); removes it when writing fails or `signal` aborts. */
export async function writeWorkbook(
  path: string,
  tables: readonly WorkbookTable[],
  o: { locale: Locale; nowMs: number; signal?: AbortSignal },
): Promise<number> {
  const sink = new FileSink(path);
  const writer = new XlsxWriter(
    sink,
    { sheetName: (n) => tables[n - 1]?.name ?? `Sheet${n}`, cutMarker: CUT_MARKER[o.locale] },
    o.nowMs,
  );
  try {
    for (const [i, t] of tables.entries()) {
      o.signal?.throwIfAborted();
      if (i === 0) writer.begin(t.header);
      else await writer.nextTable(t.header);
      for (const r of t.rows) await writer.row(r);
      await writer.flush();
    }
    await writer.end();
    await sink.close();
    return sink.bytes;
  } catch (e) {
    writer.abandon();
    await sink.abandon();
    await rm(path, { force: true });
    throw e;
  }
}
