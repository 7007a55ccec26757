/**
 * A CSV export on two lanes (decision 0047): the export's thread (the
 * coordinator, ./job.ts) renders every other page itself and a second thread
 * (the lane, electron/desk/exportLaneWorker.ts) renders the others, each
 * page into the CSV's own bytes; the coordinator writes the pages in order,
 * so the file is byte for byte what one lane makes. A desk has two cores at
 * least: one lane left the other idle.
 *
 * Pages are fixed before any is rendered: the coordinator scans the
 * positions of every case the filters find (CaseLister.pageStarts) and
 * keeps where each page starts, so any page can be rendered by either lane
 * with the list's own keyset query.
 *
 * Both lanes must read the same log. Each reads in a read transaction of its
 * own connection; the lane checks that the last event in its snapshot is the
 * coordinator's (every change to cases and staff is an event, in the same
 * transaction as its projection) and says `stale` otherwise: the
 * coordinator then renders every page itself. A lane that fails, dies or
 * never starts leaves its pages to the coordinator in the same way: the file
 * is the same, only slower.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { ExportFilters } from '../../../../shared/contract/methods/exports';
import type { DeskDatabase } from '../../db/open';
import type { WorkClock } from '../../kernel/deadlineSettings';
import { errorDetail } from '../../kernel/errors';
import { openDatabase } from '../../db/open';
import { rowContext, type ContextInput } from './context';
import { csvRecord } from './csv';
import { pageRows, type RowContext } from './rows';
import type { CaseLister, PagedCase } from './lister';

/** A lane is started only for an export of at least this many pages: below, its start costs more than it saves. */
export const LANE_MIN_PAGES = 8;
/** Pages a lane is asked for ahead of the one the coordinator waits on. */
const AHEAD = 2;
/** How long the coordinator waits for a lane to open its snapshot (a bundled thread starts in a tenth of that). */
export const LANE_START_MS = 5_000;

export interface LaneData {
  file: string;
  filters: ExportFilters;
  context: Omit<ContextInput, 'staffNames'>;
  /** The staff names of the coordinator's snapshot. */
  staff: [id: string, name: string][];
  clock: WorkClock;
  pageSize: number;
  /** The last event's seq in the coordinator's snapshot. */
  mark: number;
}

/** Coordinator to lane: render the page that starts after `after`. */
export interface LaneRequest {
  k: number;
  after: number | null;
}

/** Lane to coordinator. */
export type LaneReply =
  | { type: 'ready' }
  | { type: 'stale'; mark: number }
  | { type: 'page'; k: number; rows: number; bytes: Uint8Array }
  | { type: 'failed'; detail: string };

/** The last event's seq in the connection's snapshot (0 for an empty log). */
export function logMark(d: DeskDatabase): number {
  const r = d.prepare('SELECT coalesce(max(seq), 0) AS m FROM events').get() as { m: number };
  return r.m;
}

/** Bytes a page's buffer starts with (a page of 200 cases is about 400 KB of CSV); it grows as needed. */
const PAGE_BYTES = 1 << 20;

/**
 * One page of cases (`pageAt(after)`) rendered as CSV records, each encoded
 * (UTF-8) straight into a buffer of the page's own, which can be handed
 * over rather than copied: `bytes` is a view of its first `length` bytes.
 */
export function csvPage(
  d: DeskDatabase,
  pageAt: (after: number | null) => PagedCase[],
  after: number | null,
  ctx: RowContext,
): { bytes: Uint8Array; rows: number } {
  const page = pageAt(after);
  let buf = Buffer.allocUnsafeSlow(PAGE_BYTES);
  let used = 0;
  for (const cells of pageRows(d, page, ctx)) {
    const record = csvRecord(cells);
    const most = record.length * 3; // UTF-8 bytes a UTF-16 unit at most
    if (used + most > buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(buf.length * 2, used + most));
      buf.copy(grown, 0, 0, used);
      buf = grown;
    }
    used += buf.write(record, used, 'utf8');
  }
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, used), rows: page.length };
}

/** A rendered page as the coordinator receives it; null when the lane could not render it. */
export type LanePage = { rows: number; bytes: Uint8Array } | null;

/** The coordinator's side of a lane. */
export class Lane {
  private ready = false;
  private dead = false;
  private readonly waiting = new Map<number, (p: LanePage) => void>();
  private settle: (() => void) | null = null;
  private readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    private readonly w: Worker,
    private readonly log: (line: string) => void,
  ) {
    w.on('message', (m: LaneReply) => {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.settle?.();
          return;
        case 'page': {
          const done = this.waiting.get(m.k);
          this.waiting.delete(m.k);
          done?.({ rows: m.rows, bytes: m.bytes });
          return;
        }
        case 'stale':
          return this.fail(`its snapshot differs (event ${m.mark})`);
        case 'failed':
          return this.fail(m.detail);
      }
    });
    w.on('error', (e) => this.fail(e.message));
    w.on('exit', (code) => this.fail(`stopped with exit code ${code}`));
  }

  /**
   * Waits until the lane has opened its snapshot (or failed); one that has
   * not within `ms` is stopped. The pages are then dealt from the first.
   */
  async started(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        if (!this.ready) this.fail(`not started within ${ms} ms`);
        resolve();
      }, ms);
    });
    await Promise.race([this.settled, late]);
    clearTimeout(timer);
  }

  /** True while the lane can take pages: it has started and not failed. */
  get usable(): boolean {
    return this.ready && !this.dead;
  }

  /** Pages asked for and not yet received. */
  get outstanding(): number {
    return this.waiting.size;
  }

  /** Asks for page k; resolves null when the lane fails first (the coordinator renders it then). */
  render(k: number, after: number | null): Promise<LanePage> {
    if (this.dead) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.set(k, resolve);
      this.w.postMessage({ k, after } satisfies LaneRequest);
    });
  }

  /** Ends the lane (the export is done, cancelled or failed). */
  stop(): void {
    this.end();
  }

  private fail(why: string): void {
    if (this.dead) return;
    this.log(`[desk] export lane stopped (${why}); the export goes on, on one lane`);
    this.end();
  }

  private end(): void {
    if (this.dead) return;
    this.dead = true;
    this.settle?.();
    for (const done of this.waiting.values()) done(null);
    this.waiting.clear();
    void this.w.terminate();
  }
}

/**
 * Writes the pages in order, rendering those the lane does not: `here(k)`
 * renders page k on this thread, `put` writes a lane's bytes, `paced` runs
 * after each page (backpressure, progress, cancel). Pages are dealt in turn:
 * the lane takes every other one, asked for AHEAD pages in advance. Returns
 * how many pages the lane rendered.
 */
export async function writeLaned(
  afters: readonly (number | null)[],
  lane: Lane,
  here: (k: number) => number,
  put: (bytes: Uint8Array) => void,
  paced: (rows: number) => Promise<void>,
): Promise<number> {
  const pages = afters.length;
  await lane.started(LANE_START_MS);
  const asked = new Map<number, Promise<LanePage>>();
  let next = 1;
  let fromLane = 0;
  for (let k = 0; k < pages; k++) {
    if (lane.usable) {
      if (next <= k) next = k + 1;
      while (lane.outstanding < AHEAD && next < pages) {
        asked.set(next, lane.render(next, afters[next] ?? null));
        next += 2;
      }
    }
    const mine = asked.get(k);
    asked.delete(k);
    const got = mine ? await mine : null;
    let rows: number;
    if (got) {
      put(got.bytes);
      rows = got.rows;
      fromLane++;
    } else {
      rows = here(k);
    }
    await paced(rows);
  }
  return fromLane;
}

/** The lane's side (electron/desk/exportLaneWorker.ts): renders the pages it is asked for, in its own snapshot. */
export function serveLane(data: LaneData, port: MessagePort, lister: CaseLister): void {
  let d: DeskDatabase | null = null;
  try {
    d = openDatabase(data.file, { readonly: true });
    d.sqlite.pragma('cache_size = -4096');
    d.sqlite.prepare('BEGIN').run(); // one snapshot: checked against the coordinator's now
    const mark = logMark(d);
    if (mark !== data.mark) {
      port.postMessage({ type: 'stale', mark } satisfies LaneReply);
      return;
    }
    const db = d;
    const ctx = rowContext({ ...data.context, staffNames: new Map(data.staff) });
    const pageAt = lister.pager(db, data.filters, data.pageSize, data.clock);
    port.on('message', (m: LaneRequest) => {
      try {
        const { bytes, rows } = csvPage(db, pageAt, m.after, ctx);
        port.postMessage({ type: 'page', k: m.k, rows, bytes } satisfies LaneReply, [
          bytes.buffer as ArrayBuffer, // allocUnsafeSlow: an ArrayBuffer of the page's own
        ]);
      } catch (e) {
        port.postMessage({ type: 'failed', detail: errorDetail(e) } satisfies LaneReply);
      }
    });
    port.postMessage({ type: 'ready' } satisfies LaneReply);
  } catch (e) {
    port.postMessage({ type: 'failed', detail: errorDetail(e) } satisfies LaneReply);
  }
}
