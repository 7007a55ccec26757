/**
 * The case list's query as the export feature reads it (issue 13): the
 * cases feature's own list query (features/cases/queries.ts), so an export
 * finds exactly the cases the list shows for the same filters, walked a page
 * at a time by pos. Composed here because a feature imports no other.
 */
import type { ListQuery } from './features/cases/queries';
import { buildListQueries, receivedPosRange } from './features/cases/queries';
import type { CaseLister, PagedCase } from './features/exports';
import type { ExportFilters } from '../../shared/contract/methods/exports';
import { searchTerms } from '../../shared/domain/cases/searchText';

/** A keyset position no case has (positions are whole numbers): found again among the compiled parameters. */
const AFTER_MARKER = -0.5;

const query = (f: ExportFilters, limit: number): ListQuery => ({ ...f, limit });

/** The received-at pos range for date filters without text (as the list does); 'none' when no case is in it. */
function rangeOf(d: Parameters<typeof receivedPosRange>[0], f: ExportFilters) {
  const searching = f.text !== undefined && searchTerms(f.text).length > 0;
  if (searching || (f.from === undefined && f.to === undefined)) return null;
  return receivedPosRange(d, f) ?? 'none';
}

export const caseLister: CaseLister = {
  count(d, f, clock) {
    const range = rangeOf(d, f);
    if (range === 'none') return 0;
    const { rows } = buildListQueries(d.db, query(f, 1), null, range, clock);
    const counted = rows
      .clearSelect()
      .clearOrderBy()
      .clearLimit()
      .select((eb) => eb.fn.countAll<number>().as('n'));
    return Number(d.first(counted)?.n ?? 0);
  },
  pageStarts(d, f, pageSize, clock) {
    const range = rangeOf(d, f);
    const afters: (number | null)[] = [];
    if (range === 'none') return { total: 0, afters };
    const { exportPositions } = buildListQueries(d.db, query(f, 1), null, range, clock);
    const { sql, parameters } = exportPositions().compile();
    // Every position, unordered (8 bytes a case, outside the thread's heap), then sorted newest first.
    let pos = new Float64Array(1 << 14);
    let total = 0;
    const scan = d.sqlite.prepare(sql).pluck(true);
    for (const p of scan.iterate(...parameters) as Iterable<number>) {
      if (total === pos.length) {
        const grown = new Float64Array(pos.length * 2);
        grown.set(pos);
        pos = grown;
      }
      pos[total++] = p;
    }
    const sorted = pos.subarray(0, total).sort().reverse();
    // Page k starts after the last case of page k - 1: 5,000 numbers at 1,000,000 cases.
    for (let k = 0; k * pageSize < total; k++) afters.push(k === 0 ? null : sorted[k * pageSize - 1]!);
    return { total, afters };
  },
  pager(d, f, limit, clock) {
    const range = rangeOf(d, f);
    if (range === 'none') return () => [];
    // Built and compiled once an export (half a millisecond a page otherwise: 0.3 s at 100,000
    // cases), then bound with each page's `after` in the place the marker took.
    const compiled = (after: number | null) =>
      buildListQueries(d.db, query(f, limit - 1), after, range, clock)
        .exportRows()
        .compile();
    const first = compiled(null);
    const next = compiled(AFTER_MARKER);
    const at = next.parameters.indexOf(AFTER_MARKER);
    if (at < 0) throw new Error('the export page query does not bind its keyset position');
    const params = [...next.parameters];
    return (after) => {
      if (after === null) return d.prepare(first.sql).all(...first.parameters) as PagedCase[];
      params[at] = after;
      return d.prepare(next.sql).all(...params) as PagedCase[];
    };
  },
};
