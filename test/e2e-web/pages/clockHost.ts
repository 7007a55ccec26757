import { startHost } from './ownHost';

export interface ClockHost {
  url: string;
  /** Moves the desk's clock on by `ms`, sweeps, and resolves with the desk's time. */
  advance(ms: number): Promise<number>;
  /** The desk's time now. */
  now(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A browser-mode host of its own on `dataDir` whose desk clock the spec
 * controls (./clockHostMain.ts): for deadlines that pass while a spec waits
 * only seconds. The desk's clock starts at `startMs` (default: now).
 */
export async function clockHost(dataDir: string, startMs?: number): Promise<ClockHost> {
  const start = startMs === undefined ? [] : ['--start', String(startMs)];
  const { child, url, stop } = await startHost(
    'test/e2e-web/pages/clockHostMain.ts',
    ['--data', dataDir, ...start],
    { ipc: true, name: 'clock host' },
  );
  let next = 0;
  const ask = (advanceMs: number) =>
    new Promise<number>((resolve) => {
      const id = ++next;
      const onMessage = (m: { id: number; nowMs: number }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        resolve(m.nowMs);
      };
      child.on('message', onMessage);
      child.send({ id, advanceMs });
    });
  return {
    url,
    advance: (ms) => ask(ms),
    now: () => ask(0),
    stop,
  };
}
