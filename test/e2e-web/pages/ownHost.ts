import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * A browser-mode host of its own on `dataDir`, on a free port (the shared web
 * server's desk is left to the specs that walk first-run setup, so a spec on
 * its own host does not depend on the order specs run in).
 */
export async function ownHost(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = process.cwd();
  const host: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'electron/host/main.ts'), '--port', '0', '--data', dataDir],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (c: Buffer) => {
      log += c.toString();
      const m = /Loopdesk ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m?.[1]) resolve(m[1]);
    };
    host.stdout?.on('data', onData);
    host.stderr?.on('data', onData);
    host.once('exit', (code) => reject(new Error(`host exited (${code}): ${log}`)));
  });
  const stop = async (): Promise<void> => {
    if (host.exitCode !== null) return;
    const exited = new Promise((r) => host.once('exit', r));
    host.kill('SIGTERM');
    await exited;
  };
  return { url, stop };
}
