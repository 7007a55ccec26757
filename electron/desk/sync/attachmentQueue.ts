/**
 * The files waiting for upload to head office (`attachment_queue`, keyed by
 * sha256; the bytes live in the desk's content store): queued when a file is
 * stored, sent by the transport's attachment loop (./transport.ts), removed
 * once head office has it, and marked with the last error when it fails:
 * a refused file (too large, head office's space full) is tried again after
 * a minute, then twice as long each time, at most every six hours
 * (`next_try_ms`, migration 0026), not with every run. A file this desk
 * cannot send (its bytes missing or changed) backs off alike, but is not
 * counted as refused by head office. A due time further off than the
 * longest wait (the computer's clock was set back) counts as due.
 */
import type Database from 'better-sqlite3';
import type { SyncPort } from './port';

/** A refused file is tried again after a minute, then twice as long each time, at most every 6 hours. */
const RETRY_FIRST_MS = 60_000;
const RETRY_MAX_MS = 6 * 3_600_000;
/** How `last_error` marks a failure on this desk (bytes missing or changed), not a refusal by head office. */
const LOCAL_PREFIX = 'local: ';

export interface QueuedAttachment {
  sha256: string;
  size: number;
}

export class AttachmentQueue {
  private readonly st: {
    insert: Database.Statement;
    next: Database.Statement<[string, number, number, number], QueuedAttachment>;
    remove: Database.Statement<[string]>;
    failed: Database.Statement<[number, string, string]>;
    count: Database.Statement<[], { n: number }>;
    failures: Database.Statement<[], { failed: number; unreadable: number | null }>;
    retryNow: Database.Statement<[]>;
    queued: Database.Statement<[string], { n: number }>;
  };

  constructor(private readonly port: SyncPort) {
    const s = port.sqlite;
    this.st = {
      insert: s.prepare(`INSERT OR IGNORE INTO attachment_queue (sha256, size, created_at) VALUES (?, ?, ?)`),
      next: s.prepare(
        `SELECT sha256, size FROM attachment_queue
          WHERE sha256 > ? AND (next_try_ms IS NULL OR next_try_ms <= ? OR next_try_ms > ? + ${RETRY_MAX_MS})
          ORDER BY sha256 LIMIT ?`,
      ),
      remove: s.prepare('DELETE FROM attachment_queue WHERE sha256 = ?'),
      failed: s.prepare(
        `UPDATE attachment_queue
            SET next_try_ms = ? + min(${RETRY_MAX_MS}, ${RETRY_FIRST_MS} * (1 << min(attempts, 12))),
                attempts = attempts + 1, last_error = ?
          WHERE sha256 = ?`,
      ),
      count: s.prepare('SELECT count(*) AS n FROM attachment_queue'),
      failures: s.prepare(
        `SELECT count(*) AS failed,
                sum(substr(coalesce(last_error, ''), 1, ${LOCAL_PREFIX.length}) = '${LOCAL_PREFIX}') AS unreadable
           FROM attachment_queue WHERE attempts > 0`,
      ),
      retryNow: s.prepare('UPDATE attachment_queue SET next_try_ms = NULL WHERE next_try_ms IS NOT NULL'),
      queued: s.prepare('SELECT count(*) AS n FROM attachment_queue WHERE sha256 = ?'),
    };
  }

  count(): number {
    return this.st.count.get()?.n ?? 0;
  }

  /** Writes file bytes to the desk's content store and queues them for upload; idempotent by content. */
  enqueue(bytes: Uint8Array, at: string): { sha256: string; size: number } {
    const { sha256, size } = this.port.files.putBytes(bytes);
    this.st.insert.run(sha256, size, at);
    return { sha256, size };
  }

  /**
   * Queues a file already in the content store (the evidence feature stored
   * it). Runs in the caller's transaction when there is one, so the queue row
   * and the event that refers to the file commit together.
   */
  enqueueStored(sha256: string, size: number, at: string): void {
    this.st.insert.run(sha256, size, at);
  }

  /** Every refused file due at once (a clerk pressed "sync now"). */
  retryNow(): void {
    this.st.retryNow.run();
  }

  /**
   * The waiting files that failed at their last try, in one read: `refused`
   * by head office at least once, `unreadable` here (bytes missing or changed).
   */
  failureCounts(): { refused: number; unreadable: number } {
    const r = this.st.failures.get();
    const unreadable = r?.unreadable ?? 0;
    return { refused: (r?.failed ?? 0) - unreadable, unreadable };
  }

  /** Queued files after `afterSha` that are due to be tried at `nowMs`. */
  after(afterSha: string, limit: number, nowMs: number): QueuedAttachment[] {
    return this.st.next.all(afterSha, nowMs, nowMs, limit);
  }

  /** The bytes of a queued file (from the content store), or why they cannot be sent (missing, or changed). */
  bytes(a: QueuedAttachment): Uint8Array | { problem: string } {
    const bytes = this.port.files.read(a.sha256);
    if (!('problem' in bytes)) return bytes;
    return bytes.problem === 'missing'
      ? { problem: 'no data: the file is missing from the evidence store' }
      : { problem: 'file changed since it was queued (sha256 differs)' };
  }

  /** Whether the file still waits for upload. */
  queued(sha256: string): boolean {
    return (this.st.queued.get(sha256)?.n ?? 0) > 0;
  }

  done(sha256: string): void {
    this.st.remove.run(sha256);
  }

  /**
   * Keeps the file queued with `reason`, not tried again before the next step
   * of the backoff. `local`: this desk could not send it (not head office's refusal).
   */
  failed(sha256: string, reason: string, nowMs: number, local = false): void {
    this.st.failed.run(nowMs, `${local ? LOCAL_PREFIX : ''}${reason}`.slice(0, 500), sha256);
  }
}
