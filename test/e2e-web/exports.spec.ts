/**
 * 导出 / Export from the case list (issue 13; docs/exports.md): a counter
 * clerk is not offered it; a supervisor exports the list's current filter
 * as CSV and, in English, every case as XLSX, follows the job to the end and
 * downloads the file, which is read back (BOM and rows; the workbook with
 * SheetJS). The core refuses a clerk regardless
 * (test/integration/exports.test.ts).
 *
 * Runs on a host of its own. Set LOOPDESK_SHOTS_DIR to keep screenshots
 * (1366x768, zh-CN and English).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { expect, test, type Page } from '@playwright/test';
import { selectRoot, chooseOption } from './pages/common';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { hireClerkAndSupervisor, signInAs as signInFresh, switchUserWith } from './pages/staff';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const PIN = '135790';
const host = useOwnHost('loopdesk-e2e-exports-');
const signInAs = switchUserWith(PIN);

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(5, 760);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

const ACCOUNTS = [
  '客户反映信用卡年费被重复扣收两次，要求退还。',
  '=HYPERLINK("http://example.com") 客户称短信订阅被乱扣费',
  '宽带连续三天无法使用，报修后无人跟进。\n第二天再次来电。',
];

test('a counter clerk is not offered the export', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  await hireClerkAndSupervisor(page, PIN);
  for (const [i, account] of ACCOUNTS.entries()) {
    await deskCall(page, 'case.create', {
      customer: { name: `客户${i + 1}`, phone: `1380013800${i}`, gender: 'female', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: i === 1 ? 'major' : 'general',
      account,
    });
  }
  await signInAs(page, 'li', '李柜员', '柜面');
  await expect(page.getByTestId('case-total')).toContainText('3');
  await expect(page.getByTestId('export-open')).toHaveCount(0);
});

test('a supervisor exports the filtered list as CSV and downloads it', async ({ page }) => {
  await page.goto(host.url);
  await signInFresh(page, { name: '周主管', login: 'zhou', pin: PIN }, '主管');
  await expect(page.getByTestId('case-total')).toContainText('3');
  await chooseOption(page, selectRoot(page, 'filter-severity'), '一般');
  await expect(page.getByTestId('case-total')).toContainText('2');
  await page.getByTestId('export-open').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('当前列表的筛选条件');
  await dialog.getByText('CSV（Excel 可直接打开）').click();
  await shot(page, 'export-dialog-zh.png');
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toContainText('导出完成：共 2 件案件。');
  await shot(page, 'export-done-zh.png');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^loopdesk-cases-\d{8}-\d{4}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text).toContain('编号,受理时间,客户,电话');
  expect(text).toContain('宽带连续三天无法使用，报修后无人跟进。\n第二天再次来电。'); // inside its quoted cell
  expect(text).not.toContain('HYPERLINK'); // filtered out: a major case
  await page.getByTestId('export-close').click();
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('in English, every case as XLSX; the workbook reads back', async ({ page }) => {
  await page.goto(host.url);
  await signInFresh(page, { name: '周主管', login: 'zhou', pin: PIN }, '主管');
  await toastsGone(page);
  await new Shell(page).switchTo('en');
  await page.getByTestId('export-open').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Every case (no filter set)');
  await dialog.getByText('Received in a period').click();
  await page.getByTestId('export-start').click();
  await expect(dialog).toContainText('Pick the dates received.');
  await shot(page, 'export-period-en.png');
  await dialog.getByText('Every case (no filter set)').click();
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toContainText('Export finished: 3 cases.');
  await shot(page, 'export-done-en.png');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const wb = XLSX.read(readFileSync((await download.path())!), { type: 'buffer' });
  expect(wb.SheetNames).toEqual(['Cases']);
  const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Cases!, { header: 1, defval: '' });
  expect(rows[0]!.slice(0, 3)).toEqual(['Number', 'Received', 'Customer']);
  expect(rows.length).toBe(4);
  const thread = rows.map((r) => r[14]).join('\n');
  expect(thread).toContain('Complaint');
  expect(thread).toContain('=HYPERLINK'); // inside the thread line, after the time and name: not at the cell's start
});
