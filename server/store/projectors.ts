/**
 * Head-office projections, kept in the same transaction as the events they
 * come from (store/events.ts). Each stream kind registers its projector (as
 * on the desk, electron/desk/kernel/projectors.ts); this module routes events
 * by stream kind and knows no feature. Unknown event types and newer schema
 * versions are stored raw and skipped by the folds; `rebuildProjections`
 * folds everything again after an upgrade.
 */
import type { Kysely } from 'kysely';
import { CURRENT_EVENT_SCHEMA, streamKind, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { EVENT_PAYLOADS } from '../../shared/domain/events';
import type { ServerDB } from './schema';

export interface ServerProjector {
  /** The stream kind it folds: `<kind>:<uuid>` streams. */
  readonly kind: string;
  /** Version of the rows it writes (1 when absent): a change rebuilds the projections at start-up. */
  readonly version?: number;
  /**
   * Folds new events of its kind (about to be inserted in this transaction,
   * not in the log yet) into its rows. The caller holds the streams' locks.
   */
  apply(tx: Kysely<ServerDB>, events: readonly EventEnvelope[], now: number): Promise<void>;
  /**
   * Names to lock (PostgreSQL advisory locks, like a stream's) beside an
   * event's own stream, for a fold that spans streams: two pushes holding
   * different staff records of one branch must not refold that branch at once.
   */
  lockNames?(e: EventEnvelope): string[];
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

/** The registered projectors, by stream kind; rejects a second projector for one kind. */
export class ServerProjectors {
  private readonly byKind = new Map<string, ServerProjector>();

  constructor(list: readonly ServerProjector[]) {
    for (const p of list) {
      if (this.byKind.has(p.kind)) throw new Error(`stream kind "${p.kind}" already has a projector`);
      this.byKind.set(p.kind, p);
    }
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

  /** The names a group of events must lock: their streams and what their projectors add. */
  lockNames(events: readonly EventEnvelope[]): string[] {
    const names = new Set<string>();
    for (const e of events) {
      names.add(e.stream);
      for (const n of this.byKind.get(streamKind(e.stream))?.lockNames?.(e) ?? []) names.add(n);
    }
    return [...names];
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
    for (const [kind, list] of byKind) await this.byKind.get(kind)?.apply(tx, list, now);
  }

  /** Clears and re-folds every projection; returns the rows written per kind. */
  async rebuild(tx: Kysely<ServerDB>, now: number): Promise<Record<string, number>> {
    for (const p of this.byKind.values()) await p.clear(tx);
    const out: Record<string, number> = {};
    for (const [kind, p] of this.byKind) out[kind] = await p.rebuild(tx, now);
    return out;
  }
}
