/**
 * Issue 14: the `case_facts` row of a case (desk migration 0020;
 * docs/analysis.md, decision 0037), written by the case projector whenever it
 * writes the case row, from the one shared function every replica uses
 * (`caseFacts`, shared/domain/analysisFacts.ts) under the shared column names
 * (shared/domain/analysis/columns.ts).
 *
 * - The row's rowid is the case's `cases.pos` (its arrival position), so a
 *   rebuild, whatever its chunks, puts every row where the incremental path
 *   did.
 * - `is_repeat` is the case row's repeat flag (./repeats.ts). The customer
 *   index may change the flag of OTHER cases when a case arrives or changes;
 *   the projector passes their ids to `syncRepeat`, which copies the flag
 *   from the case row, so the two never differ.
 */
import type Database from 'better-sqlite3';
import { caseFacts } from '../../../../shared/domain/analysisFacts';
import { FACT_COLUMNS, factsRow } from '../../../../shared/domain/analysis/columns';
import type { CaseState } from '../../../../shared/domain/cases/state';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';

export interface CaseFactsWriter {
  /** Writes the facts row of the case at `pos` (after its case row and repeat flag are written). */
  write(pos: number, caseId: string, state: CaseState): void;
  /** Copies the case row's repeat flag into the facts row of case `caseId` (its flag changed). */
  syncRepeat(caseId: string): void;
}

const COLUMNS = Object.values(FACT_COLUMNS);

export function caseFactsWriter(s: Database.Database, settingsAt: SettingsAt): CaseFactsWriter {
  const st = {
    repeat: s.prepare('SELECT repeat FROM cases WHERE pos = ?').pluck() as Database.Statement<
      [number],
      number
    >,
    upsert: s.prepare(
      `INSERT INTO case_facts (rowid, case_id, ${COLUMNS.join(', ')})
       VALUES (@pos, @case_id, ${COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (case_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
    ),
    syncRepeat: s.prepare(
      `UPDATE case_facts SET is_repeat = (SELECT repeat FROM cases WHERE id = @id)
       WHERE case_id = @id AND is_repeat IS NOT (SELECT repeat FROM cases WHERE id = @id)`,
    ),
  };
  return {
    write(pos, caseId, state) {
      const repeat = st.repeat.get(pos) === 1;
      st.upsert.run({ ...factsRow(caseFacts(state, settingsAt, { repeat })), pos, case_id: caseId });
    },
    syncRepeat(caseId) {
      st.syncRepeat.run({ id: caseId });
    },
  };
}
