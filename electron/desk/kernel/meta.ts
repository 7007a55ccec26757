/**
 * Device settings kept in the `meta` table: identity (device uuid, branch and
 * device codes), the last HLC, and the per-day sequences of case numbers and
 * of work-order numbers (each its own counter).
 *
 * The sequences are this device's own counters, not projections: `rebuild`
 * clears projections only and never touches `meta`, a restart reads them
 * back, and the number a sequence gave lives on in the event that used it.
 * A counter is taken inside the write transaction of the event that uses
 * it, so a write that rolls back gives its number back.
 *
 * A counter is never the only truth, though: a desk restored from a backup
 * (or a folder copy) holds the counter as it was then, while the log (and
 * head office) may already hold later numbers. So each feature passes the
 * highest sequence its projection holds for that day (`floor`), and the next
 * number is one past the larger of the two. After a restore, the desk also
 * holds new numbers until it has synced once (`restore.awaitingSync`), so the
 * numbers written after the backup have come back from head office first
 * (docs/backups.md).
 */
import type { DeskDatabase } from '../db/open';
import { installOutboxTrigger } from '../db/outboxTrigger';

export const META_KEYS = {
  deviceId: 'device.id',
  deviceCode: 'device.code',
  branchCode: 'branch.code',
  branchName: 'branch.name',
  initializedAt: 'desk.initializedAt',
  lastHlc: 'hlc.last',
  /** The projector versions the projections were last rebuilt with (EventStore.projectionSignature). */
  projectionVersion: 'projection.version',
  /** Set by a restore of an enrolled desk; cleared by its first successful sync (numbering waits for it). */
  restoreAwaitingSync: 'restore.awaitingSync',
} as const;

/**
 * Thrown by the number counters of a restored desk that has not synced since:
 * head office may hold numbers this desk wrote after the backup was made. The
 * dispatcher answers `busy` with a message saying to sync first.
 */
export class NumbersHeldError extends Error {
  constructor() {
    super('numbers are held: this desk was restored from a backup and has not synced since');
    this.name = 'NumbersHeldError';
  }
}

const caseSeqKey = (yyyymmdd: string): string => `caseSeq.${yyyymmdd}`;
const orderSeqKey = (yyyymmdd: string): string => `orderSeq.${yyyymmdd}`;

export interface DeviceIdentity {
  deviceId: string;
  deviceCode: string;
  branchCode: string;
  branchName: string;
}

export class Meta {
  constructor(private readonly d: DeskDatabase) {}

  get(key: string): string | null {
    const row = this.d.first(this.d.db.selectFrom('meta').select('value').where('key', '=', key));
    return row?.value ?? null;
  }

  set(key: string, value: string): void {
    this.d.run(
      this.d.db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
    );
  }

  identity(): DeviceIdentity | null {
    const deviceId = this.get(META_KEYS.deviceId);
    const deviceCode = this.get(META_KEYS.deviceCode);
    const branchCode = this.get(META_KEYS.branchCode);
    const branchName = this.get(META_KEYS.branchName);
    if (deviceId === null || deviceCode === null || branchCode === null || branchName === null) return null;
    return { deviceId, deviceCode, branchCode, branchName };
  }

  delete(key: string): void {
    this.d.run(this.d.db.deleteFrom('meta').where('key', '=', key));
  }

  /** Records this desk's identity and installs the outbox trigger for its device id (inside the setup transaction). */
  setIdentity(id: DeviceIdentity, initializedAt: string): void {
    installOutboxTrigger(this.d.sqlite, id.deviceId);
    this.set(META_KEYS.deviceId, id.deviceId);
    this.set(META_KEYS.deviceCode, id.deviceCode);
    this.set(META_KEYS.branchCode, id.branchCode);
    this.set(META_KEYS.branchName, id.branchName);
    this.set(META_KEYS.initializedAt, initializedAt);
  }

  /**
   * Next case sequence number for the local day `yyyymmdd` (1, 2, …), past
   * `floor` (the highest this device's day already has in the log). Call
   * inside the write transaction.
   */
  nextCaseSeq(yyyymmdd: string, floor = 0): number {
    return this.nextSeq(caseSeqKey(yyyymmdd), floor);
  }

  /**
   * Reserves `count` case sequence numbers for the day `yyyymmdd` at once
   * (issue 13: an import's cases of one day) and returns the first; the
   * others follow it. Call inside the write transaction.
   */
  reserveCaseSeqs(yyyymmdd: string, floor: number, count: number): number {
    const first = this.nextSeq(caseSeqKey(yyyymmdd), floor);
    if (count > 1) this.set(caseSeqKey(yyyymmdd), String(first + count - 1));
    return first;
  }

  /**
   * Next work-order sequence number for the local day `yyyymmdd` (1, 2, …),
   * counted apart from case numbers (`WO-GZ01-20261130-0003` and
   * `GZ01-20261130-0003` may both exist). Call inside the write transaction.
   */
  nextOrderSeq(yyyymmdd: string, floor = 0): number {
    return this.nextSeq(orderSeqKey(yyyymmdd), floor);
  }

  /** True while a restored desk waits for its first sync before it gives new numbers. */
  numbersHeld(): boolean {
    return this.get(META_KEYS.restoreAwaitingSync) !== null;
  }

  /** The restored desk has synced: head office's numbers are in the log now. */
  restoreCaughtUp(): void {
    if (this.numbersHeld()) this.delete(META_KEYS.restoreAwaitingSync);
  }

  private nextSeq(key: string, floor: number): number {
    if (this.numbersHeld()) throw new NumbersHeldError();
    const current = Number(this.get(key) ?? '0');
    const counted = Number.isSafeInteger(current) && current > 0 ? current : 0;
    const next = Math.max(counted, Number.isSafeInteger(floor) && floor > 0 ? floor : 0) + 1;
    this.set(key, String(next));
    return next;
  }
}
