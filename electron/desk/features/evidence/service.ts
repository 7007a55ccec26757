/**
 * The evidence feature's service (issue 12): the desk's content store, the
 * staging folder the shells write incoming files to, and the two things it
 * needs from sync, handed in by the composition root (electron/desk/index.ts)
 * so this feature imports no other: queue a stored file for upload, and fetch
 * a file of the branch from head office.
 *
 * As a background service it fetches the branch's evidence of the last 30
 * days that this desk has not got (./background.ts), after pulls bring new
 * evidence events; bounded per pass and cancelled on stop.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { evidenceServing, type EvidenceServing } from '../../../../shared/domain/cases/evidenceType';
import type { ContentStore } from '../../kernel/fileStore';
import { sniffFile } from './sniff';

/** What fetching a file from head office came to (electron/desk/sync/download.ts says the same). */
export type FetchOutcome = 'stored' | 'unconfigured' | 'offline' | 'not_found' | 'refused' | 'failed';

export interface EvidenceSyncHooks {
  /** Queues a stored file for upload; called inside the transaction that appends its event. */
  enqueue(sha256: string, size: number): void;
  /** Whether the file still waits in the upload queue. */
  pending(sha256: string): boolean;
  /** Fetches a file of the branch from head office into the content store. */
  fetch(sha256: string, signal?: AbortSignal): Promise<FetchOutcome>;
}

const STALE_MS = 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class EvidenceFiles {
  readonly incomingDir: string;

  constructor(
    readonly files: ContentStore,
    readonly sync: EvidenceSyncHooks,
  ) {
    this.incomingDir = path.join(files.dir, 'incoming');
  }

  /** A fresh staged file for a shell to write an incoming file to (the core removes it after the add). */
  stage(): { id: string; path: string } {
    mkdirSync(this.incomingDir, { recursive: true, mode: 0o700 });
    this.sweepStale();
    const id = randomUUID();
    return { id, path: path.join(this.incomingDir, id) };
  }

  /** The staged file of `id` (a uuid, never a path), or null. */
  stagedPath(id: string): string | null {
    return UUID.test(id) ? path.join(this.incomingDir, id) : null;
  }

  /** Removes a staged file (no error when it is gone). */
  discard(id: string): void {
    const p = this.stagedPath(id);
    if (p !== null) rmSync(p, { force: true });
  }

  /** Staged files a crashed shell left behind (older than an hour). */
  private sweepStale(): void {
    const now = Date.now();
    for (const n of readdirSync(this.incomingDir)) {
      const p = path.join(this.incomingDir, n);
      try {
        if (now - statSync(p).mtimeMs > STALE_MS) rmSync(p, { force: true });
      } catch {
        // gone already
      }
    }
  }

  /** The stored file of `sha256` when it is on this desk. */
  localPath(sha256: string): string | null {
    return this.files.has(sha256) ? this.files.pathOf(sha256) : null;
  }

  /**
   * The stored file of `sha256` as it may be handed out (type re-read from
   * its bytes, download name from shared/domain/cases/evidenceType.ts), or
   * null when it is not here or its bytes are off the allow-list.
   */
  served(sha256: string, name: string): (EvidenceServing & { path: string }) | null {
    const p = this.localPath(sha256);
    if (p === null) return null;
    const how = evidenceServing(name, sniffFile(p));
    return how === null ? null : { ...how, path: p };
  }
}
