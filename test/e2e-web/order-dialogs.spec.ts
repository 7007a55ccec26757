/**
 * The order view's dialogs (issue 11) used through the screen, on a host of
 * its own: the hand-over between trades (the QC inspector's acceptance: a
 * wrong PIN is said under the PIN and nothing is stored, a team lead in the
 * inspector's place under the login; the right PIN hands the item over and
 * its row shows the new trade), the part substitution (the customer's
 * approval is required; on a safety item the QC inspector signs, on another
 * item nobody does), and the whole order's final check in the signing
 * dialog (one QC signature passes every item's final check); Esc in a
 * dialog's list closes the list, then the dialog. The orders are
 * arranged through the desk API (pages/orders.ts). Screenshots of the three
 * dialogs at 1366x768 in zh-CN and English: attached to the report, and kept
 * in LOOPDESK_SHOTS_DIR when it is set.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import { chooseOption, selectRoot } from './pages/common';
import { deskCall } from './pages/desk';
import { reportShot } from './pages/shots';
import {
  arrangeOrder,
  carOrder,
  itemOf,
  passCheck,
  signInShop,
  tickEveryLine,
  type Crew,
} from './pages/orders';
import { useOwnHost } from './pages/ownHost';
import { Shell } from './pages/Shell';

test.describe.configure({ mode: 'serial', timeout: 120_000 });
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 768 } });

const BOSS = { name: '赵主管', login: 'boss', pin: '135790' };
const LEAD = { name: '王组长', login: 'wanglead', pin: '2468' };
const QC = { name: '刘质检', login: 'liuqc', pin: '1357' };
const CREW: Crew = { lead: LEAD, qc: QC };
const BRAKES = '更换前刹车片';
const WIPERS = '更换雨刮';

const own = useOwnHost('loopdesk-order-dialogs-', {
  page: { locale: 'zh-CN', viewport: { width: 1366, height: 768 } },
});
let page: Page;

test.beforeAll(() => {
  page = own.page;
});

/** A 1366x768 screenshot attached to the report (and kept in LOOPDESK_SHOTS_DIR when set). */
const shot = (name: string): Promise<void> => reportShot(page, name);

const itemRow = (title: string): Locator =>
  page.getByTestId('order-items').locator(`[data-testid="order-item"][data-title="${title}"]`);

/** The error shown under the field with `testId` inside `scope`. */
const fieldError = (scope: Locator, testId: string): Locator =>
  scope
    .locator('.ant-form-item')
    .filter({ has: page.getByTestId(testId) })
    .locator('.ant-form-item-explain-error');

/** A dialog's modal box (its wrap keeps the test id while hidden). */
const box = (testId: string): Locator => page.getByTestId(testId).getByRole('dialog');

async function openOrder(o: OrderDetail): Promise<void> {
  await page.goto(`/#/orders/${o.id}`);
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-number', o.number);
}

/** The order as the desk has it now. */
const stored = (o: OrderDetail): Promise<OrderDetail> =>
  deskCall<OrderDetail>(page, 'order.get', { orderId: o.id });

test('a supervisor, a team lead and a QC inspector', async () => {
  await signInShop(page, { boss: BOSS, lead: LEAD, qc: QC });
});

test('the hand-over between trades needs the QC inspector: a wrong PIN stores nothing, the right one hands over', async () => {
  const o = await arrangeOrder(page, carOrder(), 'worked', CREW);
  await openOrder(o);
  const before = (await stored(o)).timeline.length;

  await itemRow(WIPERS).getByTestId('item-hand').click();
  const d = page.getByTestId('hand-dialog');
  await expect(box('hand-dialog')).toBeVisible();
  await expect(box('hand-dialog')).toContainText(`转交工种 · ${WIPERS}`);
  await expect(d.getByTestId('hand-signer')).toHaveAttribute('data-role', 'qc');
  await chooseOption(page, selectRoot(page, 'hand-trade'), '电工');
  await d.getByTestId('hand-signer-login').fill(QC.login);
  await d.getByTestId('hand-signer-secret').fill('0000');
  await shot('hand-dialog-zh.png');

  // A wrong PIN: said under the PIN; the dialog stays, nothing is stored.
  await d.getByTestId('hand-signer-secret').press('Control+Enter');
  await expect(fieldError(d, 'hand-signer-secret')).toBeVisible({ timeout: 15_000 });
  await expect(box('hand-dialog')).toBeVisible();
  // The wrong PIN is cleared and the PIN field has the focus, as in the signing dialog.
  await expect(d.getByTestId('hand-signer-secret')).toHaveValue('');
  await expect(d.getByTestId('hand-signer-secret')).toBeFocused();
  let now = await stored(o);
  expect(itemOf(now, WIPERS).trade).toBe('mechanical');
  expect(now.timeline).toHaveLength(before);
  expect(now.timeline.some((e) => e.type === 'order.item_handed')).toBe(false);

  // A team lead's own PIN in the inspector's place: said under the login, nothing stored.
  await d.getByTestId('hand-signer-login').fill(LEAD.login);
  await d.getByTestId('hand-signer-secret').fill(LEAD.pin);
  await d.getByTestId('hand-signer-secret').press('Control+Enter');
  await expect(fieldError(d, 'hand-signer-login')).toBeVisible({ timeout: 15_000 });
  now = await stored(o);
  expect(itemOf(now, WIPERS).trade).toBe('mechanical');
  expect(now.timeline).toHaveLength(before);

  // The inspector's own PIN: handed over; the row shows the new trade.
  await d.getByTestId('hand-signer-login').fill(QC.login);
  await d.getByTestId('hand-signer-secret').fill(QC.pin);
  await d.getByTestId('hand-signer-secret').press('Control+Enter');
  await expect(box('hand-dialog')).toBeHidden({ timeout: 15_000 });
  await expect(itemRow(WIPERS).locator('.ld-orders-trade')).toHaveText('电工');
  await expect(itemRow(BRAKES).locator('.ld-orders-trade')).toHaveText('机修');
  now = await stored(o);
  expect(itemOf(now, WIPERS).trade).toBe('electrical');
  expect(now.timeline.filter((e) => e.type === 'order.item_handed')).toHaveLength(1);
  await expect(
    page
      .getByTestId('order-timeline')
      .locator('[data-testid="timeline-entry"][data-type="order.item_handed"]'),
  ).toHaveCount(1);
});

test('a part substitution: the customer approved it; on a safety item the QC inspector signs', async () => {
  // The wipers quoted by brand (two blades, one part): a substitute replaces a quoted part.
  const base = carOrder();
  const items = base.items.map((i) =>
    i.title === WIPERS ? { ...i, parts: [{ name: '博世雨刮', qty: 2, unitFen: 6000 }] } : i,
  );
  const o = await arrangeOrder(page, { ...base, items }, 'opened', CREW);
  await openOrder(o);

  // A plain item: the customer's approval alone, nobody signs. Its one quoted part is chosen.
  await itemRow(WIPERS).getByTestId('item-substitute').click();
  let d = page.getByTestId('subst-dialog');
  await expect(box('subst-dialog')).toBeVisible();
  await expect(d.getByTestId('subst-signer')).toHaveCount(0);
  await expect(d.getByTestId('subst-original')).toContainText('博世雨刮');
  await d.getByTestId('subst-substitute').click();
  await page.keyboard.type('法雷奥雨刮');
  await d.getByTestId('subst-substitute').press('Control+Enter');
  // Not without the customer's approval.
  await expect(fieldError(d, 'subst-approved')).toBeVisible();
  await d.getByTestId('subst-approved').check();
  await d.getByTestId('subst-substitute').press('Control+Enter');
  await expect(box('subst-dialog')).toBeHidden({ timeout: 15_000 });
  let now = await stored(o);
  expect(now.substitutions).toHaveLength(1);
  expect(now.substitutions[0]).toMatchObject({
    itemId: itemOf(o, WIPERS).itemId,
    original: '博世雨刮',
    substitute: '法雷奥雨刮',
    approvedBy: null,
  });

  // A safety item: the QC inspector's signature too; a wrong PIN stores nothing.
  await itemRow(BRAKES).getByTestId('item-substitute').click();
  d = page.getByTestId('subst-dialog');
  await expect(box('subst-dialog')).toContainText(`换件 · ${BRAKES}`);
  await expect(d.getByTestId('subst-signer')).toHaveAttribute('data-role', 'qc');
  await expect(d.getByTestId('subst-original')).toContainText('刹车片');
  await d.getByTestId('subst-substitute').fill('品牌副厂刹车片');
  await d.getByTestId('subst-approved').check();
  await d.getByTestId('subst-signer-secret').fill(QC.pin);
  await d.getByTestId('subst-signer-secret').press('Control+Enter');
  // The signer's login is asked for before the desk is.
  await expect(fieldError(d, 'subst-signer-login')).toBeVisible();
  await d.getByTestId('subst-signer-login').fill(QC.login);
  await d.getByTestId('subst-signer-secret').fill('0000');
  await shot('subst-dialog-zh.png');
  await d.getByTestId('subst-signer-secret').press('Control+Enter');
  await expect(fieldError(d, 'subst-signer-secret')).toBeVisible({ timeout: 15_000 });
  now = await stored(o);
  expect(now.substitutions).toHaveLength(1);

  await d.getByTestId('subst-signer-secret').fill(QC.pin);
  await d.getByTestId('subst-signer-secret').press('Control+Enter');
  await expect(box('subst-dialog')).toBeHidden({ timeout: 15_000 });
  now = await stored(o);
  expect(now.substitutions).toHaveLength(2);
  expect(now.substitutions[1]).toMatchObject({
    itemId: itemOf(o, BRAKES).itemId,
    original: '刹车片',
    substitute: '品牌副厂刹车片',
    approvedBy: { role: 'qc' },
  });
  await expect(
    page
      .getByTestId('order-timeline')
      .locator('[data-testid="timeline-entry"][data-type="order.substitution_approved"]'),
  ).toHaveCount(2);
});

test('the whole order’s final check: one QC signature passes every item', async () => {
  const o = await arrangeOrder(page, carOrder(), 'worked', CREW);
  await openOrder(o);
  // Self and process checks through the API; the whole-order final check through the dialog.
  let d0 = await passCheck(page, o, itemOf(o, WIPERS), 'self', CREW);
  d0 = await passCheck(page, d0, itemOf(o, BRAKES), 'self', CREW);
  await passCheck(page, d0, itemOf(o, BRAKES), 'process', CREW);
  await expect(itemRow(BRAKES).getByTestId('check-process')).toHaveAttribute('data-result', 'pass', {
    timeout: 15_000,
  });
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-status', 'awaiting_final');

  await page.getByTestId('inspect-whole-final').click();
  const d = page.getByTestId('sign-form');
  await expect(d).toHaveAttribute('data-inspection', 'final');
  await expect(d.getByTestId('sign-title')).toContainText('整单');
  // The final check's list, against the reported items and the readings before.
  await expect(d.getByTestId('sign-checklist')).toContainText('报修项目全部完成');
  await tickEveryLine(d);
  await d.getByTestId('sign-reading-mileage').fill('52012');
  // A team lead may not sign the final check: said under the login, nothing stored.
  await d.getByTestId('signer-0-login').fill(LEAD.login);
  await d.getByTestId('signer-0-secret').fill(LEAD.pin);
  await d.getByTestId('signer-0-secret').press('Control+Enter');
  await expect(fieldError(d, 'signer-0-login')).toBeVisible({ timeout: 15_000 });
  expect((await stored(o)).inspections.filter((x) => x.inspection === 'final')).toHaveLength(0);

  await d.getByTestId('signer-0-login').fill(QC.login);
  await d.getByTestId('signer-0-secret').fill(QC.pin);
  await shot('sign-whole-final-zh.png');
  await d.getByTestId('signer-0-secret').press('Control+Enter');
  await expect(d).toBeHidden({ timeout: 15_000 });
  for (const title of [BRAKES, WIPERS]) {
    await expect(itemRow(title).getByTestId('check-final')).toHaveAttribute('data-result', 'pass');
    await expect(itemRow(title).getByTestId('check-final')).toContainText(QC.name);
  }
  await expect(page.getByTestId('order-page')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('gate-missing').locator('[data-code="final_check_missing"]')).toHaveCount(0);
  const finals = (await stored(o)).inspections.filter((x) => x.inspection === 'final');
  expect(finals).toHaveLength(1);
  expect(finals[0]?.itemId).toBeNull();
  await expect(
    page.getByTestId('order-inspections').locator('[data-testid="inspection"][data-inspection="final"]'),
  ).toContainText('整单');
});

test('Esc in a dialog’s list closes the list, then the dialog (the hand-over trade, the extra fault’s title)', async () => {
  const o = await arrangeOrder(page, carOrder(), 'worked', CREW);
  await openOrder(o);
  const list = page.locator('.ant-select-dropdown').filter({ visible: true });

  // The hand-over: the trade's list opened and chosen from; Esc on the field closes the dialog.
  await itemRow(WIPERS).getByTestId('item-hand').click();
  await chooseOption(page, selectRoot(page, 'hand-trade'), '电工');
  await selectRoot(page, 'hand-trade').click();
  await expect(list).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(box('hand-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(box('hand-dialog')).toBeHidden();

  // The extra fault: the title's suggestions shown and closed by Esc; Esc again closes the dialog.
  await page.getByTestId('extra-fault-open').click();
  const fault = page.getByTestId('extra-fault-form');
  await expect(fault).toBeVisible();
  await page.getByTestId('order-item-title-0').fill('更换');
  await expect(list).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(fault).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(fault).toBeHidden();
});

test('in English: the three dialogs', async () => {
  await new Shell(page).switchTo('en');
  const o = await arrangeOrder(page, carOrder(), 'worked', CREW);
  await openOrder(o);

  await itemRow(WIPERS).getByTestId('item-hand').click();
  await expect(box('hand-dialog')).toContainText('QC');
  await chooseOption(page, selectRoot(page, 'hand-trade'), 'Electrical');
  await page.getByTestId('hand-signer-login').fill(QC.login);
  await shot('hand-dialog-en.png');
  await page.keyboard.press('Escape');
  await expect(box('hand-dialog')).toBeHidden();

  // The wipers were quoted without parts: there is nothing to substitute on them.
  await expect(itemRow(WIPERS).getByTestId('item-substitute')).toHaveCount(0);
  await itemRow(BRAKES).getByTestId('item-substitute').click();
  await expect(page.getByTestId('subst-dialog').getByTestId('subst-signer')).toBeVisible();
  await expect(page.getByTestId('subst-original')).toContainText('刹车片');
  await page.getByTestId('subst-substitute').fill('Aftermarket brake pads');
  await page.getByTestId('subst-approved').check();
  await shot('subst-dialog-en.png');
  await page.keyboard.press('Escape');
  await expect(box('subst-dialog')).toBeHidden();

  await page.getByTestId('inspect-whole-final').click();
  const d = page.getByTestId('sign-form');
  await expect(d.getByTestId('sign-title')).toContainText('Final check - Whole order');
  await d.getByTestId('signer-0-login').fill(QC.login);
  await shot('sign-whole-final-en.png');
  await page.keyboard.press('Escape');
  await expect(d).toBeHidden();
  await new Shell(page).switchTo('zh-CN');
});
