/**
 * Backups from the settings screen (issue 13): a supervisor-level user sets
 * the backup folder (a relative path is refused under the field), backs up
 * now, and sees the last backup's time and result; the file and its
 * manifest are in the folder. Screenshots of the card (1366x768, zh-CN and
 * English) go to LOOPDESK_SHOTS_DIR when it is set.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { deskCall, enterAsAdmin } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { SettingsPage } from './pages/SyncPages';

test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  await page.getByTestId('backup-card').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const card = (page: Page) => page.getByTestId('backup-card');

test('a supervisor sets the backup folder, backs up now and sees the result', async ({ page }) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-backup-'));
  const folder = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-backups-'));
  const host = await ownHost(dataDir);
  try {
    await enterAsAdmin(page, host.url);
    await deskCall(page, 'case.create', {
      customer: { name: '备份客户', phone: '13900000001', gender: 'female', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: '账单多扣费用，要求退还。',
    });
    await new SettingsPage(page).open();
    await expect(card(page)).toContainText('备份');
    await expect(card(page).getByTestId('backup-last')).toHaveText('还没有备份过');
    await expect(card(page).getByTestId('backup-next')).toContainText('未开启');
    await expect(card(page).getByTestId('backup-start')).toBeDisabled();
    await shot(page, 'backup-empty-zh-CN.png');

    // A relative path is refused under the field, in the clerk's language.
    await card(page).getByTestId('backup-folder').fill('backups');
    await card(page).getByTestId('backup-save').click();
    await expect(card(page).locator('.ant-form-item-explain-error')).toContainText('完整的文件夹路径');

    await card(page).getByTestId('backup-folder').fill(folder);
    await card(page).getByTestId('backup-save').click();
    await expect(card(page).getByTestId('backup-start')).toBeEnabled();
    await expect(card(page).locator('.ant-form-item-explain-error')).toHaveCount(0);
    await card(page).getByTestId('backup-start').click();
    await expect(card(page).getByTestId('backup-last')).toContainText('成功');
    await expect(card(page).getByTestId('backup-last')).toContainText('手动');
    await expect(card(page).getByTestId('backup-last-file')).toContainText(folder);
    const files = readdirSync(folder);
    expect(files.filter((f) => f.endsWith('.db'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.db.manifest.json'))).toHaveLength(1);
    await shot(page, 'backup-done-zh-CN.png');

    await new Shell(page).switchTo('en');
    await expect(page.locator('.ant-message-notice')).toHaveCount(0); // the zh-CN toast has gone
    await expect(card(page).getByTestId('backup-last')).toContainText('succeeded');
    await expect(card(page).getByTestId('backup-last')).toContainText('started by hand');
    await shot(page, 'backup-done-en.png');

    // The folder vanishes (a USB drive unplugged): the failure is shown with its reason.
    rmSync(folder, { recursive: true, force: true });
    await card(page).getByTestId('backup-start').click();
    await expect(card(page).getByTestId('backup-last-error')).toContainText('backup folder does not exist');
    expect(existsSync(folder)).toBe(false);
    await shot(page, 'backup-failed-en.png');
    await new Shell(page).switchTo('zh-CN');
    await expect(card(page).getByTestId('backup-last-error')).toContainText('备份文件夹不存在');
    await shot(page, 'backup-failed-zh-CN.png');
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
});
