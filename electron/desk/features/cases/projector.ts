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
 *   bulk imports uses raw prepared statements).
 */
import type Database from 'better-sqlite3';
import {
  applyCaseEvent,
  CASE_STREAM,
  foldCase,
  type FoldOptions,
} from '../../../../shared/domain/cases/fold';
import type { RoleOracle } from '../../../../shared/domain/cases/authority';
import { type CaseState, stateJson } from '../../../../shared/domain/cases/state';
import { streamId, type EventEnvelope } from '../../../../shared/domain/kernel/envelope';
import { compareFoldKeys, foldKey } from '../../../../shared/domain/kernel/foldKey';
import { CASE_PROJECTION_VERSION, caseRowColumns } from '../../../../shared/domain/cases/row';
import type { ProjectionBatch, ProjectionContext, Projector } from '../../kernel/projectors';
import { gramDocument } from './search';

interface CaseEntry {
  /** Existing row position, or the seq that created it in this batch. */
  pos: number | null;
  existed: boolean;
  state: CaseState | null;
  /** search_text as stored before this batch (null when no row). */
  storedSearch: string | null;
  dirty: boolean;
}

/**
 * `authority(seq)` is the role oracle the fold judges restricted acts with
 * (shared/domain/cases/authority.ts), as of the event that arrived at `seq`;
 * the desk composes it in electron/desk/projection.ts. Without it, restricted
 * acts count.
 */
export function caseProjector(ctx: ProjectionContext, authority?: (seq: number) => RoleOracle): Projector {
  const s = ctx.d.sqlite;
  const st = {
    caseById: s.prepare('SELECT pos, state, search_text FROM cases WHERE id = ?') as Database.Statement<
      [string],
      { pos: number; state: string; search_text: string }
    >,
    insertCase: s.prepare(
      `INSERT INTO cases (pos, id, number, status, current_step, customer_name, customer_phone, channel,
         category, severity, owner, assignee, received_at, opened_at, updated_at, closed_at, due_at,
         last_key, state, search_text)
       VALUES (@pos, @id, @number, @status, @current_step, @customer_name, @customer_phone, @channel,
         @category, @severity, @owner, @assignee, @received_at, @opened_at, @updated_at, @closed_at, @due_at,
         @last_key, @state, @search_text)`,
    ),
    updateCase: s.prepare(
      `UPDATE cases SET number = @number, status = @status, current_step = @current_step,
         customer_name = @customer_name, customer_phone = @customer_phone, channel = @channel,
         category = @category, severity = @severity, owner = @owner, assignee = @assignee,
         received_at = @received_at, opened_at = @opened_at, updated_at = @updated_at,
         closed_at = @closed_at, due_at = @due_at, last_key = @last_key, state = @state,
         search_text = @search_text
       WHERE pos = @pos`,
    ),
    ftsInsert: s.prepare('INSERT INTO case_search (rowid, g) VALUES (?, ?)'),
    ftsDelete: s.prepare('DELETE FROM case_search WHERE rowid = ?'),
  };

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
          }
        : { pos: null, existed: false, state: null, storedSearch: null, dirty: false };
      batch.set(caseId, entry);
    }
    const fold: FoldOptions = authority ? { roleAt: authority(seq) } : {};
    let next: CaseState | null;
    if (entry.state !== null && compareFoldKeys(foldKey(e), entry.state.lastKey) > 0) {
      next = applyCaseEvent(entry.state, e, fold); // in order: apply incrementally
    } else if (entry.state === null && e.type === 'case.opened' && !ctx.streamHasEarlier(e.stream, seq)) {
      next = applyCaseEvent(null, e, fold); // the first event of a new case: same as folding [e]
    } else {
      next = foldCase(ctx.readStream(e.stream, seq), fold); // out of order (or orphans waiting for case.opened): re-fold
    }
    if (next !== entry.state) {
      entry.state = next;
      entry.dirty = true;
    }
    if (next !== null && entry.pos === null) entry.pos = seq;
  }

  /** Writes each changed case row once; returns the ids of changed cases. */
  function flush(batch: Map<string, CaseEntry>): string[] {
    const changed: string[] = [];
    for (const [caseId, entry] of batch) {
      if (!entry.dirty || entry.state === null || entry.pos === null) continue;
      const s = entry.state;
      const row = {
        ...caseRowColumns(s),
        pos: entry.pos,
        id: caseId,
        last_key: s.lastKey,
        state: stateJson(s),
      };
      const searchText = row.search_text;
      if (entry.existed) {
        st.updateCase.run(row);
        if (searchText !== entry.storedSearch) {
          st.ftsDelete.run(entry.pos);
          st.ftsInsert.run(entry.pos, gramDocument(searchText));
        }
      } else {
        st.insertCase.run(row);
        st.ftsInsert.run(entry.pos, gramDocument(searchText));
      }
      changed.push(caseId);
    }
    batch.clear();
    return changed;
  }

  return {
    kind: CASE_STREAM,
    // The row mapping and search text shared with head office (shared/domain/cases/row.ts).
    version: CASE_PROJECTION_VERSION,
    clear: () => s.exec(`DELETE FROM cases; INSERT INTO case_search (case_search) VALUES ('delete-all');`),
    begin(): ProjectionBatch {
      const batch = new Map<string, CaseEntry>();
      return { apply: (e, seq) => apply(batch, e, seq), flush: () => flush(batch) };
    },
    announce: (caseId) => ({ type: 'case.changed', caseId }),
  };
}
