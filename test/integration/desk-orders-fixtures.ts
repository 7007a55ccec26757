/**
 * Helpers for the work-order integration tests (desk-orders*.test.ts): a
 * desk with a front-desk clerk, two team leads, two QC inspectors and a
 * supervisor, each with their own password (so a signature is a real
 * credential check), and the steps that take an order through the workshop.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import type { Session, StaffSummary } from '../../shared/contract/methods/staff';
import type { ApiError } from '../../shared/contract/result';
import { checklistFor, findKind, loadOrderTemplates } from '../../shared/domain/orders/template';
import templatesJson from '../../resources/repair/templates.json';
import { DB_FILE_NAME, openDesk } from '../../electron/desk';
import { ORDER_PROJECTION_VERSION } from '../../electron/desk/features/orders/projector';
import { openTestDesk, readDeskDb, type TestDesk } from './desk-fixtures';

export const TEMPLATES = loadOrderTemplates(templatesJson);

export type Role = 'counter' | 'lead' | 'qc' | 'supervisor' | 'admin';

export interface Person {
  id: string;
  login: string;
  secret: string;
  session: Session;
}

export interface Shop {
  t: TestDesk;
  clerk: Person;
  lead: Person;
  lead2: Person;
  qc: Person;
  qc2: Person;
  boss: Person;
  admin: Person;
}

export async function person(t: TestDesk, role: Role, login: string): Promise<Person> {
  const secret = `${role}-Pass-${login.length * 7919}`;
  const s = await t.must<StaffSummary>(
    'staff.create',
    { name: `${role} ${login}`, login, role, secretKind: 'password', secret },
    t.admin.token,
  );
  const session = await t.must<Session>('auth.signIn', { login, secret });
  return { id: s.id, login, secret, session };
}

/** The shop's people (a clerk, two leads, two QC inspectors, a supervisor) on desk `t`. */
async function staffShop(t: TestDesk): Promise<Shop> {
  return {
    t,
    clerk: await person(t, 'counter', 'clerk'),
    lead: await person(t, 'lead', 'lead'),
    lead2: await person(t, 'lead', 'leadtwo'),
    qc: await person(t, 'qc', 'qc'),
    qc2: await person(t, 'qc', 'qctwo'),
    boss: await person(t, 'supervisor', 'boss'),
    admin: { id: t.admin.staff.id, login: 'admin', secret: '246810', session: t.admin },
  };
}

/** A shop on a new desk; `resourcesDir`: resources of its own (a branch's own templates). */
export async function openShop(resourcesDir?: string): Promise<Shop> {
  return staffShop(
    await openTestDesk({
      sync: false,
      deadlines: { timers: false },
      ...(resourcesDir ? { resourcesDir } : {}),
    }),
  );
}

/** A shop on a desk whose clock the test sets. */
export interface ClockedShop {
  s: Shop;
  clock: { t: number };
  /**
   * Sets the desk's clock to `ms`; then `people` sign in again (sessions
   * idle out; signers type their credentials and need no session).
   */
  set(ms: number, people: readonly Person[]): Promise<void>;
}

/** A shop whose desk's clock starts at `startMs` (no deadline timers, no sync). */
export async function clockedShop(startMs: number): Promise<ClockedShop> {
  const clock = { t: startMs };
  const t = await openTestDesk({ now: () => clock.t, sync: false, deadlines: { timers: false } });
  return {
    s: await staffShop(t),
    clock,
    set: async (ms, people) => {
      clock.t = ms;
      for (const p of people) {
        p.session.token = (await t.must<Session>('auth.signIn', { login: p.login, secret: p.secret })).token;
      }
    },
  };
}

/** The follow-up call after release, recorded by `by`: reached (the customer, satisfied) or no answer. */
export function recordFollowUp(
  shop: Shop,
  by: Person,
  orderId: string,
  outcome: 'reached' | 'no_answer',
): Promise<OrderDetail> {
  return shop.t.must<OrderDetail>(
    'order.followUp.record',
    {
      orderId,
      outcome,
      reachedWho: outcome === 'reached' ? '本人' : '',
      satisfaction: outcome === 'reached' ? 5 : null,
    },
    by.session.token,
  );
}

export const creds = (p: Person) => ({ login: p.login, secret: p.secret });

export function eventCount(t: TestDesk): number {
  return readDeskDb(t.dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
}

export function orderRow(t: TestDesk, orderId: string): Record<string, unknown> {
  return readDeskDb(t.dir, (db) => db.prepare('SELECT * FROM orders WHERE id = ?').get(orderId)) as Record<
    string,
    unknown
  >;
}

export function carOrderInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'car_repair',
    customer: { name: '张伟', phone: '13900139000' },
    subject: { plate: '粤A12345', vinOrSerial: 'LSVAA4182E2184562', model: '大众 朗逸', readingsBefore: {} },
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

/** The readings the kind requires, filled. */
export function readingsFor(kind: string): Record<string, number | string> {
  const k = findKind(TEMPLATES, kind);
  const out: Record<string, number | string> = {};
  for (const r of k?.readings ?? []) if (r.required) out[r.key] = r.kind === 'number' ? 50 : '正常';
  return out;
}

/** Every line of an inspection's checklist answered `value`. */
export function checklist(
  kind: string,
  inspection: 'self' | 'process' | 'final',
  safety: boolean,
  value = true,
) {
  const k = findKind(TEMPLATES, kind);
  if (!k) throw new Error(`no kind ${kind}`);
  return Object.fromEntries(checklistFor(k, inspection, safety).map((l) => [l.key, value]));
}

export async function openCarOrder(
  shop: Shop,
  overrides: Record<string, unknown> = {},
): Promise<OrderDetail> {
  const input = carOrderInput(overrides);
  const subject = { ...input.subject, readingsBefore: readingsFor(String(input.kind)) };
  return shop.t.must<OrderDetail>('order.open', { ...input, subject }, shop.clerk.session.token);
}

export async function refused(shop: Shop, method: string, input: unknown, token: string): Promise<ApiError> {
  const r = await shop.t.call(method, input, token);
  if (r.ok) throw new Error(`${method} was expected to be refused`);
  return r.error;
}

/** Starts and finishes an item (the team lead). */
export async function work(shop: Shop, orderId: string, itemId: string): Promise<OrderDetail> {
  await shop.t.must('order.startItem', { orderId, itemId }, shop.lead.session.token);
  return shop.t.must<OrderDetail>('order.finishItem', { orderId, itemId }, shop.lead.session.token);
}

export async function inspect(
  shop: Shop,
  order: OrderDetail,
  itemId: string,
  inspection: 'self' | 'process' | 'final',
  result: 'pass' | 'fail' = 'pass',
  signers?: { login: string; secret: string }[],
): Promise<OrderDetail> {
  const item = order.items.find((i) => i.itemId === itemId);
  if (!item) throw new Error('no item');
  const by =
    signers ??
    (inspection === 'self'
      ? [creds(shop.lead)]
      : inspection === 'process'
        ? [creds(shop.lead), creds(shop.qc)]
        : [creds(shop.qc)]);
  const list = checklist(order.kind, inspection, item.safety);
  if (result === 'fail') list[Object.keys(list)[0] ?? ''] = false;
  return shop.t.must<OrderDetail>(
    'order.inspect',
    {
      orderId: order.id,
      itemId,
      inspection,
      result,
      checklist: list,
      reason: result === 'fail' ? '制动距离偏长，刹车片安装不到位' : '',
      signers: by,
    },
    shop.clerk.session.token,
  );
}

/** Works an item and passes every inspection it needs (self, process on a safety item, final). */
export async function workAndPass(shop: Shop, orderId: string, itemId: string): Promise<OrderDetail> {
  let d = await work(shop, orderId, itemId);
  d = await inspect(shop, d, itemId, 'self');
  if (d.items.find((i) => i.itemId === itemId)?.safety) d = await inspect(shop, d, itemId, 'process');
  return inspect(shop, d, itemId, 'final');
}

/** Every item of `d` worked and passed, then the desk's side: ready for release. */
export async function passAll(shop: Shop, d: OrderDetail): Promise<OrderDetail> {
  for (const it of d.items) d = await workAndPass(shop, d.id, it.itemId);
  return deskSide(shop, d);
}

/** A car order opened, every item worked and passed, and the desk's side done: ready for release. */
export async function readyCarOrder(shop: Shop): Promise<OrderDetail> {
  return passAll(shop, await openCarOrder(shop));
}

/** The front desk's parts reconciliation: every item the customer did not refuse, as quoted. */
export async function reconcileAsQuoted(shop: Shop, order: OrderDetail): Promise<OrderDetail> {
  const used = order.items
    .filter((i) => i.status !== 'refused')
    .flatMap((i) => i.parts.map((p) => ({ ...p, itemId: i.itemId })));
  return shop.t.must<OrderDetail>(
    'order.reconcileParts',
    { orderId: order.id, used, matches: true },
    shop.clerk.session.token,
  );
}

/** The front desk's parts reconciliation (as quoted) and its seven checks. */
export async function deskSide(shop: Shop, order: OrderDetail): Promise<OrderDetail> {
  let d = await reconcileAsQuoted(shop, order);
  for (const check of [
    'quote_matched',
    'vehicle_records_checked',
    'documents_keys_collected',
    'inspected_with_customer',
    'warranty_explained',
    'callback_booked',
    'next_service_suggested',
  ]) {
    d = await shop.t.must<OrderDetail>(
      'order.deskCheck',
      { orderId: order.id, check },
      shop.clerk.session.token,
    );
  }
  return d;
}

/**
 * Closes the shop's desk and leaves its store as a desk of order projection
 * `version` left it (`edit` on the database, then the projection signature set
 * back), then opens it as the upgraded desk does, with the clerk signed in.
 * The shop's own core is closed: the caller closes the returned one and
 * removes the folder.
 */
export async function reopenFromOrderVersion(
  shop: Shop,
  version: number,
  edit: (db: Database.Database) => void,
): Promise<{
  core: ReturnType<typeof openDesk>;
  call: (method: string, input: unknown) => ReturnType<TestDesk['call']>;
}> {
  shop.t.core.close();
  const db = new Database(path.join(shop.t.dir, DB_FILE_NAME));
  try {
    edit(db);
    const signature = db
      .prepare("SELECT value FROM meta WHERE key = 'projection.version'")
      .pluck()
      .get() as string;
    const now = `"order":${ORDER_PROJECTION_VERSION}`;
    if (!signature.includes(now)) throw new Error(`the projection signature has no ${now}: ${signature}`);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'projection.version'").run(
      signature.replace(now, `"order":${version}`),
    );
  } finally {
    db.close();
  }
  const core = openDesk({ dataDir: shop.t.dir, sync: false, deadlines: { timers: false } });
  const signIn = await core.call(
    'auth.signIn',
    { login: shop.clerk.login, secret: shop.clerk.secret },
    { session: null, locale: 'zh-CN' },
  );
  if (!signIn.ok) {
    core.close();
    throw new Error('sign-in failed');
  }
  const token = (signIn.value as Session).token;
  return { core, call: (method, input) => core.call(method, input, { session: token, locale: 'zh-CN' }) };
}
