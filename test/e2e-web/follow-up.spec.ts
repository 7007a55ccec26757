/**
 * The follow-up of a case in the handling view (issue 9): contact attempts
 * (step 6 counts them, it does not take a typed count), actions added and
 * marked done with a result, pausing and resuming the clock with a reason,
 * and, once the case is closed, a callback with satisfaction; the timeline
 * describes each of these, in zh-CN and in English.
 *
 * Runs on a host of its own (pages/ownHost.ts). Set LOOPDESK_SHOTS_DIR to keep
 * screenshots (1366x768, zh-CN and English) of the handling view with the
 * follow-up card.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { chooseOption, selectRoot } from './pages/common';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { FollowUp } from './pages/FollowUp';
import { HandlingPage } from './pages/HandlingPage';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const DAY = 86_400_000;

const host = useOwnHost('loopdesk-e2e-follow-up-');

/** The validation message under the form field holding `testId`. */
function fieldError(page: Page, testId: string) {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error');
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await toastsGone(page);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** "YYYY-MM-DD HH:mm" `days` from now at `hour`, in the browser's (and this machine's) time zone. */
function at(days: number, hour: number, minute = 0): string {
  const d = new Date(Date.now() + days * DAY);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(hour)}:${p(minute)}`;
}

/** A case with steps 1-5 recorded (step 5's action becomes the first action item). */
async function caseAtStep6(page: Page): Promise<CaseDetail> {
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '陈女士', phone: '13900001111', gender: 'female', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户称信用卡年费被重复扣收，要求退还。',
  });
  const due = new Date(Date.now() + 2 * DAY).toISOString();
  const steps: Record<number, Record<string, unknown>> = {
    1: { apologyGiven: true, customerMood: 'angry' },
    2: {
      account: '客户称本月账单出现两笔年费。',
      factsWhat: '年费重复扣收',
      factsWhen: '本月账单',
      demand: '退还多扣的年费',
      recordConfirmed: true,
    },
    3: { complainantType: 'problem_solving', impact: 'financial_loss' },
    4: {
      resolvability: 'short_term',
      proposal: '核实后退还重复扣收的年费',
      promisedAt: due,
      customerAnswer: 'accept',
    },
    5: { actions: '提交退费申请', actionOwner: '李主管', actionDueAt: due },
  };
  for (const n of [1, 2, 3, 4, 5]) {
    await deskCall(page, 'case.recordStep', { caseId: c.id, step: n, fields: steps[n] });
  }
  return c;
}

test('contacts, actions, pause, close and callback in the handling view', async ({ page }) => {
  test.setTimeout(180_000);
  await enterAsAdmin(page, host.url);
  const c = await caseAtStep6(page);
  const handling = new HandlingPage(page);
  const fu = new FollowUp(page);
  await page.goto(`${host.url}/#/cases/${c.id}`);
  await handling.expectActiveStep(6, '跟进实施');
  await expect(fu.card()).toBeVisible();

  await test.step('step 6 shows the contact count from the records, not a box to type into', async () => {
    const count = handling.field('contactAttempts');
    await expect(count).toHaveAttribute('data-count', '0');
    await expect(count).toHaveText('0 次（来自联系记录）');
    await expect(page.locator('input#ld-field-contactAttempts')).toHaveCount(0);
    // "Record contact" beside the count opens the contacts tab with the cursor in its form.
    await fu.open('actions');
    await page.getByTestId('step-record-contact').click();
    await expect(page.getByTestId('contacts-tab')).toBeVisible();
    await expect(page.locator('#ld-contact-outcome')).toBeFocused();
  });

  await test.step('a contact before receipt is refused on its time field', async () => {
    await fu.choose('contact-outcome', '无人接听');
    await fu.pickDateTime('contact-at', at(0, 0, 0));
    await page.getByTestId('contact-submit').click();
    await expect(fu.fieldError('contact-at')).toContainText('受理');
    // Said under the field; no toast repeats it.
    await expect(page.getByTestId('desk-error')).toHaveCount(0);
    await expect(page.getByTestId('contact-item')).toHaveCount(0);
  });

  await test.step('record two contact attempts', async () => {
    await page.getByTestId('contact-at').locator('..').locator('.ant-picker-clear').click({ force: true });
    await page.getByTestId('contact-note').fill('下午再打');
    await page.getByTestId('contact-submit').click();
    await expect(page.getByTestId('contact-item')).toHaveCount(1);
    await expect(fu.fieldError('contact-at')).toHaveCount(0);
    // The second by keyboard only: "记录联系" puts the cursor on the outcome,
    // Tab walks channel, time and note, Enter records.
    await page.getByTestId('step-record-contact').click();
    await expect(page.locator('#ld-contact-outcome')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // On a busy machine the list may still be closing: Tab only once it has.
    await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0);
    await expect(page.locator('#ld-contact-outcome')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('contact-note')).toBeFocused();
    await page.keyboard.type('客户同意等待退费');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('contact-item')).toHaveCount(2);
    await expect(page.getByTestId('contact-item').first()).toContainText('已联系上');
    await expect(page.getByTestId('contact-item').first()).toContainText('客户同意等待退费');
    await expect(handling.field('contactAttempts')).toHaveAttribute('data-count', '2');
    await expect(fu.tab('contacts')).toContainText('2');
  });

  await test.step('step 5 added its action; add another and mark it done with a result', async () => {
    await fu.open('actions');
    await expect(page.getByTestId('action-item')).toHaveCount(1);
    await expect(page.getByTestId('action-item').first()).toContainText('提交退费申请');
    await page.getByTestId('action-what').fill('财务部核对扣费记录');
    await fu.choose('action-owner-kind', '部门');
    await page.getByTestId('action-owner-department').fill('财务部');
    // The picker offers no day in the past.
    await page.getByTestId('action-due').click();
    const panel = page.locator('.ant-picker-dropdown').filter({ visible: true }).last();
    const yesterday = at(-1, 0).slice(0, 10);
    const cell = panel.locator(`td[title="${yesterday}"]`);
    if ((await cell.count()) > 0) await expect(cell.first()).toHaveClass(/ant-picker-cell-disabled/);
    await page.keyboard.press('Escape');
    await fu.pickDateTime('action-due', at(1, 16));
    await page.getByTestId('action-submit').click();
    await expect(page.getByTestId('action-item')).toHaveCount(2);
    const added = page.getByTestId('action-item').filter({ hasText: '财务部核对扣费记录' });
    await expect(added).toContainText('财务部');
    await expect(added).toHaveAttribute('data-done', 'false');
    await shot(page, 'follow-up-actions-zh.png');
    await added.getByTestId('action-done').click();
    await added.getByTestId('action-result').fill('核对无误，已退还 120 元');
    await added.getByTestId('action-result').press('Control+Enter');
    await expect(added).toHaveAttribute('data-done', 'true');
    await expect(added).toContainText('核对无误，已退还 120 元');
  });

  await test.step('pause with a reason, then resume', async () => {
    await page.getByTestId('case-pause').click();
    const dialog = page.getByTestId('pause-dialog');
    await expect(dialog.getByRole('dialog')).toBeVisible();
    await expect(page.getByTestId('pause-dialog-ok')).toBeDisabled();
    // By keyboard: the cursor starts on the reasons, arrows choose, Ctrl+Enter confirms.
    await expect(dialog.getByRole('radio').first()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(dialog.getByRole('radio', { name: '等待第三方' })).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('pause-note')).toBeFocused();
    await page.keyboard.type('等银行回复');
    await page.keyboard.press('Control+Enter');
    await expect(dialog.getByRole('dialog')).toBeHidden();
    await expect(page.getByTestId('case-paused')).toHaveText('已暂停 · 等待第三方');
    // The result is due once every action is done: its clock stops while the case waits.
    const result = page.locator('[data-testid="deadline"][data-kind="result"]');
    await expect(result).toHaveAttribute('data-state', 'paused');
    await expect(result).toContainText('暂停中');
    await shot(page, 'follow-up-paused-zh.png');
    await page.getByTestId('case-resume').click();
    await expect(dialog.getByRole('dialog')).toBeVisible();
    await expect(page.getByTestId('pause-note')).toBeFocused();
    await page.getByTestId('pause-note').fill('银行已回复');
    await page.getByTestId('pause-dialog-ok').click();
    await expect(page.getByTestId('case-paused')).toHaveCount(0);
    await expect(result).not.toHaveAttribute('data-state', 'paused');
    await expect(page.getByTestId('case-pause')).toBeVisible();
  });

  await test.step('record step 6 with the counted contacts and close', async () => {
    await handling.tick('resultTold');
    await handling.choose('satisfaction', '满意');
    await handling.fill('summary', '重复扣收已退还，客户接受。');
    await handling.record(null);
    await page.getByTestId('step-nav-6').click();
    await expect(page.getByTestId('step-value-contactAttempts')).toHaveText('2');
    await handling.close();
    // A closed case opens on its callbacks; pausing is no longer offered.
    await expect(page.getByTestId('callbacks-tab')).toBeVisible();
    await expect(page.getByTestId('callback-state')).toHaveText('待回访');
    await expect(page.getByTestId('case-pause')).toHaveCount(0);
  });

  await test.step('a callback: satisfaction is required when the customer was reached', async () => {
    await fu.choose('callback-outcome', '无人接听');
    await page.getByTestId('callback-submit').click();
    await expect(page.getByTestId('callback-item')).toHaveCount(1);
    await expect(page.getByTestId('callback-state')).toHaveText('待回访');
    await fu.choose('callback-outcome', '已联系上');
    await page.getByTestId('callback-who').fill('客户本人');
    await page.getByTestId('callback-comment').fill('退费已到账，感谢');
    await shot(page, 'follow-up-callback-form-zh.png');
    await page.getByTestId('callback-submit').click();
    await expect(fu.fieldError('callback-satisfaction')).toBeVisible();
    await expect(page.getByTestId('callback-item')).toHaveCount(1);
    await page.getByTestId('callback-satisfaction').locator('li').nth(3).locator('div[role="radio"]').click();
    await page.getByTestId('callback-submit').click();
    await expect(page.getByTestId('callback-item')).toHaveCount(2);
    await expect(page.getByTestId('callback-state')).toHaveText('已回访');
    const reached = page.getByTestId('callback-item').filter({ hasText: '客户本人' });
    await expect(
      reached.getByTestId('callback-item-satisfaction').locator('.ant-rate-star-full'),
    ).toHaveCount(4);
    await expect(page.getByTestId('callback-form')).toHaveCount(0);
    // Deadlines met on time are counted, and listed on request.
    const metOnTime = page.locator('[data-testid="deadline"][data-state="met"]');
    await expect(metOnTime).toHaveCount(0);
    await page.getByTestId('deadlines-show-met').click();
    await expect(metOnTime.filter({ hasText: '回访' })).toBeVisible();
    await page.getByTestId('deadlines-show-met').click();
    await expect(metOnTime).toHaveCount(0);
  });

  await test.step('the timeline tells each follow-up event', async () => {
    const timeline = page.getByTestId('case-timeline');
    const line = (type: string) => timeline.locator(`[data-testid="timeline-entry"][data-type="${type}"]`);
    await expect(line('case.contact_attempted')).toHaveCount(2);
    await expect(line('case.contact_attempted').last()).toContainText('联系客户：电话 · 已联系上');
    await expect(line('case.action_added')).toHaveCount(2);
    await expect(line('case.action_added').last()).toContainText('新增行动项：财务部核对扣费记录（财务部');
    await expect(line('case.action_done')).toContainText('行动项完成：财务部核对扣费记录');
    await expect(line('case.paused')).toContainText('暂停计时：等待第三方');
    await expect(line('case.resumed')).toContainText('恢复计时');
    await expect(line('case.callback_recorded').last()).toContainText(
      '回访：已联系上（客户本人），满意度 4/5',
    );
    await expect(timeline).not.toContainText('其他记录');
    await page.locator('#ld-main').evaluate((el) => el.scrollTo({ top: 0 }));
    await shot(page, 'follow-up-callbacks-zh.png');
  });

  await test.step('the same in English', async () => {
    await new Shell(page).switchTo('en');
    await expect(fu.tab('callbacks')).toContainText('Callbacks');
    await expect(page.getByTestId('callback-state')).toHaveText('Called back');
    await expect(page.getByTestId('callback-item').first()).toContainText('Reached');
    const timeline = page.getByTestId('case-timeline');
    await expect(timeline).toContainText('Contact attempt: Phone · Reached');
    await expect(timeline).toContainText('Clock paused: Waiting for a third party');
    await expect(timeline).toContainText('Action done: 财务部核对扣费记录');
    await expect(timeline).toContainText('Callback: Reached (客户本人), satisfaction 4/5');
    await expect(timeline).not.toContainText('Other record');
    await shot(page, 'follow-up-callbacks-en.png');
    await fu.open('actions');
    await expect(page.getByTestId('action-submit')).toHaveText('Add action');
    await fu.open('contacts');
    await expect(page.getByTestId('contacts-tab')).toContainText(
      'Closed: record later contacts as callbacks',
    );
  });
});

test('three failed callbacks end the callback as unreachable', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  const c = await caseAtStep6(page);
  await deskCall(page, 'case.close', { caseId: c.id, nature: 'valid', overrideReason: '客户撤诉' });
  for (const outcome of ['no_answer', 'busy']) {
    await deskCall(page, 'case.callback.record', { caseId: c.id, outcome });
  }
  await page.goto(`${host.url}/#/cases/${c.id}`);
  const fu = new FollowUp(page);
  await expect(page.getByTestId('callbacks-tab')).toBeVisible();
  await expect(page.getByTestId('callback-state')).toHaveText('待回访');
  await expect(page.getByTestId('callbacks-tab')).toContainText('未联系上 2 / 3 次');
  await fu.choose('callback-outcome', '号码错误');
  // Satisfaction is asked only when someone was reached.
  await expect(page.getByTestId('callback-satisfaction')).toHaveCount(0);
  await page.getByTestId('callback-submit').click();
  await expect(page.getByTestId('callback-item')).toHaveCount(3);
  await expect(page.getByTestId('callback-state')).toHaveText('无法联系');
  await expect(page.getByTestId('callbacks-tab')).toContainText('已 3 次未联系上');
  await expect(page.getByTestId('callback-form')).toHaveCount(0);
  // The callback deadline ends unmet, as the supervisor's board counts it.
  const callback = page.locator('[data-testid="deadline"][data-kind="callback"]');
  await expect(callback).toHaveAttribute('data-state', 'ended');
  await expect(callback).toContainText('已结束');
  await shot(page, 'follow-up-unreachable-zh.png');
  // A later reach can still be recorded.
  await page.getByTestId('callback-again').click();
  await expect(page.getByTestId('callback-form')).toBeVisible();
});

test('an open case at step 6 in English: the follow-up card beside the step', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  const c = await caseAtStep6(page);
  await page.goto(`${host.url}/#/cases/${c.id}`);
  const fu = new FollowUp(page);
  await new HandlingPage(page).expectActiveStep(6, '跟进实施');
  await shot(page, 'follow-up-step6-zh.png');
  // The side column stays in view while the step's fields scroll up.
  await page.locator('#ld-main').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.getByTestId('step-record')).toBeInViewport();
  await expect(fu.card()).toBeInViewport();
  await shot(page, 'follow-up-step6-scrolled-zh.png');
  await new Shell(page).switchTo('en');
  await expect(page.getByTestId('case-pause')).toHaveText('Pause clock');
  await expect(fu.tab('contacts')).toHaveText('Contacts');
  await expect(new HandlingPage(page).field('contactAttempts')).toHaveText('0 (from the contact records)');
  await expect(page.getByTestId('contact-submit')).toHaveText('Record contact');
  await shot(page, 'follow-up-step6-en.png');
  await fu.open('actions');
  await shot(page, 'follow-up-actions-en.png');
  await new Shell(page).switchTo('zh-CN');
});

test('a late entry: intake asks why, the case shows its deadlines, the list its due state', async ({
  page,
}) => {
  await enterAsAdmin(page, host.url);
  await page.goto(`${host.url}/#/new`);
  await expect(page.getByTestId('intake-page')).toBeVisible();
  await page.getByTestId('intake-name').fill('周先生');
  await page.getByTestId('intake-gender').getByText('男', { exact: true }).click();
  await chooseOption(page, selectRoot(page, 'intake-category'), '增值业务订购');
  await page.getByTestId('intake-account').fill('两周前来电投诉宽带断网，当时未登记。');
  const received = page.getByTestId('intake-received');
  await received.click();
  await received.fill(at(-14, 10));
  await received.press('Enter');
  await page.getByTestId('intake-page').locator('.ant-card-head-title').click(); // the picker closes
  await page.getByTestId('intake-reason').fill('当时系统故障，事后补录');
  await page.getByTestId('intake-account').press('Control+Enter');
  // Entered later than the entry rule: the desk asks for the reason, on its own field.
  await expect(page.getByTestId('intake-late-reason')).toBeVisible();
  await expect(page.getByTestId('intake-late-reason')).toBeFocused();
  await expect(fieldError(page, 'intake-late-reason')).toContainText('晚录原因');
  await expect(page.getByTestId('desk-error')).toHaveCount(0);
  await shot(page, 'intake-late-reason-zh.png');
  await page.getByTestId('intake-late-reason').fill('值班人员漏登，主管发现后补录');
  await page.getByTestId('intake-account').press('Control+Enter');
  await expect(page.getByTestId('handling-page')).toBeVisible();
  const number = await new HandlingPage(page).caseNumber();
  await expect(page.getByTestId('case-late-reason')).toHaveText('值班人员漏登，主管发现后补录');
  await expect(page.getByTestId('timeline-late-reason')).toContainText('晚录原因：值班人员漏登');

  const deadline = (kind: string) => page.locator(`[data-testid="deadline"][data-kind="${kind}"]`);
  await expect(deadline('entry')).toHaveAttribute('data-state', 'met_late');
  await expect(deadline('entry')).toContainText('超时完成');
  await expect(deadline('handling')).toHaveAttribute('data-state', 'overdue');
  await expect(deadline('handling').getByTestId('deadline-left')).toContainText('超');
  await shot(page, 'deadlines-overdue-zh.png');

  await page.getByTestId('case-back').click();
  const row = page.locator(`[data-testid="case-row"][data-case-number="${number}"]`);
  await expect(row.getByTestId('case-row-due')).toHaveAttribute('data-state', 'overdue');
  await expect(row.getByTestId('case-row-due')).toContainText('已超时');
  await chooseOption(page, selectRoot(page, 'filter-due'), '暂停中');
  await expect(row).toHaveCount(0);
  await chooseOption(page, selectRoot(page, 'filter-due'), '已超时');
  await expect(row).toBeVisible();
  await expect(page.getByTestId('case-row').first()).toHaveAttribute('data-case-number', number);
  await shot(page, 'case-list-due-zh.png');

  await new Shell(page).switchTo('en');
  await expect(page.getByRole('columnheader', { name: 'Due' })).toBeVisible();
  await expect(row.getByTestId('case-row-due')).toContainText('Overdue');
  await shot(page, 'case-list-due-en.png');
  await row.click();
  await expect(page.getByTestId('case-deadlines')).toContainText('Deadlines');
  await expect(deadline('entry')).toContainText('Done late');
  await expect(deadline('handling').getByTestId('deadline-left')).toContainText('late');
  await expect(page.getByTestId('case-late-reason')).toBeVisible();
  await shot(page, 'deadlines-overdue-en.png');
  await new Shell(page).switchTo('zh-CN');
});
