/**
 * Issue 12's judgment screens (docs/escalation-and-malice.md,
 * docs/first-contact-resolution.md): the clerk escalates from step 5, whose
 * 已升级 / Escalated box is read-only and follows the case's escalation (the
 * record carries it); the supervisor's board shows 待审升级 / Escalations to
 * review with the case, opening it; the supervisor re-classifies the closed
 * case with a reason, and the clerk is offered no such button. Screenshots
 * 1366x768 in zh-CN and English to LOOPDESK_SHOTS_DIR.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { hireClerkAndSupervisor, switchUserWith } from './pages/staff';
import { dialogSettled } from './pages/common';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const PIN = '135790';
let host: { url: string; stop: () => Promise<void> } | null = null;
let dataDir = '';
let caseId = '';
let caseNumber = '';

const signInAs = switchUserWith(PIN);

async function shot(page: Page, name: string, focus?: Locator): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  if (focus) await focus.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** A fresh page (no session yet): the supervisor 周主管 signs in. */
async function supervisorSignsIn(page: Page): Promise<void> {
  await page.goto(host?.url ?? '/');
  await new SignInPage(page).signIn('zhou', PIN);
  await new Shell(page).expectSignedIn('周主管', '主管');
}

async function openCase(page: Page): Promise<void> {
  await page.goto(`${host?.url}/#/cases/${caseId}`);
  await expect(page.getByTestId('handling-page')).toBeVisible();
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-judgment-'));
  host = await ownHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the clerk escalates from step 5; the box shows it, read-only, and the record carries it', async ({
  page,
}) => {
  await enterAsAdmin(page, host?.url);
  await hireClerkAndSupervisor(page, PIN);
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '王女士', phone: '13800002222', gender: 'female', returning: false },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户要求退还近一年的短信服务费，金额超出柜面可办理的范围。',
  });
  caseId = c.id;
  caseNumber = c.number;
  const promised = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
  const steps: Record<number, Record<string, unknown>> = {
    1: { apologyGiven: true, customerMood: 'angry' },
    2: {
      account: '客户要求退还近一年的短信服务费。',
      factsWhat: '短信服务费扣收',
      factsWhen: '近一年',
      demand: '退还一年的短信服务费',
      recordConfirmed: true,
    },
    3: { complainantType: 'problem_solving', impact: 'financial_loss' },
    4: {
      resolvability: 'short_term',
      proposal: '报分行审批后退还短信服务费',
      promisedAt: promised,
      customerAnswer: 'accept',
    },
  };
  for (const n of [1, 2, 3, 4]) {
    await deskCall(page, 'case.recordStep', { caseId, step: n, fields: steps[n] });
  }

  await signInAs(page, 'li', '李柜员', '柜面');
  await openCase(page);
  const box = page.getByTestId('step-field-escalated');
  await expect(box).toBeVisible();
  await expect(box).not.toBeChecked();
  await expect(box).toBeDisabled();
  await expect(page.getByTestId('step-from-case-escalated')).toContainText('随案带出');
  await expect(page.getByTestId('step-field-escalationCause')).toHaveText('无');

  // "升级…" beside the box opens the escalation dialog (the decision path).
  await page.getByTestId('step-escalate').click();
  const dialog = page.getByTestId('escalate-dialog');
  await dialog.getByTestId('escalate-q1').getByText('不能').click();
  await dialog.getByTestId('escalate-q2').getByText('不能').click();
  await dialog.getByTestId('escalate-cause').getByText('政策问题').click();
  await dialog.getByTestId('escalate-reason').fill('退费金额超出柜面权限，需主管审批');
  await page.getByTestId('escalate-ok').click();
  await expect(dialog).toHaveCount(0);

  await expect(box).toBeChecked();
  await expect(box).toBeDisabled();
  await expect(page.getByTestId('step-field-escalationCause')).toHaveText('政策');
  await expect(page.getByTestId('case-level').first()).toContainText('主管');
  // The timeline says what happened in the clerk's words, its reason once (not 其他记录).
  const escalatedLine = page
    .getByTestId('case-timeline')
    .locator('[data-testid="timeline-entry"][data-type="case.escalated"]');
  await expect(escalatedLine).toContainText('升级至网点主管（根因：政策）：退费金额超出柜面权限，需主管审批');
  await expect(escalatedLine.getByTestId('timeline-reason')).toHaveCount(0);
  await toastsGone(page);
  await shot(page, 'step5-escalated-zh.png', page.getByTestId('step-case-fact-escalationCause'));
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('step-from-case-escalated')).toContainText('From the case');
  await expect(page.getByTestId('step-case-fact-escalated')).toContainText('Escalated');
  await expect(page.getByTestId('step-field-escalationCause')).toHaveText('Policy');
  await expect(escalatedLine).toContainText('Escalated to Branch supervisor (root cause: policy)');
  await shot(page, 'step5-escalated-en.png', page.getByTestId('step-case-fact-escalationCause'));
  await new Shell(page).switchTo('zh-CN');

  // The other step-5 fields come prefilled: recording carries the case's escalation.
  await page.getByTestId('step-record').click();
  await expect(page.getByTestId('step-nav-5')).toHaveAttribute('data-recorded', 'true');
  const d = await deskCall<CaseDetail>(page, 'case.get', { caseId });
  expect(d.steps['5']).toMatchObject({ escalated: true, escalationCause: 'policy' });
});

test('the supervisor’s board lists the escalation to review and opens the case', async ({ page }) => {
  await supervisorSignsIn(page);
  await page.goto(`${host?.url}/#/board`);
  await expect(page.getByTestId('board-page')).toBeVisible();
  const tile = page.getByTestId('board-tile-escalationsToReview');
  await expect(tile).toContainText('待审升级');
  await expect(tile.getByTestId('board-count')).toHaveText('1');
  await tile.click();
  const row = page.getByTestId('escalation-review-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-case', caseNumber);
  await expect(row).toContainText('退费金额超出柜面权限');
  await expect(row).toContainText('政策问题');
  // Every tile fits the board's width at 1366, its label whole, and the row's cells their columns.
  const fits = async () =>
    page
      .locator('.ld-board-tiles, .ld-board-tile, .ld-board-label, [data-testid="escalation-review-row"] td')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(await fits()).toEqual([]);
  await shot(page, 'board-escalations-zh.png');
  await new Shell(page).switchTo('en');
  await expect(tile).toContainText('Escalations to review');
  await expect(row).toContainText('Policy');
  expect(await fits()).toEqual([]);
  await shot(page, 'board-escalations-en.png');
  await new Shell(page).switchTo('zh-CN');

  await row.click();
  await expect(page.getByTestId('handling-page')).toHaveAttribute('data-case-number', caseNumber);
  await expect(page.getByTestId('escalation-review-open')).toBeVisible();
});

test('the supervisor has the escalated case at their level, with its first-contact owner, on the board and in my work', async ({
  page,
}) => {
  await supervisorSignsIn(page);
  const d = await deskCall<CaseDetail>(page, 'case.get', { caseId });
  await page.goto(`${host?.url}/#/board`);
  const tile = page.getByTestId('board-tile-atMyLevel');
  await expect(tile).toContainText('在我这一级');
  await expect(tile.getByTestId('board-count')).toHaveText('1');
  await expect(page.getByTestId('board-tile-escalatedAbove')).toContainText('上级跟进');
  await expect(page.getByTestId('board-tile-escalatedAbove').getByTestId('board-count')).toHaveText('0');
  await tile.click();
  const row = page.getByTestId('board-level-atMyLevel').getByTestId('level-case-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-case', caseNumber);
  await expect(row.getByTestId('level-case-owner')).toHaveText(d.ownerName);
  await expect(row).toContainText('待评价');
  // Twelve tiles fit the board's width at 1366, labels whole (wrapped), the row's cells their columns.
  const fits = async () =>
    page
      .locator('.ld-board-tiles, .ld-board-tile, .ld-board-label, [data-testid="level-case-row"] td')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(await fits()).toEqual([]);
  await shot(page, 'board-at-my-level-zh.png');
  await new Shell(page).switchTo('en');
  await expect(tile).toContainText('At my level');
  await expect(page.getByTestId('board-tile-escalatedAbove')).toContainText('Escalated above');
  await expect(row).toContainText('To review');
  expect(await fits()).toEqual([]);
  await shot(page, 'board-at-my-level-en.png');
  await new Shell(page).switchTo('zh-CN');

  // 我的待办 of the supervisor lists it at their level; the row opens the case.
  await page.goto(`${host?.url}/#/work`);
  await expect(page.getByTestId('my-work-at-level')).toContainText('在我这一级 1 件');
  const mine = page.getByTestId('my-at-level-table').getByTestId('level-case-row');
  await expect(mine).toHaveAttribute('data-case', caseNumber);
  await shot(page, 'my-work-at-my-level-zh.png');
  await mine.click();
  await expect(page.getByTestId('handling-page')).toHaveAttribute('data-case-number', caseNumber);
});

test('the supervisor re-classifies the closed case with a reason; the clerk is offered no button', async ({
  page,
}) => {
  await supervisorSignsIn(page);
  await deskCall(page, 'case.recordStep', {
    caseId,
    step: 6,
    fields: {
      contactAttempts: 0,
      resultTold: true,
      satisfaction: 'satisfied',
      summary: '已报审批，客户接受。',
    },
  });
  await deskCall(page, 'case.close', { caseId, nature: 'valid' });
  await openCase(page);
  await expect(page.getByTestId('case-nature')).toHaveAttribute('data-nature', 'valid');

  const dialog = page.getByTestId('reclassify-dialog');
  await new Shell(page).switchTo('en');
  await page.getByTestId('case-reclassify').click();
  await expect(dialog.getByTestId('reclassify-now')).toContainText('Valid');
  await dialog.getByTestId('reclassify-nature').getByText('To improve').click();
  await dialog.getByTestId('reclassify-reason').fill('The callback found the refund process needs improving');
  await dialogSettled(dialog);
  await shot(page, 'reclassify-en.png');
  // A reason typed is not thrown away by a stray Esc: the dialog asks, and keeping it is the default.
  const question = page.locator('.ld-discard-confirm');
  await page.keyboard.press('Escape');
  await expect(question).toContainText('Discard what you typed?');
  await expect(page.getByTestId('discard-confirm-keep')).toBeFocused();
  await shot(page, 'reclassify-discard-en.png');
  await page.keyboard.press('Enter');
  await expect(question).toHaveCount(0);
  await expect(dialog.getByTestId('reclassify-reason')).toHaveValue(
    'The callback found the refund process needs improving',
  );
  // A click beside the dialog does not close it either.
  await page.mouse.click(8, 700);
  await expect(dialog.getByTestId('reclassify-reason')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('discard-confirm-ok').click();
  await expect(dialog).toHaveCount(0);
  await new Shell(page).switchTo('zh-CN');

  await page.getByTestId('case-reclassify').click();
  await expect(dialog.getByTestId('reclassify-now')).toContainText('有效');
  // The nature now is not offered; nothing to confirm until a nature and a reason are given.
  await expect(dialog.getByTestId('reclassify-nature').getByRole('radio', { name: '有效' })).toBeDisabled();
  await expect(page.getByTestId('reclassify-dialog-ok')).toBeDisabled();
  // A greyed-out OK says why, beside it.
  const waiting = page.getByTestId('reclassify-dialog-waiting');
  await expect(waiting).toHaveText('选择新的性质后才能提交。');
  await expect(page.getByTestId('reclassify-dialog-ok')).toHaveAttribute(
    'aria-describedby',
    'reclassify-dialog-waiting',
  );
  await dialog.getByTestId('reclassify-nature').getByText('待改进').click();
  await expect(page.getByTestId('reclassify-dialog-ok')).toBeDisabled();
  await expect(waiting).toHaveText('填写原因后才能提交。');
  await dialogSettled(dialog);
  await shot(page, 'reclassify-waiting-zh.png');
  await dialog.getByTestId('reclassify-reason').fill('回访发现退费流程需要改进');
  await expect(page.getByTestId('reclassify-dialog-ok')).toBeEnabled();
  await expect(waiting).toHaveCount(0);
  await dialogSettled(dialog);
  await shot(page, 'reclassify-zh.png');
  await page.getByTestId('reclassify-dialog-ok').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('case-nature')).toHaveAttribute('data-nature', 'to_improve');
  await expect(page.getByTestId('case-nature')).toContainText('待改进');
  const d = await deskCall<CaseDetail>(page, 'case.get', { caseId });
  expect(d.timeline.at(-1)?.payload).toEqual({ nature: 'to_improve', reason: '回访发现退费流程需要改进' });

  await signInAs(page, 'li', '李柜员', '柜面');
  await openCase(page);
  await expect(page.getByTestId('case-nature')).toHaveAttribute('data-nature', 'to_improve');
  await expect(page.getByTestId('case-reclassify')).toHaveCount(0);
});
