import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, type BrowserContextOptions, type Page } from '@playwright/test';

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

/** A host a spec started: its address, and how to stop it. */
export interface RunningHost {
  url: string;
  stop: () => Promise<void>;
}

/** A spec's host of its own (`useOwnHost`), read once `beforeAll` has run. */
export interface SpecHost<H extends RunningHost = RunningHost> {
  /** The host's address. */
  readonly url: string;
  /** The host's data folder (removed after the spec). */
  readonly dataDir: string;
  /** The running host itself (a clock host's `advance`, ...). */
  readonly host: H;
  /** The spec's one page, opened on the host (only when asked for with `page`). */
  readonly page: Page;
  /** A desk restart: stops the host and starts a new one on the same data. */
  restart(): Promise<void>;
}

/**
 * The set-up every spec on a host of its own repeats, as hooks of the spec
 * file (call it at the top level): before all its tests a fresh data folder
 * named after `prefix` and a host on it (`start`: ownHost unless said, e.g.
 * a clock host), and with `page` one page opened on it with those options;
 * after all, the page closed, the host stopped and the folder removed.
 */
export function useOwnHost<H extends RunningHost = RunningHost>(
  prefix: string,
  opts: { start?: (dataDir: string) => Promise<H>; page?: BrowserContextOptions } = {},
): SpecHost<H> {
  const start = opts.start ?? ((dir: string) => ownHost(dir) as Promise<H>);
  let dataDir = '';
  let host: H | null = null;
  let page: Page | null = null;
  const must = <T>(x: T | null, what: string): T => {
    if (x === null) throw new Error(`useOwnHost: no ${what} (outside its beforeAll/afterAll?)`);
    return x;
  };
  test.beforeAll(async ({ browser }) => {
    dataDir = mkdtempSync(path.join(tmpdir(), prefix));
    host = await start(dataDir);
    if (opts.page) page = await browser.newPage({ baseURL: host.url, ...opts.page });
  });
  test.afterAll(async () => {
    await page?.close();
    await host?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get url() {
      return must(host, 'host').url;
    },
    get dataDir() {
      return dataDir;
    },
    get host() {
      return must(host, 'host');
    },
    get page() {
      return must(page, 'page');
    },
    async restart() {
      await host?.stop();
      host = await start(dataDir);
    },
  };
}
