/**
 * Background services of the desk core (the sync engine today, the deadline
 * scheduler next): things that run on their own timers while the desk is open.
 *
 * A service is started once, in registration order, when the host starts, and
 * stopped once, in reverse order, when the desk closes, so a service may rely
 * on the ones registered before it for its whole life. `sweep` asks a service
 * to do its work now instead of at its next timer (after the machine wakes,
 * the clock jumps, the network interface comes back, or a maintenance job
 * released the database).
 *
 * The host never lets one service's failure stop the others: a start, stop or
 * sweep that throws is logged and the host carries on. Services whose `stop`
 * is synchronous are all stopped by the time `stopAll()` returns (the promise
 * only waits for asynchronous stops), so a synchronous `close()` can stop them
 * and close the database right after.
 */
import { errorDetail } from './errors';

export interface Service {
  /** Unique within a host; used in logs. */
  readonly name: string;
  /** Begins background work. Called at most once by the host. */
  start(): void | Promise<void>;
  /** Ends background work (cancels what runs). Safe to call more than once. */
  stop(): void | Promise<void>;
  /** Runs the service's work now (a no-op when there is nothing to do). */
  sweep(): void | Promise<void>;
}

type HostState = 'new' | 'started' | 'stopped';

export class ServiceHost {
  private readonly services: Service[] = [];
  private readonly started = new Set<Service>();
  private state: HostState = 'new';
  private stopping: Promise<void> = Promise.resolve();

  constructor(private readonly log: (line: string) => void = (l) => console.warn(l)) {}

  /** Adds a service; once the host has started, it is started at once. */
  register(service: Service): void {
    if (this.state === 'stopped') throw new Error(`service host is closed: cannot add ${service.name}`);
    if (this.services.some((s) => s.name === service.name)) {
      throw new Error(`a service named ${service.name} is already registered`);
    }
    this.services.push(service);
    if (this.state === 'started') void this.startOne(service);
  }

  /** The names of the registered services, in start order. */
  names(): string[] {
    return this.services.map((s) => s.name);
  }

  /** Starts every service in registration order (each after the previous one's start settled). */
  async startAll(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'started';
    for (const s of [...this.services]) {
      if (this.state !== 'started') return; // closed while an earlier start was pending
      await this.startOne(s);
    }
  }

  /** Stops every service in reverse order, once; later calls return the same work. */
  stopAll(): Promise<void> {
    if (this.state === 'stopped') return this.stopping;
    this.state = 'stopped';
    this.stopping = this.stopInReverse();
    return this.stopping;
  }

  /** Asks every started service to do its work now, in order; failures are logged, not thrown. */
  async sweepAll(): Promise<void> {
    for (const s of [...this.services]) {
      if (this.state !== 'started' || !this.started.has(s)) continue;
      try {
        await s.sweep();
      } catch (e) {
        this.log(`[desk] service ${s.name}: sweep failed: ${errorDetail(e)}`);
      }
    }
  }

  private async startOne(s: Service): Promise<void> {
    this.started.add(s);
    try {
      await s.start();
    } catch (e) {
      this.log(`[desk] service ${s.name}: start failed: ${errorDetail(e)}`);
    }
  }

  private async stopInReverse(): Promise<void> {
    for (const s of [...this.services].reverse()) {
      // Every registered service is stopped (stop is safe without start): one
      // whose start was still pending must not start work after the close.
      this.started.delete(s);
      try {
        // A synchronous stop returns here without yielding, so a run of them completes before stopAll returns.
        const pending = s.stop();
        if (pending instanceof Promise) await pending;
      } catch (e) {
        this.log(`[desk] service ${s.name}: stop failed: ${errorDetail(e)}`);
      }
    }
  }
}
