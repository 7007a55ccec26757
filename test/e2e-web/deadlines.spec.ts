/**
 * Issue 9 in the browser: an administrator sets the branch's working hours
 * (the desk's refusal of overlapping hours lands under the weekday), closes
 * the branch for a day, imports next year's official schedule from an
 * iCalendar file with Windows line ends (preview, then save), and changes a
 * deadline rule (a figure out of range is refused on its field).
 * Runs a browser-mode host of its own. Set LOOPDESK_SHOTS_DIR to keep
 * screenshots (1366x768, zh-CN and English).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CalendarSettings, RulesSettings } from './pages/CalendarPages';
import { toastsGone } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { SetupPage } from './pages/SetupPage';
import { Shell } from './pages/Shell';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const ADMIN = { name: '周管理员', login: 'zhou', pin: '246810' };

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

let dataDir = '';
let filesDir = '';
let host: { url: string; stop: () => Promise<void> } | null = null;

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-e2e-deadlines-'));
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
  host = await ownHost(dataDir);
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(filesDir, { recursive: true, force: true });
});

test('an administrator edits the working hours, closes a day and imports next year’s schedule', async ({
  page,
}) => {
  await page.goto(host?.url ?? '/');
  const setup = new SetupPage(page);
  await setup.expectShown();
  await setup.complete({
    branchName: '深圳南山营业厅',
    branchCode: 'SN',
    deviceCode: '01',
    adminName: ADMIN.name,
    adminLogin: ADMIN.login,
    pin: ADMIN.pin,
  });
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
  await shell.switchTo('zh-CN');
});
