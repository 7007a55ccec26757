/**
 * Push and pull as the store offers them: pushes that arrive while others are
 * being stored are stored together, in one transaction (group commit,
 * decision 0016). The work itself is in ./events.ts and ./pull.ts.
 */
import { Batcher, type BatcherStats } from './batcher';
import { GROUPS_IN_FLIGHT, type StoreContext } from './context';
import { preparePush, storePushGroup, type PushJob, type PushOutcome, type Pusher } from './events';
import { applyLibraryRules } from './libraryRules';
import { pullEvents, type PullPage } from './pull';
import { applyOrderRules } from './orderRules';
import { applySettingsRules } from './settingsRules';
import { applyStaffRules } from './staffRules';

/** How many events one group of pushes takes at most. */
const PUSH_GROUP_MAX_EVENTS = 2_000;

/**
 * Runs a group of pushes in one transaction. If that fails, every push of the
 * group runs again on its own, so the one that caused it gets its own error
 * and the others are stored as if they had never been grouped.
 */
async function runPushGroup(
  c: StoreContext,
  jobs: readonly PushJob[],
): Promise<PromiseSettledResult<PushOutcome>[]> {
  try {
    const out = await storePushGroup(c, jobs);
    return out.map((value) => ({ status: 'fulfilled', value }));
  } catch (e) {
    if (jobs.length === 1) return [{ status: 'rejected', reason: e }];
    const results: PromiseSettledResult<PushOutcome>[] = [];
    for (const job of jobs) {
      try {
        const [value] = await storePushGroup(c, [job]);
        if (value === undefined) throw new Error('internal: push group answered nothing');
        results.push({ status: 'fulfilled', value });
      } catch (err) {
        results.push({ status: 'rejected', reason: err });
      }
    }
    return results;
  }
}

export class EventSync {
  private readonly pushes: Batcher<PushJob, PushOutcome>;

  constructor(private readonly c: StoreContext) {
    this.pushes = new Batcher((jobs) => runPushGroup(c, jobs), {
      inFlight: GROUPS_IN_FLIGHT[c.engine],
      maxWeight: PUSH_GROUP_MAX_EVENTS,
      weigh: (job) => Math.max(1, job.candidates.length),
    });
  }

  /** Stores one device's batch; one ack per input event, in input order. */
  async push(who: Pusher, events: readonly unknown[], now: number): Promise<PushOutcome> {
    const job = preparePush(who, events, now);
    // Who may push staff events, and from when (./staffRules.ts): per event, before the transaction.
    await applyStaffRules(this.c, job);
    // Who may push settings events (./settingsRules.ts): per event, likewise.
    applySettingsRules(job);
    // Which order events a counter device may not push (./orderRules.ts): per event, likewise.
    applyOrderRules(job);
    // Who may push case-library events (./libraryRules.ts): supervisor desks only, likewise.
    applyLibraryRules(job);
    return this.pushes.submit(job);
  }

  pull(branch: string, cursor: number, limit: number): Promise<PullPage> {
    return pullEvents(this.c, branch, cursor, limit);
  }

  get stats(): BatcherStats {
    return { ...this.pushes.stats };
  }
}
