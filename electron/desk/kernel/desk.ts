/**
 * The desk's state and its write path, shared by every handler: the database,
 * the event store, device identity, the HLC clock (persisted in meta), staff
 * sessions, the handling script, and desk-event subscribers.
 */
import type { DeskEvent } from '../../../shared/contract/api';
import { CURRENT_EVENT_SCHEMA, type EventEnvelope } from '../../../shared/domain/kernel/envelope';
import { type EventType, type PayloadOf, hasCheckedPayload } from '../../../shared/domain/events';
import { markPayloadChecked } from '../../../shared/domain/kernel/payloads';
import { HlcClock, HLC_ZERO, isValidHlc } from '../../../shared/domain/kernel/hlc';
import { newId } from '../../../shared/domain/kernel/ids';
import type { HandlingScript, Taxonomy } from '../../../shared/domain/cases/script';
import type { OrderTemplates } from '../../../shared/domain/orders/template';
import { STAFF_STREAM as STAFF_KIND } from '../../../shared/domain/staff/payloads';
import { SignInLimiter, Sessions } from './sessions';
import type { DeskDatabase } from '../db/open';
import type { Verdict } from './checkBatch';
import { EventChecker } from './checker';
import { checkIncomingEvent, EventStore, fastEventHash, type AppendOutcome } from './eventStore';
import type { Directory, DirectoryFactory } from './directory';
import type { ProjectorRegistry } from './projectors';
import { DeskBusyError } from './writeHold';
import { Meta, META_KEYS, NumbersHeldError, type DeviceIdentity } from './meta';

export interface AppendEventsResult {
  accepted: number;
  duplicate: number;
  rejected: { id: string; reason: string }[];
}

/**
 * The data files the desk validated at start: the handling script and
 * taxonomy (cases), and the repair shop's order templates (orders; absent
 * when a tool builds a Desk without them: the order methods then refuse).
 */
export interface DeskResources {
  script: HandlingScript;
  taxonomy: Taxonomy;
  orderTemplates?: OrderTemplates;
}

export class Desk {
  readonly store: EventStore;
  readonly meta: Meta;
  /** Staff look-ups (implemented by the staff feature). */
  readonly directory: Directory;
  readonly sessions: Sessions;
  readonly limiter: SignInLimiter;
  private readonly clock: HlcClock;
  private readonly listeners = new Set<(e: DeskEvent) => void>();
  private identityCache: DeviceIdentity | null = null;
  /** How far (ms) this desk's wall clock is ahead of head office's, as sync applies it to the HLC. */
  private clockOffsetMs = 0;
  /** Called (inside the write transaction) when local events were appended: sync schedules a push. */
  onLocalAppend: (() => void) | null = null;
  /** Checks incoming batches on a second thread (bulk import, sync pull). */
  readonly checker = new EventChecker();
  /** True while a maintenance job (rebuild) holds the database: `tx` refuses with DeskBusyError. */
  writesHeld = false;

  constructor(
    readonly d: DeskDatabase,
    readonly resources: DeskResources,
    readonly now: () => number,
    readonly appVersion: string,
    projectors: ProjectorRegistry,
    directory: DirectoryFactory,
  ) {
    this.store = new EventStore(d, projectors);
    this.directory = directory(d);
    this.meta = new Meta(d);
    this.sessions = new Sessions(now);
    this.limiter = new SignInLimiter(now);
    const last = this.meta.get(META_KEYS.lastHlc);
    // The HLC reads the wall clock corrected by head office's time (never backwards: HlcClock keeps the max).
    this.clock = new HlcClock(
      last !== null && isValidHlc(last) ? last : HLC_ZERO,
      () => now() - this.clockOffsetMs,
    );
  }

  /** Sets the offset the HLC subtracts from the wall clock (sync/clockOffset.ts decides it). */
  setClockOffset(offsetMs: number): void {
    this.clockOffsetMs = Number.isFinite(offsetMs) ? offsetMs : 0;
  }

  identity(): DeviceIdentity | null {
    this.identityCache ??= this.meta.identity();
    return this.identityCache;
  }

  setIdentity(id: DeviceIdentity): void {
    this.meta.setIdentity(id, new Date(this.now()).toISOString());
    this.identityCache = id;
  }

  /** Runs `fn` in one IMMEDIATE transaction (synchronous: no other call interleaves). */
  tx<T>(fn: () => T): T {
    if (this.writesHeld) throw new DeskBusyError();
    return this.d.sqlite.transaction(fn).immediate();
  }

  /** The wall time (ms) of the HLC the next local event gets at the earliest; does not tick the clock. */
  hlcWallMs(): number {
    return this.clock.peekWallMs();
  }

  /** A new local event with a fresh id, HLC, and hash. Call inside the write transaction. */
  makeEvent<T extends EventType>(
    stream: string,
    type: T,
    payload: PayloadOf<T>,
    actor: string,
  ): EventEnvelope {
    return this.makeEventsWithIds([{ id: newId(), stream, type, payload, actor }])[0]!;
  }

  /**
   * Many new local events, each with the id given (issue 13: an import's
   * deterministic ids; makeEvent: a fresh one), fresh HLCs and hashes; the
   * clock is persisted once. Call inside the write transaction.
   */
  makeEventsWithIds(
    items: readonly { id: string; stream: string; type: EventType; payload: unknown; actor: string }[],
  ): EventEnvelope[] {
    const id = this.identity();
    if (!id) throw new Error('desk is not initialized');
    // A restored desk writes nothing of its own until head office has given back what it wrote
    // after the backup: a new event would take a place in this device's audit chain that head
    // office already holds for another, and the chain would be refused from then on.
    if (items.length > 0 && this.meta.numbersHeld()) throw new NumbersHeldError();
    const out = items.map((it) => {
      const body = {
        id: it.id,
        stream: it.stream,
        type: it.type,
        schema: CURRENT_EVENT_SCHEMA,
        hlc: this.clock.now(),
        device: id.deviceId,
        branch: id.branchCode,
        actor: it.actor,
        payload: it.payload,
      };
      return { ...body, hash: fastEventHash(body) };
    });
    if (out.length > 0) this.meta.set(META_KEYS.lastHlc, this.clock.last());
    return out;
  }

  /** Appends local events (inside the caller's transaction). */
  appendLocal(events: readonly EventEnvelope[]): AppendOutcome {
    const out = this.store.appendInTransaction(events);
    if (out.rejected.length > 0) {
      throw new Error(`local event refused by the store: ${out.rejected.map((r) => r.reason).join('; ')}`);
    }
    // The events entered the outbox with them (a trigger, migration 0002); tell sync once committed.
    if (out.inserted.length > 0) this.onLocalAppend?.();
    return out;
  }

  /**
   * Appends events made elsewhere (sync, import, benchmark): each is checked
   * (envelope, hash, payload of known types), stored once by id, folded into
   * the projections, and its HLC merged into the local clock. One transaction.
   * `verdicts`: the checker thread's answers for these events, when it has them.
   */
  appendEvents(events: readonly unknown[], verdicts?: readonly Verdict[]): AppendEventsResult {
    const { outcome, rejected } = this.tx(() => this.appendEventsInTransaction(events, verdicts));
    this.emitChanges(outcome);
    return { accepted: outcome.accepted, duplicate: outcome.duplicate, rejected };
  }

  /**
   * Bulk append, pipelined: batch n+1 is checked on the checker thread while
   * batch n is written (one transaction per batch, as appendEvents). Returns
   * the totals; `onBatch` sees each batch's result as it commits.
   */
  async appendEventBatches(
    batches: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
    onBatch?: (r: AppendEventsResult) => void,
  ): Promise<AppendEventsResult> {
    const total: AppendEventsResult = { accepted: 0, duplicate: 0, rejected: [] };
    const it =
      Symbol.asyncIterator in batches
        ? batches[Symbol.asyncIterator]()
        : (batches as Iterable<readonly unknown[]>)[Symbol.iterator]();
    const take = async (): Promise<{ raws: readonly unknown[]; verdicts: Promise<Verdict[]> } | null> => {
      const n = await it.next();
      return n.done === true ? null : { raws: n.value, verdicts: this.checker.check(n.value) };
    };
    let current = await take();
    while (current !== null) {
      const ahead = await take(); // on the checker thread while `current` is written below
      const r = this.appendEvents(current.raws, await current.verdicts);
      total.accepted += r.accepted;
      total.duplicate += r.duplicate;
      total.rejected.push(...r.rejected);
      onBatch?.(r);
      current = ahead;
    }
    return total;
  }

  /**
   * appendEvents inside the caller's transaction, so other writes (the sync
   * cursor) commit together with the events. The caller emits the changes
   * (`emitChanges(outcome)`) after its commit. `verdicts`, when given, are
   * the checks already made for these very events (EventChecker).
   */
  appendEventsInTransaction(
    events: readonly unknown[],
    verdicts?: readonly Verdict[],
  ): {
    outcome: AppendOutcome;
    rejected: { id: string; reason: string }[];
  } {
    if (verdicts !== undefined && verdicts.length !== events.length) {
      throw new Error(`${verdicts.length} verdicts for ${events.length} events`);
    }
    const rejected: { id: string; reason: string }[] = [];
    const valid: EventEnvelope[] = [];
    events.forEach((raw, i) => {
      const v = verdicts === undefined ? undefined : verdicts[i];
      if (v === undefined) {
        const r = checkIncomingEvent(raw);
        if ('event' in r) valid.push(r.event);
        else rejected.push(r);
      } else if (v === null) {
        // Checked on the checker thread: an envelope with exactly these fields,
        // and a valid payload when its type is one this version folds.
        const e = raw as EventEnvelope;
        if (hasCheckedPayload(e)) markPayloadChecked(e.type, e.payload);
        valid.push(e);
      } else {
        rejected.push(v);
      }
    });
    const o = this.store.appendInTransaction(valid);
    if (o.inserted.length > 0) {
      for (const e of o.inserted) {
        try {
          this.clock.receive(e.hlc);
        } catch {
          // An HLC at the very end of the representable range: keep our clock as it is.
        }
      }
      this.meta.set(META_KEYS.lastHlc, this.clock.last());
    }
    return { outcome: o, rejected: [...rejected, ...o.rejected] };
  }

  /**
   * Tells subscribers about every row whose projection changed, as its feature
   * announces it. A staff record found disabled (a disable from another desk,
   * by sync) ends its sessions here, so a later enable does not revive them.
   */
  emitChanges(out: AppendOutcome): void {
    for (const [kind, ids] of out.changed) {
      if (kind === STAFF_KIND) {
        for (const id of ids)
          if (this.directory.staffById(id)?.enabled === false) this.sessions.revokeStaff(id, 'disabled');
      }
      const p = this.store.projector(kind);
      if (p?.announce === undefined) continue;
      for (const id of ids) this.emit(p.announce(id));
    }
  }

  emit(e: DeskEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (x) {
        console.error('[desk] event listener failed:', x);
      }
    }
  }

  subscribe(listener: (e: DeskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * After an upgrade: marks the events stored as unknown that this version can
   * fold, and returns how many; the caller rebuilds the projections to fold them.
   */
  markNewlyKnownEvents(isFoldable: (e: { type: string; schema: number; hlc: string }) => boolean): number {
    const rows = this.d.all(
      this.d.db.selectFrom('events').select(['seq', 'type', 'schema', 'hlc']).where('known', '=', 0),
    );
    const now = rows.filter((r) => isFoldable(r));
    if (now.length === 0) return 0;
    this.tx(() => {
      for (const r of now)
        this.d.run(this.d.db.updateTable('events').set({ known: 1 }).where('seq', '=', r.seq));
      // In the same transaction: the projections are stale until a rebuild commits its signature,
      // so a rebuild cut short (power, a kill) runs again on the next open rather than never.
      this.meta.delete(META_KEYS.projectionVersion);
    });
    return now.length;
  }
}
