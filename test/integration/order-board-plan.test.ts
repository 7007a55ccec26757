/**
 * The order board's queries (order.list, electron/desk/features/orders/queries.ts)
 * read index entries, not order rows, for their capped counts under each
 * filter, and take their pages newest first without sorting the orders
 * (desk migration 0009). An `orders` row holds the whole folded state, so a
 * count that walks rows is a page read per order: at 200,000 orders the
 * board took 80-500 ms a call before 0009 (docs/performance.md, Issue 11).
 * The desk runs no ANALYZE, so the plans on an empty store are the plans.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderListQuery } from '../../shared/contract/methods/orders';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { listOrders } from '../../electron/desk/features/orders/queries';
import { removeDir, tempDir } from './desk-fixtures';

let dir: string | null = null;
let database: DeskDatabase | null = null;
afterEach(() => {
  database?.close();
  database = null;
  if (dir) removeDir(dir);
  dir = null;
});

const STAFF = '0196f3a0-0000-7000-8000-0000000000aa';

/** Every statement listOrders runs for `query`, with its query plan. */
function plans(query: Record<string, unknown>): { sql: string; plan: string }[] {
  dir = tempDir();
  database = openDatabase(`${dir}/loopdesk.db`);
  const db = database;
  const seen: { sql: string; args: unknown }[] = [];
  const sqlite = new Proxy(db.sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver) as unknown;
      return (sql: string) => {
        const st = target.prepare(sql);
        const record = (args: unknown) => {
          if (!seen.some((s) => s.sql === sql)) seen.push({ sql, args });
        };
        return {
          all: (args: Record<string, unknown>) => (record(args), st.all(args)),
          get: (args: Record<string, unknown>) => (record(args), st.get(args)),
          pluck: () => ({
            get: (args: Record<string, unknown>) => (record(args), st.pluck().get(args)),
          }),
        };
      };
    },
  });
  const r = listOrders({ d: { ...db, sqlite } }, OrderListQuery.parse(query));
  expect(r).not.toBe('bad_cursor');
  return seen.map(({ sql, args }) => ({
    sql,
    plan: (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(args) as { detail: string }[])
      .map((p) => p.detail)
      .join(' / '),
  }));
}

describe('the order board reads indexes, not order rows', () => {
  it.each([
    ['owner', { owner: STAFF }, 'orders_owner_status'],
    ['kind', { kind: 'car_repair' }, 'orders_kind_status'],
    ['flagged', { flagged: true }, 'orders_flagged_status'],
    ['rework returns', { rework: true }, 'orders_rework_status'],
    ['no filter', {}, 'orders_status'],
  ])('counts each status by %s with its own index', (_name, query, index) => {
    const counts = plans(query).filter((p) => p.sql.includes('count(*)'));
    expect(counts).toHaveLength(1);
    expect(counts[0]?.plan).toContain(`USING COVERING INDEX ${index} (`);
  });

  it.each([
    ['a status', { status: 'ready' }],
    ['an owner', { owner: STAFF }],
    ['an owner and a status', { owner: STAFF, status: 'in_work' }],
    ['a kind', { kind: 'car_repair' }],
    ['a kind and a status', { kind: 'car_repair', status: 'open' }],
    ['flagged orders', { flagged: true }],
    ['rework returns of a status', { rework: true, status: 'open' }],
  ])('takes the page of %s newest first from an index, without a sort', (_name, query) => {
    const page = plans(query).find((p) => p.sql.includes('ORDER BY o.pos DESC'));
    expect(page?.plan).toMatch(/(SEARCH|SCAN) o USING (COVERING )?INDEX orders_/);
    expect(page?.plan).not.toContain('TEMP B-TREE');
  });

  it.each([
    ['alone', { text: '王伟' }],
    ['with a status', { text: '13800138000', status: 'released' }],
    ['with an owner', { text: 'WO-GZ', owner: STAFF }],
    ['with a cursor', { text: 'WO-GZ', cursor: Buffer.from('o1000').toString('base64url') }],
  ])(
    'reads the text filter candidates from order_search newest first, each row by its rowid (%s)',
    (_name, query) => {
      const all = plans(query);
      const page = all.find((p) => p.sql.includes('ORDER BY f.rowid DESC'));
      const counts = all.filter((p) => p.sql.includes('count(*)'));
      expect(counts).toHaveLength(1);
      for (const p of [page, counts[0]]) {
        // The FTS5 table drives (its MATCH, rowid order), the row is looked up by its rowid.
        expect(p?.plan).toMatch(/(^| \/ )SCAN f VIRTUAL TABLE INDEX \d+:M/);
        expect(p?.plan).toContain('SEARCH o USING INTEGER PRIMARY KEY (rowid=?)');
        expect(p?.plan).not.toContain('SCAN o');
      }
      expect(page?.plan).not.toContain('TEMP B-TREE');
    },
  );
});
