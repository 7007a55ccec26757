/**
 * The case page's work-orders section (关联维修单 / Work orders) only where it
 * means something: at a desk that holds no work order (a bank counter that
 * never repairs) the front desk's case page shows no such section and no
 * repair words; once the desk holds any work order, the section shows on a
 * case with none linked (暂无关联维修单, with the link button). zh-CN and
 * English at 1366x768, on a host of its own. Set LOOPDESK_SHOTS_DIR to keep
 * screenshots.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const SHOTS = process.env.LOOPDESK_SHOTS_DIR ?? '';
let host: { url: string; stop: () => Promise<void> } | null = null;
let dir = '';

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-case-orders-'));
  host = await ownHost(dir);
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await toastsGone(page);
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** Opens the case page and waits for its orders answer (the section decides on it). */
async function openCase(page: Page, caseId: string): Promise<void> {
  // From the list, so the case page mounts afresh and asks again.
  await page.goto(`${host!.url}/#/cases`);
  await expect(page.getByTestId('handling-page')).toHaveCount(0);
  const answered = page.waitForResponse((r) => r.url().includes('/api/call/order.forCase'));
  await page.goto(`${host!.url}/#/cases/${caseId}`);
  await expect(page.getByTestId('handling-page')).toBeVisible();
  await answered;
  // The section renders right after the answer: give React its turn before asserting absence.
  await expect(page.getByTestId('malice-card')).toBeVisible();
}

test('a desk with no work order shows no orders section; one with an order shows it', async ({ page }) => {
  await enterAsAdmin(page, host!.url);
  const c = await deskCall<CaseDetail>(page, 'case.create', {
    customer: { name: '陈先生', phone: '13900001111', gender: 'male', returning: true },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '客户对信用卡年费有异议，要求退还。',
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    await new Shell(page).switchTo(lang);
    await openCase(page, c.id);
    await expect(page.getByTestId('case-orders')).toHaveCount(0);
    await expect(page.getByTestId('handling-page')).not.toContainText(
      lang === 'en' ? 'Work order' : '维修单',
    );
    await shot(page, `case-orders-hidden-${lang}.png`);
  }

  // A work order anywhere on the desk: the section means something now, even with none linked.
  const { templates } = await deskCall<{
    templates: { kinds: { value: string; readings: { key: string; kind: string; required: boolean }[] }[] };
  }>(page, 'order.templates', {});
  const kind = templates.kinds.find((k) => k.value === 'car_repair')!;
  await deskCall(page, 'order.open', {
    kind: 'car_repair',
    customer: { name: '张伟', phone: '13900139000' },
    subject: {
      plate: '粤A12345',
      vinOrSerial: 'LSVAA4182E2184562',
      model: '大众 朗逸',
      readingsBefore: Object.fromEntries(
        kind.readings
          .filter((r) => r.required)
          .map((r) => [r.key, r.kind === 'number' ? (r.key === 'mileage' ? 52000 : 40) : '正常']),
      ),
    },
    items: [{ title: '更换前刹车片', trade: 'mechanical', labourFen: 12000, parts: [] }],
    promisedAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
  });
  for (const lang of ['zh-CN', 'en'] as const) {
    await new Shell(page).switchTo(lang);
    await openCase(page, c.id);
    const orders = page.getByTestId('case-orders');
    await expect(orders).toContainText(lang === 'en' ? 'Work orders' : '关联维修单');
    await expect(orders.getByTestId('case-order')).toHaveCount(0);
    await expect(orders.getByTestId('case-link-order')).toBeVisible();
    await orders.scrollIntoViewIfNeeded();
    await shot(page, `case-orders-shown-${lang}.png`);
  }
  await new Shell(page).switchTo('zh-CN');
});
