/**
 * The files waiting for upload to head office (`attachment_queue`, keyed by
 * sha256; the bytes live in the desk's content store): queued when a file is
 * stored, sent by the transport's attachment loop (./transport.ts), removed
 * once head office has it, and marked with the last error when it fails.
 */
import type Database from 'better-sqlite3';
import type { SyncPort } from './port';

export interface QueuedAttachment {
  sha256: string;
  size: number;
}

export class AttachmentQueue {
  private readonly st: {
    insert: Database.Statement;
    next: Database.Statement<[string, number], QueuedAttachment>;
    remove: Database.Statement<[string]>;
    failed: Database.Statement<[string, string]>;
    count: Database.Statement<[], { n: number }>;
    queued: Database.Statement<[string], { n: number }>;
  };

  constructor(private readonly port: SyncPort) {
    const s = port.sqlite;
    this.st = {
      insert: s.prepare(`INSERT OR IGNORE INTO attachment_queue (sha256, size, created_at) VALUES (?, ?, ?)`),
      next: s.prepare(
        `SELECT sha256, size FROM attachment_queue
          WHERE sha256 > ? ORDER BY sha256 LIMIT ?`,
      ),
      remove: s.prepare('DELETE FROM attachment_queue WHERE sha256 = ?'),
      failed: s.prepare(
        'UPDATE attachment_queue SET attempts = attempts + 1, last_error = ? WHERE sha256 = ?',
      ),
      count: s.prepare('SELECT count(*) AS n FROM attachment_queue'),
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

  after(afterSha: string, limit: number): QueuedAttachment[] {
    return this.st.next.all(afterSha, limit);
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

  failed(sha256: string, reason: string): void {
    this.st.failed.run(reason.slice(0, 500), sha256);
  }
}
