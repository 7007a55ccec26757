/**
 * Shared setup of the "line is back" simulations (issue 7 items 8-11): a sync
 * server, a fault proxy in front of it with one lane per desk, and desks
 * enrolled through their lane that sync on their own timers.
 */
import type { SyncOptions } from '../../electron/desk/index';
import { FaultProxy, type FaultProxyOptions } from './faultProxy';
import { SimServer } from './harness';
import { createCase } from './ops';
import { Random } from './random';
import { SimDesk } from './simDesk';

export type Cleanup = (() => Promise<void> | void)[];

export interface Line {
  server: SimServer;
  proxy: FaultProxy;
}

/** A server behind a fault proxy that passes everything unless told otherwise. */
export async function lineToHeadOffice(
  cleanup: Cleanup,
  proxy: Partial<FaultProxyOptions> = {},
  serverNow?: () => number,
): Promise<Line> {
  const server = await SimServer.create('sqlite', serverNow);
  cleanup.push(() => server.dispose());
  await server.start();
  const p = new FaultProxy({ seed: 7, mode: 'pass', ...proxy, target: server.url });
  cleanup.push(() => p.close());
  return { server, proxy: p };
}

/** A desk of branch GZ enrolled through its own proxy lane (named after the desk). */
export async function enrolledDesk(
  line: Line,
  cleanup: Cleanup,
  code: string,
  sync: SyncOptions,
  now?: () => number,
): Promise<SimDesk> {
  const d = await SimDesk.create({
    name: `GZ-${code}`,
    branch: 'GZ',
    branchName: '广州天河支行',
    deviceCode: code,
    sync,
    ...(now ? { now } : {}),
  });
  cleanup.push(() => d.dispose());
  const url = await line.proxy.lane(d.name);
  await d.must('sync.configure', { serverUrl: url, code: await line.server.code('GZ') });
  await d.core.syncIdle();
  return d;
}

const rng = new Random(8);

/** A clerk records a new case (one event, into the outbox). */
export function recordCase(d: SimDesk): Promise<unknown> {
  return createCase(d, rng);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
