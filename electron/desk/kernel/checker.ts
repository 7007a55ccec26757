/**
 * Checks incoming events on a second thread, so that during a bulk import or
 * a first sync the checks of the next batch (a third of the work: envelope,
 * sha256 over canonical JSON, payload schema) run while this thread writes the
 * current one. The machine a branch desk runs on has at least two cores.
 *
 * The checker thread is started on first use and never keeps the process
 * alive. If it cannot start or fails, batches are checked in this thread
 * instead (same code, same verdicts) and the reason is logged once: a missing
 * thread costs speed, never correctness.
 */
import type { Worker } from 'node:worker_threads';
import { checkBatch, type Verdict } from './checkBatch';
import { startThread } from './threads';

type Answer = { id: number; verdicts: Verdict[] } | { id: number; error: string };

interface Pending {
  raws: readonly unknown[];
  resolve: (v: Verdict[]) => void;
}

/** Starts the checker thread: the bundled file in a build, the TypeScript source (through tsx) otherwise. */
function spawn(): Worker {
  return startThread(import.meta.url, 'checkWorker');
}

export class EventChecker {
  private worker: Worker | null = null;
  private failed: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly log: (line: string) => void = (l) => console.warn(l),
    /** How the thread is started (tests pass one that fails). */
    private readonly start: () => Worker = spawn,
  ) {}

  /** True while checks run on the second thread (false after a failure, or when disabled). */
  get threaded(): boolean {
    return this.failed === null;
  }

  /** One verdict per event, in order. Never rejects. */
  check(raws: readonly unknown[]): Promise<Verdict[]> {
    if (raws.length === 0) return Promise.resolve([]);
    const w = this.ensureWorker();
    if (w === null) return Promise.resolve(checkBatch(raws));
    const id = this.nextId++;
    return new Promise<Verdict[]>((resolve) => {
      this.pending.set(id, { raws, resolve });
      try {
        w.postMessage({ id, raws });
      } catch {
        // Not cloneable (a function, a symbol…): this batch is checked here.
        this.pending.delete(id);
        resolve(checkBatch(raws));
      }
      if (this.pending.size > 0) w.ref();
    });
  }

  /** Stops the thread; batches still waiting are checked in this thread. */
  close(): void {
    this.fail(null);
  }

  private ensureWorker(): Worker | null {
    if (this.failed !== null) return null;
    if (this.worker !== null) return this.worker;
    let w: Worker;
    try {
      w = this.start();
    } catch (e) {
      this.fail(`cannot start: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
    w.unref();
    w.on('message', (m: Answer) => this.onAnswer(m));
    w.on('error', (e) => this.fail(e.message));
    w.on('exit', (code) => {
      if (this.worker === w) this.fail(`stopped with exit code ${code}`);
    });
    this.worker = w;
    return w;
  }

  private onAnswer(m: Answer): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('error' in m) {
      this.log(`[desk] event checker thread: ${m.error}; checking in this thread`);
      p.resolve(checkBatch(p.raws));
    } else {
      p.resolve(m.verdicts);
    }
  }

  /** Switches to in-thread checks for good; `reason` null: a normal close (nothing logged). */
  private fail(reason: string | null): void {
    if (this.failed !== null) return;
    this.failed = reason ?? 'closed';
    if (reason !== null)
      this.log(`[desk] event checker thread unavailable (${reason}); checking in this thread`);
    const w = this.worker;
    this.worker = null;
    if (w !== null) void w.terminate();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.resolve(checkBatch(p.raws));
  }
}
