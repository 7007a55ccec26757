/**
 * Evidence on a case in the handling view (issue 12 item 1), in browser
 * mode: a photo added through the file chooser and another by dropping it
 * on the Evidence card, a text file renamed .jpg refused with the error
 * under the file field (nothing added), each shown in the timeline with who
 * added it, and a download handed out by the host. Screenshots at 1366x768
 * in zh-CN and English go to LOOPDESK_SHOTS_DIR when set.
 *
 * Runs on a host of its own (pages/ownHost.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { deskCall, DESK, enterAsAdmin, toastsGone } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { dialogSettled } from './pages/common';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';

/** A valid 1x1 PNG and a small JPEG (JFIF header and end marker). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(300, 9),
  Buffer.from([0xff, 0xd9]),
]);

let dataDir = '';
let host: { url: string; stop: () => Promise<void> } | null = null;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await toastsGone(page);
  await page.getByTestId('evidence-card').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** Drops `bytes` as a file named `name` on the element of `testId`, as a clerk dragging it from the desktop. */
async function dropFile(
  page: Page,
  testId: string,
  name: string,
  mime: string,
  bytes: Buffer,
): Promise<void> {
  const data = await page.evaluateHandle(
    ({ b64, name, mime }) => {
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bin], name, { type: mime }));
      return dt;
    },
    { b64: bytes.toString('base64'), name, mime },
  );
  const target = page.getByTestId(testId);
  await target.dispatchEvent('dragenter', { dataTransfer: data });
  await target.dispatchEvent('dragover', { dataTransfer: data });
  await target.dispatchEvent('drop', { dataTransfer: data });
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-evidence-'));
  host = await ownHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('photos added by the chooser and by drag and drop, a renamed text file refused, the timeline says who', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await enterAsAdmin(page, host?.url);
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '陈女士', phone: '13900001111', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户称短信提醒服务被开通并扣费，出示了扣费短信截图。',
  });
  await page.goto(`${host?.url}/#/cases/${c.id}`);
  const card = page.getByTestId('evidence-card');
  await expect(card).toBeVisible();
  await expect(page.getByTestId('evidence-empty')).toBeVisible();

  await test.step('a text file renamed .jpg is refused under the file field; nothing is added', async () => {
    await page.getByTestId('evidence-add').click();
    await page.getByTestId('evidence-file').setInputFiles({
      name: '扣费截图.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('这只是一段文字，不是照片。'),
    });
    await expect(page.getByTestId('evidence-chosen')).toContainText('扣费截图.jpg');
    await dialogSettled(page.getByTestId('evidence-form'));
    await page.getByTestId('evidence-submit').click();
    const error = page
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId('evidence-choose') })
      .locator('.ant-form-item-explain-error');
    await expect(error).toContainText('不支持这种文件');
    await shot(page, 'evidence-refused-zh-CN.png');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('evidence-item')).toHaveCount(0);
  });

  await test.step('a photo through the file chooser, with a note; Enter submits', async () => {
    await page.getByTestId('evidence-add').click();
    await page
      .getByTestId('evidence-file')
      .setInputFiles({ name: '扣费短信.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('evidence-note').fill('客户手机上的扣费短信');
    await page.getByTestId('evidence-note').press('Enter');
    await expect(page.getByTestId('evidence-item')).toHaveCount(1);
    await expect(page.getByTestId('evidence-item')).toContainText('扣费短信.png');
    await expect(page.getByTestId('evidence-item')).toContainText(DESK.adminName);
  });

  await test.step('a second photo dropped on the card', async () => {
    await dropFile(page, 'evidence-card', '营业厅小票.jpg', 'image/jpeg', JPEG);
    await expect(page.getByTestId('evidence-chosen')).toContainText('营业厅小票.jpg');
    await dialogSettled(page.getByTestId('evidence-form'));
    await page.getByTestId('evidence-submit').click();
    await expect(page.getByTestId('evidence-item')).toHaveCount(2);
  });

  await test.step('the timeline shows each with who added it', async () => {
    const entries = page.locator('[data-testid="timeline-entry"][data-type="case.evidence_added"]');
    await expect(entries).toHaveCount(2);
    await expect(entries.first()).toContainText(DESK.adminName);
    await expect(entries.first()).toContainText('添加了证据（照片）：扣费短信.png');
    await shot(page, 'evidence-zh-CN.png');
    if (SHOTS) {
      await entries.last().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, 'evidence-timeline-zh-CN.png') });
    }
  });

  await test.step('download hands out the file', async () => {
    const downloading = page.waitForEvent('download');
    await page.getByTestId('evidence-open').first().click();
    const d = await downloading;
    expect(d.suggestedFilename()).toBe('扣费短信.png');
  });

  await test.step('English', async () => {
    await new Shell(page).switchTo('en');
    await expect(page.getByTestId('evidence-card')).toContainText('Evidence');
    const entries = page.locator('[data-testid="timeline-entry"][data-type="case.evidence_added"]');
    await expect(entries.first()).toContainText('Added evidence (Photo): 扣费短信.png');
    await shot(page, 'evidence-en.png');
    await page.getByTestId('evidence-add').click();
    await page.getByTestId('evidence-file').setInputFiles({
      name: 'notes.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('plain text'),
    });
    await dialogSettled(page.getByTestId('evidence-form'));
    await page.getByTestId('evidence-submit').click();
    await expect(page.locator('.ant-form-item-explain-error')).toContainText('not accepted');
    await shot(page, 'evidence-refused-en.png');
  });
});
