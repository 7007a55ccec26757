/**
 * The repair shop's walk (issue 11), on a browser-mode host of its own: a
 * car booked in with its brakes (a safety item) and wipers, both worked;
 * the self-check and the process check signed by the team lead and the QC
 * inspector typing their own PINs in the signing dialog (a wrong PIN shows
 * under the PIN, a wrong role under the login); the final check FAILS on
 * the brakes with a reason; the release is refused while the gate has gaps
 * (the checklist says what, the attempt is recorded); the brakes reworked
 * and signed again; the front desk's checks and parts; released. Then the
 * car comes back as a rework return: its original items are re-inspected
 * before it may leave.
 *
 * Opening the order, the front desk's checks, the parts reconciliation and
 * the rework return are arranged through the desk API (their forms are
 * part O5b's). Screenshots of the board, the order view with its gate
 * checklist and the signing dialog, at 1366x768, in zh-CN and English.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import { deskCall, enterAsAdmin, toastsGone } from './pages/desk';
import { ownHost } from './pages/ownHost';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const BOSS = { name: '赵主管', login: 'boss', pin: '135790' };
const LEAD = { name: '王组长', login: 'wanglead', pin: '2468' };
const QC = { name: '刘质检', login: 'liuqc', pin: '1357' };
const BRAKES = '更换前刹车片';
const WIPERS = '更换雨刮';
const REASON = '制动距离偏长，刹车片安装不到位';
const DESK_CHECKS = [
  'quote_matched',
  'vehicle_records_checked',
  'documents_keys_collected',
  'inspected_with_customer',
  'warranty_explained',
  'callback_booked',
  'next_service_suggested',
] as const;

let dataDir = '';
let host: { url: string; stop: () => Promise<void> } | null = null;
let page: Page;
let order: OrderDetail;
let rework: OrderDetail;

test.beforeAll(async ({ browser }) => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loopdesk-repair-'));
  host = await ownHost(dataDir);
  page = await browser.newPage({ baseURL: host.url, locale: 'zh-CN' });
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A 1366x768 screenshot attached to the report. */
async function shot(name: string): Promise<void> {
  const info = test.info();
  await toastsGone(page);
  await page.evaluate(() => document.getElementById('ld-main')?.scrollTo({ top: 0 }));
  const file = info.outputPath(name);
  await page.screenshot({ path: file });
  await info.attach(name, { path: file, contentType: 'image/png' });
}

const itemRow = (title: string): Locator =>
  page.getByTestId('order-items').locator(`[data-testid="order-item"][data-title="${title}"]`);
const signDialog = (): Locator => page.getByTestId('sign-form');

/** The form item (label, field, error) around the field with `testId`. */
const formItem = (scope: Locator, testId: string): Locator =>
  scope.locator('.ant-form-item').filter({ has: page.getByTestId(testId) });

async function startAndFinish(title: string): Promise<void> {
  await itemRow(title).getByTestId('item-start').click();
  await expect(itemRow(title)).toHaveAttribute('data-status', 'in_work');
  await itemRow(title).getByTestId('item-finish').click();
  await expect(itemRow(title)).toHaveAttribute('data-status', 'finished');
}

interface Signer {
  login: string;
  pin: string;
}

/** Opens the signing dialog of `inspection` on an item, ticks every line, fills the signers; not submitted. */
async function fillSign(
  title: string,
  inspection: 'self' | 'process' | 'final',
  signers: Signer[],
  fail?: string,
): Promise<Locator> {
  await itemRow(title).getByTestId(`item-inspect-${inspection}`).click();
  const d = signDialog();
  await expect(d).toBeVisible();
  await expect(d).toHaveAttribute('data-inspection', inspection);
  if (fail) {
    await d.locator('.ant-radio-button-wrapper').filter({ hasText: '不合格' }).click();
    await d.getByTestId('sign-reason').fill(fail);
  } else {
    for (const box of await d.locator('[data-testid="sign-checklist"] .ant-checkbox-wrapper').all()) {
      await box.click();
    }
  }
  for (const [i, s] of signers.entries()) {
    await d.getByTestId(`signer-${i}-login`).fill(s.login);
    await d.getByTestId(`signer-${i}-secret`).fill(s.pin);
  }
  return d;
}

async function sign(
  title: string,
  inspection: 'self' | 'process' | 'final',
  signers: Signer[],
  fail?: string,
): Promise<void> {
  const d = await fillSign(title, inspection, signers, fail);
  await d.getByTestId(`signer-${signers.length - 1}-secret`).press('Control+Enter');
  await expect(d).toBeHidden();
  const cell = itemRow(title).getByTestId(`check-${inspection}`);
  await expect(cell).toHaveAttribute('data-result', fail ? 'fail' : 'pass');
}

const lead = { login: LEAD.login, pin: LEAD.pin };
const qc = { login: QC.login, pin: QC.pin };

async function deskSide(o: OrderDetail): Promise<void> {
  const used = o.items.flatMap((i) => i.parts.map((p) => ({ ...p, itemId: i.itemId })));
  await deskCall(page, 'order.reconcileParts', { orderId: o.id, used, matches: true });
  for (const check of DESK_CHECKS) await deskCall(page, 'order.deskCheck', { orderId: o.id, check });
}

/** Tries to release; the gate refuses: the dialog says why and the order lists the refused attempt. */
async function releaseRefused(attempts: number): Promise<void> {
  await page.getByTestId('order-release').click();
  const dialog = page.getByTestId('release-dialog');
  await expect(dialog.getByTestId('release-gaps-warning')).toBeVisible();
  await dialog.getByTestId('release-dialog-ok').click();
  await expect(dialog.getByTestId('release-dialog-error')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('gate-refused')).toBeVisible();
  await expect(page.getByTestId('release-attempt')).toHaveCount(attempts);
}

test('a supervisor, a team lead and a QC inspector; a car booked in shows on the board', async () => {
  await enterAsAdmin(page);
  for (const [who, role] of [
    [BOSS, 'supervisor'],
    [LEAD, 'lead'],
    [QC, 'qc'],
  ] as const) {
    await deskCall(page, 'staff.create', {
      name: who.name,
      login: who.login,
      role,
      secretKind: 'pin',
      secret: who.pin,
    });
  }
  await new Shell(page).signOut();
  await new SignInPage(page).signIn(BOSS.login, BOSS.pin);
  await new Shell(page).expectSignedIn(BOSS.name, '主管');

  order = await deskCall<OrderDetail>(page, 'order.open', {
    kind: 'car_repair',
    customer: { name: '张伟', phone: '13900139000' },
    subject: {
      plate: '粤A12345',
      vinOrSerial: 'LSVAA4182E2184562',
      model: '大众 朗逸',
      readingsBefore: { mileage: 52000, fuel: 40 },
    },
    items: [
      {
        title: BRAKES,
        trade: 'mechanical',
        labourFen: 12000,
        parts: [{ name: '刹车片', qty: 1, unitFen: 38000 }],
      },
      { title: WIPERS, trade: 'mechanical', labourFen: 2000, parts: [] },
    ],
    promisedAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  });
  expect(order.number).toMatch(/^WO-GZ01-\d{8}-0001$/);

  // O opens the board from anywhere; the order is on it, counted as open.
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await page.keyboard.press('o');
  await expect(page.getByTestId('orders-page')).toBeVisible();
  await expect(page).toHaveURL(/#\/orders$/);
  const row = page.locator(`[data-testid="order-row"][data-number="${order.number}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(page.getByTestId('orders-tile-open').getByTestId('orders-count')).toHaveText('1');
  await shot('orders-board-zh.png');

  // The text filter finds it by plate; Enter on the list opens it.
  await page.getByTestId('orders-search').fill('粤A123');
  await expect(row).toBeVisible();
  await page.getByTestId('orders-search').press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-number', order.number);
  await expect(itemRow(BRAKES).getByTestId('item-safety')).toBeVisible();
  await expect(itemRow(WIPERS).getByTestId('item-safety')).toHaveCount(0);
  await expect(page.getByTestId('gate-gap').first()).toBeVisible();
});

test('worked and signed: a wrong PIN shows under the PIN, a wrong role under the login', async () => {
  await startAndFinish(WIPERS);
  await startAndFinish(BRAKES);
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-status', 'awaiting_final');

  // A wrong PIN: the error under the PIN, the PIN cleared, nothing recorded.
  let d = await fillSign(WIPERS, 'self', [{ login: LEAD.login, pin: '9999' }]);
  await d.getByTestId('sign-ok').click();
  await expect(formItem(d, 'signer-0-secret').locator('.ant-form-item-explain-error')).toBeVisible();
  await expect(d.getByTestId('signer-0-secret')).toHaveValue('');
  await d.getByTestId('signer-0-secret').fill(LEAD.pin);
  await d.getByTestId('signer-0-secret').press('Control+Enter');
  await expect(d).toBeHidden();
  await expect(itemRow(WIPERS).getByTestId('check-self')).toHaveAttribute('data-result', 'pass');
  await expect(itemRow(WIPERS).getByTestId('check-self')).toContainText(LEAD.name);
  await sign(WIPERS, 'final', [qc]);

  await sign(BRAKES, 'self', [lead]);
  // The process check on a safety item: the team lead, then the QC inspector; a QC in the lead's place is refused.
  d = await fillSign(BRAKES, 'process', [qc, lead]);
  await expect(d.getByTestId('signer-0')).toHaveAttribute('data-role', 'lead');
  await expect(d.getByTestId('signer-1')).toHaveAttribute('data-role', 'qc');
  await d.getByTestId('sign-ok').click();
  await expect(formItem(d, 'signer-0-login').locator('.ant-form-item-explain-error')).toBeVisible();
  await d.getByTestId('signer-0-login').fill(LEAD.login);
  await d.getByTestId('signer-0-secret').fill(LEAD.pin);
  await d.getByTestId('signer-1-login').fill(QC.login);
  await d.getByTestId('signer-1-secret').fill(QC.pin);
  await shot('sign-dialog-zh.png');
  await d.getByTestId('signer-1-secret').press('Control+Enter');
  await expect(d).toBeHidden();
  await expect(itemRow(BRAKES).getByTestId('check-process')).toHaveAttribute('data-result', 'pass');
  await expect(itemRow(BRAKES).getByTestId('check-process').getByTestId('signature')).toHaveCount(2);
});

test('the final check fails on the brakes; the release is refused until the gaps close', async () => {
  await sign(BRAKES, 'final', [qc], REASON);
  await expect(itemRow(BRAKES)).toHaveAttribute('data-status', 'rework');
  await expect(itemRow(BRAKES).getByTestId('item-failure')).toContainText(REASON);
  await expect(page.getByTestId('order-failures')).toBeVisible();

  const gaps = page.getByTestId('gate-missing');
  await expect(gaps.locator('[data-code="final_check_failed"]')).toContainText(BRAKES);
  await expect(gaps.locator('[data-code="parts_not_reconciled"]')).toBeVisible();
  await expect(gaps.locator('[data-code="desk_check_missing"]')).toHaveCount(DESK_CHECKS.length);
  await releaseRefused(1);
  // The refusal is recorded with its reasons: on the desk too.
  const seen = await deskCall<OrderDetail>(page, 'order.get', { orderId: order.id });
  expect(seen.releaseAttempts).toHaveLength(1);
  expect(seen.releaseAttempts[0]?.reasons.join('\n')).toContain(BRAKES);
  expect(seen.status).not.toBe('released');
  await expect(page.getByTestId('release-attempt').first()).toContainText(BRAKES);
  await shot('order-gate-zh.png');

  // Reworked and signed again: self, process (safety), final.
  await startAndFinish(BRAKES);
  await expect(itemRow(BRAKES).getByTestId('check-self')).toHaveAttribute('data-current', 'false');
  await sign(BRAKES, 'self', [lead]);
  await sign(BRAKES, 'process', [lead, qc]);
  await sign(BRAKES, 'final', [qc]);
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-status', 'ready');
  await expect(gaps.locator('[data-code="final_check_failed"]')).toHaveCount(0);
  await expect(gaps.locator('[data-code="desk_check_missing"]')).toHaveCount(DESK_CHECKS.length);
  await releaseRefused(2);

  // The front desk's side (parts, the seven checks): the page follows the desk's order events.
  await deskSide(order);
  await expect(page.getByTestId('gate-ok')).toBeVisible();
  await page.getByTestId('order-release').click();
  const dialog = page.getByTestId('release-dialog');
  await dialog.getByTestId('release-next').fill('5000 公里后保养');
  await dialog.getByTestId('release-next').press('Control+Enter');
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-status', 'released');
  await expect(page.getByTestId('gate-released')).toBeVisible();
  await expect(page.getByTestId('order-release')).toHaveCount(0);
});

test('a week later: the rework return is re-inspected against the original items before it may leave', async () => {
  rework = await deskCall<OrderDetail>(page, 'order.returnForRework', {
    originalNumber: order.number,
    items: [{ title: '刹车异响', trade: 'mechanical' }],
    readingsBefore: { mileage: 52600, fuel: 35 },
    promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  // The link both ways: the original lists its rework return, which names the original.
  await expect(page.getByTestId('order-rework-return')).toHaveText(rework.number);
  await page.getByTestId('order-rework-return').click();
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-number', rework.number);
  await expect(page.getByTestId('order-rework-of')).toHaveText(order.number);
  await expect(itemRow(BRAKES).getByTestId('item-origin')).toHaveText('原单项目');
  await expect(itemRow(BRAKES)).toHaveAttribute('data-status', 'finished');
  await expect(itemRow(WIPERS)).toHaveAttribute('data-status', 'finished');

  // Not before the original items pass their final check again.
  const gaps = page.getByTestId('gate-missing');
  await expect(gaps.locator('[data-code="final_check_missing"]').filter({ hasText: BRAKES })).toBeVisible();
  await expect(gaps.locator('[data-code="final_check_missing"]').filter({ hasText: WIPERS })).toBeVisible();
  await releaseRefused(1);

  await startAndFinish('刹车异响');
  await sign('刹车异响', 'self', [lead]);
  await sign('刹车异响', 'process', [lead, qc]);
  await sign('刹车异响', 'final', [qc]);
  await expect(gaps.locator('[data-code="final_check_missing"]')).toHaveCount(2);
  await sign(BRAKES, 'final', [qc]);
  await sign(WIPERS, 'final', [qc]);
  await expect(gaps.locator('[data-code="final_check_missing"]')).toHaveCount(0);
  await deskSide(rework);
  await expect(page.getByTestId('gate-ok')).toBeVisible();
  await page.getByTestId('order-release').click();
  await page.getByTestId('release-dialog').getByTestId('release-dialog-ok').click();
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-status', 'released');

  // The board: both released, the return marked as rework.
  await page.getByTestId('order-back').click();
  await page.getByTestId('orders-search').fill('');
  await page.getByTestId('orders-tile-released').click();
  await expect(page.locator('[data-testid="order-row"][data-status="released"]')).toHaveCount(2);
  await page.getByTestId('orders-rework').click();
  await expect(page.locator('[data-testid="order-row"]')).toHaveCount(1);
  await page.getByTestId('orders-rework').click();
  await shot('orders-board-released-zh.png');
});

test('in English: the board, the order view with its gate and the signing dialog', async () => {
  await new Shell(page).switchTo('en');
  await page.getByTestId('orders-tile-all').click();
  await expect(page.getByTestId('orders-page')).toContainText('Work orders');
  await shot('orders-board-en.png');

  // A second car, part-way: the gate lists its gaps in English.
  const second = await deskCall<OrderDetail>(page, 'order.open', {
    kind: 'car_repair',
    customer: { name: 'Li Na', phone: '13700137000' },
    subject: { plate: '粤B67890', readingsBefore: { mileage: 81000, fuel: 20 } },
    items: [
      { title: 'Replace rear brake discs', trade: 'mechanical', labourFen: 15000, parts: [] },
      { title: 'Wheel alignment', trade: 'tyres', labourFen: 8000, parts: [] },
    ],
    promisedAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  await page.locator(`[data-testid="order-row"][data-number="${second.number}"]`).click();
  await expect(page.getByTestId('order-gate')).toContainText('Release checklist');
  await startAndFinish('Replace rear brake discs');
  await sign('Replace rear brake discs', 'self', [lead]);
  await expect(page.getByTestId('gate-missing')).toContainText('process check');
  await shot('order-gate-en.png');
  const d = await fillSign('Replace rear brake discs', 'process', [lead, qc]);
  await expect(d).toContainText('Checklist');
  await shot('sign-dialog-en.png');
  await page.keyboard.press('Escape');
  await expect(d).toBeHidden();
  await new Shell(page).switchTo('zh-CN');
});

test('the team lead has the board too, and the signing dialog keeps no PIN once closed', async () => {
  await new Shell(page).signOut();
  await new SignInPage(page).signIn(LEAD.login, LEAD.pin);
  await expect(page.getByTestId('nav-orders')).toBeVisible();
  await page.getByTestId('nav-orders').click();
  await page.locator('[data-testid="order-row"][data-status="in_work"]').first().click();
  await expect(page.getByTestId('order-page')).toBeVisible();
  // The lead sees no release button (front desk only) but starts and signs.
  await expect(page.getByTestId('order-release')).toHaveCount(0);
  const d = await fillSign('Replace rear brake discs', 'process', [lead, qc]);
  await page.keyboard.press('Escape');
  await expect(d).toBeHidden();
  await itemRow('Replace rear brake discs').getByTestId('item-inspect-process').click();
  await expect(signDialog().getByTestId('signer-0-secret')).toHaveValue('');
  await expect(signDialog().getByTestId('signer-1-secret')).toHaveValue('');
  await page.keyboard.press('Escape');
});
