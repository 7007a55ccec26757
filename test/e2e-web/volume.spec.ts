/**
 * Issue 14 items 1 and 2 in the browser: the intake asks region, customer
 * level and "customer of another business line" in one optional row under
 * the account (the fields every case needs stay in the 1366x768 window), and
 * fills them in from a recognised customer's latest case; the case keeps
 * what was chosen. The business-volume screen (a settings tab for
 * supervisors and administrators): a figure recorded, edited from its cell,
 * and pasted lines imported all or nothing with each bad line named. The
 * analysis lists tab. In zh-CN and English.
 *
 * Runs on a host of its own (pages/ownHost.ts). Screenshots go to
 * LOOPDESK_SHOTS_DIR when set.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { VolumeList } from '../../shared/contract/methods/volume';
import { chooseOption, selectRoot } from './pages/common';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const VIEW = { width: 1366, height: 768 };

let dataDir = '';
let host: { url: string; stop: () => Promise<void> } | null = null;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-volume-'));
  host = await ownHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await toastsGone(page);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

async function inView(page: Page, testId: string, visible?: number): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, testId).not.toBeNull();
  if (!box) return;
  expect(box.y + (visible ?? box.height), `${testId}: below the window`).toBeLessThanOrEqual(VIEW.height);
}

const TEXT = {
  'zh-CN': { county: '县域', vip: '贵宾客户', gold: '金卡客户', yes: '是', category: '增值业务订购' },
  en: { county: 'County towns', vip: 'VIP', gold: 'Gold', yes: 'Yes', category: 'Value-added' },
} as const;

test('the intake asks region, level and shared customer, prefilled for a known customer', async ({
  page,
}) => {
  await enterAsAdmin(page, host?.url);
  const earlier = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '李秀英', phone: '13800138000', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'telecom.value_added',
    severity: 'general',
    account: '短信业务被开通。',
    region: 'county',
    customerLevel: 'vip',
    sharedCustomer: true,
  });
  for (const lang of ['zh-CN', 'en'] as const) {
    const w = TEXT[lang];
    await new Shell(page).switchTo(lang);
    await new Shell(page).newComplaintByShortcut();
    await expect(page.getByTestId('intake-attributes')).toBeVisible();
    // A new customer: nothing filled in.
    await page.getByTestId('intake-name').fill('张三');
    await page.getByTestId('intake-phone').fill('13700001234');
    await expect(page.getByTestId('customer-history-none')).toBeVisible();
    await expect(page.getByTestId('intake-attributes-prefilled')).toHaveCount(0);
    // The known customer: region, level and the shared answer from the earlier case.
    await page.getByTestId('intake-name').fill('李秀英');
    await page.getByTestId('intake-phone').fill('138 0013 8000');
    await expect(page.getByTestId('intake-attributes-prefilled')).toContainText(earlier.number);
    await expect(selectRoot(page, 'intake-region')).toContainText(w.county);
    await expect(selectRoot(page, 'intake-level')).toContainText(w.vip);
    await expect(page.getByTestId('intake-shared').getByRole('radio', { name: w.yes })).toBeChecked();
    // The fields every case needs stay where they were, in the window.
    await inView(page, 'intake-category');
    await inView(page, 'intake-account', 80);
    await page.getByTestId('intake-account').fill('又一次被开通了短信业务。');
    await page.getByTestId('intake-attributes').scrollIntoViewIfNeeded();
    await shot(page, `intake-attributes-${lang}.png`);
  }

  // The clerk changes the level and answers "unknown": the case keeps region and level, no shared answer.
  await new Shell(page).switchTo('zh-CN');
  await chooseOption(page, selectRoot(page, 'intake-level'), TEXT['zh-CN'].gold);
  await page.getByTestId('intake-shared').getByText('不详', { exact: true }).click();
  await chooseOption(page, selectRoot(page, 'intake-category'), TEXT['zh-CN'].category);
  await page.getByTestId('intake-account').press('Control+Enter');
  await expect(page.getByTestId('handling-page')).toBeVisible();
  const caseId = new URL(page.url()).hash.replace('#/cases/', '');
  const history = await deskCall<{ attributes: unknown }>(page, 'customer.history', { phone: '13800138000' });
  expect(history.attributes).toEqual({
    region: 'county',
    customerLevel: 'gold',
    sharedCustomer: null,
    caseId,
  });
  // The case view's facts show what was recorded, named from the lists in the viewer's language.
  await expect(page.getByTestId('case-region')).toHaveText('县域');
  await expect(page.getByTestId('case-customer-level')).toHaveText('金卡客户');
  await expect(page.getByTestId('case-shared-customer')).toHaveCount(0);
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('case-region')).toHaveText(TEXT.en.county);
  await expect(page.getByTestId('case-customer-level')).toHaveText(TEXT.en.gold);
  await page.getByTestId('case-account').scrollIntoViewIfNeeded();
  await shot(page, 'case-attributes-en.png');
  // The earlier case answered the shared question.
  await page.goto(`${host?.url}/#/cases/${earlier.id}`);
  await expect(page.getByTestId('case-shared-customer')).toHaveText(TEXT.en.yes);
});

test('business volume: record, edit from the table, paste lines all or nothing', async ({ page }) => {
  await enterAsAdmin(page, host?.url);
  await deskCall<VolumeList>(page, 'volume.import', {
    text: '2026-07,transactions,9800\n2026-08,transactions,10250\n2026-08,premium_10k_yuan,356.5\n2026-09,transactions,11020',
    apply: true,
  });
  for (const lang of ['zh-CN', 'en'] as const) {
    await new Shell(page).switchTo(lang);
    await page.goto(`${host?.url}/#/volume`);
    await expect(page.getByTestId('volume-page')).toBeVisible();
    await expect(page.getByTestId('nav-volume')).toBeVisible();
    await expect(page.getByTestId('volume-cell-2026-08-transactions')).toHaveText(
      lang === 'en' ? '10,260' : '10,250',
    );
    // A cell opens its figure in the form; recording a new value replaces it.
    await page.getByTestId('volume-cell-2026-08-transactions').click();
    await expect(page.getByTestId('volume-value')).toBeFocused();
    await page.getByTestId('volume-value').fill(lang === 'en' ? '10300' : '10260');
    await page.getByTestId('volume-record').click();
    await expect(page.getByTestId('volume-cell-2026-08-transactions')).toHaveText(
      lang === 'en' ? '10,300' : '10,260',
    );
    // Pasted lines with errors: each named, nothing saved.
    await page
      .getByTestId('volume-import-text')
      .fill('2026-10,业务笔数,12000\n2026-13,transactions,5\n2026-10,cups,1');
    await page.getByTestId('volume-import-check').click();
    const errors = page.getByTestId('volume-import-errors');
    await expect(errors.locator('li')).toHaveCount(2);
    await expect(errors).toContainText(
      lang === 'en' ? 'line 2: the month is not valid' : '第 2 行的月份不对',
    );
    await expect(page.getByTestId('volume-import-apply')).toBeDisabled();
    await shot(page, `volume-errors-${lang}.png`);
    await expect(page.getByTestId('volume-cell-2026-10-transactions')).toHaveCount(0);
  }
  // Good lines: checked, then imported.
  await page
    .getByTestId('volume-import-text')
    .fill('2026-10\t业务笔数\t12,000\n2026-10\t保费收入（万元）\t401.25');
  await page.getByTestId('volume-import-check').click();
  await expect(page.getByTestId('volume-import-preview')).toContainText('2 lines; 2 of them');
  await page.getByTestId('volume-import-apply').click();
  await expect(page.getByTestId('volume-cell-2026-10-transactions')).toHaveText('12,000');
  await expect(page.getByTestId('volume-cell-2026-10-premium_10k_yuan')).toHaveText('401.25');
  await shot(page, 'volume-table-en.png');
  await new Shell(page).switchTo('zh-CN');
  await shot(page, 'volume-table-zh-CN.png');
});

test('the analysis lists: the defaults, an administrator edits them, the intake offers the new ones', async ({
  page,
}) => {
  await enterAsAdmin(page, host?.url);
  for (const lang of ['zh-CN', 'en'] as const) {
    await new Shell(page).switchTo(lang);
    await page.goto(`${host?.url}/#/settings/lists`);
    await expect(page.getByTestId('lists-page')).toBeVisible();
    await expect(page.getByTestId('lists-regions-0-value')).toHaveValue('city');
    await shot(page, `lists-${lang}.png`);
  }
  await page.getByTestId('lists-regions-add').click();
  await page.getByTestId('lists-regions-5-value').fill('Tianhe!');
  await page.getByTestId('lists-regions-5-zh-CN').fill('天河区');
  await page.getByTestId('lists-regions-5-en').fill('Tianhe');
  await page.getByTestId('lists-save').click();
  await expect(page.getByTestId('lists-errors')).toContainText('A code uses lower-case letters');
  await page.getByTestId('lists-regions-5-value').fill('tianhe');
  await page.getByTestId('lists-save').click();
  await expect(page.getByTestId('lists-set-by')).toContainText('李主管');
  await new Shell(page).newComplaintByShortcut();
  await chooseOption(page, selectRoot(page, 'intake-region'), 'Tianhe');
});
