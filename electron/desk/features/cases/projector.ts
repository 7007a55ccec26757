/**
 * The case projection: one `cases` row per case (its folded CaseState as
 * canonical JSON plus the columns the list filters and sorts on) and its row
 * in the `case_search` gram index.
 *
 * - cases.pos (the rowid) is the seq of the event whose fold first produced
 *   the case: it depends only on arrival order, which a rebuild replays;
 * - an event that arrives in fold order is applied incrementally; one that
 *   arrives out of order re-folds the stream from the events with seq <= its
 *   own, so a rebuild passes through the same states;
 * - each touched case row is written once per batch (the hot path of sync and
 *   bulk imports uses raw prepared statements);
 * - restricted acts are judged with the role oracle the desk composes
 *   (electron/desk/projection.ts: the staff directory of every staff event
 *   known). A case whose fold asked the oracle is recorded in `case_judged`
 *   (rare: only restricted acts and due dates ask, a due date for its
 *   `bounded` mark; a refused `case.imported` is recorded
 *   under the position its row would take), and `refresh` folds exactly those again
 *   when the staff directory changes, so a staff event arriving after the
 *   case event it authorises or forbids still counts, and every desk ends
 *   with the same rows whatever the arrival order (DESIGN.md section 3).
 *   Whether a fold asks at all does not depend on the oracle's answers (the
 *   state before the first question never does), so `case_judged` too is the
 *   same after a rebuild.
 * - each case row comes with its derived deadlines in `case_work` (./work.ts),
 *   derived with the branch settings in force when the case was received
 *   (the settings oracle composed in electron/desk/projection.ts). When the
 *   settings change, `refresh` re-derives the cases whose settings in force at
 *   receipt changed (`case_work_basis`), so the rows end the same whatever the
 *   order settings and case events arrived in, and a rebuild gives them too.
 * - issue 12: each row carries its nature, first-contact resolution and
 *   repeat flag, and the customer index (./repeats.ts); a case written may
 *   change the repeat flag of later cases of the same customer, which are
 *   announced with it.
 * - issue 14: each case row comes with its `case_facts` row for the analysis
 *   (./facts.ts), whose repeat flag follows the row's, the other cases' too;
 *   the rollups of those rows (`facts_rollup`) change with them, written once
 *   per flush or refresh.
 */
import type Database from 'better-sqlite3';
import {
  applyCaseEvent,
  CASE_STREAM,
  foldCase,
  opensCase,
  type FoldOptions,
} from '../../../../shared/domain/cases/fold';
import type { RoleOracle } from '../../../../shared/domain/cases/authority';
import { type CaseState, stateJson } from '../../../../shared/domain/cases/state';
import { streamId, streamOf, type EventEnvelope } from '../../../../shared/domain/kernel/envelope';
import { compareFoldKeys, foldKey } from '../../../../shared/domain/kernel/foldKey';
import { CASE_PROJECTION_VERSION, caseRowColumns } from '../../../../shared/domain/cases/row';
import type { ProjectionBatch, ProjectionContext, Projector } from '../../kernel/projectors';
import type { SettingsSource } from '../../../../shared/domain/deadlines/caseDeadlines';
import { deriveAtReceipt } from '../../../../shared/domain/caseJudgement';
import { gramDocument } from './search';
import { caseWorkWriter } from './work';
import { repeatWriter } from './repeats';
import { caseFactsWriter } from './facts';

interface CaseEntry {
  /** Existing row position, or the seq that created it in this batch. */
  pos: number | null;
  existed: boolean;
  state: CaseState | null;
  /** search_text as stored before this batch (null when no row). */
  storedSearch: string | null;
  dirty: boolean;
  /** True when a fold of this case asked the role oracle in this batch. */
  judged: boolean;
}

/**
 * `roleAt` is the role oracle the fold judges restricted acts with
 * (shared/domain/cases/authority.ts); the desk composes it in
 * electron/desk/projection.ts and calls `refresh` when it changes. Without
 * it, restricted acts count. `settings` gives the branch settings the
 * deadlines (`case_work`) are derived with, and where they change; without
 * it no deadline rows are written.
 */
export function caseProjector(
  ctx: ProjectionContext,
  roleAt?: RoleOracle,
  settings?: SettingsSource,
): Projector {
  const s = ctx.d.sqlite;
  const work = settings ? caseWorkWriter(s, settings) : null;
  // Issue 12: nature, first-contact resolution and repeat complaints (./repeats.ts).
  const repeats = settings ? repeatWriter(s, settings.at) : null;
  // Issue 14: the case's facts for the analysis (./facts.ts), from the same settings.
  const facts = settings ? caseFactsWriter(s, settings.at) : null;
  const st = {
    caseById: s.prepare('SELECT pos, state, search_text FROM cases WHERE id = ?') as Database.Statement<
      [string],
      { pos: number; state: string; search_text: string }
    >,
    insertCase: s.prepare(
      `INSERT INTO cases (pos, id, number, status, current_step, customer_name, customer_phone, channel,
         category, severity, owner, assignee, received_at, opened_at, updated_at, closed_at, due_at,
         last_key, state, search_text, nature, fcr, escalation_level, malice, unreviewed, repeat,
         repeat_same_category)
       VALUES (@pos, @id, @number, @status, @current_step, @customer_name, @customer_phone, @channel,
         @category, @severity, @owner, @assignee, @received_at, @opened_at, @updated_at, @closed_at, @due_at,
         @last_key, @state, @search_text, @nature, @fcr, @escalation_level, @malice, @unreviewed,
         coalesce(@repeat, 0), coalesce(@repeat_same_category, 0))`,
    ),
    updateCase: s.prepare(
      `UPDATE cases SET number = @number, status = @status, current_step = @current_step,
         customer_name = @customer_name, customer_phone = @customer_phone, channel = @channel,
         category = @category, severity = @severity, owner = @owner, assignee = @assignee,
         received_at = @received_at, opened_at = @opened_at, updated_at = @updated_at,
         closed_at = @closed_at, due_at = @due_at, last_key = @last_key, state = @state,
         search_text = @search_text, nature = @nature, fcr = @fcr, escalation_level = @escalation_level,
         malice = @malice, unreviewed = @unreviewed, repeat = coalesce(@repeat, repeat),
         repeat_same_category = coalesce(@repeat_same_category, repeat_same_category)
       WHERE pos = @pos`,
    ),
    ftsInsert: s.prepare('INSERT INTO case_search (rowid, g) VALUES (?, ?)'),
    ftsDelete: s.prepare('DELETE FROM case_search WHERE rowid = ?'),
    markJudged: s.prepare('INSERT OR IGNORE INTO case_judged (case_pos) VALUES (?)'),
    // A stream's events by arrival: a refused opening's row would take the seq of the first that opens.
    streamTypes: s.prepare(
      'SELECT seq, type FROM events WHERE stream = ? ORDER BY seq',
    ) as Database.Statement<[string], { seq: number; type: string }>,
    // Judged positions with no row yet: openings the oracle refused (an import before its
    // supervisor was known), folded again with the others.
    judgedPending: s.prepare(
      `SELECT j.case_pos AS pos, e.stream FROM case_judged j JOIN events e ON e.seq = j.case_pos
        WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.pos = j.case_pos) ORDER BY j.case_pos`,
    ) as Database.Statement<[], { pos: number; stream: string }>,
    dropJudged: s.prepare('DELETE FROM case_judged WHERE case_pos = ?'),
    judged: s.prepare(
      `SELECT c.pos, c.id, c.state, c.search_text FROM case_judged j JOIN cases c ON c.pos = j.case_pos
       ORDER BY j.case_pos`,
    ) as Database.Statement<[], { pos: number; id: string; state: string; search_text: string }>,
    byPos: s.prepare('SELECT id, state, search_text FROM cases WHERE pos = ?') as Database.Statement<
      [number],
      { id: string; state: string; search_text: string }
    >,
  };

  // The oracle, noticing whether a fold asked it: set before each fold, read after.
  let consulted = false;
  const fold: FoldOptions = roleAt
    ? {
        roleAt: (actorId, key) => {
          consulted = true;
          return roleAt(actorId, key);
        },
      }
    : {};

  function apply(batch: Map<string, CaseEntry>, e: EventEnvelope, seq: number): void {
    const caseId = streamId(e.stream);
    let entry = batch.get(caseId);
    if (!entry) {
      const row = st.caseById.get(caseId);
      entry = row
        ? {
            pos: row.pos,
            existed: true,
            state: JSON.parse(row.state) as CaseState,
            storedSearch: row.search_text,
            dirty: false,
            judged: false,
          }
        : { pos: null, existed: false, state: null, storedSearch: null, dirty: false, judged: false };
      batch.set(caseId, entry);
    }
    consulted = false;
    let next: CaseState | null;
    if (entry.state !== null && compareFoldKeys(foldKey(e), entry.state.lastKey) > 0) {
      next = applyCaseEvent(entry.state, e, fold); // in order: apply incrementally
    } else if (entry.state === null && opensCase(e.type) && !ctx.streamHasEarlier(e.stream, seq)) {
      next = applyCaseEvent(null, e, fold); // the first event of a new case: same as folding [e]
    } else {
      next = foldCase(ctx.readStream(e.stream, seq), fold); // out of order (or orphans waiting for case.opened): re-fold
    }
    if (next !== entry.state) {
      entry.state = next;
      entry.dirty = true;
    }
    if (next !== null && entry.pos === null) entry.pos = seq;
    // Asked on the way to a state, or for an opening it refused (a case.imported): flush keeps both.
    if (consulted) entry.judged = true;
  }

  /**
   * Writes a case row and its search document (`existed`: the row is there, with `storedSearch`).
   * Returns the ids of other cases whose row changed with it (repeat flags, ./repeats.ts).
   */
  function write(
    caseId: string,
    pos: number,
    state: CaseState,
    existed: boolean,
    storedSearch: string | null,
  ): string[] {
    // The deadlines once for the work rows, the fcr and the facts; the own repeat flags before the row.
    const derived = settings ? deriveAtReceipt(state, settings.at) : undefined;
    const indexed = repeats?.index(pos, caseId, state);
    const flags = indexed?.flags ?? null;
    const row = {
      ...caseRowColumns(state),
      ...(repeats?.columns(state, derived) ?? { nature: state.nature?.value ?? null, fcr: null }),
      // null: the row keeps the flags it has (a new row: 0).
      repeat: flags?.repeat ?? null,
      repeat_same_category: flags?.same ?? null,
      pos,
      id: caseId,
      last_key: state.lastKey,
      state: stateJson(state),
    };
    const searchText = row.search_text;
    if (existed) {
      st.updateCase.run(row);
      if (searchText !== storedSearch) {
        st.ftsDelete.run(pos);
        st.ftsInsert.run(pos, gramDocument(searchText));
      }
    } else {
      st.insertCase.run(row);
      st.ftsInsert.run(pos, gramDocument(searchText));
    }
    work?.write(pos, state, existed, derived);
    const others = indexed?.later() ?? [];
    // After the repeat flags: the facts row takes the case's own, and follows the others'.
    if (facts) {
      facts.write(pos, caseId, state, existed, {
        repeat: flags === null ? undefined : flags.repeat === 1,
        derived,
      });
      for (const other of others) facts.syncRepeat(other);
    }
    return others;
  }

  /** Writes each changed case row once; returns the ids of changed cases. */
  function flush(batch: Map<string, CaseEntry>): string[] {
    const changed = new Set<string>();
    facts?.begin();
    for (const [caseId, entry] of batch) {
      if (entry.judged && entry.pos !== null) st.markJudged.run(entry.pos);
      else if (entry.judged && entry.state === null) {
        // The oracle refused the opening (a case.imported by someone not, or not yet, known as a
        // supervisor): remembered under the position its row would take, so a later staff event,
        // or the staff rows a rebuild writes after this chunk, opens it after all.
        const open = st.streamTypes.all(streamOf(CASE_STREAM, caseId)).find((r) => opensCase(r.type));
        if (open !== undefined) st.markJudged.run(open.seq);
      }
      if (!entry.dirty || entry.state === null || entry.pos === null) continue;
      for (const other of write(caseId, entry.pos, entry.state, entry.existed, entry.storedSearch)) {
        changed.add(other);
      }
      changed.add(caseId);
    }
    batch.clear();
    facts?.flush();
    return [...changed];
  }

  /**
   * A projection the case rows read changed (`dependsOn`: the staff
   * directory, the branch settings). Folds every case whose fold asked the
   * role oracle again, from its events up to `upToSeq`, and writes those whose
   * state changed; then re-derives the deadlines of every case whose settings
   * in force at receipt are no longer those it was derived with. Either step
   * finds nothing to do when its projection did not change, so one refresh
   * serves both. Returns the ids of the cases written (announced like any
   * other change).
   */
  function refresh(upToSeq: number): string[] {
    const changed = new Set<string>();
    facts?.begin();
    if (roleAt) {
      for (const row of st.judged.all()) {
        const next = foldCase(ctx.readStream(streamOf(CASE_STREAM, row.id), upToSeq), fold);
        if (next === null || stateJson(next) === row.state) continue;
        for (const other of write(row.id, row.pos, next, true, row.search_text)) changed.add(other);
        changed.add(row.id);
      }
      for (const pending of st.judgedPending.all()) {
        const caseId = streamId(pending.stream);
        if (st.caseById.get(caseId) !== undefined) {
          st.dropJudged.run(pending.pos); // opened since, under another position (judged there)
          continue;
        }
        const next = foldCase(ctx.readStream(pending.stream, upToSeq), fold);
        if (next === null) continue;
        for (const other of write(caseId, pending.pos, next, false, null)) changed.add(other);
        changed.add(caseId);
      }
    }
    if (work) {
      for (const pos of work.stale()) {
        const row = st.byPos.get(pos);
        if (!row) continue;
        // The whole row: its first-contact resolution and repeat window follow the settings too.
        for (const other of write(row.id, pos, JSON.parse(row.state) as CaseState, true, row.search_text)) {
          changed.add(other);
        }
        changed.add(row.id);
      }
    }
    facts?.flush();
    return [...changed];
  }

  return {
    kind: CASE_STREAM,
    // The row mapping and search text shared with head office (shared/domain/cases/row.ts).
    version: CASE_PROJECTION_VERSION,
    clear: () =>
      s.exec(
        `DELETE FROM cases; DELETE FROM case_judged; DELETE FROM case_work; DELETE FROM case_work_basis; DELETE FROM callback_days;
         DELETE FROM customers_index; DELETE FROM case_facts; DELETE FROM facts_rollup;
         INSERT INTO case_search (case_search) VALUES ('delete-all');`,
      ),
    begin(): ProjectionBatch {
      const batch = new Map<string, CaseEntry>();
      return { apply: (e, seq) => apply(batch, e, seq), flush: () => flush(batch) };
    },
    announce: (caseId) => ({ type: 'case.changed', caseId }),
    refresh,
  };
}
