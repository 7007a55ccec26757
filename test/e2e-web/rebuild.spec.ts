/**
 * Rebuilding the projections from the settings screen (issue 7, jobs): the
 * administrator starts a rebuild, sees it complete with its counts; on a desk
 * large enough for the rebuild to take a few seconds, reloading the page
 * while it runs shows the running job with its progress, which then
 * completes. Set LOOPDESK_SHOTS_DIR to keep screenshots of the card
 * (1366x768, zh-CN and English).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { openDesk } from '../../electron/desk/index';
import { caseGenerator } from '../bench/corpus';
import { deskCall, DESK, enterAsAdmin } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { SettingsPage } from './pages/SyncPages';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  await page.getByTestId('rebuild-card').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const card = (page: Page) => page.getByTestId('rebuild-card');

async function startRebuild(page: Page, confirmText: string): Promise<void> {
  await card(page).getByTestId('rebuild-start').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: confirmText }).click();
}

test('an administrator rebuilds the projections from settings and sees the result', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-rebuild-small-'));
  const host = await ownHost(dataDir);
  try {
    await rebuildSmallDesk(page, host.url);
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function rebuildSmallDesk(page: Page, url: string): Promise<void> {
  await enterAsAdmin(page, url);
  for (let i = 0; i < 3; i++) {
    await deskCall(page, 'case.create', {
      customer: { name: `重建客户${i}`, phone: `1390000000${i}`, gender: 'female', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: `账单多扣费用，第${i}次投诉`,
    });
  }
  await new SettingsPage(page).open();
  await expect(card(page)).toContainText('重建索引');
  await startRebuild(page, '开始重建');
  const result = card(page).getByTestId('rebuild-result');
  await expect(result).toContainText('重建完成');
  const jobs = await deskCall<JobSummary[]>(page, 'job.list', {});
  expect(jobs[0]?.state).toBe('done');
  const counts = jobs[0]?.result?.counts ?? {};
  expect(counts.cases).toBeGreaterThanOrEqual(3);
  await expect(result).toContainText(`${counts.events} 条记录，${counts.cases} 件投诉单`);
  await expect(card(page).getByTestId('rebuild-start')).toBeEnabled();
}

test.describe('on a large desk', () => {
  let dataDir = '';
  let stopHost: (() => Promise<void>) | null = null;
  let url = '';

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-rebuild-'));
    // 30 000 cases (210 000 events): a rebuild that takes a few seconds.
    const desk = openDesk({ dataDir, sync: false });
    try {
      const setup = await desk.call(
        'desk.setup',
        {
          branchCode: DESK.branchCode,
          branchName: DESK.branchName,
          deviceCode: DESK.deviceCode,
          admin: { name: DESK.adminName, login: DESK.adminLogin, secretKind: 'pin', secret: DESK.adminPin },
        },
        { session: null, locale: 'zh-CN' },
      );
      expect(setup.ok).toBe(true);
      const gen = caseGenerator({
        deviceId: '0196f3a0-0000-7000-8000-00000000be31',
        deviceCode: '02',
        actor: '0196f3a0-0000-7000-8000-00000000be32',
      });
      let batch: EventEnvelope[] = [];
      for (let i = 0; i < 30_000; i++) {
        batch.push(...gen.next().events);
        if (batch.length >= 10_000) {
          desk.appendEvents(batch);
          batch = [];
        }
      }
      desk.appendEvents(batch);
    } finally {
      desk.close();
    }
    const host = await ownHost(dataDir);
    url = host.url;
    stopHost = host.stop;
  });

  test.afterAll(async () => {
    await stopHost?.();
    stopHost = null;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('reloading while it runs shows the running job and its progress; then the result', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(url);
    await new SignInPage(page).signIn(DESK.adminLogin, DESK.adminPin);
    await new Shell(page).expectSignedIn(DESK.adminName, '管理员');
    await new SettingsPage(page).open();
    await expect(card(page)).toBeVisible();
    await shot(page, 'rebuild-idle-zh-CN.png');

    await startRebuild(page, '开始重建');
    const progressText = card(page).getByTestId('rebuild-progress-text');
    await expect(progressText).toContainText(/已处理 [\d,]+ \/ [\d,]+ 条记录/);
    await shot(page, 'rebuild-running-zh-CN.png');

    await page.reload();
    await expect(card(page).getByTestId('rebuild-running')).toBeVisible();
    await expect(progressText).toContainText(/已处理 [\d,]+ \/ [\d,]+ 条记录/);
    const first = await progressText.textContent();
    await expect(progressText).not.toHaveText(first ?? ''); // progress events keep arriving after the reload

    await page.evaluate(() => window.localStorage.setItem('loopdesk.locale', 'en'));
    await page.reload();
    const running = card(page).getByTestId('rebuild-running');
    const result = card(page).getByTestId('rebuild-result');
    await expect(running.or(result)).toBeVisible();
    if (await running.isVisible()) await shot(page, 'rebuild-running-en.png');
    await expect(result).toContainText('Rebuild finished: 210,001 records, 30,000 cases, 1 staff', {
      timeout: 60_000,
    });
    await shot(page, 'rebuild-done-en.png');

    await page.evaluate(() => window.localStorage.setItem('loopdesk.locale', 'zh-CN'));
    await page.reload();
    await expect(result).toContainText('重建完成：210,001 条记录，30,000 件投诉单，1 名员工');
    await shot(page, 'rebuild-done-zh-CN.png');
  });
});
