/**
 * The counter's pace (issue 10, decision 0025), at 1366x768:
 *
 * (a) a complaint goes from the intake form to a closed case with the
 *     KEYBOARD ONLY (no mouse click anywhere between the intake form shown and
 *     the case closed) in at most 20 counted interactions, in zh-CN and in
 *     English;
 * (b) at every step, in both languages, the current step's first and last
 *     field and its record button are inside the window with #ld-main not
 *     scrolled; a screenshot of each is kept as a test artifact;
 * (c) a case closed early shows no step as current;
 * (d) the folded phrasing stays folded for that clerk.
 *
 * THE COUNTING RULE (also in docs/decisions/0025-counter-pace.md). Counted,
 * one each: a field entry (typing into a text box, however many characters);
 * a pick (typing a few characters of an option to narrow a list, then Enter:
 * the Enter is the pick, the characters are not counted separately); a key
 * chord that acts (Ctrl+Enter to record, submit or record-and-close). Not
 * counted: Tab / Shift+Tab to move between fields (navigation, like moving
 * the eyes), and nothing else is pressed. No mouse is used at all in (a).
 *
 * Runs on a host of its own (pages/ownHost.ts).
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const VIEW = { width: 1366, height: 768 };
const MAX_INTERACTIONS = 20;

const host = useOwnHost('loopdesk-e2e-pace-');

/** Counts interactions by the rule above, per stage. */
class Keys {
  readonly log: { stage: string; what: string }[] = [];
  stage = '';
  constructor(private readonly page: Page) {}

  get count(): number {
    return this.log.length;
  }

  /** Navigation: not counted. */
  async tab(times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Tab');
  }

  /** Tab until the focus is inside `selector` (navigation: not counted). */
  async tabTo(selector: string, limit = 15): Promise<void> {
    for (let i = 0; i < limit; i++) {
      const inside = await this.page.evaluate(
        (sel) => document.activeElement?.closest(sel) !== null && document.activeElement !== null,
        selector,
      );
      if (inside) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  /** A field entry: text typed into the focused box. */
  async enter(what: string, text: string): Promise<void> {
    await this.page.keyboard.type(text);
    this.log.push({ stage: this.stage, what: `${what} (typed)` });
  }

  /** A pick: narrow the focused list by typing, then Enter. */
  async pick(what: string, search: string): Promise<void> {
    await this.page.keyboard.type(search);
    await expect(
      this.page.locator('.ant-select-dropdown, .ant-tree-select-dropdown').filter({ visible: true }),
    ).not.toHaveCount(0);
    await this.highlightLeaf();
    if (process.env.PACE_DEBUG) await this.page.screenshot({ path: `/tmp/pace-pick-${what}.png` });
    await this.page.keyboard.press('Enter');
    this.log.push({ stage: this.stage, what: `${what} (picked)` });
  }

  /**
   * In the category tree, the narrowed list may not highlight its first leaf
   * yet (part C of issue 10 makes it do so): ArrowDown moves the highlight to
   * it. Moving a highlight is navigation, like Tab, and is not counted.
   */
  private async highlightLeaf(): Promise<void> {
    const tree = this.page.locator('.ant-select-tree').filter({ visible: true });
    if ((await tree.count()) === 0) return;
    const activeLeaf = tree.locator('.ant-select-tree-treenode-active:has(.ant-select-tree-switcher-noop)');
    for (let i = 0; i < 6 && (await activeLeaf.count()) === 0; i++) {
      await this.page.keyboard.press('ArrowDown');
    }
    await expect(activeLeaf).toHaveCount(1);
  }

  /** A chord that acts. */
  async chord(what: string, keys: string): Promise<void> {
    await this.page.keyboard.press(keys);
    this.log.push({ stage: this.stage, what });
  }
}

/** The focused element lies inside the step field `key`. */
async function expectFocusIn(page: Page, key: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        (k) =>
          document.activeElement?.id === `ld-field-${k}` ||
          document.activeElement?.closest(`[data-testid="step-field-${k}"]`) !== null,
        key,
      ),
    )
    .toBe(true);
}

/**
 * The current step's first and last field and its record button are inside
 * the window and #ld-main is not scrolled; the screenshot is kept.
 */
async function checkStepFits(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const main = page.locator('#ld-main');
  expect(await main.evaluate((el) => el.scrollTop)).toBe(0);
  const items = page.getByTestId('step-form').locator('.ant-form-item-control');
  const targets = [items.first(), items.last(), page.getByTestId('step-record')];
  for (const target of targets) {
    const box = await target.boundingBox();
    expect(box, `${name}: a field or the record button is not rendered`).not.toBeNull();
    if (!box) continue;
    expect(box.y, `${name}: above the window`).toBeGreaterThanOrEqual(0);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${name}: below the window`).toBeLessThanOrEqual(VIEW.height);
    expect(box.x + box.width).toBeLessThanOrEqual(VIEW.width);
  }
  // The phrasing and taboos stand beside the fields, in view too.
  await expect(page.getByTestId('step-phrasing')).toBeInViewport();
  await expect(page.getByTestId('step-taboos')).toBeInViewport({ ratio: 0.5 });
  expect(await main.evaluate((el) => el.scrollTop)).toBe(0);
  await page.waitForTimeout(150); // let the focus ring and any list close settle
  const file = testInfo.outputPath(name);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

interface Flow {
  lang: 'zh-CN' | 'en';
  name: string;
  category: string;
  account: string;
  mood: string;
  factsWhat: string;
  factsWhen: string;
  demand: string;
  complainantType: string;
  impact: string;
  resolvability: string;
  proposal: string;
  satisfaction: string;
  summary: string;
  closed: string;
}

const FLOWS: Flow[] = [
  {
    lang: 'zh-CN',
    name: '王小明',
    category: '增值业务订购',
    account: '客户称手机每月被扣 7 元短信订阅费，已连续三个月，本人从未订购。',
    mood: '生气',
    factsWhat: '每月被扣 7 元短信订阅费',
    factsWhen: '近三个月，每月 1 日',
    demand: '退还费用并书面道歉',
    complainantType: '问题解决',
    impact: '经济损失',
    resolvability: '短期内',
    proposal: '核实订购记录后退还 7 元短信费，并给予 10 元话费补偿',
    satisfaction: '非常满意',
    summary: '订购记录清楚，已退订并退费，客户接受。',
    closed: '已结案',
  },
  {
    lang: 'en',
    name: 'Wang Xiaoming',
    category: 'Value-added',
    account: 'The customer says 7 yuan is taken every month for an SMS service never ordered.',
    mood: 'Angry',
    factsWhat: '7 yuan SMS fee charged monthly',
    factsWhen: 'The last three months',
    demand: 'Refund and a written apology',
    complainantType: 'Wants the problem',
    impact: 'Financial',
    resolvability: 'Solvable in',
    proposal: 'Refund the 7 yuan SMS fee after checking the order record, plus 10 yuan of call credit',
    satisfaction: 'Very satisfied',
    summary: 'The order record was clear; unsubscribed and refunded, the customer accepted.',
    closed: 'Closed',
  },
];

for (const flow of FLOWS) {
  test(`keyboard only, intake to closed in at most ${MAX_INTERACTIONS} interactions (${flow.lang})`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await enterAsAdmin(page, host.url);
    if (flow.lang === 'en') await new Shell(page).switchTo('en');
    const tag = flow.lang === 'en' ? 'en' : 'zh';
    const keys = new Keys(page);
    // From here on: the keyboard only. `n` opens the intake form (before the count starts).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('n');
    await expect(page.getByTestId('intake-page')).toBeVisible();

    keys.stage = 'intake';
    await expect(page.getByTestId('intake-name')).toBeFocused();
    await keys.enter('customer name', flow.name);
    await keys.tabTo('.ant-select:has([data-testid="intake-category"]), [data-testid="intake-category"]');
    await keys.pick('category', flow.category);
    await keys.tabTo('[data-testid="intake-account"]');
    await keys.enter('account', flow.account);
    await keys.chord('Ctrl+Enter: file the complaint', 'Control+Enter');
    await expect(page.getByTestId('handling-page')).toBeVisible();
    const caseId = /#\/cases\/([^/?]+)/.exec(page.url())?.[1] ?? '';
    expect(caseId).not.toBe('');

    const panel = page.getByTestId('step-panel');
    const atStep = async (n: number) => {
      await expect(panel).toHaveAttribute('data-step', String(n));
      await expect(panel).toHaveAttribute('data-mode', 'record');
      keys.stage = `step ${n}`;
    };

    await atStep(1);
    await expectFocusIn(page, 'customerMood');
    await checkStepFits(page, testInfo, `pace-step1-${tag}.png`);
    await expect(page.getByTestId('step-attest-apologyGiven')).toBeVisible();
    await keys.pick('mood', flow.mood);
    await keys.chord('Ctrl+Enter: apologised, record', 'Control+Enter');

    await atStep(2);
    // The intake account is carried (prefilled), so the focus starts at the first empty field.
    await expect(page.getByTestId('step-prefilled-account')).toBeVisible();
    await expectFocusIn(page, 'factsWhat');
    await checkStepFits(page, testInfo, `pace-step2-${tag}.png`);
    await keys.enter('what happened', flow.factsWhat);
    await keys.tab();
    await keys.enter('when', flow.factsWhen);
    await keys.tabTo('[data-testid="step-field-demand"]');
    await keys.enter('demand', flow.demand);
    await keys.chord('Ctrl+Enter: record confirmed, record', 'Control+Enter');

    await atStep(3);
    await expectFocusIn(page, 'complainantType');
    await checkStepFits(page, testInfo, `pace-step3-${tag}.png`);
    await keys.pick('complainant type', flow.complainantType);
    await keys.tabTo('.ant-select:has([data-testid="step-field-impact"]), [data-testid="step-field-impact"]');
    await keys.pick('impact', flow.impact);
    await keys.chord('Ctrl+Enter: record', 'Control+Enter');

    await atStep(4);
    await expectFocusIn(page, 'resolvability');
    // The promise starts at the derived result deadline; the answer at "accepted", which the button names.
    await expect(page.getByTestId('step-prefilled-promisedAt')).toBeVisible();
    await expect(page.getByTestId('step-attest-customerAnswer')).toBeVisible();
    await checkStepFits(page, testInfo, `pace-step4-${tag}.png`);
    await keys.pick('resolvability', flow.resolvability);
    await keys.tabTo('[data-testid="step-field-proposal"]');
    await keys.enter('proposal', flow.proposal);
    await keys.chord('Ctrl+Enter: record', 'Control+Enter');

    await atStep(5);
    // Everything is carried: the proposal, the clerk, the promised time.
    for (const k of ['actions', 'actionOwner', 'actionDueAt']) {
      await expect(page.getByTestId(`step-prefilled-${k}`)).toBeVisible();
    }
    await expectFocusIn(page, 'actions');
    await checkStepFits(page, testInfo, `pace-step5-${tag}.png`);
    await keys.chord('Ctrl+Enter: record', 'Control+Enter');

    await atStep(6);
    await expectFocusIn(page, 'satisfaction');
    await expect(page.getByTestId('step-record')).toHaveAttribute('data-closes', 'true');
    await checkStepFits(page, testInfo, `pace-step6-${tag}.png`);
    await keys.pick('satisfaction', flow.satisfaction);
    await keys.tabTo('[data-testid="step-field-summary"]');
    await keys.enter('lesson learned', flow.summary);
    await keys.chord('Ctrl+Enter: outcome told, record and close', 'Control+Enter');

    await expect(page.getByTestId('handling-page')).toHaveAttribute('data-status', 'closed');
    await expect(page.getByTestId('case-status')).toHaveText(flow.closed);
    const shot = testInfo.outputPath(`pace-closed-${tag}.png`);
    await page.screenshot({ path: shot });
    await testInfo.attach(`pace-closed-${tag}.png`, { path: shot, contentType: 'image/png' });

    const perStage = keys.log.reduce<Record<string, number>>((acc, e) => {
      acc[e.stage] = (acc[e.stage] ?? 0) + 1;
      return acc;
    }, {});
    await testInfo.attach(`interactions-${tag}.json`, {
      body: JSON.stringify({ total: keys.count, perStage, log: keys.log }, null, 2),
      contentType: 'application/json',
    });
    console.log(`[pace ${flow.lang}] ${keys.count} interactions: ${JSON.stringify(perStage)}`);
    expect(keys.count).toBeLessThanOrEqual(MAX_INTERACTIONS);

    // Nothing was lost: the carried and attested values are in the recorded events, explicitly.
    const detail = await deskCall<CaseDetail>(page, 'case.get', { caseId });
    expect(detail.steps['1']).toMatchObject({ apologyGiven: true, customerMood: 'angry' });
    expect(detail.steps['2']).toMatchObject({ account: flow.account, recordConfirmed: true });
    expect(detail.steps['4']).toMatchObject({ customerAnswer: 'accept', proposal: flow.proposal });
    expect(typeof detail.steps['4']?.promisedAt).toBe('string');
    expect(detail.steps['5']).toMatchObject({
      actions: flow.proposal,
      actionOwner: '李主管',
      actionDueAt: detail.steps['4']?.promisedAt,
    });
    expect(detail.steps['6']).toMatchObject({ resultTold: true, satisfaction: 'very_satisfied' });
    await toastsGone(page);
  });
}

test('a case closed early shows no step as current, in the handling view and the list', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '赵先生', phone: '', gender: 'male', returning: false },
    channel: 'walk_in',
    category: 'telecom.value_added',
    severity: 'general',
    account: '客户称套餐外流量被多收费。',
  });
  const steps: Record<number, Record<string, unknown>> = {
    1: { apologyGiven: true, customerMood: 'calm' },
    2: {
      account: '套餐外流量多收费',
      factsWhat: '多收流量费',
      factsWhen: '上月',
      demand: '退费',
      recordConfirmed: true,
    },
    3: { complainantType: 'problem_solving', impact: 'financial_loss' },
  };
  for (const n of [1, 2, 3]) {
    await deskCall(page, 'case.recordStep', { caseId: c.id, step: n, fields: steps[n] });
  }
  await deskCall(page, 'case.close', { caseId: c.id, nature: 'valid', overrideReason: '客户撤回投诉' });

  await page.goto(`${host.url}/#/cases/${c.id}`);
  await expect(page.getByTestId('handling-page')).toHaveAttribute('data-status', 'closed');
  // Step 4 was next when it closed; it is not "in progress" now.
  const nav = page.getByTestId('step-nav');
  await expect(page.getByTestId('step-nav-3')).toHaveAttribute('data-recorded', 'true');
  await expect(nav.locator('.ant-steps-item-process')).toHaveCount(0);
  await expect(nav.locator('[data-current="true"]')).toHaveCount(0);
  // The view opens on the last recorded step, not on a step nobody can record.
  await expect(page.getByTestId('step-panel')).toHaveAttribute('data-step', '3');
  await expect(page.getByTestId('step-panel')).toHaveAttribute('data-mode', 'view');

  await page.getByTestId('case-back').click();
  const row = page.locator(`[data-testid="case-row"][data-case-number="${c.number}"]`);
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('4 · 提出方案');
  await expect(row).toContainText('提前结案');
});

test('folded phrasing stays folded for that clerk, after a reload', async ({ page }) => {
  await enterAsAdmin(page, host.url);
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '钱女士', phone: '', gender: 'female', returning: false },
    channel: 'walk_in',
    category: 'telecom.value_added',
    severity: 'general',
    account: '客户称宽带经常掉线。',
  });
  await page.goto(`${host.url}/#/cases/${c.id}`);
  const guide = page.getByTestId('step-guide');
  const toggle = page.getByTestId('step-guide-toggle');
  await expect(guide).toBeVisible();
  await expect(toggle).toHaveText('收起话术');
  await toggle.click();
  await expect(guide).toHaveCount(0);
  await expect(toggle).toHaveText('展开话术');
  const stored = await page.evaluate(() =>
    Object.entries(window.localStorage).filter(([k]) => k.startsWith('loopdesk.pace.guide.')),
  );
  // Keyed by the clerk's id (not shared by whoever signs in next on this desk).
  expect(stored).toHaveLength(1);
  expect(stored[0]?.[0]).toMatch(/^loopdesk\.pace\.guide\.[0-9a-zA-Z-]{8,}$/);
  expect(stored[0]?.[1]).toBe('closed');
  await page.reload();
  await expect(page.getByTestId('step-panel')).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('step-guide')).toHaveCount(0);
  await toggle.click();
  await expect(guide).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('step-guide')).toBeVisible();
});
