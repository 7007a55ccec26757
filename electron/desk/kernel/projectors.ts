/**
 * The projector registry: each stream kind (case, staff, ...) registers the
 * projector that folds its events into the tables the UI queries. The event
 * store routes every stored event by its stream kind and knows no feature.
 *
 * A projector works in batches: the store opens one batch per kind for each
 * append (or rebuild chunk), feeds it the stored events in arrival order with
 * their seq, and flushes it before the transaction commits. A projector may
 * write at once in `apply` or gather rows and write each once in `flush`.
 *
 * For `rebuild` to give the very rows the incremental path gave, a projector
 * must depend only on the events and their arrival order (seq), never on the
 * time or the batch boundaries.
 *
 * A projector whose fold reads another kind's projection (the case fold asks
 * the staff directory who held which role) declares it at the composition
 * root (`ProjectorRegistry.dependsOn`): whenever a batch of the kind it reads
 * flushes with changes, the store calls its `refresh` after every batch has
 * flushed, so its rows follow the other projection whatever the order and the
 * batches the events came in.
 */
import type { DeskEvent } from '../../../shared/contract/api';
import type { EventEnvelope } from '../../../shared/domain/kernel/envelope';
import type { DeskDatabase } from '../db/open';

/** What the event store lends a projector. */
export interface ProjectionContext {
  readonly d: DeskDatabase;
  /** The events of `stream` that arrived up to `maxSeq`, in fold order. */
  readStream(stream: string, maxSeq?: number): EventEnvelope[];
  /**
   * Every event of a stream kind that arrived up to `maxSeq`, with its seq, in
   * arrival order: for a feature whose fold spans all its streams (the staff
   * directory, where authority depends on other records).
   */
  readKind(kind: string, maxSeq?: number): { seq: number; event: EventEnvelope }[];
  /** True when an event of `stream` arrived before `seq`. */
  streamHasEarlier(stream: string, seq: number): boolean;
}

export interface ProjectionBatch {
  /** Folds one stored event (its arrival seq) into the projection. */
  apply(e: EventEnvelope, seq: number): void;
  /** Writes what is still pending; returns the ids (stream ids) whose rows changed in this batch. */
  flush(): string[];
}

export interface Projector {
  /** The stream kind this projector folds: `<kind>:<uuid>` streams. */
  readonly kind: string;
  /**
   * Version of the rows it writes (1 when absent). Bump it when they change
   * for the same events (columns, search text, state shape): a desk rebuilds
   * its projections when it opens data another version wrote.
   */
  readonly version?: number;
  /** Deletes every row this projector writes (a rebuild folds them again). */
  clear(): void;
  /**
   * Reads again, from the log, what it keeps in memory beside its rows (the
   * staff, settings and volume books), after a rebuild rolled back: `clear`
   * emptied the memory, and the rollback brought back only the rows.
   */
  reload?(): void;
  begin(): ProjectionBatch;
  /** The desk event that tells subscribers a row changed, if the feature announces changes. */
  announce?(id: string): DeskEvent;
  /**
   * Folds again the rows whose fold read a projection this one depends on
   * (`ProjectorRegistry.dependsOn`), after that projection changed, from the
   * events that arrived up to `upToSeq`; returns the ids whose rows changed.
   */
  refresh?(upToSeq: number): string[];
}

export type ProjectorFactory = (ctx: ProjectionContext) => Projector;

export class ProjectorRegistryError extends Error {
  override name = 'ProjectorRegistryError';
}

const KIND_PATTERN = /^[a-z_]+$/;

/** Stream kind -> projector factory, in registration order (the order batches flush in). */
export class ProjectorRegistry {
  private readonly factories = new Map<string, ProjectorFactory>();
  private readonly dependencies: [kind: string, on: string][] = [];

  constructor(entries: readonly (readonly [kind: string, factory: ProjectorFactory])[] = []) {
    for (const [kind, factory] of entries) this.register(kind, factory);
  }

  register(kind: string, factory: ProjectorFactory): this {
    if (!KIND_PATTERN.test(kind)) {
      throw new ProjectorRegistryError(`stream kind "${kind}" is not a lower-case name (a-z, _)`);
    }
    if (this.factories.has(kind)) {
      throw new ProjectorRegistryError(`stream kind "${kind}" already has a projector`);
    }
    this.factories.set(kind, factory);
    return this;
  }

  /**
   * Says that the fold of `kind` reads the projection of `on` (the case fold
   * asks the staff directory for roles): after a batch of `on` flushes with
   * changes, the projector of `kind` refreshes (`Projector.refresh`). One
   * level: a refresh does not trigger further refreshes.
   */
  dependsOn(kind: string, on: string): this {
    for (const k of [kind, on]) {
      if (!this.factories.has(k)) throw new ProjectorRegistryError(`stream kind "${k}" has no projector`);
    }
    if (kind === on) throw new ProjectorRegistryError(`stream kind "${kind}" cannot depend on itself`);
    this.dependencies.push([kind, on]);
    return this;
  }

  /** The kinds whose projectors refresh after a batch of `on` changed, in declaration order. */
  dependentsOf(on: string): string[] {
    return this.dependencies.filter(([, o]) => o === on).map(([k]) => k);
  }

  kinds(): string[] {
    return [...this.factories.keys()];
  }

  /** Throws, naming them, when any of `kinds` has no projector (checked when a desk opens). */
  assertCovers(kinds: readonly string[]): void {
    const missing = kinds.filter((k) => !this.factories.has(k));
    if (missing.length > 0) {
      throw new ProjectorRegistryError(
        `no projector registered for stream kind${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')}`,
      );
    }
  }

  /** The projectors, built for one store. */
  build(ctx: ProjectionContext): Map<string, Projector> {
    const out = new Map<string, Projector>();
    for (const [kind, factory] of this.factories) {
      const p = factory(ctx);
      if (p.kind !== kind) {
        throw new ProjectorRegistryError(`the projector registered for "${kind}" says it folds "${p.kind}"`);
      }
      out.set(kind, p);
    }
    return out;
  }
}
