/**
 * Issue 14: the `case_facts` row of a case (desk migration 0020;
 * docs/analysis.md, decision 0037), written by the case projector whenever it
 * writes the case row, from the one shared function every replica uses
 * (`caseFacts`, shared/domain/analysisFacts.ts) under the shared column names
 * (shared/domain/analysis/columns.ts), and the rollups of those rows
 * (`facts_rollup`, migration 0023; shared/domain/analysis/rollup.ts,
 * decision 0043).
 *
 * - The row's rowid is the case's `cases.pos` (its arrival position), so a
 *   rebuild, whatever its chunks, puts every row where the incremental path
 *   did.
 * - `is_repeat` is the case row's repeat flag (./repeats.ts). The customer
 *   index may change the flag of OTHER cases when a case arrives or changes;
 *   the projector passes their ids to `syncRepeat`, which copies the flag
 *   from the case row, so the two never differ.
 * - Every change of a facts row (the row before against the row after) adds
 *   its difference to the rollups' pending changes, merged by rollup row;
 *   `flush` writes them at the end of the projector's flush (an import of 500
 *   cases writes each touched day-and-value row once) and deletes the rows
 *   left with no case.
 */
import type Database from 'better-sqlite3';
import { caseFacts } from '../../../../shared/domain/analysisFacts';
import { FACT_COLUMNS, factsRow } from '../../../../shared/domain/analysis/columns';
import {
  addRollupDelta,
  rollupChanges,
  type FactsRow,
  type RollupDelta,
} from '../../../../shared/domain/analysis/rollup';
import {
  rollupCellParams,
  rollupPruneParams,
  rollupPruneSql,
  rollupTakesCases,
  rollupUpsertSql,
} from '../../../../shared/domain/analysis/rollupSql';
import type { DerivedAtReceipt } from '../../../../shared/domain/caseJudgement';
import type { CaseState } from '../../../../shared/domain/cases/state';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';

export interface CaseFactsWriter {
  /**
   * Writes the facts row of the case at `pos` (after its case row and repeat flag are written);
   * `existed`: the case row was there before (else neither was its facts row: nothing to read);
   * `known`: the row's repeat flag and the case's derived deadlines when the projector has them.
   */
  write(
    pos: number,
    caseId: string,
    state: CaseState,
    existed: boolean,
    known?: { repeat?: boolean; derived?: DerivedAtReceipt },
  ): void;
  /** Copies the case row's repeat flag into the facts row of case `caseId` (its flag changed). */
  syncRepeat(caseId: string): void;
  /** Drops pending rollup changes (at the start of each projector flush or refresh: a failed one's are void). */
  begin(): void;
  /** Writes the rollups' pending changes (at the end of each projector flush or refresh). */
  flush(): void;
}

const COLUMNS = Object.values(FACT_COLUMNS);
/** The desk's rollups have one scope: its branch's cases. */
const SCOPES = [''];

export function caseFactsWriter(s: Database.Database, settingsAt: SettingsAt): CaseFactsWriter {
  const st = {
    repeat: s.prepare('SELECT repeat FROM cases WHERE pos = ?').pluck() as Database.Statement<
      [number],
      number
    >,
    repeatById: s.prepare('SELECT repeat FROM cases WHERE id = ?').pluck() as Database.Statement<
      [string],
      number
    >,
    row: s.prepare(`SELECT ${COLUMNS.join(', ')} FROM case_facts WHERE case_id = ?`) as Database.Statement<
      [string],
      FactsRow
    >,
    upsert: s.prepare(
      `INSERT INTO case_facts (rowid, case_id, ${COLUMNS.join(', ')})
       VALUES (@pos, @case_id, ${COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (case_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ),
    setRepeat: s.prepare('UPDATE case_facts SET is_repeat = ? WHERE case_id = ?'),
    upsertTotals: s.prepare(rollupUpsertSql('sqlite', 'totals')),
    upsertCount: s.prepare(rollupUpsertSql('sqlite', 'count')),
    prune: s.prepare(rollupPruneSql('sqlite')),
  };
  const pending: RollupDelta = new Map();
  return {
    write(pos, caseId, state, existed, known) {
      const repeat = known?.repeat ?? st.repeat.get(pos) === 1;
      const before = existed ? (st.row.get(caseId) ?? null) : null;
      const after = factsRow(caseFacts(state, settingsAt, { repeat, derived: known?.derived }));
      // An event that changes no fact (many do not): nothing to write, nothing to roll up.
      if (before && COLUMNS.every((c) => before[c] === after[c])) return;
      st.upsert.run({ ...after, pos, case_id: caseId });
      addRollupDelta(pending, before, after, SCOPES);
    },
    syncRepeat(caseId) {
      const before = st.row.get(caseId);
      const repeat = st.repeatById.get(caseId);
      if (!before || repeat === undefined || before.is_repeat === repeat) return;
      st.setRepeat.run(repeat, caseId);
      addRollupDelta(pending, before, { ...before, is_repeat: repeat }, SCOPES);
    },
    begin() {
      pending.clear();
    },
    flush() {
      if (pending.size === 0) return;
      for (const cell of rollupChanges(pending)) {
        (cell.gset === '' ? st.upsertTotals : st.upsertCount).run(...rollupCellParams(cell));
        if (rollupTakesCases(cell)) st.prune.run(...rollupPruneParams(cell));
      }
      pending.clear();
    },
  };
}
