import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * Browser tests drive the real renderer in Debian's Chromium against browser
 * mode backed by a real desk core on a fresh temporary store.
 * `npx playwright install` cannot work on our build machines, so Chromium comes
 * from Debian (`/usr/bin/chromium`) unless LOOPDESK_CHROMIUM points elsewhere.
 */
const chromium = process.env.LOOPDESK_CHROMIUM ?? '/usr/bin/chromium';
const port = Number(process.env.LOOPDESK_E2E_PORT ?? 4791);
const dataDir = `.e2e-data/web`;

export default defineConfig({
  outputDir: 'test-results/playwright',
  reporter: process.env.CI ? [['list']] : [['list']],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e-web',
      use: {
        baseURL: `http://127.0.0.1:${port}`,
        viewport: { width: 1366, height: 860 },
        locale: 'zh-CN',
        // The app turns antd's animations off for reduced motion (lib/reducedMotion.ts): no click
        // lands on a dialog's button while it still zooms in (a CI run lost one that way).
        reducedMotion: 'reduce',
        launchOptions: {
          executablePath: existsSync(chromium) ? chromium : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'test/e2e-electron',
    },
  ],
  webServer: {
    command: `node -e "require('fs').rmSync('${dataDir}',{recursive:true,force:true})" && npx tsx electron/host/main.ts --port ${port} --data ${dataDir}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
