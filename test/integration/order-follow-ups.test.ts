/**
 * Work orders' follow-up calls in the work queue (issue 11, item 6), through
 * DeskApi on a desk whose clock the test sets: the supervisor's board lists
 * every open call with its count; 我的待办 (`work.mine`) lists the calls of
 * the orders the signed-in clerk received, and no one else's; a call past
 * due and not done raises one `overdue` alert (kind `order_follow_up`) to
 * the receiver, seen by the supervisors, once, from the scheduler's sweep;
 * none for an order followed up, none for a call that fell due before the
 * sweep's look-back. The sweep's and the list's queries read their partial
 * indexes (query plans), so they stay cheap at 200,000 orders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/contract/methods/orders';
import type { Alert, OrderCallbackList, WorkBoard } from '../../shared/contract/methods/work';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { ALERT_LOOKBACK_MS, ALERT_SQL } from '../../electron/desk/features/work/alerts';
import { ORDER_CALLBACK_SQL } from '../../electron/desk/features/work/orderCallbacks';
import { removeDir, tempDir } from './desk-fixtures';
import {
  carOrderInput,
  clockedShop,
  passAll,
  person,
  readingsFor,
  recordFollowUp,
  type Person,
  type Shop,
} from './desk-orders-fixtures';

/** A local time in the branch's zone (Asia/Shanghai). */
const at = (local: string) => Date.parse(`${local}:00+08:00`);
const MIN = 60_000;
const DAY = 86_400_000;
/** Signing in and every signature hash a password: slow on a busy machine. */
const SLOW = 180_000;

interface Rig {
  s: Shop;
  clerk2: Person;
  clock: { t: number };
  /** Sets the desk's clock; everyone signs in again (sessions idle out). */
  set(ms: number): Promise<void>;
  /** An order opened (so received) by `owner`, worked, passed and released; at the clock's time. */
  released(owner: Person, plate?: string): Promise<OrderDetail>;
  board(): Promise<WorkBoard>;
  mine(p: Person): Promise<OrderCallbackList>;
  alerts(p: Person): Promise<Alert[]>;
  followUp(p: Person, orderId: string, outcome: 'reached' | 'no_answer'): Promise<OrderDetail>;
}

let open: Shop[] = [];
afterEach(() => {
  for (const s of open) s.t.close();
  open = [];
});

async function rig(start: string): Promise<Rig> {
  const { s, clock, set } = await clockedShop(at(start));
  const t = s.t;
  open.push(s);
  const clerk2 = await person(t, 'counter', 'clerktwo');
  const people = [s.clerk, clerk2, s.lead, s.boss];
  return {
    s,
    clerk2,
    clock,
    set: (ms) => set(ms, people),
    released: async (owner, plate = '粤A12345') => {
      const input = carOrderInput();
      const subject = { ...input.subject, plate, readingsBefore: readingsFor('car_repair') };
      const promisedAt = new Date(clock.t + 2 * DAY).toISOString();
      const opened = await t.must<OrderDetail>(
        'order.open',
        { ...input, subject, promisedAt },
        owner.session.token,
      );
      const d = await passAll(s, opened);
      return t.must<OrderDetail>('order.release', { orderId: d.id }, owner.session.token);
    },
    board: () => t.must<WorkBoard>('work.board', {}, s.boss.session.token),
    mine: async (p) =>
      (await t.must<{ orderCallbacks: OrderCallbackList }>('work.mine', {}, p.session.token)).orderCallbacks,
    alerts: async (p) => (await t.must<{ items: Alert[] }>('alert.list', {}, p.session.token)).items,
    followUp: (p, orderId, outcome) => recordFollowUp(s, p, orderId, outcome),
  };
}

const followUpAlerts = (items: Alert[]) => items.filter((a) => a.kind === 'order_follow_up');

describe('the callback queue of work orders', () => {
  it(
    'lists every open follow-up call on the board, each clerk’s own in 我的待办, by due time',
    async () => {
      // Monday 9 March 2026, 10:00: the default calendar (Mon-Fri).
      const r = await rig('2026-03-09T10:00');
      const a = await r.released(r.s.clerk, '粤A11111');
      await r.set(at('2026-03-09T11:00'));
      const b = await r.released(r.clerk2, '粤B22222');
      await r.set(at('2026-03-10T10:00'));
      const c = await r.released(r.s.clerk, '粤C33333');

      // Due on Thursday at the close, 3 calendar days on, on the branch calendar.
      expect(a.followUpDueAt).not.toBeNull();
      const due = Date.parse(a.followUpDueAt ?? '');
      expect(due).toBeGreaterThan(at('2026-03-12T10:00'));
      expect(due).toBeLessThanOrEqual(at('2026-03-12T23:59'));

      const board = (await r.board()).orderCallbacksDue;
      expect(board.count).toBe(3);
      expect(board.capped).toBe(false);
      expect(board.items.map((i) => i.orderNumber)).toEqual([a.number, b.number, c.number]);
      expect(board.items[0]).toEqual({
        orderId: a.id,
        orderNumber: a.number,
        customerName: '张伟',
        customerPhone: '13900139000',
        plate: '粤A11111',
        owner: r.s.clerk.id,
        ownerName: 'counter clerk',
        releasedAt: a.released?.at,
        dueAt: a.followUpDueAt,
        state: 'pending',
      });

      // 我的待办: the receiver's own calls only; a supervisor who received none has none.
      const mine = await r.mine(r.s.clerk);
      expect(mine.items.map((i) => i.orderId)).toEqual([a.id, c.id]);
      expect(mine.count).toBe(2);
      expect((await r.mine(r.clerk2)).items.map((i) => i.orderId)).toEqual([b.id]);
      expect(await r.mine(r.s.boss)).toEqual({ items: [], count: 0, capped: false });

      // Friday: A's and B's calls are late; C's (released Tuesday) is due today.
      await r.set(at('2026-03-13T10:00'));
      const late = (await r.board()).orderCallbacksDue.items;
      expect(late.map((i) => i.state)).toEqual(['overdue', 'overdue', 'pending']);
      expect((await r.mine(r.s.clerk)).items.map((i) => i.state)).toEqual(['overdue', 'pending']);

      // A call that did not reach the customer leaves it in the queue; one that did takes it out.
      await r.followUp(r.s.clerk, a.id, 'no_answer');
      expect((await r.board()).orderCallbacksDue.count).toBe(3);
      await r.followUp(r.s.clerk, a.id, 'reached');
      const after = (await r.board()).orderCallbacksDue;
      expect(after.items.map((i) => i.orderId)).toEqual([b.id, c.id]);
      expect(after.count).toBe(2);
      expect((await r.mine(r.s.clerk)).items.map((i) => i.orderId)).toEqual([c.id]);
    },
    SLOW,
  );
});

describe('the overdue alert of a follow-up call', () => {
  it(
    'is raised once, after the due time, to the receiver and the supervisors, naming the order',
    async () => {
      const r = await rig('2026-03-09T10:00');
      const a = await r.released(r.s.clerk);
      const due = Date.parse(a.followUpDueAt ?? '');

      await r.set(due - MIN);
      await r.s.t.core.sweep();
      expect(followUpAlerts(await r.alerts(r.s.clerk))).toEqual([]);

      await r.set(due + MIN);
      await r.s.t.core.sweep();
      const [alert, ...more] = followUpAlerts(await r.alerts(r.s.clerk));
      expect(more).toEqual([]);
      expect(alert).toMatchObject({
        caseId: a.id,
        caseNumber: a.number,
        rule: 'overdue',
        kind: 'order_follow_up',
        owner: r.s.clerk.id,
        dueAt: a.followUpDueAt,
        ackedAt: null,
      });
      expect(followUpAlerts(await r.alerts(r.s.boss)).map((x) => x.id)).toEqual([alert?.id]);
      expect(followUpAlerts(await r.alerts(r.clerk2))).toEqual([]);

      // Swept again, a day later, and after it was acknowledged: no second alert.
      await r.s.t.core.sweep();
      await r.set(due + DAY);
      await r.s.t.core.sweep();
      await r.s.t.must('alert.ack', { alertId: alert?.id }, r.s.clerk.session.token);
      await r.set(due + 2 * DAY);
      await r.s.t.core.sweep();
      const all = await r.s.t.must<{ items: Alert[] }>(
        'alert.list',
        { includeAcked: true },
        r.s.clerk.session.token,
      );
      expect(followUpAlerts(all.items)).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'is not raised for an order followed up in time, but is for one whose call did not reach the customer',
    async () => {
      const r = await rig('2026-03-09T10:00');
      const done = await r.released(r.s.clerk, '粤A11111');
      const tried = await r.released(r.s.clerk, '粤B22222');
      await r.set(at('2026-03-11T15:00'));
      await r.followUp(r.s.clerk, done.id, 'reached');
      await r.followUp(r.s.clerk, tried.id, 'no_answer');
      await r.set(at('2026-03-13T10:00'));
      await r.s.t.core.sweep();
      const raised = followUpAlerts(await r.alerts(r.s.boss));
      expect(raised.map((x) => x.caseId)).toEqual([tried.id]);
    },
    SLOW,
  );

  it(
    'is not raised for a call that fell due before the look-back (the board still lists it)',
    async () => {
      const r = await rig('2026-03-09T10:00');
      const a = await r.released(r.s.clerk);
      const due = Date.parse(a.followUpDueAt ?? '');
      // The desk was not running for a fortnight: the call fell due more than 7 days ago.
      await r.set(due + ALERT_LOOKBACK_MS + DAY);
      await r.s.t.core.sweep();
      expect(followUpAlerts(await r.alerts(r.s.boss))).toEqual([]);
      const queue = (await r.board()).orderCallbacksDue;
      expect(queue.items.map((i) => [i.orderId, i.state])).toEqual([[a.id, 'overdue']]);
    },
    SLOW,
  );
});

describe('the queries', () => {
  let dir: string | null = null;
  let db: DeskDatabase | null = null;
  afterEach(() => {
    db?.close();
    db = null;
    if (dir) removeDir(dir);
    dir = null;
  });

  const plan = (sql: string, args: unknown[] | Record<string, unknown>): string => {
    dir ??= tempDir();
    db ??= openDatabase(`${dir}/loopdesk.db`);
    const st = db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`);
    const rows = (Array.isArray(args) ? st.all(...args) : st.all(args)) as { detail: string }[];
    return rows.map((p) => p.detail).join(' / ');
  };

  it('the sweep reads only the open calls of orders released in its window, by the partial index', () => {
    const p = plan(ALERT_SQL.followUps, { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' });
    expect(p).toMatch(/SEARCH o USING INDEX orders_follow_up \(released_at>\? AND released_at<\?\)/);
    expect(p).not.toMatch(/SCAN/);
  });

  it('我的待办 walks the clerk’s open calls in due order and counts index entries only', () => {
    const mine = plan(ORDER_CALLBACK_SQL.mine, ['staff-1', 50]);
    expect(mine).toMatch(/SEARCH o USING INDEX orders_follow_up_owner \(owner=\?\)/);
    expect(mine).not.toMatch(/TEMP B-TREE/);
    const count = plan(ORDER_CALLBACK_SQL.mineCount, ['staff-1']);
    expect(count).toMatch(/SEARCH o USING COVERING INDEX orders_follow_up_owner \(owner=\?\)/);
  });
});
