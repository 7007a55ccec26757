/**
 * Tells this window's own writes apart from changes made elsewhere.
 *
 * Every case write answers with the new CaseDetail, and the desk also sends
 * `case.changed` for it to every window, this one included (the echo). A
 * screen that already shows the answer must not read the case again for its
 * echo, but must read it for a change made in another window or pulled in by
 * sync. The event carries only the case id, so echoes are counted:
 *
 * - While a write on case X is under way, events for X are held back (for a
 *   create, whose id is not known yet, events for every case are). The echo
 *   may come before or after the answer; holding back sorts that out.
 * - A write that succeeded and appended an event expects one echo for its
 *   case: the next event for that case is taken as the echo and dropped.
 * - Every other event is delivered as a change made elsewhere.
 *
 * Why dropping exactly one event is safe: the desk emits the echo after the
 * write's commit and reads the answer after that, in one thread. So every
 * event for X that the desk emitted up to the echo describes a state the
 * answer already contains, and events emitted later come after the echo on the
 * same event channel. If another change's event arrives before the echo and is
 * dropped in its place, the echo itself is then delivered and the screen reads
 * once, after both: one read too many at worst, never a missed change.
 *
 * An expected echo that never comes (the event stream broke) is forgotten
 * after `echoTtlMs`, so a later change made elsewhere is not swallowed by it.
 * A write that changed nothing (setting a field to its value) expects none.
 */

/** Events for this key are held back while a create is under way. */
const ANY = '*';

export interface OwnWritesOptions {
  /** How long an expected echo is waited for. */
  echoTtlMs?: number;
  now?: () => number;
}

export interface WriteToken {
  readonly key: string;
  settled: boolean;
}

export class OwnWrites {
  private readonly inFlight = new Map<string, number>();
  private readonly expected = new Map<string, number[]>();
  private held: string[] = [];
  private readonly ttl: number;
  private readonly now: () => number;

  /** `deliver` receives every case change not made by this window's own writes. */
  constructor(
    private readonly deliver: (caseId: string) => void,
    opts: OwnWritesOptions = {},
  ) {
    this.ttl = opts.echoTtlMs ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  /** A write on `caseId` (null: a create) is about to be sent. */
  started(caseId: string | null): WriteToken {
    const key = caseId ?? ANY;
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    return { key, settled: false };
  }

  /**
   * The write answered. `appended` is whether it added an event to `caseId`
   * (pass null when it failed). Held-back events are then sorted out.
   */
  settled(token: WriteToken, outcome: { caseId: string; appended: boolean } | null): void {
    if (token.settled) return;
    token.settled = true;
    const left = (this.inFlight.get(token.key) ?? 1) - 1;
    if (left > 0) this.inFlight.set(token.key, left);
    else this.inFlight.delete(token.key);
    if (outcome?.appended) {
      const due = this.now() + this.ttl;
      this.expected.set(outcome.caseId, [...(this.expected.get(outcome.caseId) ?? []), due]);
    }
    const held = this.held;
    this.held = [];
    for (const caseId of held) this.event(caseId);
  }

  /** A `case.changed` event arrived for `caseId`. */
  event(caseId: string): void {
    if (this.inFlight.has(caseId) || this.inFlight.has(ANY)) {
      this.held.push(caseId);
      return;
    }
    if (this.takeEcho(caseId)) return;
    this.deliver(caseId);
  }

  /** Forgets everything (signed out). */
  reset(): void {
    this.inFlight.clear();
    this.expected.clear();
    this.held = [];
  }

  private takeEcho(caseId: string): boolean {
    const now = this.now();
    const waiting = (this.expected.get(caseId) ?? []).filter((due) => due >= now);
    const hit = waiting.length > 0;
    if (hit) waiting.shift();
    if (waiting.length > 0) this.expected.set(caseId, waiting);
    else this.expected.delete(caseId);
    return hit;
  }
}
