/**
 * The export job (issue 13; docs/exports.md, decision 0033): reads the cases
 * the filters find a page at a time (keyset on pos, newest first, the list's
 * own query) and each page's events in one query, renders every row and
 * writes it, streaming, to `<dataDir>/exports/<fileId>.part`; renamed to its
 * final name only when complete, removed on cancel or failure, so no partial
 * file is ever served.
 *
 * It reads on its own read-only connection inside one read transaction: the
 * file is a snapshot of the log at its start, and the desk's writes go on
 * (WAL) meanwhile. It runs on a thread of its own (./thread.ts,
 * electron/desk/exportWorker.ts), or on the desk's thread when none can
 * start, in pages, waiting between them while the file takes the page
 * (backpressure).
 */
import { rm, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { JobResult } from '../../../../shared/contract/methods/jobs';
import type { ExportFilters, ExportFormat } from '../../../../shared/contract/methods/exports';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { openDatabase, type DeskDatabase } from '../../db/open';
import type { WorkClock } from '../../kernel/deadlineSettings';
import { errorDetail, isDatabaseBusy } from '../../kernel/errors';
import { JobFailure } from '../../kernel/jobMessages';
import { JobCancelled, type JobContext } from '../../kernel/jobs';
import type { HandlingScript, Taxonomy } from '../../../../shared/domain/cases/script';
import type { AnalysisLists } from '../../../../shared/domain/settings/lists';
import { CsvWriter } from './csv';
import { rowContext, type ContextInput } from './context';
import { Lane, LANE_MIN_PAGES, logMark, writeLaned, type LaneData } from './lanes';
import { COLUMNS, CUT_MARKER, headerRow, pageRows, SHEET_NAME, WIDTHS } from './rows';
import { FileSink } from './sink';
import { XlsxWriter } from './xlsx';
import type { CaseLister } from './lister';

export type { CaseLister, PagedCase } from './lister';

export interface ExportParams {
  format: ExportFormat;
  filters: ExportFilters;
  locale: Locale;
}

export interface ExportJobOptions {
  /** The desk's database file. */
  file: string;
  /** Where files are made (<dataDir>/exports). */
  dir: string;
  lister: CaseLister;
  script: HandlingScript;
  taxonomy: Taxonomy;
  /** The branch's time zone and the work clock now. */
  timeZone: () => string;
  /** The organisation's analysis lists in force (names of regions, customer levels, failure points); the built-in ones without. */
  lists?: () => AnalysisLists;
  clock: () => WorkClock;
  /** Cases a page (tests: small). */
  pageSize?: number;
  /** Rows per XLSX sheet, header included (tests: small). */
  sheetRows?: number;
  /** Starts a CSV export's second lane (./lanes.ts; throws when it cannot); without it, one lane. */
  lane?: (data: LaneData) => Worker;
  log?: (line: string) => void;
}

export interface MadeFile {
  id: string;
  name: string;
  path: string;
  bytes: number;
}

/** The CSV's second lane, or null (and a line in the log) when it cannot start. */
function startLane(o: ExportJobOptions, data: LaneData): Lane | null {
  const log = o.log ?? ((l: string) => console.warn(l));
  try {
    return new Lane(o.lane!(data), log);
  } catch (e) {
    log(
      `[desk] export lane cannot start (${e instanceof Error ? e.message : String(e)}); exporting on one lane`,
    );
    return null;
  }
}

/** "loopdesk-cases-20261130-0912.csv": when it was made, in the branch's zone. */
function fileName(format: ExportFormat, stamp: string): string {
  return `loopdesk-cases-${stamp.replace(/[-:]/g, '').replace(' ', '-')}.${format}`;
}

export async function runExport(
  o: ExportJobOptions,
  p: ExportParams,
  fileId: string,
  nowMs: number,
  ctx: JobContext,
): Promise<{ result: JobResult; file: MadeFile; lanePages: number }> {
  const part = path.join(o.dir, `${fileId}.part`);
  const final = path.join(o.dir, `${fileId}.${p.format}`);
  let d: DeskDatabase | null = null;
  let sink: FileSink | null = null;
  let xlsx: XlsxWriter | null = null;
  let lane: Lane | null = null;
  try {
    d = openDatabase(o.file, { readonly: true });
    d.sqlite.pragma('cache_size = -4096');
    d.sqlite.prepare('BEGIN').run(); // one snapshot for the whole file
    const clock = o.clock();
    const names = new Map(
      (d.prepare('SELECT id, name FROM staff').all() as { id: string; name: string }[]).map((s) => [
        s.id,
        s.name,
      ]),
    );
    const rctxInput: Omit<ContextInput, 'staffNames'> = {
      locale: p.locale,
      script: o.script,
      taxonomy: o.taxonomy,
      timeZone: o.timeZone(),
      lists: o.lists?.(),
      nowMs: clock.nowMs,
      soonMs: clock.soonMs,
    };
    const rctx = rowContext({ ...rctxInput, staffNames: names });
    const pageSize = o.pageSize ?? 200;
    const starts =
      p.format === 'csv' && o.lane
        ? o.lister.pageStarts(d, p.filters, pageSize, clock) // the count comes from the same scan
        : null;
    const total = starts?.total ?? o.lister.count(d, p.filters, clock);
    ctx.progress(0, total, 'write');
    sink = new FileSink(part);
    const writer =
      p.format === 'csv'
        ? new CsvWriter(sink)
        : (xlsx = new XlsxWriter(
            sink,
            {
              sheetName: (n) => (n === 1 ? SHEET_NAME[p.locale] : `${SHEET_NAME[p.locale]} (${n})`),
              cutMarker: CUT_MARKER[p.locale],
              rowLimit: o.sheetRows,
              widths: COLUMNS.map((c) => WIDTHS[c]),
            },
            nowMs,
          ));
    writer.begin(headerRow(p.locale));
    let done = 0;
    let lanePages = 0;
    const pageAt = o.lister.pager(d, p.filters, pageSize, clock);
    lane =
      starts && starts.afters.length >= LANE_MIN_PAGES && o.lane
        ? startLane(o, {
            file: o.file,
            filters: p.filters,
            context: rctxInput,
            staff: [...names],
            clock,
            pageSize,
            mark: logMark(d),
          })
        : null;
    if (starts && lane && writer instanceof CsvWriter) {
      const db = d;
      const csv = writer;
      lanePages = await writeLaned(
        starts.afters,
        lane,
        (k) => {
          const page = pageAt(starts.afters[k] ?? null);
          for (const cells of pageRows(db, page, rctx)) csv.row(cells);
          return page.length;
        },
        (bytes) => csv.bytes(bytes),
        async (rows) => {
          await csv.flush();
          done += rows;
          ctx.progress(done, Math.max(total, done), 'write');
          if (ctx.signal.aborted) throw new JobCancelled();
        },
      );
    } else {
      let after: number | null = null;
      for (;;) {
        if (ctx.signal.aborted) throw new JobCancelled();
        const page = pageAt(after);
        if (page.length === 0) break;
        for (const cells of pageRows(d, page, rctx)) {
          const rolled = writer.row(cells);
          if (rolled) await rolled; // an XLSX sheet closed (full)
        }
        await writer.flush();
        done += page.length;
        ctx.progress(done, Math.max(total, done), 'write');
        after = page[page.length - 1]!.pos;
        if (page.length < pageSize) break;
      }
    }
    if (ctx.signal.aborted) throw new JobCancelled();
    await writer.end();
    await sink.close();
    await rename(part, final);
    const name = fileName(p.format, rctx.time(new Date(nowMs).toISOString()));
    const file: MadeFile = { id: fileId, name, path: final, bytes: sink.bytes };
    return {
      result: { counts: { cases: done }, file: { id: fileId, name, bytes: sink.bytes } },
      file,
      lanePages,
    };
  } catch (e) {
    xlsx?.abandon();
    await sink?.abandon();
    await rm(part, { force: true });
    if (e instanceof JobCancelled || e instanceof JobFailure) throw e;
    const detail = errorDetail(e);
    throw isDatabaseBusy(e)
      ? new JobFailure('busy', 'jobDatabaseBusy', detail)
      : new JobFailure('internal', 'jobFailed', detail);
  } finally {
    lane?.stop();
    if (d) {
      try {
        if (d.sqlite.inTransaction) d.sqlite.prepare('COMMIT').run();
      } finally {
        d.close();
      }
    }
  }
}
