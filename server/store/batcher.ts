/**
 * Group commit for the server's hot writes (decision 0016).
 *
 * Work submitted while `inFlight` batches are already running waits and then
 * goes, with everything else that queued up meanwhile, into ONE call of
 * `run`. A group also starts only once the event loop has finished its
 * current round of I/O (setImmediate), so requests that arrived together
 * are stored together even when a transaction never waits for the
 * database (embedded SQLite runs it synchronously). An idle server adds
 * no delay beyond that one turn of the loop; a busy one pays the fixed cost
 * of a transaction — its round trips to the database, its locks, its
 * commit — once per group instead of once per request.
 *
 * `run` answers every item of its group on its own (fulfilled or rejected),
 * so one bad item never fails the others; if `run` itself throws, every item
 * of the group gets that error.
 */

export interface BatcherOptions<I> {
  /** Groups that may run at the same time (1: strictly one after the other). */
  inFlight: number;
  /** Upper bound on the summed weight of one group (a single heavier item still runs, alone). */
  maxWeight: number;
  /** Weight of one item (default 1). */
  weigh?: (item: I) => number;
}

export interface BatcherStats {
  /** Groups started. */
  groups: number;
  /** Items in them. */
  items: number;
  /** Items in the largest group. */
  largest: number;
}

interface Waiting<I, O> {
  item: I;
  weight: number;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

export class Batcher<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private running = 0;
  private scheduled = false;
  /** Groups run so far and the largest one (for tests and tuning). */
  readonly stats: BatcherStats = { groups: 0, items: 0, largest: 0 };

  constructor(
    private readonly run: (items: readonly I[]) => Promise<PromiseSettledResult<O>[]>,
    private readonly opts: BatcherOptions<I>,
  ) {
    if (!(opts.inFlight >= 1) || !(opts.maxWeight >= 1)) {
      throw new Error('Batcher: inFlight and maxWeight must be at least 1');
    }
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, weight: this.opts.weigh?.(item) ?? 1, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Items waiting for a group (not counting the ones running). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.running < this.opts.inFlight && this.queue.length > 0) {
      const group: Waiting<I, O>[] = [];
      let weight = 0;
      while (this.queue.length > 0) {
        const next = this.queue[0] as Waiting<I, O>;
        if (group.length > 0 && weight + next.weight > this.opts.maxWeight) break;
        group.push(next);
        weight += next.weight;
        this.queue.shift();
      }
      this.running++;
      this.stats.groups++;
      this.stats.items += group.length;
      this.stats.largest = Math.max(this.stats.largest, group.length);
      void this.runGroup(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async runGroup(group: readonly Waiting<I, O>[]): Promise<void> {
    let results: PromiseSettledResult<O>[];
    try {
      results = await this.run(group.map((w) => w.item));
    } catch (e) {
      for (const w of group) w.reject(e);
      return;
    }
    group.forEach((w, i) => {
      const r = results[i];
      if (r === undefined) w.reject(new Error('Batcher: the group returned no result for this item'));
      else if (r.status === 'fulfilled') w.resolve(r.value);
      else w.reject(r.reason);
    });
  }
}
