/**
 * Work orders arranged through the desk API (issue 11), for the specs whose
 * subject is a later screen: an order opened by the page's signed-in
 * front-desk clerk or supervisor (so received by them) and taken up to a
 * stage of its life as the screens would have written it: its items started
 * and finished by the team lead, signed (self; process on a safety item;
 * final) by the team lead and the QC inspector typing their own credentials,
 * the front desk's parts reconciliation and seven checks, and released.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { OrderDetail, OrderItemView } from '../../../shared/contract/methods/orders';
import { DESK_CHECKS, type Inspection } from '../../../shared/domain/orders/payloads';
import { checklistFor, findKind, type OrderTemplates } from '../../../shared/domain/orders/template';
import { deskCall, enterAsAdmin } from './desk';
import { Shell } from './Shell';
import { SignInPage } from './SignInPage';
import { hireStaff } from './staff';

export { DESK_CHECKS };

/** Someone's own login and PIN (a signer's, or whoever a call is made as). */
export interface Creds {
  login: string;
  pin: string;
}

/** Someone on the staff, with their PIN. */
export interface Person extends Creds {
  name: string;
}

/** The workshop's signers: the team lead (start, finish, self, process) and the QC inspector (process, final). */
export interface Crew {
  lead: Creds;
  qc: Creds;
}

/**
 * How far an order is taken: opened; every item started and finished;
 * every item's checks passed (self, process on a safety item, final); the
 * front desk's side done too (parts reconciled as quoted, the seven checks);
 * released.
 */
export type OrderStage = 'opened' | 'worked' | 'signed' | 'desk_done' | 'released';
const STAGES: readonly OrderStage[] = ['opened', 'worked', 'signed', 'desk_done', 'released'];

/** Calls the desk API as `who`, signed in through the API: the page's own session is left alone. */
export async function deskCallAs<T>(page: Page, who: Creds, method: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ({ who, method, input }) => {
      const post = async (m: string, body: unknown, token?: string) => {
        const res = await fetch(`/api/call/${m}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        return (await res.json()) as {
          ok: boolean;
          value?: unknown;
          error?: { code: string; message: string };
        };
      };
      const session = await post('auth.signIn', { login: who.login, secret: who.pin });
      if (!session.ok) return session;
      return post(method, input, (session.value as { token: string }).token);
    },
    { who, method, input },
  );
  if (!r.ok) throw new Error(`${method} as ${who.login} failed: ${r.error?.code} ${r.error?.message}`);
  return r.value as T;
}

/**
 * A car with a safety item (the front brake pads) and a plain one (wipers),
 * quoted, promised in two days (by the machine's clock: a spec on a clock
 * host gives `promisedAt` from the desk's); `overrides` replace whole fields.
 */
export function carOrder(overrides: Record<string, unknown> = {}) {
  return {
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
        title: '更换前刹车片',
        trade: 'mechanical',
        labourFen: 12000,
        parts: [{ name: '刹车片', qty: 1, unitFen: 38000 }],
      },
      { title: '更换雨刮', trade: 'mechanical', labourFen: 2000, parts: [] },
    ],
    promisedAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    ...overrides,
  };
}

let templates: OrderTemplates | null = null;

async function orderTemplates(page: Page): Promise<OrderTemplates> {
  templates ??= (await deskCall<{ templates: OrderTemplates }>(page, 'order.templates', {})).templates;
  return templates;
}

/** The items the gate counts (not refused, not waiting for the customer's consent). */
function gateItems(o: OrderDetail): OrderItemView[] {
  return o.items.filter((i) => i.status !== 'refused' && i.status !== 'waiting_consent');
}

/** The team lead starts and finishes one item (again, after a failed check). */
export async function workItem(page: Page, o: OrderDetail, itemId: string, crew: Crew): Promise<OrderDetail> {
  await deskCallAs(page, crew.lead, 'order.startItem', { orderId: o.id, itemId });
  return deskCallAs<OrderDetail>(page, crew.lead, 'order.finishItem', { orderId: o.id, itemId });
}

/** Passes one inspection of an item, every line of its checklist ticked, signed by whom it needs. */
export async function passCheck(
  page: Page,
  o: OrderDetail,
  item: OrderItemView,
  inspection: Inspection,
  crew: Crew,
): Promise<OrderDetail> {
  const kind = findKind(await orderTemplates(page), o.kind);
  if (!kind) throw new Error(`no template for order kind ${o.kind}`);
  const lines = checklistFor(kind, inspection, item.safety);
  const signers = { self: [crew.lead], process: [crew.lead, crew.qc], final: [crew.qc] }[inspection];
  return deskCall<OrderDetail>(page, 'order.inspect', {
    orderId: o.id,
    itemId: item.itemId,
    inspection,
    result: 'pass',
    checklist: Object.fromEntries(lines.map((l) => [l.key, true])),
    readingsAfter: {},
    reason: '',
    signers: signers.map((s) => ({ login: s.login, secret: s.pin })),
  });
}

/** Every check an item needs for the gate, passed: self, process (a safety item), final. */
export async function passItem(
  page: Page,
  o: OrderDetail,
  item: OrderItemView,
  crew: Crew,
): Promise<OrderDetail> {
  let d = await passCheck(page, o, item, 'self', crew);
  if (item.safety) d = await passCheck(page, d, item, 'process', crew);
  return passCheck(page, d, item, 'final', crew);
}

/** The front desk's side of the gate: the parts used reconciled as quoted, and the seven checks. */
export async function deskSide(page: Page, o: OrderDetail): Promise<OrderDetail> {
  const used = gateItems(o).flatMap((i) => i.parts.map((p) => ({ ...p, itemId: i.itemId })));
  let d = await deskCall<OrderDetail>(page, 'order.reconcileParts', { orderId: o.id, used, matches: true });
  for (const check of DESK_CHECKS) {
    d = await deskCall<OrderDetail>(page, 'order.deskCheck', { orderId: d.id, check });
  }
  return d;
}

/** Takes an order on from the stage it is at to `to` (a stage it has passed is not done again). */
export async function advanceOrder(
  page: Page,
  o: OrderDetail,
  from: OrderStage,
  to: OrderStage,
  crew: Crew,
): Promise<OrderDetail> {
  let d = o;
  const reach = (s: OrderStage) =>
    STAGES.indexOf(from) < STAGES.indexOf(s) && STAGES.indexOf(s) <= STAGES.indexOf(to);
  if (reach('worked')) {
    for (const i of gateItems(d)) if (i.status !== 'finished') d = await workItem(page, d, i.itemId, crew);
  }
  if (reach('signed')) {
    for (const i of gateItems(d)) d = await passItem(page, d, i, crew);
  }
  if (reach('desk_done')) d = await deskSide(page, d);
  if (reach('released')) d = await deskCall<OrderDetail>(page, 'order.release', { orderId: d.id });
  return d;
}

/** Opens an order from `input` (see `carOrder`) as the page's signed-in clerk and takes it up to `stage`. */
export async function arrangeOrder(
  page: Page,
  input: Record<string, unknown>,
  stage: OrderStage,
  crew: Crew,
): Promise<OrderDetail> {
  const o = await deskCall<OrderDetail>(page, 'order.open', input);
  return advanceOrder(page, o, 'opened', stage, crew);
}

/** A car (`carOrder(overrides)`) opened by the page's signed-in front-desk clerk and taken to its release. */
export function releasedOrder(
  page: Page,
  signers: Crew,
  overrides: Record<string, unknown> = {},
): Promise<OrderDetail> {
  return arrangeOrder(page, carOrder(overrides), 'released', signers);
}

/** An order's item by its title (throws when there is none: the arrangement went wrong). */
export function itemOf(o: OrderDetail, title: string): OrderItemView {
  const item = o.items.find((i) => i.title === title);
  if (!item) throw new Error(`order ${o.number} has no item ${title}`);
  return item;
}

/**
 * The shop's people on a fresh desk: the administrator (first-run setup if
 * need be) adds a supervisor, a team lead and a QC inspector, and the
 * supervisor signs in (front desk and workshop both).
 */
export async function signInShop(
  page: Page,
  shop: { boss: Person; lead: Person; qc: Person },
): Promise<void> {
  await enterAsAdmin(page);
  await hireStaff(page, [
    [shop.boss, 'supervisor'],
    [shop.lead, 'lead'],
    [shop.qc, 'qc'],
  ]);
  await new Shell(page).signOut();
  await new SignInPage(page).signIn(shop.boss.login, shop.boss.pin);
  await new Shell(page).expectSignedIn(shop.boss.name, '主管');
}

/**
 * Ticks every line of a signing dialog's checklist, each checked before the
 * next (a click that lands while the dialog still opens would otherwise be
 * lost silently, and the submission refused for an unticked line).
 */
export async function tickEveryLine(dialog: Locator): Promise<void> {
  const boxes = dialog.getByTestId('sign-checklist').getByRole('checkbox');
  await expect(boxes.first()).toBeVisible();
  for (const box of await boxes.all()) await box.check();
}

/** Waits for a signing dialog to close; if it stays open, the failure says what the dialog shows (its error). */
export async function expectClosed(dialog: Locator): Promise<void> {
  try {
    await expect(dialog).toBeHidden();
  } catch (e) {
    const shown = await dialog.innerText().catch(() => '');
    throw new Error(`the signing dialog stayed open, showing:\n${shown}`, { cause: e });
  }
}
