/**
 * Head-office projections, kept in the same transaction as the events they
 * come from (store/events.ts). Each stream kind registers its projector (as
 * on the desk, electron/desk/kernel/projectors.ts); this module routes events
 * by stream kind and knows no feature. Unknown event types and newer schema
 * versions are stored raw and skipped by the folds; `rebuildProjections`
 * folds everything again after an upgrade.
 *
 * A projector whose fold reads another kind's projection (the case fold asks
 * the branch's staff directory who held which role) declares it at the
 * composition root (`dependsOn`): after the group's projections are applied,
 * it refreshes the rows of every branch whose rows the other kind changed.
 */
import type { Kysely } from 'kysely';
import {
  CURRENT_EVENT_SCHEMA,
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  streamKind,
  type EventEnvelope,
} from '../../shared/domain/kernel/envelope';
import { EVENT_PAYLOADS } from '../../shared/domain/events';
import type { ServerDB } from './schema';

/** The new events of one push group, of every kind (not in the log yet). */
export interface ProjectionGroup {
  readonly events: readonly EventEnvelope[];
}

/** What a projector's apply changed that other projectors may read: the branches whose rows it rewrote. */
export interface ProjectionChange {
  branches: readonly string[];
}

export interface ServerProjector {
  /** The stream kind it folds: `<kind>:<uuid>` streams. */
  readonly kind: string;
  /** Version of the rows it writes (1 when absent): a change rebuilds the projections at start-up. */
  readonly version?: number;
  /**
   * Folds new events of its kind (about to be inserted in this transaction,
   * not in the log yet) into its rows. The caller holds the streams' locks.
   * `group` holds every new event of the push group, of every kind. Returns
   * the branches whose rows changed when other projectors depend on it.
   */
  apply(
    tx: Kysely<ServerDB>,
    events: readonly EventEnvelope[],
    now: number,
    group: ProjectionGroup,
  ): Promise<ProjectionChange | void>;
  /**
   * Folds again, for `branches`, the rows whose fold read a projection this
   * one depends on (`ServerProjectors.dependsOn`), after that projection
   * changed in this group; `group`'s events are not in the log yet. `on`
   * names the kind whose rows changed. Returns the branches whose rows this
   * refresh changed, for the projectors that depend on this one in turn.
   */
  refresh?(
    tx: Kysely<ServerDB>,
    branches: readonly string[],
    now: number,
    group: ProjectionGroup,
    on: string,
  ): Promise<ProjectionChange | void>;
  /**
   * The name of the lock that serialises writers of an event's stream (its
   * projection rows); the stream itself when absent. A kind whose one stream
   * id is shared by every branch (settings) scopes it by branch.
   */
  streamLockName?(e: EventEnvelope): string;
  /**
   * Names to lock (PostgreSQL advisory locks, like a stream's) beside an
   * event's own stream, for a fold that spans streams: two pushes holding
   * different staff records of one branch must not refold that branch at once.
   */
  lockNames?(e: EventEnvelope): string[];
  /**
   * Names to lock shared (PostgreSQL) for an event: what its fold reads and
   * must not change until COMMIT (a case push holds its branch's staff lock
   * shared, so a staff push of that branch waits for it, and the other way).
   */
  sharedLockNames?(e: EventEnvelope): string[];
  /** Deletes every row it writes. */
  clear(tx: Kysely<ServerDB>): Promise<void>;
  /** Folds every stream of its kind again from the log; returns the rows written. */
  rebuild(tx: Kysely<ServerDB>, now: number): Promise<number>;
}

const CHUNK = 200;

/** Splits a list into parts of at most `size` (statement parameter limits). */
export function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Every stored event of `streams`, by stream, read in parts (a projector's refold input). */
export async function readStreams(
  tx: Kysely<ServerDB>,
  streams: readonly string[],
): Promise<Map<string, EventEnvelope[]>> {
  const out = new Map<string, EventEnvelope[]>();
  for (const part of chunks(streams)) {
    const rows = await tx
      .selectFrom('events')
      .select(STORED_EVENT_COLUMNS)
      .where('stream', 'in', part)
      .execute();
    for (const r of rows) {
      const list = out.get(r.stream) ?? [];
      list.push(envelopeFromStored(r));
      out.set(r.stream, list);
    }
  }
  return out;
}

/** The registered projectors, by stream kind; rejects a second projector for one kind. */
export class ServerProjectors {
  private readonly byKind = new Map<string, ServerProjector>();
  private readonly dependencies: [kind: string, on: string][] = [];

  constructor(list: readonly ServerProjector[]) {
    for (const p of list) {
      if (this.byKind.has(p.kind)) throw new Error(`stream kind "${p.kind}" already has a projector`);
      this.byKind.set(p.kind, p);
    }
  }

  /**
   * Says that the fold of `kind` reads the projection of `on` (the case fold
   * asks the staff directory for roles): after a group's projections are
   * applied, `kind` refreshes the branches whose `on` rows changed. Refreshes
   * run in the order declared, and what a refresh changed counts as a change
   * of its kind for the declarations after it (staff -> settings -> case:
   * declare `('settings','staff')` before `('case','settings')`).
   */
  dependsOn(kind: string, on: string): this {
    for (const k of [kind, on])
      if (!this.byKind.has(k)) throw new Error(`stream kind "${k}" has no projector`);
    if (kind === on) throw new Error(`stream kind "${kind}" cannot depend on itself`);
    this.dependencies.push([kind, on]);
    return this;
  }

  /** Identifies what this build's folds understand; a change triggers a rebuild at start-up. */
  signature(): string {
    const kinds = [...this.byKind.keys()].sort();
    return JSON.stringify({
      schema: CURRENT_EVENT_SCHEMA,
      types: Object.keys(EVENT_PAYLOADS).sort(),
      v: 1,
      projectors: Object.fromEntries(kinds.map((k) => [k, this.byKind.get(k)?.version ?? 1])),
    });
  }

  /**
   * The names a group of events must lock: their streams and what their
   * projectors add (`exclusive`), and what their folds read (`shared`, less
   * any name also locked exclusively).
   */
  lockNames(events: readonly EventEnvelope[]): { exclusive: string[]; shared: string[] } {
    const names = new Set<string>();
    const shared = new Set<string>();
    for (const e of events) {
      const p = this.byKind.get(streamKind(e.stream));
      names.add(p?.streamLockName?.(e) ?? e.stream);
      for (const n of p?.lockNames?.(e) ?? []) names.add(n);
      for (const n of p?.sharedLockNames?.(e) ?? []) shared.add(n);
    }
    return { exclusive: [...names], shared: [...shared].filter((n) => !names.has(n)) };
  }

  /** Folds new events into the projections of their stream kinds (events of other kinds stay in the log only). */
  async apply(tx: Kysely<ServerDB>, events: readonly EventEnvelope[], now: number): Promise<void> {
    const byKind = new Map<string, EventEnvelope[]>();
    for (const e of events) {
      const kind = streamKind(e.stream);
      if (!this.byKind.has(kind)) continue;
      const list = byKind.get(kind) ?? [];
      list.push(e);
      byKind.set(kind, list);
    }
    const group: ProjectionGroup = { events };
    const changed = new Map<string, readonly string[]>();
    for (const [kind, list] of byKind) {
      const change = await this.byKind.get(kind)?.apply(tx, list, now, group);
      if (change && change.branches.length > 0) changed.set(kind, change.branches);
    }
    for (const [kind, on] of this.dependencies) {
      const branches = changed.get(on);
      if (branches === undefined) continue;
      const change = await this.byKind.get(kind)?.refresh?.(tx, branches, now, group, on);
      if (change && change.branches.length > 0)
        changed.set(kind, [...new Set([...(changed.get(kind) ?? []), ...change.branches])]);
    }
  }

  /** Clears and re-folds every projection; returns the rows written per kind. */
  async rebuild(tx: Kysely<ServerDB>, now: number): Promise<Record<string, number>> {
    for (const p of this.byKind.values()) await p.clear(tx);
    const out: Record<string, number> = {};
    for (const [kind, p] of this.byKind) out[kind] = await p.rebuild(tx, now);
    return out;
  }
}
