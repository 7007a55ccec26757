/**
 * Complaint cases and work orders linked both ways (issue 11, item 5;
 * docs/repair.md "Linked cases"): the SQL of the link table and of the few
 * reads of the `cases` table the order feature makes. A leaf module: the
 * projector, the order view and the handlers (./caseLinkHandlers.ts) use it.
 *
 * `order_case_links` (desk migration 0013) holds one row per (case, order)
 * the order's fold links (`OrderState.caseIds`), keyed by `orders.pos`. The
 * order projector keeps it equal to the stored states' caseIds, so it is
 * rebuilt with the orders projection and follows a re-fold (a link by
 * someone whose authority a late staff event withdraws disappears, and
 * comes back the other way round).
 *
 * Reading another feature's table by SQL (`cases`: its id and number) is
 * how linkCase checked a case before; kept to these two lookups.
 */
import type Database from 'better-sqlite3';
import type { Desk } from '../../kernel/desk';

/**
 * The projector's writer: makes the links of order `pos` those of `after`,
 * given `before`, the caseIds of the state stored for it (none when new).
 */
export function caseLinkWriter(
  s: Database.Database,
): (pos: number, before: readonly string[], after: readonly string[]) => void {
  const insert = s.prepare('INSERT OR IGNORE INTO order_case_links (case_id, order_pos) VALUES (?, ?)');
  const remove = s.prepare('DELETE FROM order_case_links WHERE case_id = ? AND order_pos = ?');
  return (pos, before, after) => {
    for (const c of before) if (!after.includes(c)) remove.run(c, pos);
    for (const c of after) if (!before.includes(c)) insert.run(c, pos);
  };
}

/** A number as a clerk may type it: full-width characters (an IME) folded, upper case. */
export function normalizeNumber(typed: string): string {
  return typed.normalize('NFKC').trim().toUpperCase();
}

/** The case with a number (index `cases_number`, migration 0013); binds the number. */
export const CASE_OF_NUMBER = 'SELECT id FROM cases WHERE number = ? ORDER BY pos LIMIT 1';

/** The id of the case with `number` as typed, or null. */
export function caseIdOfNumber(desk: Pick<Desk, 'd'>, number: string): string | null {
  const row = desk.d.sqlite.prepare(CASE_OF_NUMBER).get(normalizeNumber(number)) as
    { id: string } | undefined;
  return row?.id ?? null;
}

/** True when this desk knows the case. */
export function caseKnown(desk: Pick<Desk, 'd'>, caseId: string): boolean {
  return desk.d.sqlite.prepare('SELECT 1 FROM cases WHERE id = ?').get(caseId) !== undefined;
}

/** The linked cases with their numbers, in link order (null: the case has not reached this desk yet). */
export function linkedCases(
  desk: Pick<Desk, 'd'>,
  caseIds: readonly string[],
): { id: string; number: string | null }[] {
  if (caseIds.length === 0) return [];
  const st = desk.d.sqlite.prepare('SELECT number FROM cases WHERE id = ?').pluck() as Database.Statement<
    [string],
    string
  >;
  return caseIds.map((id) => ({ id, number: st.get(id) ?? null }));
}
