/**
 * Issue 12 columns of a case row, written by the case projector with every
 * case row (migration 0015; docs/decisions/0030-repeat-complaints-and-fcr.md):
 *
 * - `nature` from the fold, `fcr` from the fold and the case's `handling`
 *   deadline, derived with the settings in force at its receipt (like
 *   `case_work`, ./work.ts), so a settings change refreshes it too;
 * - `customers_index`: the case's customer key (shared/domain/cases/
 *   customerKey.ts), receipt and the repeat window in force at that receipt;
 * - `repeat`: whether an earlier case of the same customer lies within the
 *   case's window (shared/domain/cases/repeat.ts). It depends on the other
 *   cases of the customer, not on the order they arrived in: whenever a
 *   case's index row changes (a new case, a case synced in late from another
 *   desk, a receipt re-judged), the case itself and every later case of the
 *   same key within the largest window are judged again. So every desk and a
 *   rebuild end with the same flags.
 * - `repeat_same_category` (migration 0018): the repeat has an earlier case of
 *   the same category within the window (repeat.ts `sameCategory`); the index
 *   keeps each case's category, so a re-categorised case re-judges too.
 */
import type Database from 'better-sqlite3';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { DAY_MS, MAX_REPEAT_WINDOW_DAYS, withinWindow } from '../../../../shared/domain/cases/repeat';
import {
  caseJudgementColumns,
  caseReceivedMs,
  customerIndexEntry,
  type CaseJudgementColumns,
  type DerivedAtReceipt,
} from '../../../../shared/domain/caseJudgement';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';

// The columns and the index entry are shared with head office (server/store/repeats.ts).
export type { CaseJudgementColumns };

/** A row of customers_index. */
export interface IndexRow {
  case_pos: number;
  case_id: string;
  phone_norm: string;
  name_norm: string;
  received_ms: number;
  window_days: number;
  category: string;
}

/** A case's own repeat flags, as the case row stores them (0 or 1). */
export interface RepeatFlags {
  repeat: 0 | 1;
  same: 0 | 1;
}

/** What keeping a case's index row found (RepeatWriter.index). */
export interface IndexedCase {
  /** The case's own flags, judged again because its index row changed; null when it did not (the row keeps its flags). */
  flags: RepeatFlags | null;
  /**
   * After the case row is written: judges the later cases of the same
   * customer again (when the index row changed); returns the ids of OTHER
   * cases whose flag changed.
   */
  later(): string[];
}

export interface RepeatWriter {
  /** `nature` and `fcr` of a case row (`derived`: its deadlines, already derived for this state). */
  columns(state: CaseState, derived?: DerivedAtReceipt): CaseJudgementColumns;
  /**
   * Before the case row at `pos` is written: keeps its index row and, when
   * that changed, judges the case's own flags, which the row is written
   * with (one write of the row, not a second UPDATE for the flags).
   */
  index(pos: number, caseId: string, state: CaseState): IndexedCase;
}

const UNCHANGED: IndexedCase = { flags: null, later: () => [] };

const MAX_WINDOW_MS = MAX_REPEAT_WINDOW_DAYS * DAY_MS;

/**
 * The writer's one index read for a key kind (a phone key, or a name with no
 * phone): the key's rows received within the largest window either side of
 * an instant, oldest first, a range of one partial index (exported for the
 * query-plan test). Every judgement a case write needs is taken from these
 * rows: the case's own flags (its window lies before its receipt) and those
 * of the key's later cases (each later case's window lies inside the range).
 */
export function repeatSql(col: 'phone_norm' | 'name_norm'): { around: string } {
  const keyed =
    col === 'phone_norm' ? `phone_norm = @k AND phone_norm <> ''` : `name_norm = @k AND phone_norm = ''`;
  return {
    around: `SELECT case_pos, case_id, phone_norm, name_norm, received_ms, window_days, category FROM customers_index
      WHERE ${keyed} AND received_ms >= @from AND received_ms <= @to ORDER BY received_ms`,
  };
}

/**
 * The flags of the case of index row `r` among `rows` (its key's rows around
 * it, sorted by receipt): the shared rule (shared/domain/cases/repeat.ts
 * `withinWindow`) over the rows received in its window before it.
 */
export function flagsAmong(r: IndexRow, rows: readonly IndexRow[]): RepeatFlags {
  const lo = r.received_ms - r.window_days * DAY_MS;
  const c = { id: r.case_id, receivedMs: r.received_ms };
  let repeat: 0 | 1 = 0;
  // From the latest row received no later than r, back to the window's start.
  let j = rows.length - 1;
  while (j >= 0 && rows[j]!.received_ms > r.received_ms) j--;
  for (; j >= 0 && rows[j]!.received_ms >= lo; j--) {
    const o = rows[j]!;
    if (
      o.case_pos === r.case_pos ||
      !withinWindow({ id: o.case_id, receivedMs: o.received_ms }, c, r.window_days)
    )
      continue;
    repeat = 1;
    if (o.category === r.category) return { repeat: 1, same: 1 };
  }
  return { repeat, same: 0 };
}

export function repeatWriter(s: Database.Database, settingsAt: SettingsAt): RepeatWriter {
  const by = (col: 'phone_norm' | 'name_norm') =>
    s.prepare(repeatSql(col).around) as Database.Statement<
      [{ k: string; from: number; to: number }],
      IndexRow
    >;
  const st = {
    phone: by('phone_norm'),
    name: by('name_norm'),
    row: s.prepare(
      'SELECT case_pos, case_id, phone_norm, name_norm, received_ms, window_days, category FROM customers_index WHERE case_pos = ?',
    ) as Database.Statement<[number], IndexRow>,
    upsert: s.prepare(
      `INSERT INTO customers_index (case_pos, case_id, phone_norm, name_norm, received_ms, window_days, category)
       VALUES (@case_pos, @case_id, @phone_norm, @name_norm, @received_ms, @window_days, @category)
       ON CONFLICT (case_pos) DO UPDATE SET case_id = excluded.case_id, phone_norm = excluded.phone_norm,
         name_norm = excluded.name_norm, received_ms = excluded.received_ms, window_days = excluded.window_days,
         category = excluded.category`,
    ),
    del: s.prepare('DELETE FROM customers_index WHERE case_pos = ?'),
    setRepeat: s.prepare(
      `UPDATE cases SET repeat = @repeat, repeat_same_category = @same
       WHERE pos = @pos AND (repeat <> @repeat OR repeat_same_category <> @same)`,
    ),
  };

  /** The rows of `r`'s key received within the largest window either side of it ([] when it has no key). */
  function around(r: IndexRow): IndexRow[] {
    const q = r.phone_norm !== '' ? st.phone : r.name_norm !== '' ? st.name : null;
    if (q === null) return [];
    const k = r.phone_norm !== '' ? r.phone_norm : r.name_norm;
    return q.all({ k, from: r.received_ms - MAX_WINDOW_MS, to: r.received_ms + MAX_WINDOW_MS });
  }

  /**
   * Judges again the cases among `rows` received from `r`'s receipt to the
   * largest window after it (not the case at `self`), storing changed flags.
   */
  function judgeLater(r: IndexRow, rows: readonly IndexRow[], self: number, changed: Set<string>): void {
    const to = r.received_ms + MAX_WINDOW_MS;
    for (const b of rows) {
      if (b.received_ms < r.received_ms || b.received_ms > to || b.case_pos === self) continue;
      if (st.setRepeat.run({ ...flagsAmong(b, rows), pos: b.case_pos }).changes > 0) changed.add(b.case_id);
    }
  }

  return {
    columns: (state, derived) => caseJudgementColumns(state, settingsAt, derived),

    index(pos, caseId, state) {
      const entry = customerIndexEntry(state, settingsAt);
      const next: IndexRow = {
        case_pos: pos,
        case_id: caseId,
        phone_norm: entry?.phoneNorm ?? '',
        name_norm: entry?.nameNorm ?? '',
        received_ms: entry?.receivedMs ?? caseReceivedMs(state),
        window_days: entry?.windowDays ?? 0,
        category: entry?.category ?? '',
      };
      const old = st.row.get(pos);
      if (
        old !== undefined &&
        old.case_id === next.case_id &&
        old.phone_norm === next.phone_norm &&
        old.name_norm === next.name_norm &&
        old.received_ms === next.received_ms &&
        old.window_days === next.window_days &&
        old.category === next.category
      ) {
        return UNCHANGED;
      }
      if (entry === null) st.del.run(pos);
      else st.upsert.run(next);
      // The case's own flags read only the index (other cases' rows), so they are judged before its row is
      // written; the same rows serve its later cases (the index does not change until then).
      const rows = entry === null ? [] : around(next);
      return {
        flags: entry === null ? { repeat: 0, same: 0 } : flagsAmong(next, rows),
        later() {
          const changed = new Set<string>();
          if (old !== undefined) judgeLater(old, around(old), pos, changed);
          judgeLater(next, rows, pos, changed);
          changed.delete(caseId);
          return [...changed];
        },
      };
    },
  };
}
