/**
 * The real Electron shell, launched with Playwright's `_electron`. Runs only
 * where an Electron binary is installed (our build machines cannot download
 * it); elsewhere every test is skipped with the reason printed.
 *
 * Playwright project: 'electron', testDir test/e2e-electron.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { detectElectron, ensureBuilt, root } from './electronRuntime';

const detected = detectElectron();
if (detected.reason !== undefined) {
  console.log(`[e2e-electron] skipped: Electron runtime not installed on this machine: ${detected.reason}`);
}
test.skip(
  detected.reason !== undefined,
  `Electron runtime not installed on this machine: ${detected.reason ?? ''}`,
);

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
