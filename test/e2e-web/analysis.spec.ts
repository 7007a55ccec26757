/**
 * Issue 14's analysis dashboard in the browser: a supervisor records a few
 * cases (banking 3: fees 2, cards 1; telecom 2; insurance 1, women and men),
 * opens 分析 from the top bar and sees the figures (the count, the Pareto,
 * the breakdowns, the cross-tab; what nobody recorded says so instead of 0),
 * clicks the top category's bar and lands on the case list showing exactly
 * those cases, with a chip that names the drill and removes it; a cross-tab
 * cell drills into both its values; the keyboard reaches a chart and drills
 * from it. At 1366x768 the tiles and the Pareto are on screen without
 * scrolling, in zh-CN and in English (screenshots to LOOPDESK_SHOTS_DIR).
 *
 * Runs on a host of its own (pages/ownHost.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { deskCall, enterAsAdmin } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { reportShot } from './pages/shots';
import { SignInPage } from './pages/SignInPage';

test.describe.configure({ mode: 'serial' });
const VIEW = { width: 1366, height: 768 };
test.use({ actionTimeout: 15_000 });

/** One page for the whole walk (the supervisor stays signed in from test to test). */
const own = useOwnHost('loopdesk-e2e-analysis-', { page: { viewport: VIEW, timezoneId: 'Asia/Shanghai' } });
const BOSS = { name: '钱主管', login: 'qian', secret: 'Boss-Pass-1357' };

/** The arranged cases: category, gender; their numbers by category. */
const CASES = [
  ['banking.fees', 'female'],
  ['banking.fees', 'male'],
  ['banking.cards', 'female'],
  ['telecom.billing', 'female'],
  ['telecom.billing', 'male'],
  ['insurance.claims_counter', 'female'],
] as const;
const numbers: { category: string; gender: string; number: string }[] = [];

async function arrange(page: Page): Promise<void> {
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
  for (const [category, gender] of CASES) {
    const c = await deskCall<CaseDetail>(page, 'case.create', {
      customer: {
        name: `分析客户${n}`,
        phone: `1390000${String(n++).padStart(4, '0')}`,
        gender,
        returning: false,
      },
      channel: 'walk_in',
      category,
      severity: 'general',
      account: '客户反映费用问题。',
      // One customer's region: the breakdown names it by the organisation's list (城区 / City), not its code.
      ...(n === 1 ? { region: 'city' } : {}),
    });
    numbers.push({ category, gender, number: c.number });
  }
}

const shown = async (page: Page) =>
  (
    await page
      .getByTestId('case-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-case-number') ?? ''))
  ).sort();
const want = (pick: (c: (typeof numbers)[number]) => boolean) =>
  numbers
    .filter(pick)
    .map((c) => c.number)
    .sort();

/** Whether the element's box lies wholly inside the viewport. */
async function onScreen(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= VIEW.height && box.x + box.width <= VIEW.width;
}

/** Clicks the Pareto's first (largest) bar: the SVG path of the bar series' first item. */
async function clickTopBar(page: Page): Promise<void> {
  const chart = page.getByTestId('analysis-pareto');
  await expect(chart.locator('svg')).toBeVisible();
  // ECharts SVG: bars are <path> elements; the first bar is the leftmost filled with the top colour.
  const bars = chart.locator('path[fill="#1677ff"]');
  await expect(bars.first()).toBeVisible();
  const boxes = await bars.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
  const bar = boxes.filter((b) => b.w > 4 && b.h > 4).sort((a, b) => a.x - b.x)[0]!;
  await page.mouse.click(bar.x + bar.w / 2, bar.y + bar.h / 2);
}

test('a supervisor sees the figures and drills from the top category into its cases', async () => {
  const page = own.page;
  await enterAsAdmin(page, own.url);
  await arrange(page);

  await page.getByTestId('nav-analysis').click();
  await expect(page.getByTestId('analysis-page')).toBeVisible();
  await expect(page.getByTestId('analysis-kpi-count').getByTestId('analysis-kpi-value')).toHaveText('6');
  // Nobody recorded a business volume, and only one case a region: said so, never 0.
  await expect(page.getByTestId('analysis-kpi-perVolume')).toContainText('未录入业务量');
  await expect(page.getByTestId('analysis-breakdown-region')).toContainText('未记录');
  await expect(page.getByTestId('analysis-breakdown-region')).toContainText('城区');
  // The Pareto names the categories and states the top three's share.
  const pareto = page.getByTestId('analysis-pareto');
  await expect(pareto).toContainText('银行');
  await expect(pareto).toContainText('前三大类占 100%');
  // The cross-tab: women 4 (banking 2 = 50%), men 2.
  const xtab = page.getByTestId('analysis-crosstab-gender');
  await expect(xtab).toContainText('女');
  expect(await onScreen(page, 'analysis-tiles')).toBe(true);
  expect(await onScreen(page, 'analysis-pareto-card')).toBe(true);
  await reportShot(page, 'analysis-zh-CN.png');

  await clickTopBar(page);
  await expect(page.getByTestId('case-list-page')).toBeVisible();
  await expect(page.getByTestId('analysis-drill-chip')).toContainText('银行');
  await expect.poll(() => shown(page)).toEqual(want((c) => c.category.startsWith('banking.')));
  await expect(page.getByTestId('case-total')).toContainText('3');
  await reportShot(page, 'analysis-drill-zh-CN.png');

  // The chip removes the drill: every case again.
  await page.getByTestId('analysis-drill-remove').click();
  await expect(page.getByTestId('analysis-drill-chip')).toHaveCount(0);
  await expect.poll(() => shown(page)).toEqual(want(() => true));
});

test('a cross-tab cell drills into both its values, and the keyboard drills from a chart', async () => {
  const page = own.page;
  await page.getByTestId('nav-analysis').click();
  const cell = page.getByTestId('analysis-crosstab-gender').getByRole('button', { name: /男 · 银行/ });
  await cell.click();
  await expect
    .poll(() => shown(page))
    .toEqual(want((c) => c.gender === 'male' && c.category.startsWith('banking.')));
  await expect(page.getByTestId('analysis-drill-chip')).toContainText('性别 男');

  // Back to the dashboard; the Pareto by keyboard: focus, arrow to the second bar, Enter.
  await page.getByTestId('analysis-drill-back').click();
  await page.getByTestId('analysis-pareto').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect.poll(() => shown(page)).toEqual(want((c) => c.category.startsWith('telecom.')));
});

test('in English at 1366x768: the names and the words, the tiles and the Pareto on screen', async () => {
  const page = own.page;
  await page.getByTestId('nav-analysis').click();
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('analysis-page')).toBeVisible();
  await expect(page.getByTestId('analysis-kpi-perVolume')).toContainText('No volume recorded');
  await expect(page.getByTestId('analysis-pareto')).toContainText('Banking');
  await expect(page.getByTestId('analysis-breakdown-region')).toContainText('Not recorded');
  await expect(page.getByTestId('analysis-breakdown-region')).toContainText('City');
  expect(await onScreen(page, 'analysis-tiles')).toBe(true);
  expect(await onScreen(page, 'analysis-pareto-card')).toBe(true);
  await reportShot(page, 'analysis-en.png');
  await page.locator('#ld-main').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await reportShot(page, 'analysis-en-bottom.png');
});

test('from the Pareto to a rectification item: a link per top category, by keyboard, with the open count', async () => {
  const page = own.page;
  // Still in English from the test before.
  await page.getByTestId('nav-analysis').click();
  const links = page.getByTestId('analysis-rect-mainCategory');
  await expect(links).toContainText('Open rectification:');
  await expect(page.getByTestId('analysis-rect-mainCategory-banking')).toHaveText('Banking');
  const staff = await deskCall<{ id: string; name: string }[]>(page, 'staff.list', {});
  await deskCall(page, 'rectification.open', {
    scope: { dim: 'mainCategory', value: 'banking' },
    defect: '收费未事先告知',
    measure: '柜台张贴收费标准',
    owner: staff.find((s) => s.name === BOSS.name)!.id,
    dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
  });
  const banking = page.getByTestId('analysis-rect-mainCategory-banking');
  await expect(banking).toHaveText('Banking1 open');
  expect(await onScreen(page, 'analysis-tiles')).toBe(true);
  expect(await onScreen(page, 'analysis-pareto-card')).toBe(true);
  await reportShot(page, 'analysis-rect-en.png');

  // Keyboard: the link is a button; Enter opens the form prefilled with the main category.
  await page.getByTestId('analysis-rect-mainCategory-telecom').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('rect-open-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Main category');
  await expect(dialog).toContainText('Telecom');
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-analysis').click();
  await page.getByTestId('lang-zh').click();
  await expect(page.getByTestId('analysis-rect-mainCategory')).toContainText('立整改项：');
  await expect(page.getByTestId('analysis-rect-mainCategory-banking')).toHaveText('银行1 项未完成');
  expect(await onScreen(page, 'analysis-tiles')).toBe(true);
  expect(await onScreen(page, 'analysis-pareto-card')).toBe(true);
  await reportShot(page, 'analysis-rect-zh-CN.png');
});
