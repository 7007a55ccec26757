/**
 * The `case_work` rows of a case (migration 0006, docs/deadlines.md): its
 * derived deadlines, written by the case projector with every case row, from
 * the settings in force when the case was received (the oracle composed in
 * electron/desk/projection.ts). The rows depend only on the case's state and
 * those settings, never on the time, so a rebuild writes the same rows.
 *
 * Kept: open deadlines (neither met nor ended: the queues and the scheduler),
 * ended ones (contacts exhausted, callbacks unreachable), every callback
 * (coverage) and a late entry. Deadlines met in time are not stored; the case
 * view derives them from the state. An imported case keeps none of its log's
 * history (its entry, anything due before the import: `isImportHistory`).
 *
 * `case_work_basis` remembers which settings each case was derived with, so
 * a settings change re-derives exactly the cases whose settings in force at
 * receipt changed (`stale`): between two instants where a settings version
 * starts one key is in force, so each such range is one scan of the
 * (received_ms, settings_key) index for other keys.
 *
 * `callback_days` sums the callback rows per UTC day of their due time (how
 * many, how many done), kept with the rows, so the board's callback coverage
 * over 30 days reads 30 small rows instead of counting a month of callbacks.
 */
import type Database from 'better-sqlite3';
import type { CaseState } from '../../../../shared/domain/cases/state';
import {
  type CaseDeadline,
  deriveDeadlines,
  type SettingsInForce,
  type SettingsSource,
} from '../../../../shared/domain/deadlines/caseDeadlines';
import type { DerivedAtReceipt } from '../../../../shared/domain/caseJudgement';
import { factsOfCase, isImportHistory } from '../../../../shared/domain/caseFacts';

/** Whether a derived deadline gets a `case_work` row. */
export function keepsRow(d: CaseDeadline): boolean {
  if (d.metMs === null) return true; // open or ended
  if (d.kind === 'callback') return true;
  return d.kind === 'entry' && d.dueMs !== null && d.metMs > d.dueMs;
}

/** A `case_work` row's values, in column order (kind, ref, owner, due_ms, met_ms, ended_ms). */
export type WorkRow = [
  kind: string,
  ref: string,
  owner: string | null,
  due: number | null,
  met: number | null,
  ended: number | null,
];

/** The `case_work` row of a derived deadline that keeps one (keepsRow). */
export const workRowOf = (d: CaseDeadline): WorkRow => [d.kind, d.ref, d.owner, d.dueMs, d.metMs, d.endedMs];

const DAY_MS = 86_400_000;

const rowKey = (rows: readonly WorkRow[]): string => JSON.stringify(rows);

export interface CaseWorkWriter {
  /**
   * Derives and writes the rows of the case at `pos` (`existed`: it may have rows already;
   * `derived`: its deadlines as the projector derived them for this state).
   */
  write(pos: number, state: CaseState, existed: boolean, derived?: DerivedAtReceipt): void;
  /** Positions of cases derived with settings other than those now in force at their receipt. */
  stale(): number[];
}

export function caseWorkWriter(s: Database.Database, settings: SettingsSource): CaseWorkWriter {
  const settingsAt = settings.at;
  const st = {
    rows: s
      .prepare(
        'SELECT kind, ref, owner, due_ms, met_ms, ended_ms FROM case_work WHERE case_pos = ? ORDER BY kind, ref',
      )
      .raw() as Database.Statement<[number], WorkRow>,
    del: s.prepare('DELETE FROM case_work WHERE case_pos = ?'),
    insert: s.prepare(
      'INSERT INTO case_work (case_pos, kind, ref, owner, due_ms, met_ms, ended_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    basis: s.prepare(
      `INSERT INTO case_work_basis (case_pos, received_ms, settings_key) VALUES (?, ?, ?)
       ON CONFLICT (case_pos) DO UPDATE SET received_ms = excluded.received_ms, settings_key = excluded.settings_key
       WHERE received_ms IS NOT excluded.received_ms OR settings_key IS NOT excluded.settings_key`,
    ),
    coverage: s.prepare(
      `INSERT INTO callback_days (day, due, done) VALUES (?, ?, ?)
       ON CONFLICT (day) DO UPDATE SET due = due + excluded.due, done = done + excluded.done`,
    ),
    staleIn: s
      .prepare(
        `SELECT case_pos FROM case_work_basis WHERE received_ms >= ? AND received_ms < ? AND settings_key <> ?`,
      )
      .pluck() as Database.Statement<[number, number, string], number>,
  };

  function derive(
    state: CaseState,
    derived: DerivedAtReceipt | undefined,
  ): { rows: WorkRow[]; receivedMs: number; key: string } {
    // The projector's derivation is the same one when the receipt parses (NaN never equals itself).
    const receivedMs = Date.parse(state.receivedAt);
    let settings: SettingsInForce;
    let deadlines: readonly CaseDeadline[];
    if (derived !== undefined && derived.receivedMs === receivedMs) {
      ({ settings, deadlines } = derived);
    } else {
      const facts = factsOfCase(state);
      settings = settingsAt(facts.receivedMs);
      deadlines = deriveDeadlines(facts, settings.calendar, settings.rules);
    }
    const rows: WorkRow[] = [];
    for (const d of deadlines) {
      if (keepsRow(d) && !isImportHistory(state, d)) rows.push(workRowOf(d));
    }
    // Primary-key order (as the SELECT reads them back); a case has few rows.
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return { rows, receivedMs, key: settings.key };
  }

  /** Adds `sign` times the callback rows among `rows` to the per-day sums. */
  function countCallbacks(rows: readonly WorkRow[], sign: 1 | -1): void {
    for (const [kind, , , due, met] of rows) {
      if (kind !== 'callback' || due === null) continue;
      st.coverage.run(Math.floor(due / DAY_MS), sign, met === null ? 0 : sign);
    }
  }

  return {
    write(pos, state, existed, derived) {
      const { rows, receivedMs, key } = derive(state, derived);
      st.basis.run(pos, receivedMs, key);
      if (existed) {
        const old = st.rows.all(pos);
        if (rowKey(old) === rowKey(rows)) return;
        countCallbacks(old, -1);
        st.del.run(pos);
      }
      for (const r of rows) st.insert.run(pos, ...r);
      countCallbacks(rows, 1);
    },
    stale() {
      // Between two changes the settings in force are one: each range holds one key (a range scan of
      // the received_ms index, touching only the cases derived with another).
      const points = [...new Set(settings.changesAt())].sort((a, b) => a - b);
      const bounds = [Number.MIN_SAFE_INTEGER, ...points, Number.MAX_SAFE_INTEGER];
      const out: number[] = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const lo = bounds[i]!;
        const hi = bounds[i + 1]!;
        if (lo >= hi) continue;
        const key = settingsAt(i === 0 ? hi - 1 : lo).key;
        for (const pos of st.staleIn.iterate(lo, hi, key)) out.push(pos);
      }
      return out;
    },
  };
}
