/**
 * The event store: the append-only log and the projections folded from it.
 *
 * `append` inserts events (idempotent by id) and updates the projections in the
 * caller's transaction. `rebuild` drops the projections and folds them again
 * from the log in arrival order, producing the same rows (same rowids, same
 * search index) as the incremental path:
 *
 * - cases.pos (the rowid) is the seq of the event whose fold first produced
 *   the case, and staff.pos the seq of the first staff.created: both depend
 *   only on arrival order, which a rebuild replays;
 * - a re-fold after an out-of-order event reads only events with seq <= the
 *   current one, so a rebuild passes through the same states;
 * - states are stored as canonical JSON (sorted keys).
 *
 * This is the hot path for sync and bulk imports, so it uses raw prepared
 * better-sqlite3 statements and writes each touched case row once per batch.
 */
import { hash as oneShotHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CaseState } from '../../../shared/domain/cases/state';
import {
  checkEnvelope,
  type EventEnvelope,
  STORED_EVENT_COLUMNS,
  envelopeFromStored,
  type StoredEvent,
  streamId,
  streamKind,
} from '../../../shared/domain/kernel/envelope';
import { StaffCreatedPayload } from '../../../shared/domain/staff/payloads';
import { applyCaseEvent, foldCase } from '../../../shared/domain/cases/fold';
import { compareEvents, compareFoldKeys, foldKey } from '../../../shared/domain/kernel/foldKey';
import { eventContentProblem, isFoldable } from '../../../shared/domain/events';
import { eventHash, fastCanonicalJson, type Sha256Hex } from '../../../shared/domain/kernel/hash';
import { isValidHlc } from '../../../shared/domain/kernel/hlc';
import type { DeskDatabase } from '../db/open';
import { caseSearchText, gramDocument } from '../features/cases/search';
import { canonicalInstant, isoOfHlc } from '../time';

export interface AppendRejection {
  id: string;
  reason: string;
}

export interface AppendOutcome {
  accepted: number;
  duplicate: number;
  rejected: AppendRejection[];
  /** The events actually inserted, in order. */
  inserted: EventEnvelope[];
  /** Case ids whose projection row changed. */
  changedCases: string[];
  /** True when a staff row changed. */
  staffChanged: boolean;
}

/** node:crypto's one-shot sha256, several times faster than the pure-JS default. */
export const sha256Hex: Sha256Hex = (text) => oneShotHash('sha256', text, 'hex');

/** shared/domain/kernel/hash `eventHash`, hashed with node:crypto. */
export function fastEventHash(e: Omit<EventEnvelope, 'hash'>): string {
  return eventHash(e, sha256Hex);
}

/**
 * Why an event that arrived from elsewhere cannot be stored, or null when it
 * can. Unknown types and newer schema versions are accepted (stored raw, not
 * folded); known current-version events must carry a valid payload.
 */
export function checkIncomingEvent(raw: unknown): { event: EventEnvelope } | { id: string; reason: string } {
  const idOf = (): string => {
    const v = (raw as { id?: unknown } | null)?.id;
    return typeof v === 'string' ? v.slice(0, 64) : '';
  };
  const checked = checkEnvelope(raw);
  if (!checked.ok) return { id: idOf(), reason: `invalid_envelope: ${checked.where}: ${checked.message}` };
  const e = checked.event;
  let hash: string;
  try {
    hash = fastEventHash(e);
  } catch (x) {
    return { id: e.id, reason: `invalid_envelope: ${x instanceof Error ? x.message : String(x)}` };
  }
  if (hash !== e.hash) return { id: e.id, reason: 'hash_mismatch' };
  // Every event, known type or not, needs a well-formed HLC: it decides the fold order.
  if (!isValidHlc(e.hlc)) return { id: e.id, reason: 'invalid_hlc' };
  const problem = eventContentProblem(e);
  if (problem !== null) return { id: e.id, reason: problem };
  return { event: e };
}

type EventRow = StoredEvent & { seq: number };

interface CaseEntry {
  /** Existing row position, or the seq that created it in this batch. */
  pos: number | null;
  existed: boolean;
  state: CaseState | null;
  /** search_text as stored before this batch (null when no row). */
  storedSearch: string | null;
  dirty: boolean;
}

const EVENT_COLUMNS = STORED_EVENT_COLUMNS.join(', ');

export class EventStore {
  private readonly st: {
    hashById: Database.Statement<[string], { hash: string }>;
    insertEvent: Database.Statement;
    streamUpTo: Database.Statement<[string, number], EventRow>;
    caseById: Database.Statement<[string], { pos: number; state: string; search_text: string }>;
    streamHasEarlier: Database.Statement<[string, number], { one: number }>;
    insertCase: Database.Statement;
    updateCase: Database.Statement;
    ftsInsert: Database.Statement;
    ftsDelete: Database.Statement;
    staffById: Database.Statement<[string], { pos: number; created_key: string }>;
    insertStaff: Database.Statement;
    updateStaff: Database.Statement;
    eventsAfter: Database.Statement<[number, number], EventRow>;
  };

  constructor(private readonly d: DeskDatabase) {
    const s = d.sqlite;
    this.st = {
      hashById: s.prepare('SELECT hash FROM events WHERE id = ?'),
      insertEvent: s.prepare(
        `INSERT INTO events (${EVENT_COLUMNS}, known) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      streamUpTo: s.prepare(
        `SELECT seq, ${EVENT_COLUMNS} FROM events WHERE stream = ? AND seq <= ? ORDER BY seq`,
      ),
      caseById: s.prepare('SELECT pos, state, search_text FROM cases WHERE id = ?'),
      streamHasEarlier: s.prepare('SELECT 1 AS one FROM events WHERE stream = ? AND seq < ? LIMIT 1'),
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
      staffById: s.prepare('SELECT pos, created_key FROM staff WHERE id = ?'),
      insertStaff: s.prepare(
        `INSERT INTO staff (pos, id, name, login, login_norm, role, credential, created_key)
         VALUES (@pos, @id, @name, @login, @login_norm, @role, @credential, @created_key)`,
      ),
      updateStaff: s.prepare(
        `UPDATE staff SET name = @name, login = @login, login_norm = @login_norm, role = @role,
           credential = @credential, created_key = @created_key WHERE pos = @pos`,
      ),
      eventsAfter: s.prepare(`SELECT seq, ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
    };
  }

  /**
   * Appends events and updates the projections. Must run inside a transaction
   * (the caller's, so other writes such as meta counters commit together).
   * Events must already be valid envelopes with correct hashes.
   */
  appendInTransaction(events: readonly EventEnvelope[]): AppendOutcome {
    if (!this.d.sqlite.inTransaction)
      throw new Error('EventStore.appendInTransaction needs an open transaction');
    const out: AppendOutcome = {
      accepted: 0,
      duplicate: 0,
      rejected: [],
      inserted: [],
      changedCases: [],
      staffChanged: false,
    };
    const batch = new Map<string, CaseEntry>();
    for (const e of events) {
      const info = this.st.insertEvent.run(
        e.id,
        e.stream,
        e.type,
        e.schema,
        e.hlc,
        e.device,
        e.branch,
        e.actor,
        JSON.stringify(e.payload),
        e.hash,
        isFoldable(e) ? 1 : 0,
      );
      if (info.changes === 0) {
        const existing = this.st.hashById.get(e.id);
        if (!existing) throw new Error(`event ${e.id} was neither inserted nor found`);
        if (existing.hash === e.hash) out.duplicate++;
        else
          out.rejected.push({
            id: e.id,
            reason: 'conflicting_hash: an event with this id but different content exists',
          });
        continue;
      }
      const seq = Number(info.lastInsertRowid);
      out.accepted++;
      out.inserted.push(e);
      if (this.project(e, seq, batch)) out.staffChanged = true;
    }
    out.changedCases = this.flush(batch);
    return out;
  }

  /** Drops every projection and folds it again from the log, in arrival order. */
  rebuild(chunk = 2000): void {
    const s = this.d.sqlite;
    s.transaction(() => {
      s.exec(
        `DELETE FROM cases; DELETE FROM staff; INSERT INTO case_search (case_search) VALUES ('delete-all');`,
      );
      let after = 0;
      for (;;) {
        const rows = this.st.eventsAfter.all(after, chunk);
        if (rows.length === 0) break;
        const batch = new Map<string, CaseEntry>();
        for (const r of rows) this.project(envelopeFromStored(r), r.seq, batch);
        this.flush(batch);
        after = rows[rows.length - 1]?.seq ?? after;
      }
    }).immediate();
  }

  /** The events of a stream in fold order (optionally only those that arrived up to `maxSeq`). */
  readStream(stream: string, maxSeq = Number.MAX_SAFE_INTEGER): EventEnvelope[] {
    return this.st.streamUpTo.all(stream, maxSeq).map(envelopeFromStored).sort(compareEvents);
  }

  /** Updates projections for one stored event; returns true when a staff row changed. */
  private project(e: EventEnvelope, seq: number, batch: Map<string, CaseEntry>): boolean {
    const kind = streamKind(e.stream);
    if (kind === 'case') {
      this.projectCase(e, seq, batch);
      return false;
    }
    if (kind === 'staff' && e.type === 'staff.created' && isFoldable(e)) return this.projectStaff(e, seq);
    return false;
  }

  private projectCase(e: EventEnvelope, seq: number, batch: Map<string, CaseEntry>): void {
    const caseId = streamId(e.stream);
    let entry = batch.get(caseId);
    if (!entry) {
      const row = this.st.caseById.get(caseId);
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
    let next: CaseState | null;
    if (entry.state !== null && compareFoldKeys(foldKey(e), entry.state.lastKey) > 0) {
      next = applyCaseEvent(entry.state, e); // in order: apply incrementally
    } else if (
      entry.state === null &&
      e.type === 'case.opened' &&
      !this.st.streamHasEarlier.get(e.stream, seq)
    ) {
      next = applyCaseEvent(null, e); // the first event of a new case: same as folding [e]
    } else {
      next = foldCase(this.readStream(e.stream, seq)); // out of order (or orphans waiting for case.opened): re-fold
    }
    if (next !== entry.state) {
      entry.state = next;
      entry.dirty = true;
    }
    if (next !== null && entry.pos === null) entry.pos = seq;
  }

  /** Writes each changed case row once; returns the ids of changed cases. */
  private flush(batch: Map<string, CaseEntry>): string[] {
    const changed: string[] = [];
    for (const [caseId, entry] of batch) {
      if (!entry.dirty || entry.state === null || entry.pos === null) continue;
      const s = entry.state;
      const searchText = caseSearchText(s);
      const row = {
        pos: entry.pos,
        id: caseId,
        number: s.number,
        status: s.status,
        current_step: s.currentStep,
        customer_name: s.customer.name,
        customer_phone: s.customer.phone,
        channel: s.channel,
        category: s.category.value,
        severity: s.severity.value,
        owner: s.owner,
        assignee: s.assignee.value,
        received_at: canonicalInstant(s.receivedAt),
        opened_at: isoOfHlc(s.openedHlc),
        updated_at: isoOfHlc(s.lastHlc),
        closed_at: s.closedHlc === null ? null : isoOfHlc(s.closedHlc),
        due_at: s.dueAt.value,
        last_key: s.lastKey,
        state: fastCanonicalJson(s),
        search_text: searchText,
      };
      if (entry.existed) {
        this.st.updateCase.run(row);
        if (searchText !== entry.storedSearch) {
          this.st.ftsDelete.run(entry.pos);
          this.st.ftsInsert.run(entry.pos, gramDocument(searchText));
        }
      } else {
        this.st.insertCase.run(row);
        this.st.ftsInsert.run(entry.pos, gramDocument(searchText));
      }
      changed.push(caseId);
    }
    return changed;
  }

  private projectStaff(e: EventEnvelope, seq: number): boolean {
    const p = StaffCreatedPayload.safeParse(e.payload);
    if (!p.success) return false;
    const id = streamId(e.stream);
    const key = foldKey(e);
    const row = {
      id,
      name: p.data.name,
      login: p.data.login,
      login_norm: p.data.login.toLowerCase(),
      role: p.data.role,
      credential: fastCanonicalJson(p.data.credential),
      created_key: key,
    };
    const existing = this.st.staffById.get(id);
    if (!existing) {
      this.st.insertStaff.run({ ...row, pos: seq });
      return true;
    }
    // Two staff.created for one id: the first in fold order wins, whatever the arrival order.
    if (compareFoldKeys(key, existing.created_key) < 0) {
      this.st.updateStaff.run({ ...row, pos: existing.pos });
      return true;
    }
    return false;
  }
}
