/**
 * Issue 9 in the browser. An administrator sets the branch's working hours
 * (the desk's refusal of overlapping hours lands under the weekday), closes
 * the branch for a day, imports next year's official schedule from an
 * iCalendar file with Windows line ends (preview, then save), and changes a
 * deadline rule (a figure out of range is refused on its field). Then the
 * walk: a counter clerk takes an urgent complaint and misses its handling
 * deadline (the desk's clock is moved on: ./pages/clockHost.ts), sees it red
 * in 我的待办 with an alert in the top bar and a toast; the supervisor's
 * board shows it, in English too; the case is closed and its callback
 * recorded, and the board's callback figures follow.
 * Each test runs a browser-mode host of its own. Set LOOPDESK_SHOTS_DIR to
 * keep screenshots (1366x768, zh-CN and English).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CalendarSettings, RulesSettings } from './pages/CalendarPages';
import { clockHost } from './pages/clockHost';
import { deskCall, toastsGone } from './pages/desk';
import { IntakePage } from './pages/IntakePage';
import { useOwnHost } from './pages/ownHost';
import { SetupPage } from './pages/SetupPage';
import { Shell } from './pages/Shell';
import { hireStaff, roundTheClockWeek, signInAs } from './pages/staff';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const ADMIN = { name: '周管理员', login: 'zhou', pin: '246810' };

/** First-run setup of every desk in this spec: one branch, its administrator. */
const BRANCH_SETUP = {
  branchName: '深圳南山营业厅',
  branchCode: 'SN',
  deviceCode: '01',
  adminName: ADMIN.name,
  adminLogin: ADMIN.login,
  pin: ADMIN.pin,
};

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await toastsGone(page);
  // An error notification (a refusal shown earlier) closes by itself after a few seconds.
  await expect(page.locator('.ant-notification-notice')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** An all-day iCalendar event (DTEND exclusive), as the State Council calendars are published. */
function vevent(from: string, to: string, summary: string): string[] {
  return [
    'BEGIN:VEVENT',
    `DTSTART;VALUE=DATE:${from}`,
    `DTEND;VALUE=DATE:${to}`,
    `SUMMARY:${summary}`,
    'END:VEVENT',
  ];
}

/** A 2027 schedule (test data) with CRLF line ends, as a Windows machine saves it. */
const ICS_2027 = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//loopdesk-e2e//CN',
  'X-WR-CALNAME:2027 节假日',
  ...vevent('20270101', '20270104', '元旦(休)'),
  ...vevent('20270205', '20270213', '春节(休)'),
  ...vevent('20270131', '20270201', '春节(班)'),
  ...vevent('20270220', '20270221', '春节(班)'),
  ...vevent('20270403', '20270406', '清明节(休)'),
  ...vevent('20270501', '20270506', '劳动节(休)'),
  ...vevent('20270425', '20270426', '劳动节(班)'),
  ...vevent('20271001', '20271008', '国庆节(休)'),
  ...vevent('20270926', '20270927', '国庆节(班)'),
  'END:VCALENDAR',
  '',
].join('\r\n');

const host = useOwnHost('loopdesk-e2e-deadlines-');
let filesDir = '';

test.beforeAll(() => {
  filesDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-deadline-files-'));
  writeFileSync(path.join(filesDir, '2027.ics'), ICS_2027);
  writeFileSync(
    path.join(filesDir, 'broken.json'),
    JSON.stringify(
      { year: 2027, source: '错误的文件', daysOff: ['2027-02-30'], makeUpWorkdays: [] },
      null,
      2,
    ),
  );
});

test.afterAll(() => {
  rmSync(filesDir, { recursive: true, force: true });
});

test('an administrator edits the working hours, closes a day and imports next year’s schedule', async ({
  page,
}) => {
  await page.goto(host.url);
  const setup = new SetupPage(page);
  await setup.expectShown();
  await setup.complete(BRANCH_SETUP);
  const shell = new Shell(page);
  await shell.expectSignedIn(ADMIN.name, '管理员');

  const cal = new CalendarSettings(page);
  await cal.open();
  await expect(cal.covered()).toHaveText('已有 2020–2026 年的国务院放假安排');
  await expect(cal.time('mon', 0, 'from')).toHaveValue('09:00');
  await expect(cal.time('mon', 1, 'to')).toHaveValue('17:30');
  await expect(page.getByTestId('cal-sat')).toContainText('休息');
  await expect(cal.save()).toBeDisabled();

  // Saturday mornings open; Monday afternoon typed so that it overlaps the morning.
  await page.getByTestId('cal-sat-add').click();
  await cal.time('sat', 0, 'to').fill('12:00');
  await cal.time('mon', 1, 'from').fill('11:30');
  await expect(page.getByTestId('cal-dirty')).toBeVisible();
  await cal.save().click();
  await expect(cal.dayError('mon')).toHaveText(
    '这一时段与前一时段重叠或排在它之前：请按时间顺序填写，且不要重叠。',
  );
  await expect(cal.time('mon', 1, 'from')).toBeFocused();
  await expect(page.getByTestId('desk-error')).toBeVisible();
  await cal.time('mon', 1, 'from').fill('13:30');

  // A closure with its reason; Ctrl+Enter saves.
  await page.getByTestId('cal-closure-add').click();
  const date = page.getByTestId('cal-closure-date-0');
  await date.click();
  await date.fill('2026-12-24');
  await date.press('Enter');
  await page.getByTestId('cal-closure-reason-0').fill('网点装修');
  await page.getByTestId('cal-closure-reason-0').press('Control+Enter');
  await expect(page.getByTestId('cal-set-by')).toContainText(`${ADMIN.name} 于`);
  await expect(cal.dayError('mon')).toHaveCount(0);
  await expect(cal.save()).toBeDisabled();
  await expect(page.getByTestId('cal-week-total')).toHaveText('每周共 40 小时');

  // What was saved is what the desk now says.
  await page.reload();
  await expect(cal.time('mon', 1, 'from')).toHaveValue('13:30');
  await expect(cal.time('sat', 0, 'from')).toHaveValue('09:00');
  await expect(cal.time('sat', 0, 'to')).toHaveValue('12:00');
  await expect(page.getByTestId('cal-closure-date-0')).toHaveValue('2026-12-24');
  await expect(page.getByTestId('cal-closure-reason-0')).toHaveValue('网点装修');

  // Import: a broken file is refused with its reason and nothing saved; then next year's schedule.
  await page.getByTestId('cal-import').click();
  await expect(cal.dialog()).toBeVisible();
  await expect(page.getByTestId('cal-import-choose')).toBeFocused();
  await cal.chooseFile(path.join(filesDir, 'broken.json'));
  await expect(page.getByTestId('cal-import-error')).toContainText('2027-02-30');
  await expect(page.getByTestId('cal-import-apply')).toBeDisabled();
  await cal.chooseFile(path.join(filesDir, '2027.ics'));
  await expect(page.getByTestId('cal-import-year')).toHaveText('2027');
  await expect(page.getByTestId('cal-import-replaces')).toHaveText('新增 2027 年的放假安排');
  await expect(page.getByTestId('cal-import-daysoff')).toContainText('02-05–02-12');
  await expect(page.getByTestId('cal-import-makeup')).toContainText('01-31');
  await shot(page, 'calendar-import-zh.png');
  await page.getByTestId('cal-import-apply').click();
  await expect(cal.dialog()).toBeHidden();
  await expect(cal.covered()).toHaveText('已有 2020–2027 年的国务院放假安排');
  await expect(cal.yearRow(2027).getByTestId('cal-year-origin')).toHaveText('导入');
  await expect(cal.yearRow(2026).getByTestId('cal-year-origin')).toHaveText('内置');
  await expect(page.getByTestId('cal-coverage-warning')).toHaveCount(0);
  await shot(page, 'calendar-zh.png');

  // Deadline rules: each with its unit and default; out of range is refused on its field.
  const rules = new RulesSettings(page);
  await rules.open();
  await expect(rules.row('entryWorkingMinutes')).toContainText('工作分钟');
  await expect(page.getByTestId('rule-entryWorkingMinutes-default')).toHaveText('默认：120 工作分钟');
  await expect(page.getByTestId('rule-retentionYears-default')).toHaveText('默认：3 年');
  await rules.input('entryWorkingMinutes').fill('0');
  await rules.save().click();
  await expect(rules.row('entryWorkingMinutes').locator('.ld-field-errors')).toHaveText('不能小于 1。');
  await expect(rules.input('entryWorkingMinutes')).toBeFocused();
  await rules.input('entryWorkingMinutes').fill('90');
  await rules.input('entryWorkingMinutes').press('Control+Enter');
  await expect(page.getByTestId('rules-set-by')).toContainText(`${ADMIN.name} 于`);
  await expect(page.getByTestId('rule-entryWorkingMinutes-default')).toHaveClass(/ld-rule-changed/);
  await shot(page, 'rules-zh.png');

  await shell.switchTo('en');
  await expect(page.getByTestId('nav-rules')).toHaveText('Deadline rules');
  await expect(page.getByTestId('rule-entryWorkingMinutes-default')).toHaveText(
    'Default: 120 working minutes',
  );
  await shot(page, 'rules-en.png');
  await page.getByTestId('nav-calendar').click();
  await expect(cal.covered()).toHaveText('Official schedules known for 2020–2027');
  await expect(cal.yearRow(2027).getByTestId('cal-year-origin')).toHaveText('Imported');
  await shot(page, 'calendar-en.png');
  // The same file again: the preview says it replaces the import; Esc leaves it unsaved.
  await page.getByTestId('cal-import').click();
  await cal.chooseFile(path.join(filesDir, '2027.ics'));
  await expect(page.getByTestId('cal-import-replaces')).toHaveText(
    'Replaces the 2027 schedule imported before',
  );
  await shot(page, 'calendar-import-en.png');
  await page.keyboard.press('Escape');
  await expect(cal.dialog()).toBeHidden();
  await shell.switchTo('zh-CN');
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CLERK = { name: '王柜员', login: 'wang', pin: '1357' };
const SUPERVISOR = { name: '赵主管', login: 'zhao', pin: '135790' };

const workRow = (page: Page, caseNumber: string, kind: string) =>
  page.locator(`[data-testid="work-row"][data-case="${caseNumber}"][data-kind="${kind}"]`);

test('a clerk misses a deadline, the board shows it, a callback is recorded; in English too', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-walk-'));
  const desk = await clockHost(dir);
  const shell = new Shell(page);
  try {
    await page.goto(desk.url);
    await new SetupPage(page).complete(BRANCH_SETUP);
    await shell.expectSignedIn(ADMIN.name, '管理员');
    // Arranged through the API (the first test walks these screens): the staff, and a
    // round-the-clock calendar, the next week's dates worked even if they are public
    // holidays, so the deadlines below fall the same on any day the spec runs.
    await hireStaff(page, [
      [CLERK, 'counter'],
      [SUPERVISOR, 'supervisor'],
    ]);
    const start = await desk.now();
    await roundTheClockWeek(page, start);
    await shell.signOut();

    // The clerk takes an urgent complaint: handling is due within 30 working minutes.
    await signInAs(page, CLERK, '柜面');
    await shell.newComplaintByShortcut();
    await new IntakePage(page).submit({
      name: '陈女士',
      phone: '13800138000',
      gender: '女',
      customerKind: '新客户',
      severity: '紧急',
      category: '增值业务订购',
      account: '客户称被强行订购增值业务后手机停机，家中有老人需要紧急联系，要求立即恢复通话。',
    });
    await expect(page).toHaveURL(/#\/cases\/[0-9a-f-]{36}$/);
    const caseId = /#\/cases\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    const caseNumber = (await page.getByTestId('handling-page').getAttribute('data-case-number')) ?? '';
    expect(caseNumber).not.toBe('');

    // 我的待办 by its shortcut: handling due soon (orange), not yet late.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('w');
    await expect(page.getByTestId('my-work-page')).toBeVisible();
    await expect(page).toHaveURL(/#\/work$/);
    const handling = workRow(page, caseNumber, 'handling');
    await expect(handling).toHaveAttribute('data-state', 'due_soon');
    await expect(handling.getByTestId('work-state')).toHaveText('即将到期');
    await expect(page.getByTestId('my-work-overdue')).toHaveText('0 项已超时');

    // An hour passes at the desk: the scheduler raises the alert, the toast and the count show it.
    await desk.advance(HOUR);
    await expect(page.getByTestId('alert-toast')).toBeVisible();
    await expect(page.getByTestId('alert-toast-body')).toContainText(`已超时 · 处理 · ${caseNumber}`);
    await expect(handling).toHaveAttribute('data-state', 'overdue');
    await expect(handling.getByTestId('work-state')).toHaveText('已超时');
    await expect(page.getByTestId('my-work-overdue')).toHaveText('1 项已超时');
    const bell = page.getByTestId('alert-bell');
    const raised = Number(await bell.getAttribute('data-count'));
    expect(raised).toBeGreaterThanOrEqual(1);
    await expect(page.locator('.ant-notification-notice')).toHaveCount(0, { timeout: 15_000 });
    await shot(page, 'my-work-zh.png');
    await shell.switchTo('en');
    await expect(handling.getByTestId('work-state')).toHaveText('Overdue');
    await expect(page.getByTestId('my-work-overdue')).toHaveText('1 overdue');
    await shot(page, 'my-work-en.png');
    await shell.switchTo('zh-CN');

    // The list in the top bar: the overdue alert opens its case; acknowledging it lowers the count.
    await bell.click();
    const overdueAlert = page
      .getByTestId('alert-item')
      .filter({ hasText: caseNumber })
      .and(page.locator('[data-rule="overdue"]'));
    await expect(overdueAlert).toHaveCount(1);
    // The popover has finished opening (no motion class left) before the picture.
    await expect(page.locator('.ant-popover')).not.toHaveClass(/ant-zoom/);
    await shot(page, 'alerts-zh.png');
    await overdueAlert.getByTestId('alert-ack').click();
    await expect(overdueAlert).toHaveCount(0);
    await expect(bell).toHaveAttribute('data-count', String(raised - 1));
    // The focus stayed in the list: Esc closes it and goes back to the bell.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('alert-list')).toBeHidden();
    await expect(bell).toBeFocused();
    // Enter on a row opens the case.
    await handling.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/cases/${caseId}$`));
    await shell.signOut();

    // The supervisor's board: the clerk's missed deadline, by the B shortcut.
    await signInAs(page, SUPERVISOR, '主管');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('b');
    await expect(page.getByTestId('board-page')).toBeVisible();
    await expect(page.getByTestId('board-tile-overdue').getByTestId('board-count')).toHaveText('1');
    const boardRow = workRow(page, caseNumber, 'handling');
    await expect(boardRow).toContainText(CLERK.name);
    await expect(boardRow.getByTestId('work-state')).toHaveText('已超时');
    await shot(page, 'board-zh.png');

    await shell.switchTo('en');
    await expect(page.getByTestId('board-tile-overdue')).toContainText('Overdue');
    await expect(page.getByTestId('board-tile-overdue').getByTestId('board-count')).toHaveText('1');
    await expect(boardRow.getByTestId('work-state')).toHaveText('Overdue');
    await expect(boardRow.getByTestId('work-kind')).toHaveText('Handling');
    await shot(page, 'board-en.png');
    await page.getByTestId('nav-work').click();
    await expect(page.getByTestId('my-work-page')).toContainText('My work');
    await page.getByTestId('nav-board').click();
    await shell.switchTo('zh-CN');

    // Closed early by the supervisor: the callback is due; recorded, it leaves the list.
    await deskCall(page, 'case.close', {
      caseId,
      nature: 'valid',
      overrideReason: '客户同意先行结案，后续回访确认',
    });
    await page.getByTestId('board-reload').click();
    await page.getByTestId('board-tile-callbacksDue').click();
    await expect(page.getByTestId('board-tile-callbacksDue').getByTestId('board-count')).toHaveText('1');
    await expect(workRow(page, caseNumber, 'callback')).toBeVisible();
    await expect(page.getByTestId('board-tile-overdue').getByTestId('board-count')).toHaveText('0');
    await deskCall(page, 'case.callback.record', {
      caseId,
      outcome: 'reached',
      reachedWho: '陈女士本人',
      satisfaction: 5,
      comment: '网络已恢复，客户满意',
    });
    await page.getByTestId('board-reload').click();
    await expect(page.getByTestId('board-tile-callbacksDue').getByTestId('board-count')).toHaveText('0');
    await expect(workRow(page, caseNumber, 'callback')).toHaveCount(0);

    // Four days on (past the callback's due time): coverage counts it, done.
    await desk.advance(4 * DAY);
    await page.reload();
    await expect(page.getByTestId('signin-screen').or(page.getByTestId('board-page'))).toBeVisible();
    if (await page.getByTestId('signin-screen').isVisible()) await signInAs(page, SUPERVISOR, '主管');
    await page.getByTestId('nav-board').click();
    await expect(page.getByTestId('board-coverage')).toContainText('回访完成 1/1');
    await expect(page.getByTestId('board-coverage')).toContainText('100%');
    await shell.switchTo('en');
    await expect(page.getByTestId('board-coverage')).toContainText('Callbacks done 1/1');
    await shell.switchTo('zh-CN');
  } finally {
    await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the calendar warns 30 days before the official schedules run out, until next year is imported', async ({
  page,
}) => {
  // The desk's clock on 10 December of the seed's last year (2026), whenever the spec runs.
  const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-coverage-'));
  const desk = await clockHost(dir, Date.UTC(2026, 11, 10, 2, 0));
  try {
    await page.goto(desk.url);
    await new SetupPage(page).complete(BRANCH_SETUP);
    const cal = new CalendarSettings(page);
    await cal.open();
    await expect(page.getByTestId('cal-coverage-warning')).toHaveText(
      '放假安排只覆盖到 2026 年（还剩 21 天）。请尽快导入 2027 年的国务院放假安排，否则其中的节假日会按普通工作日计时。',
    );
    await shot(page, 'calendar-warning-zh.png');
    await new Shell(page).switchTo('en');
    await expect(page.getByTestId('cal-coverage-warning')).toContainText('ends with 2026 (21 days left)');
    await shot(page, 'calendar-warning-en.png');
    await page.getByTestId('cal-import').click();
    await cal.chooseFile(path.join(filesDir, '2027.ics'));
    await page.getByTestId('cal-import-apply').click();
    await expect(cal.dialog()).toBeHidden();
    await expect(page.getByTestId('cal-coverage-warning')).toHaveCount(0);
    await expect(cal.covered()).toHaveText('Official schedules known for 2020–2027');
  } finally {
    await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
