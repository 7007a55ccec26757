/**
 * A complaint case and a work order linked both ways (issue 11, item 5;
 * docs/repair.md "Linked cases"), through DeskApi: `order.linkCase` by id
 * or by number from either side, an unknown number refused under its field
 * with nothing stored, a second link writing nothing, `order.forCase`
 * listing a case's orders from `order_case_links`, the order view naming
 * its cases by number, the links kept by a rebuild and filled by the
 * rebuild an upgraded desk makes, and who may link and read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail, OrderSummary } from '../../shared/contract/methods/orders';
import { newId } from '../../shared/domain/kernel/ids';
import { openDatabase } from '../../electron/desk/db/open';
import { ORDERS_OF_CASE } from '../../electron/desk/features/orders/caseLinkHandlers';
import { CASE_OF_NUMBER } from '../../electron/desk/features/orders/caseLinks';
import { fakeCredential } from '../fixtures/credentials';
import { createCase, readDeskDb, RemoteDevice, removeDir, tempDir } from './desk-fixtures';
import {
  eventCount,
  openCarOrder,
  openShop,
  refused,
  reopenFromOrderVersion,
  type Shop,
} from './desk-orders-fixtures';

interface ForCase {
  items: OrderSummary[];
  more: boolean;
}

let shop: Shop | null = null;
afterEach(() => {
  shop?.t.close();
  shop = null;
});

function linkRows(s: Shop): { case_id: string; order_pos: number }[] {
  return readDeskDb(s.t.dir, (db) =>
    db.prepare('SELECT case_id, order_pos FROM order_case_links ORDER BY case_id, order_pos').all(),
  ) as { case_id: string; order_pos: number }[];
}

const forCase = (s: Shop, caseId: string, token = s.clerk.session.token) =>
  s.t.must<ForCase>('order.forCase', { caseId }, token);

describe('linking a case and a work order', () => {
  it('links by id and by number from either side; forCase lists the orders newest first', async () => {
    const s = (shop = await openShop());
    const token = s.clerk.session.token;
    const a = await openCarOrder(s);
    const b = await openCarOrder(s, { customer: { name: '李娜', phone: '13700137000' } });
    const c = await createCase(s.t, token);
    const other = await createCase(s.t, token);

    // The order view's side: the order by id, the case by its number as a clerk might type it.
    let d = await s.t.must<OrderDetail>(
      'order.linkCase',
      { orderId: a.id, caseNumber: ` ${c.number.toLowerCase()} ` },
      token,
    );
    expect(d.caseIds).toEqual([c.id]);
    expect(d.cases).toEqual([{ id: c.id, number: c.number }]);
    // The case page's side: the order by its number, the case by id.
    d = await s.t.must<OrderDetail>('order.linkCase', { orderNumber: b.number, caseId: c.id }, token);
    expect(d.id).toBe(b.id);
    expect(d.cases).toEqual([{ id: c.id, number: c.number }]);
    // By id both ways, as before.
    d = await s.t.must<OrderDetail>('order.linkCase', { orderId: b.id, caseId: other.id }, token);
    expect(d.cases.map((x) => x.number)).toEqual([c.number, other.number]);

    const listed = await forCase(s, c.id);
    expect(listed.more).toBe(false);
    expect(listed.items.map((o) => [o.number, o.status, o.kind, o.plate])).toEqual([
      [b.number, 'open', 'car_repair', '粤A12345'],
      [a.number, 'open', 'car_repair', '粤A12345'],
    ]);
    expect(listed.items[0]?.receivedAt).toBe(b.receivedAt);
    expect((await forCase(s, other.id)).items.map((o) => o.id)).toEqual([b.id]);
    const none = await createCase(s.t, token);
    expect(await forCase(s, none.id)).toEqual({ items: [], more: false });
    // Paged by `limit`.
    const one = await s.t.must<ForCase>('order.forCase', { caseId: c.id, limit: 1 }, token);
    expect(one.items.map((o) => o.id)).toEqual([b.id]);
    expect(one.more).toBe(true);
  });

  it('refuses an unknown number under its field in both languages, and stores nothing', async () => {
    const s = (shop = await openShop());
    const token = s.clerk.session.token;
    const o = await openCarOrder(s);
    const c = await createCase(s.t, token);
    const before = eventCount(s.t);

    const zh = await refused(s, 'order.linkCase', { orderId: o.id, caseNumber: 'GZ01-20200101-0999' }, token);
    expect(zh.code).toBe('not_found');
    expect(zh.fields?.caseNumber).toContain('本机没有投诉单 GZ01-20200101-0999');
    expect(zh.message).toBe(zh.fields?.caseNumber);
    const en = await s.t.call(
      'order.linkCase',
      { orderId: o.id, caseNumber: 'GZ01-20200101-0999' },
      token,
      'en',
    );
    expect(en.ok).toBe(false);
    if (!en.ok) expect(en.error.fields?.caseNumber).toContain('No case GZ01-20200101-0999 on this desk');

    const wo = await refused(
      s,
      'order.linkCase',
      { orderNumber: 'WO-GZ01-20200101-0999', caseId: c.id },
      token,
    );
    expect(wo.code).toBe('not_found');
    expect(wo.fields?.orderNumber).toContain('本机没有维修单 WO-GZ01-20200101-0999');
    // A case number given where the order's goes is not an order.
    expect(
      (await refused(s, 'order.linkCase', { orderNumber: c.number, caseId: c.id }, token)).fields,
    ).toHaveProperty('orderNumber');
    // Both forms at once, or neither: bad input.
    const both = await refused(
      s,
      'order.linkCase',
      { orderId: o.id, caseId: c.id, caseNumber: c.number },
      token,
    );
    expect(both.code).toBe('invalid_input');
    expect(both.fields).toHaveProperty('caseNumber');
    expect((await refused(s, 'order.linkCase', { caseId: c.id }, token)).fields).toHaveProperty(
      'orderNumber',
    );

    expect(eventCount(s.t)).toBe(before);
    expect(linkRows(s)).toEqual([]);
    expect((await forCase(s, c.id)).items).toEqual([]);
  });

  it('links a case once: the second link by number writes no event and no row', async () => {
    const s = (shop = await openShop());
    const token = s.clerk.session.token;
    const o = await openCarOrder(s);
    const c = await createCase(s.t, token);
    await s.t.must('order.linkCase', { orderId: o.id, caseId: c.id }, token);
    const before = eventCount(s.t);
    const d = await s.t.must<OrderDetail>(
      'order.linkCase',
      { orderNumber: o.number, caseNumber: c.number },
      token,
    );
    expect(d.caseIds).toEqual([c.id]);
    expect(eventCount(s.t)).toBe(before);
    expect(linkRows(s)).toHaveLength(1);
    expect((await forCase(s, c.id)).items.map((x) => x.id)).toEqual([o.id]);
  });

  it('lets the front desk link and anyone signed in read, as the contract says', async () => {
    const s = (shop = await openShop());
    const o = await openCarOrder(s);
    const c = await createCase(s.t, s.clerk.session.token);
    const before = eventCount(s.t);
    const lead = await refused(
      s,
      'order.linkCase',
      { orderId: o.id, caseNumber: c.number },
      s.lead.session.token,
    );
    expect(lead.code).toBe('forbidden');
    expect(eventCount(s.t)).toBe(before);
    expect((await s.t.call('order.forCase', { caseId: c.id }, null)).ok).toBe(false);
    await s.t.must('order.linkCase', { orderId: o.id, caseNumber: c.number }, s.clerk.session.token);
    // A team lead and a QC inspector read a case's orders (order.get's rule: anyone signed in).
    expect((await forCase(s, c.id, s.lead.session.token)).items.map((x) => x.id)).toEqual([o.id]);
    expect((await forCase(s, c.id, s.qc.session.token)).items.map((x) => x.id)).toEqual([o.id]);
  });
});

describe('the link table is a projection', () => {
  it("folds another desk's links in, and one whose clerk's record arrives later once it does", async () => {
    const s = (shop = await openShop());
    const token = s.clerk.session.token;
    const a = await openCarOrder(s);
    const b = await openCarOrder(s);
    const c = await createCase(s.t, token);
    // Desk 02 of the branch: the known clerk links order a; a clerk hired there links order b.
    const hiredId = newId();
    const there = new RemoteDevice('dev-02', Date.now() + 2_000, 'GZ', s.clerk.id);
    const hired = new RemoteDevice('dev-02', Date.now() + 4_000, 'GZ', hiredId);
    const linkA = there.event(`order:${a.id}`, 'order.case_linked', { caseId: c.id });
    const linkB = hired.event(`order:${b.id}`, 'order.case_linked', { caseId: c.id });
    expect(s.t.core.appendEvents([linkA, linkB]).accepted).toBe(2);
    // The hired clerk is nobody here yet: that link is kept, flagged, without effect.
    expect((await forCase(s, c.id)).items.map((o) => o.id)).toEqual([a.id]);
    // Their record, made before the link, arrives: the order is folded again and the link counts.
    const admin = new RemoteDevice('dev-02', Date.now() + 3_500, 'GZ', s.admin.id);
    const record = admin.event(`staff:${hiredId}`, 'staff.created', {
      name: '孙柜员',
      login: 'sun',
      role: 'counter',
      credential: fakeCredential(),
    });
    expect(s.t.core.appendEvents([record]).accepted).toBe(1);
    expect((await forCase(s, c.id)).items.map((o) => o.id)).toEqual([b.id, a.id]);
    const rows = linkRows(s);
    s.t.core.rebuild();
    expect(linkRows(s)).toEqual(rows);
  });

  it('is rebuilt with the orders, and filled by the rebuild an upgraded desk makes when it opens', async () => {
    const s = (shop = await openShop());
    const token = s.clerk.session.token;
    const a = await openCarOrder(s);
    const b = await openCarOrder(s);
    const c = await createCase(s.t, token);
    await s.t.must('order.linkCase', { orderId: a.id, caseId: c.id }, token);
    await s.t.must('order.linkCase', { orderId: b.id, caseNumber: c.number }, token);
    const rows = linkRows(s);
    expect(rows).toHaveLength(2);

    s.t.core.rebuild();
    expect(linkRows(s)).toEqual(rows);
    expect((await forCase(s, c.id)).items.map((o) => o.id)).toEqual([b.id, a.id]);

    // A desk written before the link table (projection version 2): empty table, old signature.
    shop = null; // the old core is closed: this test closes the new one and removes the folder
    const { core, call } = await reopenFromOrderVersion(s, 2, (db) =>
      db.exec('DELETE FROM order_case_links'),
    );
    try {
      expect(linkRows(s)).toEqual(rows);
      const r = await call('order.forCase', { caseId: c.id });
      expect(r.ok && (r.value as ForCase).items.map((o) => o.id)).toEqual([b.id, a.id]);
    } finally {
      core.close();
      removeDir(s.t.dir);
    }
  });
});

describe('the lookups read indexes, whatever the number of orders and cases', () => {
  // The desk runs no ANALYZE, so the plans on an empty store are the plans (order-board-plan.test.ts).
  function plan(sql: string, ...args: unknown[]): string {
    const dir = tempDir();
    const db = openDatabase(`${dir}/loopdesk.db`);
    try {
      return (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((p) => p.detail)
        .join(' / ');
    } finally {
      db.close();
      removeDir(dir);
    }
  }

  it("order.forCase reads the case's links from the primary key, each order by its rowid, unsorted", () => {
    const p = plan(ORDERS_OF_CASE, newId(), 51);
    expect(p).toContain('SEARCH l USING PRIMARY KEY (case_id=?)');
    expect(p).toContain('SEARCH o USING INTEGER PRIMARY KEY (rowid=?)');
    expect(p).not.toMatch(/SCAN (o|l)\b/);
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('a case number is looked up in cases_number', () => {
    const p = plan(CASE_OF_NUMBER, 'GZ01-20261130-0003');
    expect(p).toMatch(/SEARCH cases USING (COVERING )?INDEX cases_number \(number=\?\)/);
    expect(p).not.toContain('SCAN cases');
  });
});
