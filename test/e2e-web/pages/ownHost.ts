import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Starts `node --import tsx <script> ...args` from the repository root and
 * resolves once it reports its URL; `stop` ends it. `ipc` opens a message
 * channel to the child (the clock host takes its orders on it).
 */
export async function startHost(
  script: string,
  args: readonly string[],
  opts: { ipc: boolean; name: string },
): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> {
  const root = process.cwd();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root,
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (c: Buffer) => {
      log += c.toString();
      const m = /Loopdesk ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${opts.name} exited (${code}): ${log}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, url, stop };
}

/**
 * A browser-mode host of its own on `dataDir`, on a free port (the shared web
 * server's desk is left to the specs that walk first-run setup, so a spec on
 * its own host does not depend on the order specs run in).
 */
export async function ownHost(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { url, stop } = await startHost('electron/host/main.ts', ['--port', '0', '--data', dataDir], {
    ipc: false,
    name: 'host',
  });
  return { url, stop };
}
