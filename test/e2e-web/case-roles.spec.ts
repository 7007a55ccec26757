/**
 * Roles on cases in the UI (issue 8, docs/roles.md): a counter clerk is not
 * offered a lower severity, a later due date, someone else's case to
 * reassign, the malicious-claim determination, or a time received beyond the
 * 24-hour window; a supervisor is, and gives a reason that goes into the
 * case's record. The desk core refuses the same acts regardless
 * (test/integration/case-roles-http.test.ts).
 *
 * Runs on a host of its own (pages/ownHost.ts), so it does not depend on the
 * order of the specs sharing the web server's desk. Set LOOPDESK_SHOTS_DIR to
 * keep screenshots (1366x768, zh-CN and English).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { StaffSummary } from '../../shared/contract/methods/staff';
import { chooseOption, selectRoot } from './pages/common';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { hireClerkAndSupervisor, switchUserWith } from './pages/staff';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const PIN = '135790';
const DAY = 86_400_000;

const host = useOwnHost('loopdesk-e2e-roles-');
let caseId = '';

async function shot(page: Page, name: string, focus?: Locator): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  if (focus) await focus.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** "YYYY-MM-DD" of a day `days` from today, in the browser's (and this machine's) time zone. */
function ymd(days: number, fromMs = Date.now()): string {
  const d = new Date(fromMs + days * DAY);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const signInAs = switchUserWith(PIN);

async function openCase(page: Page): Promise<void> {
  await page.goto(`${host.url}/#/cases/${caseId}`);
  await expect(page.getByTestId('handling-page')).toBeVisible();
  await expect(page.getByTestId('case-fields')).toBeVisible();
}

/** The option texts of an antd Select (opened, read, closed again). */
async function optionTexts(page: Page, testId: string): Promise<string[]> {
  const root = selectRoot(page, testId);
  await root.click();
  const popup = page.locator('.ant-select-dropdown').filter({ visible: true }).last();
  await expect(popup).toBeVisible();
  // The list renders its options just after the popup shows: read them once they are there.
  await expect(popup.locator('.ant-select-item-option').first()).toBeVisible();
  const texts = await popup.locator('.ant-select-item-option').allInnerTexts();
  await page.keyboard.press('Escape');
  await expect(popup).toBeHidden();
  return texts.map((t) => t.trim());
}

/** Whether the date picker `testId` offers day `day` ("YYYY-MM-DD"). */
async function dayOffered(page: Page, testId: string, day: string): Promise<boolean> {
  await page.getByTestId(testId).click();
  const panel = page.locator('.ant-picker-dropdown').filter({ visible: true }).last();
  await expect(panel).toBeVisible();
  // The panel opens on the field's month: a day of another month (three days ago on the 1st) is a
  // page back or forward. Titles are "YYYY-MM-DD", so they compare as text.
  const cell = panel.locator(`td[title="${day}"]`).first();
  for (let i = 0; i < 12 && (await cell.count()) === 0; i++) {
    const first = (await panel.locator('td[title]').first().getAttribute('title')) ?? '';
    await panel.locator(day < first ? '.ant-picker-header-prev-btn' : '.ant-picker-header-next-btn').click();
  }
  await expect(cell).toBeVisible();
  const disabled = ((await cell.getAttribute('class')) ?? '').includes('ant-picker-cell-disabled');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  return !disabled;
}

test('a counter clerk is not offered what only a supervisor may do', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  const me = await deskCall<StaffSummary>(page, 'auth.me', {});
  await hireClerkAndSupervisor(page, PIN);
  // The administrator's case, due tomorrow, assigned to the administrator, at step 3.
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '陈女士', phone: '13900001111', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'major',
    account: '客户称信用卡年费被重复扣收，要求退还。',
  });
  caseId = c.id;
  const due = `${ymd(1)}T17:00:00+08:00`;
  await deskCall(page, 'case.setField', { caseId, field: 'dueAt', value: due });
  await deskCall(page, 'case.setField', { caseId, field: 'assignee', value: me.id });
  await deskCall(page, 'case.recordStep', {
    caseId,
    step: 1,
    fields: { apologyGiven: true, customerMood: 'angry' },
  });
  await deskCall(page, 'case.recordStep', {
    caseId,
    step: 2,
    fields: {
      account: '客户称本月账单出现两笔年费。',
      factsWhat: '年费重复扣收',
      factsWhen: '2026-11-01',
      demand: '退还多扣的年费',
      recordConfirmed: true,
    },
  });

  await signInAs(page, 'li', '李柜员', '柜面');
  await openCase(page);
  expect(await optionTexts(page, 'case-field-severity')).toEqual(['紧急', '重大']);
  expect(await dayOffered(page, 'case-field-due', ymd(0))).toBe(true);
  expect(await dayOffered(page, 'case-field-due', ymd(3))).toBe(false);
  await expect(page.getByTestId('case-field-assignee-locked')).toHaveText('李主管');
  await expect(page.getByTestId('step-panel')).toHaveAttribute('data-step', '3');
  const types = await optionTexts(page, 'step-field-complainantType');
  expect(types).toContain('问题解决型');
  // Issue 12 review #1: a suspicion, anyone's (it was hidden from a counter clerk).
  expect(types).toContain('疑似恶意索赔（须主管按证据另行认定）');
  await shot(page, 'case-roles-counter-zh.png');
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('case-fields')).toContainText('Handling');
  await shot(page, 'case-roles-counter-en.png');
  await new Shell(page).switchTo('zh-CN');

  // A case with no due date yet: the clerk may set one up to the rule's result deadline, not past it.
  const undated = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '吴先生', phone: '13900002222', gender: 'male', returning: false },
    channel: 'phone',
    category: 'banking.fees',
    severity: 'major',
    account: '客户称转账手续费多收。',
  });
  const rule = Date.parse(undated.resultDueByRule ?? '');
  expect(rule).toBeGreaterThan(Date.now());
  await page.goto(`${host.url}/#/cases/${undated.id}`);
  const fields = page.getByTestId('case-fields');
  await expect(fields).toContainText(`最晚到 ${ymd(0, rule)}`);
  expect(await dayOffered(page, 'case-field-due', ymd(0, rule))).toBe(true);
  expect(await dayOffered(page, 'case-field-due', ymd(1, rule))).toBe(false);
  await shot(page, 'case-roles-counter-undated-zh.png', fields);

  await page.goto(`${host.url}/#/new`);
  await expect(page.getByTestId('intake-page')).toBeVisible();
  expect(await dayOffered(page, 'intake-received', ymd(-1))).toBe(true);
  expect(await dayOffered(page, 'intake-received', ymd(-3))).toBe(false);
});

test('a supervisor is offered them, with a reason that goes into the record', async ({ page }) => {
  await page.goto(host.url);
  await new SignInPage(page).signIn('zhou', PIN);
  await new Shell(page).expectSignedIn('周主管', '主管');
  await openCase(page);
  expect(await optionTexts(page, 'case-field-severity')).toEqual(['紧急', '一般', '特殊', '重大']);
  expect(await dayOffered(page, 'case-field-due', ymd(3))).toBe(true);
  await expect(selectRoot(page, 'case-field-assignee')).toBeVisible();
  expect(await optionTexts(page, 'step-field-complainantType')).toContain(
    '疑似恶意索赔（须主管按证据另行认定）',
  );

  await chooseOption(page, selectRoot(page, 'case-field-severity'), '一般');
  const dialog = page.getByTestId('act-reason-dialog');
  await expect(dialog.getByRole('dialog')).toBeVisible();
  await expect(dialog).toContainText('调低严重程度');
  await page.getByTestId('act-reason-dialog-reason').fill('核实后不属重大投诉');
  await shot(page, 'case-roles-supervisor-reason-zh.png');
  await page.getByTestId('act-reason-dialog-ok').click();
  await expect(dialog.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('timeline-reason').last()).toContainText('核实后不属重大投诉');

  await new Shell(page).switchTo('en');
  await toastsGone(page);
  await chooseOption(page, selectRoot(page, 'case-field-assignee'), '李柜员');
  await expect(dialog.getByRole('dialog')).toBeVisible();
  await expect(dialog).toContainText('Reassign the case');
  await shot(page, 'case-roles-supervisor-en.png');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('dialog')).toBeHidden();
  await new Shell(page).switchTo('zh-CN');

  await page.goto(`${host.url}/#/new`);
  await expect(page.getByTestId('intake-page')).toBeVisible();
  await toastsGone(page);
  const received = page.getByTestId('intake-received');
  await received.click();
  await received.fill(`${ymd(-3)} 09:30`);
  await received.press('Enter');
  await page.getByTestId('intake-page').locator('.ant-card-head-title').click(); // the picker closes
  await expect(page.locator('.ant-picker-dropdown').filter({ visible: true })).toHaveCount(0);
  await expect(received).toHaveValue(`${ymd(-3)} 09:30`);
  await expect(page.getByTestId('intake-reason')).toBeVisible();
  await shot(page, 'case-roles-supervisor-intake-zh.png', page.getByTestId('intake-reason'));
  await new Shell(page).switchTo('en');
  await shot(page, 'case-roles-supervisor-intake-en.png', page.getByTestId('intake-reason'));
});
