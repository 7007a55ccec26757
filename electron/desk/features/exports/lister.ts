/**
 * What the export reads its cases through (issue 13): the case list's own
 * query, composed in by the desk from the cases feature
 * (electron/desk/exportCases.ts), since a feature imports no other. Apart
 * from ./job.ts so the second lane (./lanes.ts) reads through it too.
 */
import type { ExportFilters } from '../../../../shared/contract/methods/exports';
import type { DeskDatabase } from '../../db/open';
import type { WorkClock } from '../../kernel/deadlineSettings';
import type { ExportCase } from './rows';

/** A case of a page, with its keyset position. */
export type PagedCase = ExportCase & { pos: number };

/**
 * The case list's query, composed by the desk from the cases feature (a
 * feature imports no other): the same filters find the same cases.
 */
export interface CaseLister {
  /** How many cases match (for progress). */
  count(d: DeskDatabase, filters: ExportFilters, clock: WorkClock): number;
  /**
   * How many cases match and where each page of `pageSize` starts: the
   * `after` of page k (null for the first), so any page can be read on its
   * own (./lanes.ts).
   */
  pageStarts(
    d: DeskDatabase,
    filters: ExportFilters,
    pageSize: number,
    clock: WorkClock,
  ): { total: number; afters: (number | null)[] };
  /**
   * The export's pages: up to `limit` matching cases with pos below `after`
   * (null: from the newest), newest first, a call a page.
   */
  pager(
    d: DeskDatabase,
    filters: ExportFilters,
    limit: number,
    clock: WorkClock,
  ): (after: number | null) => PagedCase[];
}
