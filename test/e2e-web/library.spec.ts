/**
 * The case library in the UI (issue 12 item 6, docs/library.md): a
 * supervisor writes a standard answer (warned, not refused, when it says
 * 赔偿) and a library entry from a closed case, prefilled from it; a counter
 * opens the panel beside the handling view with Alt+L while typing in a step
 * field, finds the parent category's answer and the entry, and the panel
 * does not cover the step form at 1366x768.
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
import { SignInPage } from './pages/SignInPage';
import { hireClerkAndSupervisor, switchUserWith } from './pages/staff';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const PIN = '135790';
const DAY = 86_400_000;
const ANSWER_TITLE = '短信订购争议口径';

let dataDir = '';
let host: { url: string; stop: () => Promise<void> } | null = null;
let closedId = '';
let openId = '';

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const signInAs = switchUserWith(PIN);

const smsCase = (name: string, phone: string) => ({
  customer: { name, phone, gender: 'female', returning: true },
  channel: 'walk_in',
  category: 'telecom.value_added',
  severity: 'general',
  account: '客户称手机被开通了从未订购的短信增值业务，每月扣费 10 元，要求退费。',
});

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-library-'));
  host = await ownHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('a supervisor writes a standard answer and a library entry from a closed case', async ({ page }) => {
  await enterAsAdmin(page, host?.url);
  await hireClerkAndSupervisor(page, PIN);
  // A closed case to write up, and an open one for the counter.
  const closed = await deskCall<CaseDetail>(page, 'case.create', smsCase('陈女士', '13900001111'));
  closedId = closed.id;
  const fields: Record<number, Record<string, unknown>> = {
    1: { apologyGiven: true, customerMood: 'angry' },
    2: {
      account: '客户称未回复过任何订购短信。',
      factsWhat: '短信增值业务被订购',
      factsWhen: '2026-11-01',
      demand: '退还三个月费用',
      recordConfirmed: true,
    },
    3: { complainantType: 'problem_solving', impact: 'financial_loss' },
    4: {
      resolvability: 'short_term',
      proposal: '核对订购记录与短信验证码后退费',
      promisedAt: new Date(Date.now() + 3 * DAY).toISOString(),
      customerAnswer: 'accept',
    },
    5: {
      actions: '提交退费申请',
      actionOwner: '计费部',
      actionDueAt: new Date(Date.now() + 2 * DAY).toISOString(),
    },
    6: {
      contactAttempts: 1,
      resultTold: true,
      satisfaction: 'satisfied',
      summary: '已退费并致歉，客户满意。',
    },
  };
  for (let step = 1; step <= 6; step++) {
    await deskCall(page, 'case.recordStep', { caseId: closedId, step, fields: fields[step] });
  }
  await deskCall(page, 'case.close', { caseId: closedId, nature: 'valid' });
  openId = (await deskCall<CaseDetail>(page, 'case.create', smsCase('王先生', '13900002222'))).id;

  await signInAs(page, 'zhou', '周主管', '主管');
  await page.goto(`${host?.url}/#/board`);
  await expect(page.getByTestId('board-library')).toBeVisible();
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('board-library')).toHaveText('Case library and answers');
  await shot(page, 'library-board-en.png');
  await new Shell(page).switchTo('zh-CN');
  await page.getByTestId('board-library').click();
  await expect(page.getByTestId('library-page')).toBeVisible();

  // A standard answer for the parent category 通信: 赔偿 is warned, not refused.
  await page.getByTestId('library-new').click();
  const dialog = page.getByTestId('library-item-dialog');
  await expect(dialog).toBeVisible();
  await chooseOption(page, selectRoot(page, 'library-item-category'), '通信');
  await page.getByTestId('library-item-title').fill(ANSWER_TITLE);
  await page.getByTestId('library-item-text').fill('给您带来不便非常抱歉，我们会赔偿您的损失。');
  await expect(page.getByTestId('library-indemnity')).toBeVisible();
  await shot(page, 'library-answer-warning-zh.png');
  await page
    .getByTestId('library-item-text')
    .fill('给您带来不便非常抱歉。\n我们先为您核对订购记录，核实后按规定给予补偿。');
  await expect(page.getByTestId('library-indemnity')).toBeHidden();
  await page.getByTestId('library-item-save').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('library-item').filter({ hasText: ANSWER_TITLE })).toBeVisible();

  // From the closed case: 写入案例库, prefilled from the case.
  await page.goto(`${host?.url}/#/cases/${closedId}`);
  await expect(page.getByTestId('case-closed-banner')).toBeVisible();
  await page.getByTestId('case-add-to-library').click();
  const entry = page.getByTestId('library-entry-dialog');
  await expect(entry).toBeVisible();
  await expect(page.getByTestId('library-entry-theme')).toHaveValue('短信增值业务被订购');
  await expect(page.getByTestId('library-entry-background')).toHaveValue(/从未订购的短信增值业务/);
  await expect(page.getByTestId('library-entry-result')).toHaveValue('已退费并致歉，客户满意。');
  await page.getByTestId('library-entry-discussion').fill('先核对短信验证码记录，再谈补偿。');
  await shot(page, 'library-entry-from-case-zh.png');
  await page.getByTestId('library-entry-save').click();
  await expect(entry).toBeHidden();

  await page.goto(`${host?.url}/#/library`);
  await page.getByTestId('library-tab-entry').click();
  const written = page.getByTestId('library-item').filter({ hasText: '短信增值业务被订购' });
  await expect(written).toBeVisible();
  await expect(written).toContainText(closed.number);
  await toastsGone(page);
  await shot(page, 'library-page-zh.png');
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('library-tab-entry')).toHaveText('Case library');
  await shot(page, 'library-page-en.png');
  await new Shell(page).switchTo('zh-CN');
});

test('a counter opens the panel with Alt+L from the handling view and finds the answer and the case', async ({
  page,
}) => {
  await page.goto(host?.url ?? '/');
  await new SignInPage(page).signIn('li', PIN);
  await new Shell(page).expectSignedIn('李柜员', '柜面');
  await page.goto(`${host?.url}/#/cases/${openId}`);
  await expect(page.getByTestId('handling-page')).toBeVisible();
  // No writing for a counter: the closed case's button is not offered on an open case anyway.
  await expect(page.getByTestId('case-add-to-library')).toHaveCount(0);

  // The handling view opens with the cursor in the step's first field: Alt+L works there.
  const typing = page
    .locator('[data-testid="handling-page"] textarea, [data-testid="handling-page"] input')
    .first();
  await typing.focus();
  await page.keyboard.press('Alt+l');
  const panel = page.getByTestId('library-panel');
  await expect(panel).toBeVisible();
  await expect(page.locator('#ld-library-search')).toBeFocused();
  const answer = page
    .getByTestId('library-panel-answers')
    .getByTestId('library-panel-item')
    .filter({ hasText: ANSWER_TITLE });
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('上级分类');
  await answer.click();
  await expect(panel.getByText('核实后按规定给予补偿')).toBeVisible();
  await expect(page.getByTestId('library-panel-entries')).toContainText('短信增值业务被订购');

  // The panel sits beside the step form, never over it.
  const form = page.locator('.ld-case-columns > *').first();
  const a = await form.boundingBox();
  const b = await panel.boundingBox();
  expect(a && b).toBeTruthy();
  if (a && b) expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
  await shot(page, 'library-panel-zh.png');

  // A search over everything: words of the entry.
  await page.locator('#ld-library-search').fill('验证码');
  await expect(page.getByTestId('library-panel-results')).toContainText('短信增值业务被订购');
  await page.locator('#ld-library-search').fill('');
  await new Shell(page).switchTo('en');
  await expect(panel).toContainText('Answers and case library');
  await shot(page, 'library-panel-en.png');

  // Alt+L again hides it; the button opens it.
  await page.locator('#ld-library-search').focus();
  await page.keyboard.press('Alt+l');
  await expect(panel).toBeHidden();
  await page.getByTestId('library-panel-open').click();
  await expect(panel).toBeVisible();
  await new Shell(page).switchTo('zh-CN');
});
