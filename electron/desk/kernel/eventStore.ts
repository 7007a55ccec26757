/**
 * The event store: the append-only log, and the routing of every stored
 * event to the projector of its stream kind (kernel/projectors.ts).
 *
 * `appendInTransaction` inserts events (idempotent by id) and updates the
 * projections in the caller's transaction. `rebuild` clears every projection
 * and folds it again from the log in arrival order; each projector depends
 * only on the events and their arrival order (seq), so a rebuild produces the
 * same rows (same rowids, same search index) as the incremental path.
 *
 * This is the hot path for sync and bulk imports, so it uses raw prepared
 * better-sqlite3 statements.
 */
import { hash as oneShotHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  checkEnvelope,
  type EventEnvelope,
  STORED_EVENT_COLUMNS,
  envelopeFromStored,
  type StoredEvent,
  streamKind,
} from '../../../shared/domain/kernel/envelope';
import { compareEvents } from '../../../shared/domain/kernel/foldKey';
import { eventContentProblem, isFoldable } from '../../../shared/domain/events';
import { eventHash, type Sha256Hex } from '../../../shared/domain/kernel/hash';
import { isValidHlc } from '../../../shared/domain/kernel/hlc';
import type { DeskDatabase } from '../db/open';
import { AuditChainWriter } from './auditChain';
import { Meta, META_KEYS } from './meta';
import {
  type ProjectionBatch,
  type Projector,
  type ProjectorRegistry,
  ProjectorRegistryError,
} from './projectors';

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
  /** Stream kind -> ids whose projection rows changed. */
  changed: Map<string, string[]>;
}

export interface RebuildHooks {
  /** After each chunk: events folded so far, and the events in the log. */
  onProgress?: (done: number, total: number) => void;
  /** Asked before each chunk; true stops the rebuild and rolls it back. */
  cancelled?: () => boolean;
}

/** Thrown by a rebuild stopped through its hooks; its transaction was rolled back. */
export class RebuildCancelled extends Error {
  constructor() {
    super('rebuild cancelled');
    this.name = 'RebuildCancelled';
  }
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

const EVENT_COLUMNS = STORED_EVENT_COLUMNS.join(', ');

export class EventStore {
  private readonly st: {
    hashById: Database.Statement<[string], { hash: string }>;
    insertEvent: Database.Statement;
    streamUpTo: Database.Statement<[string, number], EventRow>;
    streamHasEarlier: Database.Statement<[string, number], { one: number }>;
    kindUpTo: Database.Statement<[string, string, number], EventRow>;
    eventsAfter: Database.Statement<[number, number], EventRow>;
  };
  private readonly projectors: Map<string, Projector>;
  private readonly meta: Meta;
  /** This desk's own events, chained as they are stored (docs/audit-trail.md). */
  private readonly chain: AuditChainWriter;

  constructor(
    private readonly d: DeskDatabase,
    private readonly registry: ProjectorRegistry,
  ) {
    const s = d.sqlite;
    this.st = {
      hashById: s.prepare('SELECT hash FROM events WHERE id = ?'),
      insertEvent: s.prepare(
        `INSERT INTO events (${EVENT_COLUMNS}, known) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      streamUpTo: s.prepare(
        `SELECT seq, ${EVENT_COLUMNS} FROM events WHERE stream = ? AND seq <= ? ORDER BY seq`,
      ),
      streamHasEarlier: s.prepare('SELECT 1 AS one FROM events WHERE stream = ? AND seq < ? LIMIT 1'),
      // `<kind>:` up to (not including) `<kind>;`: a range on the events_stream index.
      kindUpTo: s.prepare(
        `SELECT seq, ${EVENT_COLUMNS} FROM events WHERE stream >= ? AND stream < ? AND seq <= ? ORDER BY seq`,
      ),
      eventsAfter: s.prepare(`SELECT seq, ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
    };
    this.meta = new Meta(d);
    this.chain = new AuditChainWriter(s);
    this.projectors = registry.build({
      d,
      readStream: (stream, maxSeq) => this.readStream(stream, maxSeq),
      readKind: (kind, maxSeq = Number.MAX_SAFE_INTEGER) =>
        this.st.kindUpTo
          .all(`${kind}:`, `${kind};`, maxSeq)
          .map((row) => ({ seq: row.seq, event: envelopeFromStored(row) })),
      streamHasEarlier: (stream, seq) => this.st.streamHasEarlier.get(stream, seq) !== undefined,
    });
  }

  /** The projector of a stream kind (undefined for kinds this version does not fold). */
  projector(kind: string): Projector | undefined {
    return this.projectors.get(kind);
  }

  /**
   * Appends events and updates the projections. Must run inside a transaction
   * (the caller's, so other writes such as meta counters commit together).
   * Events must already be valid envelopes with correct hashes.
   */
  appendInTransaction(events: readonly EventEnvelope[]): AppendOutcome {
    if (!this.d.sqlite.inTransaction)
      throw new Error('EventStore.appendInTransaction needs an open transaction');
    const out: AppendOutcome = { accepted: 0, duplicate: 0, rejected: [], inserted: [], changed: new Map() };
    const batches = new Map<string, ProjectionBatch>();
    let lastSeq = 0;
    this.chain.begin();
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
      this.chain.add(e.device, e.id, e.hash, seq);
      out.accepted++;
      out.inserted.push(e);
      this.project(e, seq, batches);
      lastSeq = seq;
    }
    out.changed = this.flush(batches, lastSeq);
    return out;
  }

  /**
   * Clears every projection and folds it again from the log, in arrival order,
   * in one IMMEDIATE transaction of `chunk` events at a time. `hooks` see the
   * progress after each chunk and may stop the rebuild between chunks: it then
   * throws RebuildCancelled and the transaction rolls back (nothing changed).
   * Returns the number of events folded.
   */
  rebuild(chunk = 2000, hooks: RebuildHooks = {}): { events: number } {
    try {
      return this.rebuildInTransaction(chunk, hooks);
    } catch (e) {
      // Rolled back (cancelled or failed): the rows are as they were, the books in memory are not.
      for (const p of this.projectors.values()) p.reload?.();
      throw e;
    }
  }

  private rebuildInTransaction(chunk: number, hooks: RebuildHooks): { events: number } {
    const s = this.d.sqlite;
    return s
      .transaction((): { events: number } => {
        const total = (s.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
        for (const p of this.projectors.values()) p.clear();
        let after = 0;
        let done = 0;
        for (;;) {
          if (hooks.cancelled?.() === true) throw new RebuildCancelled();
          const rows = this.st.eventsAfter.all(after, chunk);
          if (rows.length === 0) break;
          const batches = new Map<string, ProjectionBatch>();
          for (const r of rows) this.project(envelopeFromStored(r), r.seq, batches);
          after = rows[rows.length - 1]?.seq ?? after;
          this.flush(batches, after);
          done += rows.length;
          hooks.onProgress?.(done, total);
        }
        this.meta.set(META_KEYS.projectionVersion, this.projectionSignature());
        return { events: done };
      })
      .immediate();
  }

  /** Every registered stream kind with the version of its projector, e.g. {"case":2,"staff":1}. */
  projectionSignature(): string {
    const kinds = [...this.projectors.keys()].sort();
    return JSON.stringify(Object.fromEntries(kinds.map((k) => [k, this.projectors.get(k)?.version ?? 1])));
  }

  /**
   * True when the projections were not rebuilt by these projectors (an older
   * version wrote them, or none is recorded): `openDesk` then rebuilds them.
   */
  projectionsStale(): boolean {
    return this.meta.get(META_KEYS.projectionVersion) !== this.projectionSignature();
  }

  /** The events of a stream in fold order (optionally only those that arrived up to `maxSeq`). */
  readStream(stream: string, maxSeq = Number.MAX_SAFE_INTEGER): EventEnvelope[] {
    return this.st.streamUpTo.all(stream, maxSeq).map(envelopeFromStored).sort(compareEvents);
  }

  /**
   * Hands one stored event to the projector of its stream kind. An event this
   * version cannot fold, in a kind it has no projector for, stays in the log
   * only (a newer app's); a foldable one there means a feature forgot to
   * register its projector, and the whole append fails, naming the kind.
   */
  private project(e: EventEnvelope, seq: number, batches: Map<string, ProjectionBatch>): void {
    const kind = streamKind(e.stream);
    let batch = batches.get(kind);
    if (batch === undefined) {
      const p = this.projectors.get(kind);
      if (p === undefined) {
        if (isFoldable(e)) {
          throw new ProjectorRegistryError(
            `no projector registered for stream kind "${kind}" (event ${e.id} of type ${e.type})`,
          );
        }
        return;
      }
      batch = p.begin();
      batches.set(kind, batch);
    }
    batch.apply(e, seq);
  }

  /**
   * Flushes every open batch, in registration order, then refreshes the
   * projectors that depend on a kind whose batch changed rows
   * (`ProjectorRegistry.dependsOn`), up to `lastSeq`, the last event
   * projected; returns the changed ids per kind.
   */
  private flush(batches: Map<string, ProjectionBatch>, lastSeq: number): Map<string, string[]> {
    const changed = new Map<string, string[]>();
    for (const kind of this.projectors.keys()) {
      const ids = batches.get(kind)?.flush();
      if (ids !== undefined && ids.length > 0) changed.set(kind, ids);
    }
    const refresh = new Set([...changed.keys()].flatMap((kind) => this.registry.dependentsOf(kind)));
    for (const kind of refresh) {
      const ids = this.projectors.get(kind)?.refresh?.(lastSeq) ?? [];
      if (ids.length > 0) changed.set(kind, [...new Set([...(changed.get(kind) ?? []), ...ids])]);
    }
    return changed;
  }
}
