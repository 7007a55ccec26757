/**
 * Issue 14 item 7 in the UI: a counter clerk tags a case's failure point
 * (the quality gap is shown, not offered); a supervisor tags the quality gap,
 * decides responsibility, and from the case opens a rectification item for
 * the failure point (the form prefilled), then completes it with evidence;
 * the dashboard's link #/rectification/new?category=… prefills the form too.
 *
 * Runs on a host of its own (pages/ownHost.ts). Set LOOPDESK_SHOTS_DIR to keep
 * screenshots (1366x768, zh-CN and English).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { chooseOption, selectRoot } from './pages/common';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { hireClerkAndSupervisor, switchUserWith } from './pages/staff';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const PIN = '135790';

let dataDir = '';
let host: { url: string; stop: () => Promise<void> } | null = null;
let caseId = '';

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const signInAs = switchUserWith(PIN);

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-rect-'));
  host = await ownHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a clerk tags the failure point; a supervisor the quality gap and the responsibility', async ({
  page,
}) => {
  await enterAsAdmin(page, host?.url);
  await hireClerkAndSupervisor(page, PIN);
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '陈女士', phone: '13900001111', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户称信用卡年费在未告知的情况下被扣收，要求退还。',
  });
  caseId = c.id;

  await signInAs(page, 'li', '李柜员', '柜面');
  await page.goto(`${host?.url}/#/cases/${caseId}`);
  const card = page.getByTestId('case-tags');
  await card.scrollIntoViewIfNeeded();
  await expect(page.getByTestId('tag-quality-gap-text')).toHaveText('未标记');
  await expect(page.getByTestId('decide-open')).toHaveCount(0);
  await chooseOption(page, selectRoot(page, 'tag-failure-point'), '结算');
  await expect(card).toContainText('李柜员');
  await expect(page.getByText('失败点：结算')).toBeVisible();

  await signInAs(page, 'zhou', '周主管', '主管');
  await page.goto(`${host?.url}/#/cases/${caseId}`);
  await page.getByTestId('case-tags').scrollIntoViewIfNeeded();
  await chooseOption(page, selectRoot(page, 'tag-quality-gap'), '服务传递不力');
  await expect(page.getByText('质量差距：服务传递不力')).toBeVisible();
  await page.getByTestId('decide-open').click();
  await chooseOption(page, selectRoot(page, 'decide-person'), '李柜员');
  await page.getByTestId('decide-note').fill('办卡时未按规定告知年费标准');
  await page.getByTestId('decide-dialog-ok').click();
  await expect(page.getByTestId('tag-responsibility')).toHaveText('李柜员 负有责任');
  await toastsGone(page);
  await page.getByTestId('case-tags').scrollIntoViewIfNeeded();
  await shot(page, 'rect-case-tags-zh.png');
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('tag-responsibility')).toHaveText('李柜员 held responsible');
  await page.getByTestId('case-tags').scrollIntoViewIfNeeded();
  await shot(page, 'rect-case-tags-en.png');
  await new Shell(page).switchTo('zh-CN');
});

test('a supervisor opens a rectification item from the case and completes it', async ({ page }) => {
  await enterAsAdmin(page, host?.url);
  await signInAs(page, 'zhou', '周主管', '主管');
  await page.goto(`${host?.url}/#/cases/${caseId}`);
  await page.getByTestId('case-tags').scrollIntoViewIfNeeded();
  await page.getByTestId('tag-open-rect').click();
  const dialog = page.getByTestId('rect-open-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('失败点');
  await expect(dialog).toContainText('结算');
  await page.getByTestId('rect-defect').fill('年费收取前未书面告知客户');
  await page.getByTestId('rect-measure').fill('办卡时书面告知年费标准；全员培训；每月抽查');
  await chooseOption(page, selectRoot(page, 'rect-owner'), '李柜员');
  await page.waitForTimeout(400); // the dialog's opening animation
  await shot(page, 'rect-open-zh.png');
  await page.getByTestId('rect-open-ok').click();
  const detail = page.getByTestId('rect-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('rect-state')).toHaveText('进行中');
  await page.getByTestId('rect-progress-text').fill('已完成第一轮培训');
  await page.getByTestId('rect-progress').click();
  await expect(page.getByTestId('rect-history')).toContainText('已完成第一轮培训');
  await page.getByTestId('rect-complete').click();
  await page.getByTestId('rect-complete-text').fill('培训签到表、新版告知书');
  await page.getByTestId('rect-complete-dialog-ok').click();
  await expect(page.getByTestId('rect-state')).toHaveText('已完成');
  await expect(page.getByTestId('rect-history')).toContainText('培训签到表、新版告知书');
  await toastsGone(page);
  await shot(page, 'rect-detail-zh.png');
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('rect-state')).toHaveText('Done');
  await shot(page, 'rect-detail-en.png');

  await page.getByTestId('rect-back').click();
  await expect(page.getByTestId('rect-row')).toHaveCount(1);
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await page.waitForTimeout(400); // the table's loading fade
  await shot(page, 'rect-list-en.png');
  await new Shell(page).switchTo('zh-CN');
  await expect(page.getByTestId('rect-row')).toContainText('失败点：结算');
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await page.waitForTimeout(400);
  await shot(page, 'rect-list-zh.png');

  // The dashboard's link: a category prefilled.
  await page.goto(`${host?.url}/#/rectification/new?category=banking.fees`);
  await expect(page.getByTestId('rect-open-dialog')).toBeVisible();
  await expect(page.getByTestId('rect-open-dialog')).toContainText('投诉类别');
  await expect(page.getByTestId('rect-open-dialog')).toContainText('收费');
  await page.waitForTimeout(400);
  await shot(page, 'rect-open-prefilled-zh.png');
  await page.getByRole('button', { name: '取 消' }).click();
  await new Shell(page).switchTo('en');
  await page.goto(`${host?.url}/#/rectification/new?failurePoint=billing`);
  await expect(page.getByTestId('rect-open-dialog')).toContainText('Failure point');
  await expect(page.getByTestId('rect-open-dialog')).toContainText('Billing');
  await page.waitForTimeout(400);
  await shot(page, 'rect-open-prefilled-en.png');
});
