/**
 * The transport loops of one sync run: push the outbox, pull the branch's
 * events, upload queued files. Each reports progress (something the server
 * acknowledged, a page stored, a file uploaded) so that a run which then
 * loses an answer is not counted as a failed one (schedule.ts).
 */
import { SYNC_LIMITS } from '../../../shared/contract/sync';
import { hlcWallMs } from '../../../shared/domain/kernel/hlc';
import { SyncClient, SyncRequestError, type PullPageBody } from './client';
import type { SyncPort, Verdict } from './port';
import {
  CursorBackwardsError,
  isTooFarRejection,
  type HeldTooFar,
  type OutboxItem,
  type SyncStore,
} from './store';

/** A push body stays below the server's limit with room for the wrapper. */
const PUSH_BODY_BUDGET = SYNC_LIMITS.bodyBytes - 64 * 1024;
/** Attachments looked at per query (their bytes are read one at a time). */
const ATTACHMENT_PAGE = 20;

export interface RunContext {
  readonly port: SyncPort;
  readonly store: SyncStore;
  readonly client: SyncClient;
  cancelled(): boolean;
  isoNow(): string;
  log(line: string): void;
  /** Emits the status if it changed; returns the outbox count it read (null: none read). */
  emitStatus(): number | null;
  /** Pulled events stored (progress display). */
  noteReceived(n: number): void;
  /** Something reached head office or came from it and was stored. */
  progressed(): void;
}

/**
 * Pushes the whole outbox in bounded batches; every ack is applied as it
 * comes. Returns the records held back as too far in the future in this
 * pass (complete: every outbox entry was offered), or null when cancelled.
 */
export async function pushAll(c: RunContext): Promise<HeldTooFar | null> {
  let after = 0;
  let limit: number = SYNC_LIMITS.pushBatch;
  const held: HeldTooFar = { count: 0, latestMs: 0 };
  // The outbox count the last status emitted read, while nothing has touched
  // the outbox since (no await in between): saves counting it twice a batch.
  let pending: number | null = null;
  for (;;) {
    if (c.cancelled()) return null;
    const items = c.store.outboxAfter(after, limit);
    if (items.length === 0) return held;
    const batch: OutboxItem[] = [];
    let bytes = 16;
    for (const it of items) {
      const n = Buffer.byteLength(it.json, 'utf8') + 1;
      if (batch.length > 0 && bytes + n > PUSH_BODY_BUDGET) break;
      batch.push(it);
      bytes += n;
    }
    let res: Awaited<ReturnType<SyncClient['pushRaw']>>;
    try {
      // What head office will see as still waiting here once this batch is in.
      const waiting = Math.max(0, (pending ?? c.store.pendingCount()) - batch.length);
      res = await c.client.pushRaw(`{"events":[${batch.map((b) => b.json).join(',')}]}`, waiting);
    } catch (e) {
      if (e instanceof SyncRequestError && e.kind === 'http' && e.status === 413 && !c.cancelled()) {
        const only = batch.length === 1 ? batch[0] : undefined;
        if (!only) {
          limit = Math.max(1, Math.floor(batch.length / 2)); // the server's limit is lower: smaller batches
          continue;
        }
        // One event too large for the server on its own: set it aside, keep going.
        c.store.rejectOne(only, 'too_large', c.isoNow());
        c.progressed();
        after = only.seq;
        pending = c.emitStatus();
        continue;
      }
      throw e;
    }
    if (c.cancelled()) return null;
    after = batch[batch.length - 1]?.seq ?? after;
    const hlcById = new Map(batch.map((b) => [b.event.id, b.event.hlc]));
    for (const ack of res.acks) {
      const hlc = hlcById.get(ack.id);
      if (hlc === undefined || ack.status !== 'rejected' || !isTooFarRejection(ack.reason)) continue;
      held.count++;
      held.latestMs = Math.max(held.latestMs, hlcWallMs(hlc));
    }
    const rejected = c.store.settleAcks(batch, res.acks, c.isoNow());
    if (rejected > 0) c.log(`[sync] the server refused ${rejected} event(s); kept in sync_rejected`);
    if (res.acks.some((a) => a.status !== 'rejected') || rejected > 0) c.progressed();
    pending = c.emitStatus();
  }
}

/**
 * Pulls until the server has nothing more; each page and its cursor commit
 * together. Three pages are in flight at once: page n is written while page
 * n+1 is checked on the checker thread and page n+2 is on its way.
 */
export async function pullAll(c: RunContext): Promise<void> {
  const fetchPage = (from: number): Promise<PullPageBody> => {
    const p = c.client.pull(from, SYNC_LIMITS.pullPage, c.store.pendingCount());
    p.catch(() => {}); // awaited below; a failure surfaces after the pages before it are stored
    return p;
  };
  /** A page that moved the cursor as the protocol says it must. */
  const progressed = (page: PullPageBody, from: number): PullPageBody => {
    if (page.cursor < from) throw new CursorBackwardsError(from, page.cursor);
    if (page.hasMore && page.cursor === from) {
      throw new SyncRequestError('bad_response', `pull: has_more without progress at cursor ${from}`);
    }
    return page;
  };
  interface Arrived {
    page: PullPageBody;
    verdicts: Promise<Verdict[]>;
  }
  const arrive = (page: PullPageBody): Arrived => ({
    page,
    verdicts: c.port.checker.check(page.events),
  });

  const start = c.store.cursor();
  /** The cursor the page being written was pulled from (the last one stored). */
  let from = start;
  let current: Arrived | null = arrive(progressed(await fetchPage(start), start));
  let fetching = current.page.hasMore ? fetchPage(current.page.cursor) : null;
  while (current !== null) {
    if (c.cancelled()) return;
    let ahead: Arrived | null = null;
    let aheadFailure: { error: unknown } | null = null;
    if (fetching !== null) {
      try {
        const page = progressed(await fetching, current.page.cursor);
        ahead = arrive(page); // checked on the other thread while `current` is written below
        fetching = page.hasMore ? fetchPage(page.cursor) : null;
      } catch (error) {
        aheadFailure = { error };
        fetching = null;
      }
    }
    const verdicts = await current.verdicts;
    if (c.cancelled()) return;
    const { outcome, rejected } = c.store.applyPullPage(
      current.page.events,
      current.page.cursor,
      c.isoNow(),
      verdicts,
    );
    if (current.page.cursor > from || current.page.events.length > 0) c.progressed();
    from = current.page.cursor;
    if (rejected > 0) c.log(`[sync] ${rejected} pulled event(s) could not be stored; kept in sync_rejected`);
    c.port.emitChanges(outcome);
    c.noteReceived(current.page.events.length);
    if (aheadFailure !== null) throw aheadFailure.error; // after the page before it is safely stored
    current = ahead;
  }
}

/** Uploads queued files: HEAD first (skip what the server has), then an idempotent PUT. */
export async function uploadAll(c: RunContext): Promise<void> {
  let after = '';
  let changed = false;
  // A server error on one file's upload: the others go; the run still reports it.
  let serverError: SyncRequestError | null = null;
  try {
    for (;;) {
      if (c.cancelled()) return;
      const list = c.store.attachments.after(after, ATTACHMENT_PAGE, Date.parse(c.isoNow()));
      if (list.length === 0) break;
      for (const a of list) {
        after = a.sha256;
        if (c.cancelled()) return;
        const bytes = c.store.attachments.bytes(a);
        if ('problem' in bytes) {
          c.store.attachments.failed(a.sha256, bytes.problem, Date.parse(c.isoNow()), true);
          continue;
        }
        try {
          if (!(await c.client.hasAttachment(a.sha256))) await c.client.putAttachment(a.sha256, bytes);
        } catch (e) {
          // The server refused this one file (too large, hash mismatch, the branch's
          // attachment space full): keep it queued, go on.
          if (e instanceof SyncRequestError && e.kind === 'http' && isPerFileRefusal(e.status)) {
            if (!c.cancelled()) {
              c.store.attachments.failed(a.sha256, e.message, Date.parse(c.isoNow()));
              changed = true; // the status counts it as refused
            }
            continue;
          }
          // A server error on this one file: the files after it still go this run; the run then
          // ends with the error, and its backoff (not the file's) spaces the next try.
          if (isFileServerError(e) && !c.cancelled()) {
            serverError ??= e;
            continue;
          }
          throw e;
        }
        if (c.cancelled()) return;
        c.store.attachments.done(a.sha256);
        c.progressed();
        changed = true;
      }
    }
    if (serverError !== null) throw serverError;
  } finally {
    if (changed) c.emitStatus();
  }
}

/** A 5xx on one file's upload that does not say when to come back (a Retry-After stops the whole loop). */
function isFileServerError(e: unknown): e is SyncRequestError {
  return (
    e instanceof SyncRequestError &&
    e.kind === 'http' &&
    e.status !== null &&
    e.status >= 500 &&
    e.status !== 507 &&
    e.retryAfterMs === null
  );
}

function isPerFileRefusal(status: number | null): boolean {
  return (
    status === 400 || status === 409 || status === 413 || status === 415 || status === 422 || status === 507
  );
}
