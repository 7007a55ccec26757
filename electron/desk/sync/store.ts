/**
 * The desk's persistent sync state: the outbox (filled by a trigger on
 * `events`, migration 0002), refused events, the attachment queue
 * (./attachmentQueue.ts), and the server address, device token, pull cursor
 * and last success in `meta`.
 *
 * Everything the engine needs to resume after a crash is here; nothing about
 * a run lives only in memory.
 */
import type Database from 'better-sqlite3';
import type { PushAck } from '../../../shared/contract/sync';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
  type StoredEvent,
} from '../../../shared/domain/kernel/envelope';
import type { AppendOutcome, SyncPort, Verdict } from './port';
import { openSecret, plainSealer, storeSecret, type SecretSealer } from './secretSealer';
import { ENROLLED_ROLE_KEY } from '../kernel/deskRole';
import { AttachmentQueue } from './attachmentQueue';

export type { QueuedAttachment } from './attachmentQueue';

/** Records the server refused for now because their time is ahead of its clock. */
export interface HeldTooFar {
  count: number;
  /** Wall time of the latest such HLC (ms). */
  latestMs: number;
}

/** meta keys of the sync client. The token is a secret: never returned to the renderer, never logged. */
export const SYNC_META = {
  serverUrl: 'sync.serverUrl',
  token: 'sync.token',
  /** The enrolled role (kernel/deskRole.ts reads it: library and settings writes need a supervisor desk). */
  role: ENROLLED_ROLE_KEY,
  enrolledAt: 'sync.enrolledAt',
  /** server_seq of the last pulled event. */
  cursor: 'sync.cursor',
  /** The server the cursor belongs to (a cursor means nothing on another server). */
  cursorServer: 'sync.cursorServer',
  lastSuccessAt: 'sync.lastSuccessAt',
  /** This desk's wall clock minus head office's, as last measured (ms; kept across restarts). */
  clockSkewMs: 'sync.clockSkewMs',
  /** Records head office holds back as too far in the future: JSON {count, latestMs}. */
  heldTooFar: 'sync.heldTooFar',
} as const;

export interface SyncConfig {
  serverUrl: string;
  token: string;
}

export interface OutboxItem {
  seq: number;
  event: EventEnvelope;
  /** The event as JSON, as it goes into the push body. */
  json: string;
}

/** The outbox's events with the columns of a stored event, in outbox order. */
const OUTBOX_COLUMNS = STORED_EVENT_COLUMNS.map((c) => `e.${c}`).join(', ');

/** The cursor would move backwards: the server's answer cannot be trusted. */
export class CursorBackwardsError extends Error {
  constructor(
    readonly current: number,
    readonly next: number,
  ) {
    super(`pull cursor would move backwards (${current} -> ${next})`);
    this.name = 'CursorBackwardsError';
  }
}

/**
 * Rejections that depend on the moment, not on the event: an HLC ahead of the
 * server's clock becomes acceptable once the server's time catches up, and a
 * server-side failure on one event may not happen again. Such events stay in
 * the outbox (later events are not held back by them).
 */
export function isDeferredRejection(reason: string | undefined): boolean {
  return reason !== undefined && /^(hlc_too_far|internal)\b/.test(reason);
}

/** The server refused an event for now because its HLC is ahead of the server's clock. */
export function isTooFarRejection(reason: string | undefined): boolean {
  return reason !== undefined && /^hlc_too_far\b/.test(reason);
}

type OutboxRow = StoredEvent & { seq: number };

export class SyncStore {
  private readonly st: {
    outboxAfter: Database.Statement<[number, number], OutboxRow>;
    outboxDelete: Database.Statement<[number]>;
    outboxDeletePulled: Database.Statement<[string, string]>;
    outboxCount: Database.Statement<[], { n: number }>;
    requeueOwn: Database.Statement<[]>;
    rejectPush: Database.Statement;
    rejectPull: Database.Statement;
    rejectedCount: Database.Statement<[], { n: number }>;
  };

  /** The files waiting for upload to head office. */
  readonly attachments: AttachmentQueue;
  private readonly sealer: SecretSealer;
  private readonly log: (line: string) => void;

  constructor(
    private readonly port: SyncPort,
    opts: { sealer?: SecretSealer; log?: (line: string) => void } = {},
  ) {
    this.sealer = opts.sealer ?? plainSealer;
    this.log = opts.log ?? (() => undefined);
    const s = port.sqlite;
    this.attachments = new AttachmentQueue(port);
    this.st = {
      outboxAfter: s.prepare(
        `SELECT o.seq, ${OUTBOX_COLUMNS}
           FROM outbox o JOIN events e ON e.seq = o.seq
          WHERE o.seq > ? ORDER BY o.seq LIMIT ?`,
      ),
      outboxDelete: s.prepare('DELETE FROM outbox WHERE seq = ?'),
      outboxDeletePulled: s.prepare(
        'DELETE FROM outbox WHERE seq IN (SELECT seq FROM events WHERE id = ? AND hash = ?)',
      ),
      outboxCount: s.prepare('SELECT count(*) AS n FROM outbox'),
      requeueOwn: s.prepare(
        `INSERT OR IGNORE INTO outbox (seq)
           SELECT seq FROM events
            WHERE device = (SELECT value FROM meta WHERE key = 'device.id')
              AND id NOT IN (SELECT event_id FROM sync_rejected WHERE direction = 'push')`,
      ),
      rejectPush: s.prepare(
        `INSERT OR REPLACE INTO sync_rejected (event_id, direction, seq, reason, rejected_at, envelope)
         VALUES (?, 'push', ?, ?, ?, NULL)`,
      ),
      rejectPull: s.prepare(
        `INSERT OR REPLACE INTO sync_rejected (event_id, direction, seq, reason, rejected_at, envelope)
         VALUES (?, 'pull', NULL, ?, ?, ?)`,
      ),
      rejectedCount: s.prepare("SELECT count(*) AS n FROM sync_rejected WHERE direction = 'push'"),
    };
  }

  // ------------------------------------------------------------ configuration

  /**
   * The server and the device token, opened with this desk's sealer. A plain
   * token is sealed now when the sealer seals (decision 0020). A sealed token
   * this sealer cannot open is left in place and never used as it is: sync
   * stays off, with a log line, until a shell that can open it runs or the
   * desk is enrolled again.
   */
  config(): SyncConfig | null {
    const serverUrl = this.port.meta.get(SYNC_META.serverUrl);
    const stored = this.port.meta.get(SYNC_META.token);
    if (serverUrl === null || stored === null || serverUrl === '' || stored === '') return null;
    const opened = openSecret(this.sealer, stored);
    if (!opened.ok) {
      this.log(`[sync] off: the device token cannot be used here: ${opened.reason}`);
      return null;
    }
    if (opened.reseal !== null) this.port.meta.set(SYNC_META.token, opened.reseal);
    return { serverUrl, token: opened.value };
  }

  /** Stores a new enrollment; a different server starts again from cursor 0. */
  saveEnrollment(serverUrl: string, token: string, role: string, at: string): void {
    this.port.tx(() => {
      const meta = this.port.meta;
      const previous = meta.get(SYNC_META.cursorServer);
      if (previous !== serverUrl) {
        // Another server: its cursor starts at 0, and it needs every record of this desk,
        // including those an earlier server already acknowledged (the server dedups by id).
        meta.set(SYNC_META.cursor, '0');
        meta.set(SYNC_META.cursorServer, serverUrl);
        if (previous !== null) this.st.requeueOwn.run();
      }
      meta.set(SYNC_META.serverUrl, serverUrl);
      meta.set(SYNC_META.token, storeSecret(this.sealer, token));
      meta.set(SYNC_META.role, role);
      meta.set(SYNC_META.enrolledAt, at);
    });
  }

  /** Forgets the server and the token; the outbox, refused events and the cursor stay. */
  forget(): void {
    this.port.tx(() => {
      for (const key of [SYNC_META.serverUrl, SYNC_META.token, SYNC_META.role, SYNC_META.enrolledAt]) {
        this.port.meta.delete(key);
      }
    });
  }

  lastSuccessAt(): string | null {
    return this.port.meta.get(SYNC_META.lastSuccessAt);
  }

  setLastSuccessAt(iso: string): void {
    this.port.meta.set(SYNC_META.lastSuccessAt, iso);
  }

  /** The last measured clock skew (ms), or null when never measured. */
  clockSkew(): number | null {
    const raw = this.port.meta.get(SYNC_META.clockSkewMs);
    const n = raw === null ? NaN : Number(raw);
    return Number.isSafeInteger(n) ? n : null;
  }

  setClockSkew(ms: number): void {
    this.port.meta.set(SYNC_META.clockSkewMs, String(Math.round(ms)));
  }

  /** Records held back as too far in the future at the last complete push (null: none). */
  heldTooFar(): HeldTooFar | null {
    const raw = this.port.meta.get(SYNC_META.heldTooFar);
    if (raw === null) return null;
    try {
      const v = JSON.parse(raw) as { count?: unknown; latestMs?: unknown };
      return typeof v.count === 'number' && v.count > 0 && typeof v.latestMs === 'number'
        ? { count: v.count, latestMs: v.latestMs }
        : null;
    } catch {
      return null;
    }
  }

  setHeldTooFar(held: HeldTooFar | null): void {
    if (held === null || held.count === 0) this.port.meta.delete(SYNC_META.heldTooFar);
    else this.port.meta.set(SYNC_META.heldTooFar, JSON.stringify(held));
  }

  // ------------------------------------------------------------ counts

  pendingCount(): number {
    return this.st.outboxCount.get()?.n ?? 0;
  }

  rejectedCount(): number {
    return this.st.rejectedCount.get()?.n ?? 0;
  }

  // ------------------------------------------------------------ push

  /** Outbox entries after `afterSeq`, oldest first. */
  outboxAfter(afterSeq: number, limit: number): OutboxItem[] {
    return this.st.outboxAfter.all(afterSeq, limit).map((r) => {
      const event = envelopeFromStored(r);
      return { seq: r.seq, event, json: JSON.stringify(event) };
    });
  }

  /**
   * Applies the server's acks to a pushed batch in one transaction: accepted
   * and duplicate leave the outbox, refused ones move to sync_rejected with the
   * reason, deferred and unacknowledged ones stay. Returns how many were
   * refused for good.
   */
  settleAcks(batch: readonly OutboxItem[], acks: readonly PushAck[], at: string): number {
    const seqById = new Map(batch.map((b) => [b.event.id, b.seq]));
    let rejected = 0;
    const settled = new Set<string>();
    this.port.tx(() => {
      for (const ack of acks) {
        const seq = seqById.get(ack.id);
        if (seq === undefined || settled.has(ack.id)) continue; // not ours, or acked twice
        settled.add(ack.id);
        if (ack.status === 'accepted' || ack.status === 'duplicate') {
          this.st.outboxDelete.run(seq);
        } else if (!isDeferredRejection(ack.reason)) {
          // Refused for good; a deferred refusal (e.g. our clock ahead of the server's) stays queued.
          this.st.rejectPush.run(ack.id, seq, (ack.reason ?? 'rejected').slice(0, 500), at);
          this.st.outboxDelete.run(seq);
          rejected++;
        }
      }
    });
    return rejected;
  }

  /** An event the server refused as a whole request (e.g. too large on its own). */
  rejectOne(item: OutboxItem, reason: string, at: string): void {
    this.port.tx(() => {
      this.st.rejectPush.run(item.event.id, item.seq, reason, at);
      this.st.outboxDelete.run(item.seq);
    });
  }

  // ------------------------------------------------------------ pull

  cursor(): number {
    const raw = this.port.meta.get(SYNC_META.cursor);
    const n = raw === null ? 0 : Number(raw);
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  }

  /**
   * Stores a pulled page and the new cursor in ONE transaction (idempotent by
   * event id, hash-checked by the store). Events the store refuses are kept
   * in sync_rejected so the cursor can still move on. The caller emits the
   * changes after this returns (committed).
   */
  applyPullPage(
    events: readonly unknown[],
    nextCursor: number,
    at: string,
    verdicts?: readonly Verdict[],
  ): { outcome: AppendOutcome; rejected: number } {
    return this.port.tx(() => {
      const current = this.cursor();
      if (!Number.isSafeInteger(nextCursor) || nextCursor < current) {
        throw new CursorBackwardsError(current, nextCursor);
      }
      const { outcome, rejected } = this.port.appendIncoming(events, verdicts);
      this.forgetPulledOwn(events, new Set(rejected.map((r) => r.id)));
      if (rejected.length > 0) {
        const byId = new Map<string, unknown>();
        for (const e of events) {
          const id = (e as { id?: unknown } | null)?.id;
          if (typeof id === 'string') byId.set(id, e);
        }
        rejected.forEach((r, i) => {
          const key = r.id !== '' ? r.id : `unknown:${nextCursor}:${i}`;
          let raw: string | null = null;
          try {
            raw = JSON.stringify(byId.get(r.id) ?? null).slice(0, 100_000);
          } catch {
            raw = null;
          }
          this.st.rejectPull.run(key, r.reason.slice(0, 500), at, raw);
        });
      }
      this.port.meta.set(SYNC_META.cursor, String(nextCursor));
      return { outcome, rejected: rejected.length };
    });
  }

  /**
   * This desk's own events that came back on a pull are at head office
   * already: they leave the outbox rather than go up again. That happens
   * after a restore from a backup (events written after the backup come back
   * from head office, and events the backup still had queued were pushed
   * since) — docs/backups.md. Matched by id and hash: a same-id event with
   * another hash is a conflict the push must still report. A copy the store
   * refused (`refusedIds`: its hash does not match its content, say) proves
   * nothing reached head office intact, so the own event stays queued.
   */
  private forgetPulledOwn(events: readonly unknown[], refusedIds: ReadonlySet<string>): void {
    const own = this.port.identity()?.deviceId;
    if (own === undefined) return;
    for (const raw of events) {
      const e = raw as { id?: unknown; hash?: unknown; device?: unknown } | null;
      if (
        e?.device === own &&
        typeof e.id === 'string' &&
        typeof e.hash === 'string' &&
        !refusedIds.has(e.id)
      ) {
        this.st.outboxDeletePulled.run(e.id, e.hash);
      }
    }
  }
}
