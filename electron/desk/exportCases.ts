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
  page(d, f, after, limit, clock) {
    const range = rangeOf(d, f);
    if (range === 'none') return [];
    const { exportRows } = buildListQueries(d.db, query(f, limit - 1), after, range, clock);
    return d.all(exportRows()) satisfies PagedCase[];
  },
};
