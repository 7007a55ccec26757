/**
 * The real Electron shell, launched with Playwright's `_electron`. Runs only
 * where an Electron binary is installed (our build machines cannot download
 * it); elsewhere every test is skipped with the reason printed.
 *
 * Playwright project: 'electron', testDir test/e2e-electron.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function detectElectron(): { binary: string; reason?: undefined } | { binary?: undefined; reason: string } {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json')))
    return { reason: 'the electron npm package is not installed' };
  if (!existsSync(path.join(pkgDir, 'path.txt')) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      reason:
        'the electron npm package is present but its binary was never downloaded (no node_modules/electron/path.txt)',
    };
  }
  try {
    const require = createRequire(import.meta.url);
    const binary: unknown = require('electron');
    if (typeof binary !== 'string') return { reason: 'the electron package did not give a binary path' };
    if (!existsSync(binary)) return { reason: `the Electron binary is missing (${binary})` };
    return { binary };
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

const detected = detectElectron();
if (detected.reason !== undefined) {
  console.log(`[e2e-electron] skipped: Electron runtime not installed on this machine: ${detected.reason}`);
}
test.skip(
  detected.reason !== undefined,
  `Electron runtime not installed on this machine: ${detected.reason ?? ''}`,
);

function ensureBuilt(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = (script: string): void => {
    const r = spawnSync(npm, ['run', script], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) throw new Error(`npm run ${script} failed with code ${String(r.status)}`);
  };
  if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) run('build:renderer');
  if (
    !existsSync(path.join(root, 'dist-electron', 'main.cjs')) ||
    !existsSync(path.join(root, 'dist-electron', 'preload.cjs'))
  ) {
    run('build:electron');
  }
}

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureBuilt();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-electron-'));
  app = await electron.launch({
    executablePath: detected.binary,
    // The app folder: package.json "main" points at dist-electron/main.cjs.
    args: [root],
    cwd: root,
    env: { ...process.env, LOOPDESK_DATA: dataDir, ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('opens one window on the app:// origin', async () => {
  expect(app.windows()).toHaveLength(1);
  const u = new URL(page.url());
  expect(u.protocol).toBe('app:');
  expect(u.host).toBe('loopdesk');
});

test('the page sees window.desk and nothing of Node or Electron', async () => {
  const shape = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const desk = w.desk as Record<string, unknown> | undefined;
    return {
      deskKeys: desk ? Object.keys(desk).sort() : null,
      require: typeof w.require,
      process: typeof w.process,
      ipcRenderer: typeof w.ipcRenderer,
    };
  });
  expect(shape).toEqual({
    deskKeys: ['call', 'setLocale', 'setSession', 'subscribe'],
    require: 'undefined',
    process: 'undefined',
    ipcRenderer: 'undefined',
  });
});

test('window.desk reaches the real desk core over validated IPC', async () => {
  const result = await page.evaluate(async () => {
    const desk = (window as unknown as { desk: { call(m: string, i: unknown): Promise<unknown> } }).desk;
    return {
      status: await desk.call('desk.status', {}),
      unknown: await desk.call('case.destroyAll', {}),
      badInput: await desk.call('desk.status', { extra: 1 }),
    };
  });
  expect(result.status).toMatchObject({ ok: true, value: { initialized: false } });
  expect(result.unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  expect(result.badInput).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
});

test('window.open and navigation away from the app are refused', async () => {
  const before = page.url();
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe(before);
  expect(app.windows()).toHaveLength(1);
});

test('responses carry the strict CSP', async () => {
  const csp = await page.evaluate(async () => {
    const res = await fetch(window.location.origin + '/index.html');
    return res.headers.get('content-security-policy');
  });
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
});
