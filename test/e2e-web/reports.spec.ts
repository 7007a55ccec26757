/**
 * Issue 14's printed reports in the browser: a supervisor records a few
 * cases, opens 分析, opens 打印报告, makes the complaint analysis report as a
 * PDF (progress, then the download, whose text is read with pdftotext:
 * the title, the branch and the category names) and the callback report as
 * an XLSX (read back with SheetJS). Skips, saying why, without pdftotext.
 *
 * Runs on a host of its own (pages/ownHost.ts).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { expect, test } from '@playwright/test';
import { deskCall, enterAsAdmin } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { SignInPage } from './pages/SignInPage';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000 });

const own = useOwnHost('loopdesk-e2e-reports-', {
  page: { viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' },
});
const BOSS = { name: '钱主管', login: 'qian', secret: 'Boss-Pass-1357' };

let poppler = true;
try {
  execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
} catch {
  poppler = false;
}

test('a supervisor prints the complaint analysis report from the dashboard', async () => {
  test.skip(!poppler, 'pdftotext (poppler-utils) not installed');
  const page = own.page;
  await enterAsAdmin(page, own.url);
  await deskCall(page, 'staff.create', {
    name: BOSS.name,
    login: BOSS.login,
    role: 'supervisor',
    secretKind: 'password',
    secret: BOSS.secret,
  });
  await page.getByTestId('sign-out').click();
  await new SignInPage(page).signIn(BOSS.login, BOSS.secret);
  let n = 0;
  for (const category of ['banking.fees', 'banking.cards', 'telecom.billing']) {
    await deskCall(page, 'case.create', {
      customer: {
        name: `报告客户${n}`,
        phone: `1370000${String(n++).padStart(4, '0')}`,
        gender: 'female',
        returning: false,
      },
      channel: 'walk_in',
      category,
      severity: 'general',
      account: '客户反映费用问题。',
    });
  }

  await page.getByTestId('nav-analysis').click();
  await expect(page.getByTestId('analysis-page')).toBeVisible();
  await page.getByTestId('report-open').click();
  await expect(page.getByTestId('report-dialog')).toBeVisible();
  await page.getByTestId('report-which').getByText('投诉分析报告').click();
  await page.getByTestId('report-format').getByText('PDF', { exact: false }).click();
  await page.getByTestId('report-start').click();
  await expect(page.getByTestId('report-result')).toContainText('报告已生成', { timeout: 60_000 });
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('report-download').click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/^投诉分析报告-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.pdf$/);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', (await pdf.path())!, '-'], {
    encoding: 'utf8',
  }).replace(/\s+/g, '');
  for (const s of ['投诉分析报告', '一、投诉总量', '投诉件数3', '银行', '通信', '未记录'])
    expect(text, s).toContain(s);

  // Another report, as a workbook: choosing again starts afresh.
  await page.getByTestId('report-which').getByText('回访分析报告').click();
  await page.getByTestId('report-format').getByText('XLSX', { exact: false }).click();
  await page.getByTestId('report-start').click();
  await expect(page.getByTestId('report-result')).toContainText('报告已生成', { timeout: 30_000 });
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('report-download').click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/^回访分析报告-.*\.xlsx$/);
  const wb = XLSX.read(readFileSync((await xlsx.path())!), { type: 'buffer' });
  expect(wb.SheetNames).toEqual(['概况', '满意度分布', '各类别回访']);
  await page.getByTestId('report-close').click();
  await expect(page.getByTestId('report-dialog')).toHaveCount(0);
});
