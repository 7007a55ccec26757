/**
 * The rest of the work-order methods through DeskApi (issue 11, part O3):
 * part substitutions (a safety item needs the QC inspector), parts
 * reconciliation against what was approved, linking a complaint case, the
 * responsibility decision, the board's filters and pages, and the templates
 * loaded at start (a broken file stops the desk, naming the bad entry).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderBoard, OrderDetail } from '../../shared/contract/methods/orders';
import type { WorkBoard } from '../../shared/contract/methods/work';
import type { OrderTemplates } from '../../shared/domain/orders/template';
import { openDesk, OrderTemplatesLoadError } from '../../electron/desk';
import { createCase, removeDir, tempDir } from './desk-fixtures';
import {
  checklist,
  creds,
  deskSide,
  eventCount,
  openCarOrder,
  openShop,
  readingsFor,
  readyCarOrder,
  refused,
  work,
  workAndPass,
  type Shop,
} from './desk-orders-fixtures';

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

describe('parts and substitutions', () => {
  it('needs the QC inspector to approve a substitution on a safety item, and reconciles against it', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const brake = d.items[0]!;
    d = await workAndPass(s, d.id, brake.itemId);
    const sub = {
      orderId: d.id,
      itemId: brake.itemId,
      original: '刹车片',
      substitute: '刹车片(副厂)',
      customerApproved: true,
    };
    const before = eventCount(s.t);
    const noQc = await refused(s, 'order.approveSubstitution', sub, s.clerk.session.token);
    expect(Object.keys(noQc.fields ?? {})).toEqual(['signer']);
    const byLead = await refused(
      s,
      'order.approveSubstitution',
      { ...sub, signer: creds(s.lead) },
      s.clerk.session.token,
    );
    expect(byLead.code).toBe('forbidden');
    expect(eventCount(s.t)).toBe(before);

    const used = [{ itemId: brake.itemId, name: '刹车片(副厂)', qty: 1, unitFen: 30000 }];
    d = await s.t.must<OrderDetail>(
      'order.reconcileParts',
      { orderId: d.id, used, matches: true },
      s.clerk.session.token,
    );
    expect(d.gate.missing).toContainEqual(
      expect.objectContaining({ code: 'substitution_unapproved', itemId: brake.itemId }),
    );
    d = await s.t.must<OrderDetail>(
      'order.approveSubstitution',
      { ...sub, signer: creds(s.qc) },
      s.clerk.session.token,
    );
    expect(d.substitutions).toEqual([
      expect.objectContaining({
        substitute: '刹车片(副厂)',
        approvedBy: expect.objectContaining({ signer: s.qc.id, role: 'qc' }),
      }),
    ]);
    // The approval changed what was approved: the reconciliation before it no longer counts.
    expect(d.gate.missing.map((g) => g.code)).toContain('parts_not_reconciled');
    d = await s.t.must<OrderDetail>(
      'order.reconcileParts',
      { orderId: d.id, used, matches: true },
      s.clerk.session.token,
    );
    expect(d.gate.missing.map((g) => g.code)).not.toContain('substitution_unapproved');
  });

  it('refuses a reconciliation naming an item the order does not have', async () => {
    const s = (shop = await openShop());
    const d = await openCarOrder(s);
    const before = eventCount(s.t);
    const e = await refused(
      s,
      'order.reconcileParts',
      {
        orderId: d.id,
        used: [{ itemId: '0196f3a0-0000-7000-8000-0000000000ff', name: 'x', qty: 1, unitFen: 1 }],
        matches: true,
      },
      s.clerk.session.token,
    );
    expect(e.message).toContain('工单中没有该项目');
    expect(eventCount(s.t)).toBe(before);
  });
});

describe('cases, responsibility and the board', () => {
  it('links a complaint case once, refuses an unknown case, and lets only a supervisor decide responsibility', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    const c = await createCase(s.t, s.clerk.session.token);
    const before = eventCount(s.t);
    const unknown = await refused(
      s,
      'order.linkCase',
      { orderId: d.id, caseId: '0196f3a0-0000-7000-8000-0000000000ff' },
      s.clerk.session.token,
    );
    expect(unknown.code).toBe('not_found');
    d = await s.t.must<OrderDetail>('order.linkCase', { orderId: d.id, caseId: c.id }, s.clerk.session.token);
    d = await s.t.must<OrderDetail>('order.linkCase', { orderId: d.id, caseId: c.id }, s.clerk.session.token);
    expect(d.caseIds).toEqual([c.id]);
    expect(eventCount(s.t)).toBe(before + 1);
    const decide = { orderId: d.id, responsible: s.lead.id, severity: 'major', note: '刹车片安装不到位' };
    expect((await refused(s, 'order.decideResponsibility', decide, s.clerk.session.token)).code).toBe(
      'forbidden',
    );
    d = await s.t.must<OrderDetail>('order.decideResponsibility', decide, s.boss.session.token);
    expect(d.responsibility).toMatchObject({ responsible: s.lead.id, severity: 'major', actor: s.boss.id });
  });

  it('finds orders by number and plate, pages the board and counts per status', async () => {
    const s = (shop = await openShop());
    const a = await openCarOrder(s);
    const b = await openCarOrder(s, {
      subject: { plate: '粤B99999', vinOrSerial: '', model: '', readingsBefore: {} },
    });
    const c = await openCarOrder(s);
    await workAndPass(s, c.id, c.items[1]!.itemId);
    const get = (q: Record<string, unknown>) => s.t.must<OrderBoard>('order.list', q, s.clerk.session.token);
    expect((await get({ text: '粤B99' })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await get({ text: a.number })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await get({ text: '100%' })).items).toEqual([]);
    const first = await get({ limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual([c.id, b.id]);
    const second = await get({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.id)).toEqual([a.id]);
    expect(second.nextCursor).toBeNull();
    expect(first.counts).toMatchObject({ open: { count: 2, capped: false }, in_work: { count: 1 } });
    expect((await get({ status: 'in_work' })).items.map((i) => i.id)).toEqual([c.id]);
    const byNumber = await s.t.must<OrderDetail>('order.get', { number: b.number }, s.clerk.session.token);
    expect(byNumber.id).toBe(b.id);
  });
});

describe('the follow-up call', () => {
  it('enters the callback queue at release and leaves it once a call reached the customer', async () => {
    const s = (shop = await openShop());
    let d = await openCarOrder(s);
    for (const it of d.items) d = await workAndPass(s, d.id, it.itemId);
    d = await deskSide(s, d);
    const call = { orderId: d.id, outcome: 'reached', reachedWho: '张伟本人', satisfaction: 5 };
    const before = eventCount(s.t);
    const early = await refused(s, 'order.followUp.record', call, s.clerk.session.token);
    expect(early.code).toBe('invalid_state');
    expect(early.message).toContain('还没有出厂');
    expect(eventCount(s.t)).toBe(before);
    const board = () => s.t.must<WorkBoard>('work.board', {}, s.boss.session.token);
    expect((await board()).orderCallbacksDue.count).toBe(0);
    d = await s.t.must<OrderDetail>('order.release', { orderId: d.id }, s.clerk.session.token);
    let queue = (await board()).orderCallbacksDue;
    expect(queue.count).toBe(1);
    expect(queue.items[0]).toMatchObject({
      orderId: d.id,
      orderNumber: d.number,
      dueAt: d.followUpDueAt,
      state: 'pending',
    });
    const noSatisfaction = await refused(
      s,
      'order.followUp.record',
      { ...call, satisfaction: null },
      s.clerk.session.token,
    );
    expect(Object.keys(noSatisfaction.fields ?? {})).toEqual(['satisfaction']);
    d = await s.t.must<OrderDetail>(
      'order.followUp.record',
      { orderId: d.id, outcome: 'no_answer' },
      s.clerk.session.token,
    );
    expect((await board()).orderCallbacksDue.count).toBe(1);
    d = await s.t.must<OrderDetail>('order.followUp.record', call, s.clerk.session.token);
    expect(d.followUps.map((f) => f.outcome)).toEqual(['no_answer', 'reached']);
    queue = (await board()).orderCallbacksDue;
    expect(queue).toEqual({ items: [], count: 0, capped: false });
  });
});

describe('the order templates', () => {
  it('serves the templates the desk loaded', async () => {
    const s = (shop = await openShop());
    const { templates } = await s.t.must<{ templates: OrderTemplates }>(
      'order.templates',
      {},
      s.clerk.session.token,
    );
    expect(templates.kinds.map((k) => k.value)).toEqual(['car_maintenance', 'car_repair', 'device_repair']);
  });

  it('refuses to open the desk with broken templates, naming the file and the bad entry', () => {
    const thrown = openingError((json) => {
      json.kinds[1]!.trades.push('paintt');
    });
    expect(thrown).toBeInstanceOf(OrderTemplatesLoadError);
    expect((thrown as Error).message).toMatch(
      /templates\.json: kinds\[1\]\.trades\[\d+\]: unknown trade "paintt"/,
    );
  });

  it('refuses changed templates that keep the shipped version, naming the version', () => {
    const thrown = openingError((json) => {
      json.kinds[1]!.checklists.self.pop();
    });
    expect(thrown).toBeInstanceOf(OrderTemplatesLoadError);
    expect((thrown as Error).message).toMatch(
      /templates\.json: version: "1\.0" is the version this build ships/,
    );
  });

  it('judges an order of the shipped version by the shipped templates on a desk running its own', async () => {
    const s = (shop = await openShop());
    const d = await openCarOrder(s);
    const wiper = d.items[1]!;
    await work(s, d.id, wiper.itemId);
    s.t.core.close();
    // The branch's own templates: a version of their own, a self-check line, the tyre trade and the brake keyword dropped.
    const { resources } = ownTemplates((json) => {
      json.version = '1.0.1';
      json.kinds[1]!.checklists.self.pop();
      json.kinds[1]!.trades = json.kinds[1]!.trades.filter((x) => x !== 'tyres');
      for (const entry of json.safety) entry.keywords = entry.keywords.filter((w) => w !== '刹车');
    });
    const core = openDesk({
      dataDir: s.t.dir,
      resourcesDir: resources,
      sync: false,
      deadlines: { timers: false },
    });
    try {
      const lead = await core.call('auth.signIn', { login: s.lead.login, secret: s.lead.secret }, ctx(null));
      const clerk = await core.call(
        'auth.signIn',
        { login: s.clerk.login, secret: s.clerk.secret },
        ctx(null),
      );
      if (!lead.ok || !clerk.ok) throw new Error('sign-in failed');
      const self = (list: Record<string, boolean>) =>
        core.call(
          'order.inspect',
          {
            orderId: d.id,
            itemId: wiper.itemId,
            inspection: 'self',
            result: 'pass',
            checklist: list,
            readingsAfter: {},
            reason: '',
            signers: [creds(s.lead)],
          },
          ctx((lead.value as { token: string }).token),
        );
      // The line the branch dropped is still asked of this order, as every other desk and head office ask it.
      const shipped = checklist('car_repair', 'self', false);
      const dropped = Object.keys(shipped).at(-1)!;
      const short = await self(Object.fromEntries(Object.entries(shipped).filter(([k]) => k !== dropped)));
      expect(!short.ok && short.error.fields?.[`checklist.${dropped}`]).toBeTruthy();
      const passed = await self(shipped);
      expect(passed.ok).toBe(true);
      // A brake item added to this order is a safety item under the shipped list, as the fold holds it.
      const added = await core.call(
        'order.addItem',
        { orderId: d.id, item: { title: '刹车油更换', trade: 'mechanical', labourFen: 5000, parts: [] } },
        ctx((clerk.value as { token: string }).token),
      );
      expect(added.ok && (added.value as OrderDetail).items.at(-1)?.safety).toBe(true);
      // A trade of the shipped kind is one the item may be handed to, though this desk's file lacks it.
      const handed = await core.call(
        'order.handItem',
        { orderId: d.id, itemId: wiper.itemId, toTrade: 'tyres', signer: creds(s.qc) },
        ctx((clerk.value as { token: string }).token),
      );
      expect(handed.ok).toBe(true);
    } finally {
      core.close();
      removeDir(resources);
    }
  });
});

describe('a rework return of an order from other templates', () => {
  it('raises a copied item to safety where the templates it opens under say so', async () => {
    // The original was opened under the branch's own templates, where 刹车 named no safety item.
    const { resources, data } = ownTemplates((json) => {
      json.version = '1.0.1';
      for (const entry of json.safety) entry.keywords = entry.keywords.filter((w) => w !== '刹车');
    });
    removeDir(data);
    const s = (shop = await openShop(resources));
    let core: ReturnType<typeof openDesk> | null = null;
    try {
      const d = await readyCarOrder(s);
      expect(d.items[0]!.safety).toBe(false);
      await s.t.must('order.release', { orderId: d.id }, s.clerk.session.token);
      s.t.core.close();
      // Back on the shipped templates, the customer returns.
      core = openDesk({ dataDir: s.t.dir, sync: false, deadlines: { timers: false } });
      const clerk = await core.call(
        'auth.signIn',
        { login: s.clerk.login, secret: s.clerk.secret },
        ctx(null),
      );
      if (!clerk.ok) throw new Error('sign-in failed');
      const back = await core.call(
        'order.returnForRework',
        {
          originalNumber: d.number,
          items: [{ title: '雨刮异响', trade: 'mechanical' }],
          readingsBefore: readingsFor('car_repair'),
          promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
        ctx((clerk.value as { token: string }).token),
      );
      if (!back.ok) throw new Error(`returnForRework refused: ${back.error.message}`);
      const copy = (back.value as OrderDetail).items.find((i) => i.title === d.items[0]!.title);
      expect(copy?.safety).toBe(true);
      expect((back.value as OrderDetail).flagList).toEqual([]);
    } finally {
      core?.close();
      removeDir(resources);
    }
  });
});

interface TemplatesJson {
  version: string;
  safety: { keywords: string[] }[];
  kinds: { trades: string[]; checklists: Record<'self' | 'process' | 'final', unknown[]> }[];
}

/** A copy of the resources with the order templates changed by `edit`, and an empty data folder. */
function ownTemplates(edit: (json: TemplatesJson) => void): { resources: string; data: string } {
  const resources = tempDir();
  fs.cpSync(path.resolve('resources'), resources, { recursive: true });
  const file = path.join(resources, 'repair', 'templates.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as TemplatesJson;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json));
  return { resources, data: tempDir() };
}

/** What opening a new desk on templates changed by `edit` throws (undefined: it opened). */
function openingError(edit: (json: TemplatesJson) => void): unknown {
  const { resources, data } = ownTemplates(edit);
  try {
    openDesk({ dataDir: data, resourcesDir: resources, sync: false }).close();
    return undefined;
  } catch (e) {
    return e;
  } finally {
    removeDir(resources);
    removeDir(data);
  }
}

const ctx = (session: string | null) => ({ session, locale: 'zh-CN' as const });
