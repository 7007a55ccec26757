/**
 * Issue 12 on the case list: repeat complaints, the nature at close,
 * escalation and malicious claims as filters behind "more filters" (a
 * popover reached by keyboard), each set through the screen and the rows
 * shown checked; "clear filters" clears them; the rows show the level, the
 * malicious-claim status, a repeat mark and the nature. At 1366x768 in zh-CN
 * and English the filter bar stays on one line and the grid's columns are not
 * cut; screenshots of the list with the filters open to LOOPDESK_SHOTS_DIR.
 *
 * Runs on a host of its own (pages/ownHost.ts); the cases are arranged
 * through the desk API as the administrator.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { chooseOption, selectRoot } from './pages/common';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { PNG } from './pages/evidence';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';

test.describe.configure({ mode: 'serial' });
const VIEW = { width: 1366, height: 768 };
test.use({ actionTimeout: 15_000, viewport: VIEW });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
const own = useOwnHost('loopdesk-e2e-listfilt-');

/** The arranged cases by key (see arrange()), and their numbers. */
const KEYS = [
  'plain',
  'repeat',
  'sup',
  'head',
  'suspected',
  'goodFaith',
  'malicious',
  'valid',
  'venting',
] as const;
type Key = (typeof KEYS)[number];
const numbers = {} as Record<Key, string>;

const escalate = (page: Page, caseId: string, level: string) =>
  deskCall<CaseDetail>(page, 'case.escalate', {
    caseId,
    level,
    canEmployeeSolve: false,
    canSolveOnSite: false,
    rootCause: 'policy',
    reason: '超出柜面权限',
  });

/** Adds the PNG to a case as the browser host takes evidence (POST /api/evidence); its sha256. */
async function addEvidence(page: Page, caseId: string): Promise<string> {
  const r = await page.evaluate(
    async ({ caseId, bytes }) => {
      const raw = window.sessionStorage.getItem('loopdesk.session');
      const token = raw ? (JSON.parse(raw) as { token?: string }).token : '';
      const res = await fetch('/api/evidence', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/octet-stream',
          Authorization: `Bearer ${token}`,
          'x-loopdesk-case': caseId,
          'x-loopdesk-name': encodeURIComponent('订购记录.png'),
          'x-loopdesk-kind': 'photo',
        },
        body: new Uint8Array(bytes),
      });
      return (await res.json()) as { ok: boolean; value?: { evidence: { sha256: string } } };
    },
    { caseId, bytes: [...PNG] },
  );
  if (!r.ok || !r.value) throw new Error(`evidence upload failed: ${JSON.stringify(r)}`);
  return r.value.evidence.sha256;
}

/**
 * Nine cases: plain; a repeat (the same phone as plain); escalated to the
 * supervisor (awaiting review); escalated to head office (reviewed) and
 * suspected; suspected; determined in good faith; determined malicious;
 * closed valid; closed venting.
 */
async function arrange(page: Page): Promise<void> {
  const ids = {} as Record<Key, string>;
  let n = 0;
  for (const k of KEYS) {
    const phone = k === 'repeat' ? '13900000000' : `139000000${String(n++).padStart(2, '0')}`;
    const c = await deskCall<CaseDetail>(page, 'case.create', {
      customer: { name: `筛选客户${k}`, phone, gender: 'unknown', returning: false },
      channel: 'walk_in',
      category: 'banking.fees',
      severity: 'general',
      account: '客户反映年费被重复扣收。',
    });
    ids[k] = c.id;
    numbers[k] = c.number;
  }
  await escalate(page, ids.sup, 'supervisor');
  const head = await escalate(page, ids.head, 'head_office');
  const escalationId = head.escalation?.steps[0]?.eventId;
  await deskCall(page, 'case.reviewEscalation', {
    caseId: ids.head,
    escalationId,
    justified: true,
    comment: '确需总部处理',
  });
  for (const k of ['head', 'suspected', 'goodFaith', 'malicious'] as const)
    await deskCall(page, 'case.suspectMalice', { caseId: ids[k], note: '' });
  await deskCall(page, 'case.determineMalice', {
    caseId: ids.goodFaith,
    outcome: 'good_faith',
    reason: '客户确不知情',
  });
  const sha = await addEvidence(page, ids.malicious);
  await deskCall(page, 'case.determineMalice', {
    caseId: ids.malicious,
    outcome: 'malicious',
    motives: ['undue_gain'],
    behaviours: ['inventing'],
    evidence: [sha],
    offer: '按规定退还当月功能费，并书面说明。',
    reason: '订购记录清楚',
  });
  for (const k of ['valid', 'venting'] as const)
    await deskCall(page, 'case.close', { caseId: ids[k], nature: k, overrideReason: '客户撤诉' });
}

/** The case numbers the grid shows, sorted. */
async function shown(page: Page): Promise<string[]> {
  const rows = page.getByTestId('case-row');
  const all = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-case-number') ?? ''));
  return all.sort();
}

const want = (...ks: Key[]) => ks.map((k) => numbers[k]).sort();

async function expectRows(page: Page, ...ks: Key[]): Promise<void> {
  await expect.poll(() => shown(page)).toEqual(want(...ks));
  await expect(page.getByTestId('case-total')).toContainText(String(ks.length));
}

async function openMore(page: Page): Promise<void> {
  const panel = page.getByTestId('more-filters-panel');
  if (await panel.isVisible()) return;
  await page.getByTestId('filter-more').click();
  await expect(panel).toBeVisible();
  await expect(page.locator('#ld-filter-repeat')).toBeFocused();
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  // The deadline alerts of the arranged cases are another screen's subject: closed for the
  // picture, by a bare click event (a pointer press there would close the popover too).
  for (const close of await page.locator('.ant-notification-notice-close').all())
    await close.dispatchEvent('click');
  await expect(page.locator('.ant-notification-notice')).toHaveCount(0);
  await page.mouse.move(5, VIEW.height - 5);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** Every filter control's top edge on one line; nothing past the window's right edge. */
async function filtersOnOneLine(page: Page): Promise<void> {
  const boxes = await page
    .locator('.ld-filters > *')
    .evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, right: r.right })),
    );
  expect(boxes.length).toBeGreaterThanOrEqual(7);
  const tops = boxes.map((b) => Math.round(b.top));
  expect(Math.max(...tops) - Math.min(...tops), JSON.stringify(tops)).toBeLessThanOrEqual(2);
  for (const b of boxes) expect(b.right).toBeLessThanOrEqual(VIEW.width);
}

/** No header cell and no judgment cell of a shown row is cut off. */
async function columnsFit(page: Page): Promise<void> {
  const cut = await page
    .locator('.ld-grid-head [role="columnheader"], [data-testid="case-row-judgment"]')
    .evaluateAll((els) =>
      els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent ?? ''),
    );
  expect(cut).toEqual([]);
}

test('each judgment filter set through the screen shows its rows; clear filters clears them', async ({
  page,
}) => {
  await enterAsAdmin(page, own.url);
  await arrange(page);
  await page.goto(`${own.url}/#/cases`);
  await expectRows(page, ...KEYS);

  // The rows' marks.
  const marks = (k: Key) =>
    page.locator(
      `[data-testid="case-row"][data-case-number="${numbers[k]}"] [data-testid="case-row-judgment"]`,
    );
  await expect(marks('head')).toHaveText('↑总部疑似恶意');
  await expect(marks('sup')).toHaveText('↑主管');
  await expect(marks('repeat')).toHaveText('重复');
  await expect(marks('malicious')).toHaveText('恶意');
  await expect(marks('malicious')).toHaveAttribute('title', '已认定恶意');
  await expect(marks('goodFaith')).toHaveText('善意');
  await expect(marks('venting')).toHaveText('倾诉');
  await expect(marks('plain')).toHaveText('');
  await filtersOnOneLine(page);
  await columnsFit(page);

  // Keyboard: Tab from the date filter reaches "more filters"; Enter opens it on the first filter; Esc closes it.
  const more = page.getByTestId('filter-more');
  await page.locator('.ld-filters .ant-picker-range input').last().focus();
  await page.keyboard.press('Tab');
  await expect(more).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('more-filters-panel')).toBeVisible();
  await expect(page.locator('#ld-filter-repeat')).toBeFocused();
  // Down opens the repeat filter's list, Down twice more and Enter choose "repeat complaints only".
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectRows(page, 'repeat');
  await expect(more).toHaveAttribute('data-count', '1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('more-filters-panel')).toBeHidden();
  await expect(more).toBeFocused();
  await expect(more).toContainText('更多筛选 · 1');

  await openMore(page);
  await chooseOption(page, selectRoot(page, 'filter-repeat'), '仅首次投诉');
  await expectRows(page, ...KEYS.filter((k) => k !== 'repeat'));
  await chooseOption(page, selectRoot(page, 'filter-repeat'), '全部');

  await chooseOption(page, selectRoot(page, 'filter-nature'), '有效');
  await expectRows(page, 'valid');
  await chooseOption(page, selectRoot(page, 'filter-nature'), '倾诉');
  await expectRows(page, 'venting');
  await chooseOption(page, selectRoot(page, 'filter-nature'), '全部');

  await chooseOption(page, selectRoot(page, 'filter-escalation'), '已升级（任一级）');
  await expectRows(page, 'sup', 'head');
  await chooseOption(page, selectRoot(page, 'filter-escalation'), '升级待主管审核');
  await expectRows(page, 'sup');
  await chooseOption(page, selectRoot(page, 'filter-escalation'), '升级到总部');
  await expectRows(page, 'head');
  await chooseOption(page, selectRoot(page, 'filter-escalation'), '全部');

  await chooseOption(page, selectRoot(page, 'filter-malice'), '已标记（任一状态）');
  await expectRows(page, 'head', 'suspected', 'goodFaith', 'malicious');
  await chooseOption(page, selectRoot(page, 'filter-malice'), '疑似恶意');
  await expectRows(page, 'head', 'suspected');
  await chooseOption(page, selectRoot(page, 'filter-malice'), '认定善意');
  await expectRows(page, 'goodFaith');
  await chooseOption(page, selectRoot(page, 'filter-malice'), '已认定恶意');
  await expectRows(page, 'malicious');

  // Two at once, then "clear these" in the popover.
  await chooseOption(page, selectRoot(page, 'filter-malice'), '疑似恶意');
  await chooseOption(page, selectRoot(page, 'filter-escalation'), '已升级（任一级）');
  await expectRows(page, 'head');
  await expect(more).toHaveAttribute('data-count', '2');
  await page.getByTestId('more-filters-clear').click();
  await expectRows(page, ...KEYS);
  await expect(more).toHaveAttribute('data-count', '0');

  // "Clear filters" in the bar clears them along with the others.
  await chooseOption(page, selectRoot(page, 'filter-escalation'), '升级待主管审核');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('more-filters-panel')).toBeHidden();
  await expectRows(page, 'sup');
  await page.getByTestId('filter-reset').click();
  await expectRows(page, ...KEYS);
  await expect(more).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('filter-reset')).toHaveCount(0);
});

test('at 1366x768 in zh-CN and English: one line of filters, the columns whole, the popover open', async ({
  page,
}) => {
  await enterAsAdmin(page, own.url);
  await page.goto(`${own.url}/#/cases`);
  await expectRows(page, ...KEYS);
  for (const lang of ['zh-CN', 'en'] as const) {
    await new Shell(page).switchTo(lang);
    await toastsGone(page);
    await filtersOnOneLine(page);
    await columnsFit(page);
    await openMore(page);
    await chooseOption(
      page,
      selectRoot(page, 'filter-malice'),
      lang === 'en' ? 'Flagged (any status)' : '已标记（任一状态）',
    );
    await expectRows(page, 'head', 'suspected', 'goodFaith', 'malicious');
    await chooseOption(
      page,
      selectRoot(page, 'filter-escalation'),
      lang === 'en' ? 'Escalated (any level)' : '已升级（任一级）',
    );
    await expectRows(page, 'head');
    await expect(page.getByTestId('filter-more')).toContainText(
      lang === 'en' ? 'More filters · 2' : '更多筛选 · 2',
    );
    await filtersOnOneLine(page);
    // Every control of the popover inside the window.
    const panel = await page.getByTestId('more-filters-panel').boundingBox();
    expect(panel).not.toBeNull();
    if (panel) {
      expect(panel.x + panel.width).toBeLessThanOrEqual(VIEW.width);
      expect(panel.y + panel.height).toBeLessThanOrEqual(VIEW.height);
    }
    await page.getByTestId('more-filters-clear').click();
    await chooseOption(
      page,
      selectRoot(page, 'filter-malice'),
      lang === 'en' ? 'Flagged (any status)' : '已标记（任一状态）',
    );
    await expectRows(page, 'head', 'suspected', 'goodFaith', 'malicious');
    await columnsFit(page);
    await shot(page, `list-filters-${lang}.png`);
    await page.getByTestId('more-filters-clear').click();
    await page.getByTestId('filter-more').press('Escape');
    await expect(page.getByTestId('more-filters-panel')).toBeHidden();
    await expectRows(page, ...KEYS);
    await shot(page, `list-marks-${lang}.png`);
  }
});
