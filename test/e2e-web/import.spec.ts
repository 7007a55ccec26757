/**
 * 导入 / Import of a hand-kept complaint log (issue 13 item 2; docs/import.md
 * "On the desk"): a counter clerk is not offered it; a supervisor imports a
 * GBK CSV as Excel on a Chinese Windows saves it, maps the one channel the
 * taxonomy does not know on the unknown values screen, reads the preview
 * (counts, the row with a problem, the sample), imports, and finds the cases
 * on the case list; the same file again writes nothing. Screenshots of the
 * mapping, unknown values and preview screens in zh-CN and English at
 * 1366x768 (kept in LOOPDESK_SHOTS_DIR when set).
 *
 * Runs on a host of its own (the real desk core: staging route, preview and
 * import jobs).
 */
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { expect, test, type Page } from '@playwright/test';
import { chooseOption, selectRoot } from './pages/common';
import { enterAsAdmin, toastsGone } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { reportShot } from './pages/shots';
import { hireClerkAndSupervisor, signInAs as signInFresh, switchUserWith } from './pages/staff';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const PIN = '135790';
const host = useOwnHost('loopdesk-e2e-import-');
const signInAs = switchUserWith(PIN);

const FILE_NAME = '2024年投诉登记.csv';
/** Record 4 names a channel nobody knows; record 5 is dated in the future (a problem of its row). */
const LINES = [
  '投诉日期,客户姓名,联系电话,投诉渠道,投诉类别,投诉原因,处理结果,状态',
  '2024/3/5 14:30,王建国,13800138001,柜面,收费,信用卡年费被重复扣收两次,已退还年费,已结案',
  '2024/3/6,陈丽,13900139002,热线,银行/收费,"短信提醒服务被乱扣费，',
  '要求退还",,处理中',
  '2024/3/7 9:05,赵敏,13700137003,飞鸽传书,收费,转账手续费收取过高,已向客户解释收费标准,已结案',
  '2099/1/1,孙强,13600136004,柜面,收费,日期写错的一行,,处理中',
];
const CSV = iconv.encode(LINES.join('\r\n') + '\r\n', 'gbk');

async function chooseFile(page: Page): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: CSV });
}

/** The screen as it stands, in zh-CN then English, then back to zh-CN. */
async function shotsBothLanguages(page: Page, name: string, englishCheck: string): Promise<void> {
  const shell = new Shell(page);
  await reportShot(page, `${name}-zh.png`);
  await shell.switchTo('en');
  await expect(page.getByTestId('import-page')).toContainText(englishCheck);
  await reportShot(page, `${name}-en.png`);
  await shell.switchTo('zh-CN');
}

test('a counter clerk is not offered the import', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  await hireClerkAndSupervisor(page, PIN);
  await expect(page.getByTestId('import-open')).toBeVisible(); // an administrator is
  await signInAs(page, 'li', '李柜员', '柜面');
  await expect(page.getByTestId('case-list-page')).toBeVisible();
  await expect(page.getByTestId('import-open')).toHaveCount(0);
  await page.goto(`${host.url}/#/import`);
  await expect(page.getByTestId('import-forbidden')).toBeVisible();
});

test('a supervisor imports a GBK CSV, mapping the unknown channel', async ({ page }) => {
  await page.goto(host.url);
  await signInFresh(page, { name: '周主管', login: 'zhou', pin: PIN }, '主管');
  await toastsGone(page);
  await page.getByTestId('import-open').click();
  await expect(page.getByTestId('import-page')).toBeVisible();
  await expect(page.getByTestId('import-choose')).toBeFocused(); // the keyboard starts on the file button
  await chooseFile(page);

  // Columns: each header with the field it is read as.
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping).toBeVisible();
  await expect(page.getByTestId('import-file-name')).toContainText(FILE_NAME);
  await expect(mapping).toContainText('gb18030');
  await expect(mapping).toContainText('投诉渠道');
  await expect(selectRoot(page, 'import-field-0')).toContainText('投诉日期');
  await expect(selectRoot(page, 'import-field-3')).toContainText('渠道');
  await expect(selectRoot(page, 'import-field-5')).toContainText('投诉原因');
  await expect(selectRoot(page, 'import-field-7')).toContainText('状态');
  await shotsBothLanguages(page, 'import-mapping', 'Import as');

  // Unknown values: 飞鸽传书 is read as a letter.
  await page.getByTestId('import-next').click();
  const unknowns = page.getByTestId('import-unknowns');
  await expect(unknowns).toBeVisible();
  await expect(unknowns).toContainText('飞鸽传书');
  await expect(unknowns).toContainText('1 行（第 4 行起）');
  await shotsBothLanguages(page, 'import-unknowns', 'Value in the file');
  await chooseOption(page, selectRoot(page, 'import-unknown-0'), '信函');
  await expect(page.getByTestId('import-next')).toContainText('重新检查并继续');
  await page.getByTestId('import-next').click();

  // The preview: four rows, three cases, the future date listed against its row.
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('import-count-rows')).toContainText('4');
  await expect(page.getByTestId('import-count-write')).toContainText('3');
  await expect(page.getByTestId('import-count-already')).toContainText('0');
  await expect(page.getByTestId('import-count-problems')).toContainText('1');
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('投诉日期');
  await expect(problems.locator('tr', { hasText: '投诉日期' }).first()).toContainText('5');
  await shotsBothLanguages(page, 'import-preview', 'New cases to import');
  await page.getByTestId('import-tab-sample').click();
  const sample = page.getByTestId('import-sample');
  await expect(sample).toContainText('王建国');
  await expect(sample).toContainText('信函');
  await expect(sample).toContainText('已结案');

  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toContainText('导入完成：新增 3 件案件。');
  await reportShot(page, 'import-done-zh.png');
  await page.getByTestId('import-to-list').click();
  await expect(page.getByTestId('case-list-page')).toBeVisible();
  await expect(page.getByTestId('case-total')).toContainText('3');
  await expect(page.getByTestId('case-grid')).toContainText('王建国');
  await expect(page.getByTestId('case-grid')).toContainText('赵敏');
  await expect(page.getByTestId('case-grid')).not.toContainText('孙强');
});

test('in English, the same file again writes nothing', async ({ page }) => {
  await page.goto(host.url);
  await signInFresh(page, { name: '周主管', login: 'zhou', pin: PIN }, '主管');
  await toastsGone(page);
  await new Shell(page).switchTo('en');
  await page.getByTestId('import-open').click();
  await chooseFile(page);
  await expect(page.getByTestId('import-mapping')).toBeVisible();
  // 飞鸽传书 was remembered as a letter: no unknown value is left, so Next opens the preview.
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('import-count-write')).toContainText('0');
  await expect(page.getByTestId('import-count-already')).toContainText('3');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toContainText('Import finished: 0 new cases.');
  await reportShot(page, 'import-again-en.png');
  await page.getByTestId('import-to-list').click();
  await expect(page.getByTestId('case-total')).toContainText('3');
});

/** A workbook with a cover sheet first, and a log with no channel column and two phone columns. */
function workbook(): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([['2023 年投诉登记表说明'], ['按月登记，每月底汇总。']]),
    '说明',
  );
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['2023年客户投诉登记表'],
      [],
      ['日期', '姓名', '电话', '手机', '投诉类别', '投诉内容', '备注'],
      [
        '2023-06-01',
        '林小红',
        '020-88886666',
        '13500135005',
        '银行卡',
        '银行卡被吞，要求尽快退还',
        '已电话联系',
      ],
      ['2023-06-02', '黄大海', '020-88887777', '13500135006', '收费', '账户管理费未提前告知', ''],
    ]),
    '2023',
  );
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

test('a workbook: the log sheet is found, a missing channel gets a default, the cover sheet asks for the required columns', async ({
  page,
}) => {
  await page.goto(host.url);
  await signInFresh(page, { name: '周主管', login: 'zhou', pin: PIN }, '主管');
  await toastsGone(page);
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles({
    name: '2023投诉登记.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: workbook(),
  });
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping).toBeVisible();
  await expect(mapping).toContainText('第 3 行'); // the header row under the title
  await expect(selectRoot(page, 'import-sheet')).toContainText('2023');
  await expect(page.getByTestId('import-duplicate-3')).toContainText('与 C 列同为“联系电话”');
  await expect(page.getByTestId('import-ignored-6')).toBeVisible(); // 备注
  await expect(page.getByTestId('import-defaults')).toContainText('渠道');
  await chooseOption(page, selectRoot(page, 'import-default-channel'), '电话');
  await page.getByTestId('import-recheck').click();
  await expect(page.getByTestId('import-recheck')).toHaveCount(0);
  await expect(page.getByTestId('import-checking')).toHaveCount(0);
  await expect(page.getByTestId('import-defaults')).toContainText('电话'); // the chosen default stays shown
  await reportShot(page, 'import-workbook-mapping-zh.png');

  // The cover sheet names no field: its columns are shown and the required fields asked for; back to the log.
  await chooseOption(page, selectRoot(page, 'import-sheet'), '说明');
  await expect(page.getByTestId('import-missing-required')).toContainText('投诉日期');
  await expect(page.getByTestId('import-missing-required')).toContainText('客户姓名');
  await expect(page.getByTestId('import-next')).toBeDisabled();
  await reportShot(page, 'import-workbook-cover-zh.png');
  await chooseOption(page, selectRoot(page, 'import-sheet'), '2023');
  await expect(page.getByTestId('import-missing-required')).toHaveCount(0);
  await expect(page.getByTestId('import-checking')).toHaveCount(0);

  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('import-count-write')).toContainText('2');
  await expect(page.getByTestId('import-count-problems')).toContainText('0');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toContainText('导入完成：新增 2 件案件。');
  await page.getByTestId('import-to-list').click();
  await expect(page.getByTestId('case-total')).toContainText('5');
  await expect(page.getByTestId('case-grid')).toContainText('林小红');
});

/** A log whose name column is headed 来访者: no header row names 客户姓名. */
const VISITORS = (rows: string[]): Buffer =>
  Buffer.from(['日期,来访者,电话,投诉渠道,投诉类别,投诉原因', ...rows].join('\r\n') + '\r\n', 'utf8');

test('a log headed 来访者: the columns step asks for the customer name, the mapping is remembered', async ({
  page,
}) => {
  await page.goto(host.url);
  await signInFresh(page, { name: '周主管', login: 'zhou', pin: PIN }, '主管');
  await toastsGone(page);
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file').setInputFiles({
    name: '来访登记.csv',
    mimeType: 'text/csv',
    buffer: VISITORS([
      '2024/4/1 10:00,吴来访,13800138011,柜面,收费,年费被重复扣收',
      '2024/4/2,郑来访,13800138012,热线,收费,手续费未告知',
    ]),
  });
  const missing = page.getByTestId('import-missing-required');
  await expect(missing).toContainText('客户姓名');
  await expect(selectRoot(page, 'import-field-1')).toContainText('不导入');
  await expect(page.getByTestId('import-next')).toBeDisabled();
  await shotsBothLanguages(page, 'import-unmapped', 'Customer name');

  await chooseOption(page, selectRoot(page, 'import-field-1'), '客户姓名');
  await page.getByTestId('import-recheck').click();
  await expect(page.getByTestId('import-checking')).toHaveCount(0);
  await expect(missing).toHaveCount(0);
  await expect(selectRoot(page, 'import-field-1')).toContainText('客户姓名');
  await reportShot(page, 'import-unmapped-mapped-zh.png');
  await page.getByTestId('import-next').click();
  await expect(page.getByTestId('import-preview')).toBeVisible();
  await expect(page.getByTestId('import-count-write')).toContainText('2');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toContainText('导入完成：新增 2 件案件。');

  // The next log of that layout: 来访者 is read as the customer name, remembered.
  await page.getByTestId('import-other').click();
  await page.getByTestId('import-file').setInputFiles({
    name: '来访登记-5月.csv',
    mimeType: 'text/csv',
    buffer: VISITORS(['2024/5/6,冯来访,13800138013,柜面,收费,短信费']),
  });
  await expect(page.getByTestId('import-mapping')).toBeVisible();
  await expect(selectRoot(page, 'import-field-1')).toContainText('客户姓名');
  await expect(page.getByTestId('import-mapping')).toContainText('本网点记住的对应');
  await expect(missing).toHaveCount(0);
  await expect(page.getByTestId('import-next')).toBeEnabled();
});
