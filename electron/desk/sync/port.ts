/**
 * What the sync engine and its store need from the desk, and nothing more
 * (issue 7 item 3). The desk core implements it (openDesk builds the adapter
 * in electron/desk/index.ts); the sync files import this port, shared/ and
 * their own siblings, never the Desk class, so no import circle runs through
 * sync. Types the port mentions are re-exported here for the sync files.
 */
import type Database from 'better-sqlite3';
import type { DeskEvent } from '../../../shared/contract/api';
import type { CredentialKey } from '../../../shared/domain/staff/keys';
import type { Verdict } from '../kernel/checkBatch';
import type { AppendOutcome } from '../kernel/eventStore';
import type { DeviceIdentity } from '../kernel/meta';
import type { ContentStore } from '../kernel/fileStore';

export type { AppendOutcome, Verdict };

/** The desk's meta table (key/value), where the sync settings, cursor and clock offset live. */
export interface MetaPort {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export interface SyncPort {
  /**
   * The desk's SQLite connection, for the sync store's own tables (outbox,
   * sync_rejected, attachment_queue) and its meta keys. Nothing else reads
   * desk tables through it.
   */
  readonly sqlite: Database.Database;
  readonly meta: MetaPort;
  /** The desk's content-addressed file store: queued uploads are read from it, downloads written to it. */
  readonly files: Pick<ContentStore, 'putBytes' | 'putFile' | 'read' | 'has' | 'pathOf'>;
  /** Runs `fn` in one IMMEDIATE transaction (synchronous). */
  tx<T>(fn: () => T): T;
  /**
   * Stores events made elsewhere (a pulled page) inside the caller's
   * transaction: checked (or taken with the checker's verdicts), stored once
   * by id, folded, their HLCs merged into the desk clock. The caller emits
   * the changes after its commit.
   */
  appendIncoming(
    events: readonly unknown[],
    verdicts?: readonly Verdict[],
  ): { outcome: AppendOutcome; rejected: { id: string; reason: string }[] };
  /** Tells subscribers about what a committed append changed. */
  emitChanges(outcome: AppendOutcome): void;
  /** Sends a desk event to every subscriber (windows, host streams). */
  emit(event: DeskEvent): void;
  /** This desk's identity; null before first-run setup. */
  identity(): DeviceIdentity | null;
  /** The desk's own wall clock (ms); never corrected (skew is measured against it). */
  now(): number;
  /** Checks incoming batches off the write thread. */
  readonly checker: { check(events: readonly unknown[]): Promise<Verdict[]> };
  /**
   * Sets how far (ms) the desk's wall clock is ahead of head office's, as the
   * engine decided to apply it: the HLC of new local events reads
   * `now() - offsetMs` (never going backwards). 0 undoes it.
   */
  setClockOffset(offsetMs: number): void;
  /**
   * The staff feature's credential keys (decision 0021), sent to head office
   * at enrolment and only then; made first if the desk has none yet.
   */
  credentialKeys(): { keys: CredentialKey[]; current: string };
  /** Keeps the branch's keys received at enrolment and hashes new secrets under `current`. */
  adoptCredentialKeys(keys: readonly CredentialKey[], current: string | undefined): void;
}
