/**
 * The desk's background-service lifecycle (electron/desk/kernel/services.ts):
 * start in registration order, stop in reverse order exactly once, sweep on
 * demand, and one failing service never stops the others.
 */
import { describe, expect, it } from 'vitest';
import { ServiceHost, type Service } from '../../electron/desk/kernel/services';

function recorder() {
  const calls: string[] = [];
  const make = (
    name: string,
    opts: { async?: boolean; failOn?: 'start' | 'stop' | 'sweep' } = {},
  ): Service => {
    const step = (what: 'start' | 'stop' | 'sweep') => {
      const act = (): void => {
        calls.push(`${what}:${name}`);
        if (opts.failOn === what) throw new Error(`${name} ${what} broke`);
      };
      return opts.async
        ? async () => {
            await new Promise((r) => setTimeout(r, 5));
            act();
          }
        : act;
    };
    return { name, start: step('start'), stop: step('stop'), sweep: step('sweep') };
  };
  return { calls, make };
}

describe('ServiceHost', () => {
  it('starts in order, stops in reverse order, each once', async () => {
    const { calls, make } = recorder();
    const host = new ServiceHost(() => {});
    host.register(make('sync'));
    host.register(make('deadlines', { async: true }));
    host.register(make('jobs'));
    await host.startAll();
    await host.startAll();
    expect(calls).toEqual(['start:sync', 'start:deadlines', 'start:jobs']);
    calls.length = 0;
    await Promise.all([host.stopAll(), host.stopAll()]);
    await host.stopAll();
    expect(calls).toEqual(['stop:jobs', 'stop:deadlines', 'stop:sync']);
    expect(host.names()).toEqual(['sync', 'deadlines', 'jobs']);
  });

  it('stops synchronous services before stopAll returns (so close() can close the database next)', async () => {
    const { calls, make } = recorder();
    const host = new ServiceHost(() => {});
    host.register(make('a'));
    host.register(make('b'));
    await host.startAll();
    calls.length = 0;
    void host.stopAll();
    expect(calls).toEqual(['stop:b', 'stop:a']);
  });

  it('sweeps every started service in order; a failure is logged and the rest still run', async () => {
    const { calls, make } = recorder();
    const logged: string[] = [];
    const host = new ServiceHost((l) => logged.push(l));
    host.register(make('sync', { failOn: 'sweep' }));
    host.register(make('deadlines', { async: true }));
    await host.sweepAll(); // not started: nothing to sweep
    expect(calls).toEqual([]);
    await host.startAll();
    calls.length = 0;
    await host.sweepAll();
    expect(calls).toEqual(['sweep:sync', 'sweep:deadlines']);
    expect(logged).toEqual([expect.stringContaining('service sync: sweep failed: Error: sync sweep broke')]);
    await host.stopAll();
    calls.length = 0;
    await host.sweepAll();
    expect(calls).toEqual([]);
  });

  it('a service that fails to start or stop does not stop the others', async () => {
    const { calls, make } = recorder();
    const logged: string[] = [];
    const host = new ServiceHost((l) => logged.push(l));
    host.register(make('a', { failOn: 'stop' }));
    host.register(make('b', { failOn: 'start' }));
    host.register(make('c'));
    await host.startAll();
    await host.stopAll();
    expect(calls).toEqual(['start:a', 'start:b', 'start:c', 'stop:c', 'stop:b', 'stop:a']);
    expect(logged).toHaveLength(2);
  });

  it('starts a service registered late at once, refuses duplicates and registrations after close', async () => {
    const { calls, make } = recorder();
    const host = new ServiceHost(() => {});
    host.register(make('sync'));
    expect(() => host.register(make('sync'))).toThrow(/already registered/);
    await host.startAll();
    host.register(make('late'));
    expect(calls).toEqual(['start:sync', 'start:late']);
    await host.stopAll();
    expect(() => host.register(make('after'))).toThrow(/closed/);
  });

  it('a close while a start is pending stops everything and starts nothing more', async () => {
    const { calls, make } = recorder();
    const host = new ServiceHost(() => {});
    host.register(make('slow', { async: true }));
    host.register(make('next'));
    const starting = host.startAll();
    await host.stopAll();
    await starting;
    expect(calls).not.toContain('start:next');
    expect(calls.filter((c) => c.startsWith('stop:'))).toEqual(['stop:next', 'stop:slow']);
  });
});
