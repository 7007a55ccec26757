import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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
  const root = process.cwd();
  const start = startMs === undefined ? [] : ['--start', String(startMs)];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/e2e-web/pages/clockHostMain.ts'), '--data', dataDir, ...start],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (c: Buffer) => {
      log += c.toString();
      const m = /Loopdesk ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`clock host exited (${code}): ${log}`)));
  });
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
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
