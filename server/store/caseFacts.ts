/**
 * Head office's `case_facts` rows (issue 14; docs/analysis.md, decision
 * 0042): for every case the projector writes, the facts row of
 * shared/domain/analysisFacts.ts (the function every desk runs) with the
 * case's branch, in the same transaction as the case row, so the analysis
 * (./analysis.ts) counts exactly the cases the admin list shows.
 *
 * `is_repeat` is the case row's `repeat` flag: written here from the row
 * (after ./repeats.ts judged it), and kept equal by ./repeats.ts when a new
 * case of a customer changes the flag of cases not in the push.
 */
import type { Kysely } from 'kysely';
import { caseFacts } from '../../shared/domain/analysisFacts';
import { FACT_COLUMNS, TEXT_COLUMNS, factsRow, type FactColumn } from '../../shared/domain/analysis/columns';
import type { CaseState } from '../../shared/domain/cases/state';
import type { SettingsAt } from '../../shared/domain/deadlines/caseDeadlines';
import { clearRollup, rollFacts, type StoredFacts } from './factsRollup';
import { chunks } from './projectors';
import type { CaseFactsTable, ServerDB } from './schema';

/** Columns an upsert replaces: every fact and the branch. */
const UPDATED = ['branch', ...Object.values(FACT_COLUMNS)] as const;

/**
 * Writes the facts rows of `states`, whose case rows (and repeat flags) are
 * already written in this transaction. `settingsAt(branch)` gives a branch's
 * settings in force at an instant.
 */
export async function writeCaseFacts(
  tx: Kysely<ServerDB>,
  states: readonly CaseState[],
  settingsAt: (branch: string) => SettingsAt,
): Promise<void> {
  if (states.length === 0) return;
  const repeat = new Map<string, boolean>();
  const before = new Map<string, StoredFacts>();
  for (const part of chunks(states.map((s) => s.id))) {
    const rows = await tx.selectFrom('cases').select(['id', 'repeat']).where('id', 'in', part).execute();
    for (const r of rows) repeat.set(r.id, Number(r.repeat) === 1);
    const stored = await tx.selectFrom('case_facts').selectAll().where('case_id', 'in', part).execute();
    for (const r of stored) before.set(r.case_id, numbers(r));
  }
  const rows: StoredFacts[] = states.map((s) => ({
    case_id: s.id,
    branch: s.branch,
    ...factsRow(caseFacts(s, settingsAt(s.branch), { repeat: repeat.get(s.id) ?? false })),
  }));
  await rollFacts(
    tx,
    rows.map((r) => ({ before: before.get(r.case_id) ?? null, after: r })),
  );
  // 34 parameters a row: 50 rows stay far below either engine's limit.
  for (const part of chunks(rows, 50)) {
    await tx
      .insertInto('case_facts')
      .values(part)
      .onConflict((oc) =>
        oc
          .column('case_id')
          .doUpdateSet((eb) => Object.fromEntries(UPDATED.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

/** Keeps `is_repeat` equal to the case rows' flag for cases whose flag ./repeats.ts just set. */
export async function setRepeatFacts(
  tx: Kysely<ServerDB>,
  ids: readonly string[],
  repeat: 0 | 1,
): Promise<void> {
  for (const part of chunks(ids)) {
    const changed = await tx
      .selectFrom('case_facts')
      .selectAll()
      .where('case_id', 'in', part)
      .where('is_repeat', '<>', repeat)
      .execute();
    if (changed.length === 0) continue;
    await rollFacts(
      tx,
      changed.map(numbers).map((r) => ({ before: r, after: { ...r, is_repeat: repeat } })),
    );
    await tx
      .updateTable('case_facts')
      .set({ is_repeat: repeat })
      .where('case_id', 'in', part)
      .where('is_repeat', '<>', repeat)
      .execute();
  }
}

/** Deletes every facts row (a rebuild writes them again). */
export async function clearCaseFacts(tx: Kysely<ServerDB>): Promise<void> {
  await tx.deleteFrom('case_facts').execute();
  await clearRollup(tx);
}

/** A stored row with PostgreSQL's BIGINT text (if any) as numbers, as factsRow gives them. */
function numbers(r: CaseFactsTable): StoredFacts {
  const out = { ...r } as Record<string, string | number | null>;
  for (const [k, v] of Object.entries(r))
    if (typeof v === 'string' && !TEXT_COLUMNS.has(k as FactColumn) && k !== 'case_id' && k !== 'branch')
      out[k] = Number(v);
  return out as StoredFacts;
}
