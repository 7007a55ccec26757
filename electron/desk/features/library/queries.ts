/**
 * Reading the case library: one item, a search page (text, category, kind,
 * newest first) and the answers and plans that apply to a category. Reads
 * `library_items` and `library_search` (migration 0012) only.
 *
 * A text search takes its candidates from the gram index (every gram of every
 * word, kernel/grams.ts) and re-checks each with `instr` on the normalized
 * search text, in the same statement, so a page lists exactly the items that
 * hold every word, and its LIMIT counts only those.
 *
 * Categories come from the branch's taxonomy (the one the intake picker
 * shows). An answer or plan filed under a parent applies to its children, so
 * `forCategory` reads the category and its ancestors, and a search by
 * category lists the items of the category, of its ancestors and of its
 * descendants (what a counter handling such a case, or a supervisor looking
 * after that part of the tree, wants to see).
 */
import type Database from 'better-sqlite3';
import type {
  LibraryForCategory,
  LibraryItemView,
  LibrarySearchPage,
  LibrarySearchQuery,
} from '../../../../shared/contract/methods/library';
import { flattenCategories } from '../../../../shared/domain/cases/scriptRules';
import type { Taxonomy } from '../../../../shared/domain/cases/script';
import { searchTerms } from '../../../../shared/domain/kernel/searchTerms';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import type { LibraryItem } from '../../../../shared/domain/library/fold';
import type { LibraryKind } from '../../../../shared/domain/library/payloads';
import type { Desk } from '../../kernel/desk';
import { matchExpression } from '../../kernel/grams';

/** A category and its ancestors, nearest first (just the value when the taxonomy does not know it). */
export function categoryAndAncestors(taxonomy: Taxonomy, category: string): string[] {
  const node = flattenCategories(taxonomy).find((c) => c.value === category);
  return node ? [...node.path].reverse() : [category];
}

/** The categories a search by `category` lists: it, its ancestors and its descendants. */
export function relatedCategories(taxonomy: Taxonomy, category: string): string[] {
  const flat = flattenCategories(taxonomy);
  const node = flat.find((c) => c.value === category);
  if (!node) return [category];
  const out = new Set(node.path);
  for (const c of flat) if (c.path.includes(category)) out.add(c.value);
  return [...out];
}

/** True when the taxonomy has this category (a leaf or a parent). */
export function knownCategory(taxonomy: Taxonomy, category: string): boolean {
  return flattenCategories(taxonomy).some((c) => c.value === category);
}

export function viewOf(desk: Desk, item: LibraryItem): LibraryItemView {
  const name = (id: string) => desk.directory.staffById(id)?.name ?? null;
  const caseId = item.entry?.caseId ?? null;
  const caseNumber =
    caseId === null
      ? null
      : ((
          desk.d.sqlite.prepare('SELECT number FROM cases WHERE id = ?').get(caseId) as
            { number: string } | undefined
        )?.number ?? null);
  return {
    id: item.id,
    kind: item.kind,
    category: item.category,
    title: item.title,
    text: item.text,
    background: item.entry?.background ?? '',
    details: item.entry?.details ?? '',
    result: item.entry?.result ?? '',
    discussion: item.entry?.discussion ?? '',
    caseId,
    caseNumber,
    createdBy: item.createdBy,
    createdByName: name(item.createdBy),
    createdAt: isoOfHlc(item.createdHlc),
    updatedBy: item.updatedBy,
    updatedByName: name(item.updatedBy),
    updatedAt: isoOfHlc(item.updatedHlc),
    retired: item.retired !== null,
  };
}

/** The folded item of a library row, or null when the desk has none with this id. */
export function libraryItem(desk: Desk, itemId: string): LibraryItem | null {
  const row = desk.d.sqlite.prepare('SELECT item FROM library_items WHERE id = ?').get(itemId) as
    { item: string } | undefined;
  return row ? (JSON.parse(row.item) as LibraryItem) : null;
}

const CURSOR = /^(\d+-\d+)~(\d+)$/;

/** The SQL of a search page and its parameters (exported for the EXPLAIN QUERY PLAN test). */
export function searchSql(
  taxonomy: Taxonomy,
  q: LibrarySearchQuery & { limit: number },
): { sql: string; params: (string | number)[] } | 'bad_cursor' {
  const where: string[] = [];
  const params: (string | number)[] = [];
  // With a category, the category index leads (the unary + keeps the planner off the recent index).
  if (!q.includeRetired) where.push(q.category === undefined ? 'retired = 0' : '+retired = 0');
  if (q.kind !== undefined) {
    where.push('kind = ?');
    params.push(q.kind);
  }
  if (q.category !== undefined) {
    const cats = relatedCategories(taxonomy, q.category);
    where.push(`category IN (${cats.map(() => '?').join(', ')})`);
    params.push(...cats);
  }
  const terms = searchTerms(q.text ?? '');
  if (terms.length > 0) {
    where.push('pos IN (SELECT rowid FROM library_search WHERE library_search MATCH ?)');
    params.push(matchExpression(terms));
    for (const t of terms) {
      where.push('instr(search_text, ?) > 0');
      params.push(t);
    }
  }
  if (q.cursor !== undefined) {
    const m = CURSOR.exec(q.cursor);
    if (!m) return 'bad_cursor';
    where.push('(updated_hlc < ? OR (updated_hlc = ? AND pos < ?))');
    params.push(m[1] as string, m[1] as string, Number(m[2]));
  }
  const sql = `SELECT pos, updated_hlc, item FROM library_items${
    where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''
  } ORDER BY updated_hlc DESC, pos DESC LIMIT ?`;
  params.push(q.limit + 1);
  return { sql, params };
}

export function searchLibrary(
  desk: Desk,
  taxonomy: Taxonomy,
  q: LibrarySearchQuery & { limit: number },
): LibrarySearchPage | 'bad_cursor' {
  const built = searchSql(taxonomy, q);
  if (built === 'bad_cursor') return built;
  const rows = (
    desk.d.sqlite.prepare(built.sql) as Database.Statement<
      (string | number)[],
      { pos: number; updated_hlc: string; item: string }
    >
  ).all(...built.params);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => viewOf(desk, JSON.parse(r.item) as LibraryItem)),
    nextCursor: rows.length > q.limit && last ? `${last.updated_hlc}~${last.pos}` : null,
  };
}

/** The answers and plans of a category and its ancestors (nearest first, newest first within one). */
export function forCategory(desk: Desk, taxonomy: Taxonomy, category: string): LibraryForCategory {
  const cats = categoryAndAncestors(taxonomy, category);
  const rows = desk.d.sqlite
    .prepare(
      `SELECT kind, category, item FROM library_items
       WHERE category IN (${cats.map(() => '?').join(', ')}) AND retired = 0 AND kind IN ('answer', 'plan')
       ORDER BY updated_hlc DESC, pos DESC`,
    )
    .all(...cats) as { kind: LibraryKind; category: string; item: string }[];
  const depth = (c: string) => cats.indexOf(c);
  const sorted = [...rows].sort((a, b) => depth(a.category) - depth(b.category)); // stable: newest first kept
  const of = (kind: LibraryKind) =>
    sorted.filter((r) => r.kind === kind).map((r) => viewOf(desk, JSON.parse(r.item) as LibraryItem));
  return { answers: of('answer'), plans: of('plan') };
}
