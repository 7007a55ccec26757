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
import { DAY_MS, MAX_REPEAT_WINDOW_DAYS } from '../../../../shared/domain/cases/repeat';
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

interface IndexRow {
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
 * The writer's index reads for one key kind (a phone key, or a name with no
 * phone), each a range of one partial index; exported for the query-plan test.
 */
export function repeatSql(col: 'phone_norm' | 'name_norm'): {
  earlier: string;
  earlierSame: string;
  later: string;
} {
  const keyed =
    col === 'phone_norm' ? `phone_norm = @k AND phone_norm <> ''` : `name_norm = @k AND phone_norm = ''`;
  const earlier = `SELECT 1 FROM customers_index WHERE ${keyed} AND received_ms >= @lo AND received_ms <= @r
      AND case_pos <> @pos AND (received_ms < @r OR case_id < @id)`;
  return {
    earlier: `${earlier} LIMIT 1`,
    earlierSame: `${earlier} AND category = @cat LIMIT 1`,
    later: `SELECT case_pos, case_id, phone_norm, name_norm, received_ms, window_days, category FROM customers_index
      WHERE ${keyed} AND received_ms >= @from AND received_ms <= @to`,
  };
}

export function repeatWriter(s: Database.Database, settingsAt: SettingsAt): RepeatWriter {
  const by = (col: 'phone_norm' | 'name_norm') => {
    const sql = repeatSql(col);
    return {
      earlier: s.prepare(sql.earlier).pluck() as Database.Statement<
        [{ k: string; lo: number; r: number; pos: number; id: string }],
        number
      >,
      earlierSame: s.prepare(sql.earlierSame).pluck() as Database.Statement<
        [{ k: string; lo: number; r: number; pos: number; id: string; cat: string }],
        number
      >,
      later: s.prepare(sql.later) as Database.Statement<[{ k: string; from: number; to: number }], IndexRow>,
    };
  };
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

  /** The statements of a row's key, or null when it has none (no phone, no name). */
  const keyed = (r: IndexRow) => (r.phone_norm !== '' ? st.phone : r.name_norm !== '' ? st.name : null);
  const keyOf = (r: IndexRow) => (r.phone_norm !== '' ? r.phone_norm : r.name_norm);

  /** The flags of the case of index row `r`, from the index alone. */
  function flagsOf(r: IndexRow): RepeatFlags {
    const q = keyed(r);
    const lo = r.received_ms - r.window_days * DAY_MS;
    const args = { k: keyOf(r), lo, r: r.received_ms, pos: r.case_pos, id: r.case_id };
    const repeat = q !== null && q.earlier.get(args) !== undefined ? 1 : 0;
    const same =
      repeat === 1 && q !== null && q.earlierSame.get({ ...args, cat: r.category }) !== undefined ? 1 : 0;
    return { repeat, same };
  }

  /** Judges the case of index row `r` again and stores its flags; true when they changed. */
  function judge(r: IndexRow): boolean {
    return st.setRepeat.run({ ...flagsOf(r), pos: r.case_pos }).changes > 0;
  }

  /** Judges again the cases of `r`'s key received from `r`'s receipt to the largest window after it. */
  function judgeLater(r: IndexRow, self: number, changed: Set<string>): void {
    const q = keyed(r);
    if (q === null) return;
    for (const b of q.later.all({ k: keyOf(r), from: r.received_ms, to: r.received_ms + MAX_WINDOW_MS })) {
      if (b.case_pos !== self && judge(b)) changed.add(b.case_id);
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
      return {
        // The case's own flags read only the index (other cases' rows), so they are judged before its row is written.
        flags: flagsOf(next),
        later() {
          const changed = new Set<string>();
          if (old !== undefined) judgeLater(old, pos, changed);
          judgeLater(next, pos, changed);
          changed.delete(caseId);
          return [...changed];
        },
      };
    },
  };
}
