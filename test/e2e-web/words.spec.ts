/**
 * Words on screen (issue 10), at 1366 wide: the top bar shows the branch
 * name whole, in zh-CN and English, and a very long one ends in "…" with the
 * full name on hover; labels end in the colon of their language ("客户：",
 * "Customer:"); a required PIN is asked for as "请填写 PIN 码或密码". Uses the
 * shared desk; other branch names are put in by rewriting the desk's status
 * answer in the page.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { DESK, deskCall, enterAsAdmin } from './pages/desk';
import { Shell } from './pages/Shell';

test.use({ viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';

/** Keeps a picture of the top bar when LOOPDESK_SHOTS_DIR is set. */
async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  await page.getByTestId('app-header').screenshot({ path: path.join(SHOTS, name) });
}

/** Answers desk.status with `branchName` instead of the desk's own. */
async function branchNamed(page: Page, branchName: string): Promise<void> {
  await page.route('**/api/call/desk.status', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { ok: boolean; value?: Record<string, unknown> };
    if (body.ok && body.value) body.value.branchName = branchName;
    await route.fulfill({ response: res, json: body });
  });
}

/** The branch in the top bar: its text, and whether any of it is cut off. */
async function headerBranch(page: Page): Promise<{ text: string; cut: boolean; title: string | null }> {
  const el = page.getByTestId('header-branch');
  await expect(el).toBeVisible();
  return el.evaluate((node) => {
    const cut = (e: Element) => e.scrollWidth > e.clientWidth + 1;
    return {
      text: node.textContent ?? '',
      cut: cut(node) || [...node.querySelectorAll('*')].some(cut),
      title: node.getAttribute('title'),
    };
  });
}

test('the top bar shows the whole branch name at 1366 wide, in zh-CN and English', async ({ page }) => {
  await enterAsAdmin(page);
  let b = await headerBranch(page);
  expect(b.text).toContain(`${DESK.branchName}（${DESK.branchCode}）`);
  expect(b.cut).toBe(false);
  await shot(page, 'header-zh.png');

  await new Shell(page).switchTo('en');
  b = await headerBranch(page);
  expect(b.text).toContain(`${DESK.branchName} (${DESK.branchCode})`);
  expect(b.cut).toBe(false);

  const english = 'Guangzhou Tianhe Branch';
  await branchNamed(page, english);
  await page.reload();
  await new Shell(page).expectSignedIn(DESK.adminName, 'Administrator');
  b = await headerBranch(page);
  expect(b.text).toContain(`${english} (${DESK.branchCode})`);
  expect(b.cut).toBe(false);
  await shot(page, 'header-en.png');

  // A name too long for any top bar is cut with "…", and the whole of it is on hover.
  const long = `${'Guangzhou Tianhe District Central Business Area Customer Service Hall '.repeat(2)}No. 3`;
  await page.unroute('**/api/call/desk.status');
  await branchNamed(page, long);
  await page.reload();
  await new Shell(page).expectSignedIn(DESK.adminName, 'Administrator');
  b = await headerBranch(page);
  expect(b.cut).toBe(true);
  expect(b.title).toContain(long);
  await shot(page, 'header-en-long.png');
  await new Shell(page).switchTo('zh-CN');
});

test('labels end in the colon of their language', async ({ page }) => {
  await enterAsAdmin(page);
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '周先生', phone: '', gender: 'male', returning: false },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户称手续费收取有误。',
  });
  await page.goto(`/#/cases/${c.id}`);
  const label = page.locator('.ant-descriptions-item-label').first();
  await expect(label).toHaveText('客户');
  const colon = () => label.evaluate((n) => getComputedStyle(n, '::after').content);
  expect(await colon()).toBe('"："');
  await new Shell(page).switchTo('en');
  await expect(label).toHaveText('Customer');
  expect(await colon()).toBe('":"');
  await expect(page.getByText("Complaint in the customer's words")).toBeVisible();
  await new Shell(page).switchTo('zh-CN');
});

test('an empty PIN is asked for as "请填写 PIN 码或密码"', async ({ page }) => {
  await enterAsAdmin(page);
  await new Shell(page).signOut();
  await page.getByTestId('signin-login').fill(DESK.adminLogin);
  await page.getByTestId('signin-secret').press('Enter');
  await expect(
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByTestId('signin-secret') })
      .locator('.ant-form-item-explain-error'),
  ).toHaveText('请填写 PIN 码或密码');
});
