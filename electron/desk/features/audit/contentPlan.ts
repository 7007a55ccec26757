/**
 * How a desk's `verify` shares the content check (contentCheck.ts) with a
 * second thread (verifyWorker.ts) on a large log, while staying synchronous:
 * the log is cut into ranges of seq; this thread takes ranges from the front
 * as its walk along the chain reaches them, the verify thread from the back,
 * each claiming a range in shared memory (compare-and-swap), so every range
 * is checked once. For a range the thread checked, verifyDesk reads only the
 * columns the chain needs and the thread's list of bad events, waiting for it
 * (Atomics.wait) when the thread is still at it.
 *
 * A thread that cannot start costs speed, never correctness: its ranges are
 * never claimed, so this thread checks them. A thread that fails on a range
 * gives it back; one that makes no progress for STALL_MS is given up and its
 * ranges are checked here.
 */
import type Database from 'better-sqlite3';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startThread } from '../../kernel/threads';

/** Slots in the shared Int32Array: rows the thread checked, then one per range. */
export const PROGRESS = 0;
export const FIRST_RANGE = 1;
export const FREE = 0;
export const MINE = 1;
export const THREAD_BUSY = 2;
export const THREAD_DONE = 3;
export const THREAD_GAVE_UP = 4;

const STALL_MS = 10_000;

/** What the verify thread is handed. */
export interface VerifyThreadData {
  file: string;
  ranges: [number, number][];
  shared: SharedArrayBuffer;
  port: MessagePort;
}

/** One range's answer from the thread: seq, verdict pairs of its bad events. */
export interface RangeAnswer {
  range: number;
  bad: number[];
}

export interface ContentPlan {
  /** Ranges of seq [from, to], in order, covering every event. */
  readonly ranges: readonly [number, number][];
  /** Claims range `i` for this thread; false when the verify thread has it. */
  claim(i: number): boolean;
  /** The verify thread's bad events of range `i` (waiting for them), or null: check it here. */
  take(i: number): number[] | null;
  close(): void;
}

export interface PlanOptions {
  /** Use a second thread when the log has at least this many events (default 200,000; Infinity: never). */
  threadFrom?: number;
  /** Events (by seq) per range (default 32,768). */
  rangeSize?: number;
  /** How the thread is started (tests pass one that fails). */
  start?: (data: VerifyThreadData) => Worker;
}

const ALL: [number, number][] = [[Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]];

function single(): ContentPlan {
  return { ranges: ALL, claim: () => true, take: () => null, close: () => undefined };
}

function defaultStart(data: VerifyThreadData): Worker {
  return startThread(import.meta.url, 'verifyWorker', data, undefined, [data.port]);
}

export function planContentCheck(db: Database.Database, opts: PlanOptions = {}): ContentPlan {
  const threadFrom = opts.threadFrom ?? 200_000;
  if (db.memory || !Number.isFinite(threadFrom)) return single();
  const span = db.prepare('SELECT min(seq) AS lo, max(seq) AS hi FROM events').get() as {
    lo: number | null;
    hi: number | null;
  };
  if (span.lo === null || span.hi === null || span.hi - span.lo + 1 < threadFrom) return single();
  const size = Math.max(1, opts.rangeSize ?? 32_768);
  const ranges: [number, number][] = [];
  for (let from = span.lo; from <= span.hi; from += size)
    ranges.push([from, Math.min(span.hi, from + size - 1)]);
  // Events appended after this point (a desk running meanwhile) fall in the last range's open end.
  (ranges[ranges.length - 1] as [number, number])[1] = Number.MAX_SAFE_INTEGER;
  if (ranges.length < 2) return single();

  const shared = new SharedArrayBuffer(4 * (FIRST_RANGE + ranges.length));
  const slots = new Int32Array(shared);
  const channel = new MessageChannel();
  let worker: Worker | null = null;
  try {
    worker = (opts.start ?? defaultStart)({ file: db.name, ranges, shared, port: channel.port2 });
    worker.unref();
    worker.on('error', () => undefined); // its ranges are checked here (take gives up on a stalled thread)
  } catch {
    channel.port1.close();
    return single();
  }
  const answers = new Map<number, number[]>();
  let abandoned = false;
  const drain = (): void => {
    for (
      let m = receiveMessageOnPort(channel.port1);
      m !== undefined;
      m = receiveMessageOnPort(channel.port1)
    ) {
      const a = m.message as RangeAnswer;
      answers.set(a.range, a.bad);
    }
  };
  return {
    ranges,
    claim: (i) => {
      const s = Atomics.compareExchange(slots, FIRST_RANGE + i, FREE, MINE);
      return s === FREE || s === MINE || (abandoned && s === THREAD_BUSY);
    },
    take: (i) => {
      for (let tries = 0; ;) {
        const s = Atomics.load(slots, FIRST_RANGE + i);
        if (s === THREAD_DONE) {
          drain();
          const bad = answers.get(i);
          if (bad !== undefined) {
            answers.delete(i);
            return bad;
          }
          // Posted before the slot was marked: give the message a moment to land, else check it here.
          if (++tries > 200) return null;
          Atomics.wait(slots, PROGRESS, Atomics.load(slots, PROGRESS), 5);
          continue;
        }
        if (s !== THREAD_BUSY || abandoned) return null;
        const before = Atomics.load(slots, PROGRESS);
        Atomics.wait(slots, FIRST_RANGE + i, THREAD_BUSY, STALL_MS);
        if (
          Atomics.load(slots, FIRST_RANGE + i) === THREAD_BUSY &&
          Atomics.load(slots, PROGRESS) === before
        ) {
          abandoned = true;
          return null;
        }
      }
    },
    close: () => {
      channel.port1.close();
      void worker?.terminate();
    },
  };
}
