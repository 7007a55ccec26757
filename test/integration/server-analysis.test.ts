/**
 * Issue 14 at head office (docs/analysis.md "Head office", decision 0042):
 * cases of two branches pushed through the real sync path (POST /v1/push)
 * get one `case_facts` row each, in the push's transaction; GET
 * /v1/admin/analysis gives the hand-computed figures per branch and for all
 * branches; the admin case list's `analysis` drill-down lists exactly the
 * cases behind a bar; a case received earlier but pushed later turns a
 * stored case into a repeat in its facts too; a server whose facts are
 * missing fills them at its next start; bad input and a missing token are
 * refused. SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGrouping } from '../../shared/domain/analysis/sql';
import { SERVER_MIGRATIONS } from '../../server/store/migrations';
import { adminAnalysis } from '../../server/store/analysis';
import type { ServerDB } from '../../server/store/schema';
import { Kysely as KyselyDb, PostgresDialect } from 'kysely';
import pg from 'pg';
import path from 'node:path';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import {
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pushOk,
  rehash,
  request,
  staffCreated,
  TestEnv,
  type TestDevice,
} from './server-fixtures';

interface Spec {
  key: string;
  day: string;
  category: string;
  gender: 'female' | 'male' | 'unknown';
  phone: string;
  returning?: boolean;
  channel?: string;
  closed?: boolean;
}

// Receipts at 10:00 Shanghai time on `day` (the default calendar), so the branch's day is `day`.
// prettier-ignore
const GZ: Spec[] = [
  { key: 'g1', day: '2026-01-05', category: 'banking.fees',     gender: 'female',  phone: '13800000001', closed: true },
  { key: 'g2', day: '2026-01-10', category: 'banking.cards',    gender: 'male',    phone: '13800000002', returning: true, channel: 'phone' },
  { key: 'g3', day: '2026-01-12', category: 'insurance.claims', gender: 'female',  phone: '13800000001' },
  { key: 'g4', day: '2026-01-20', category: 'banking.fees',     gender: 'unknown', phone: '13800000003', closed: true },
  { key: 'g5', day: '2025-12-20', category: 'banking.fees',     gender: 'female',  phone: '13800000004' },
];
// prettier-ignore
const SZ: Spec[] = [
  { key: 's1', day: '2026-01-03', category: 'telecom.billing',  gender: 'male',    phone: '13800000001', channel: 'phone' },
  { key: 's2', day: '2026-01-15', category: 'banking.fees',     gender: 'female',  phone: '13800000005', closed: true },
  { key: 's3', day: '2026-01-31', category: 'insurance.claims', gender: 'male',    phone: '13800000006' },
  { key: 's4', day: '2026-02-01', category: 'banking.fees',     gender: 'female',  phone: '13800000007' },
  { key: 's5', day: '2025-12-05', category: 'telecom.billing',  gender: 'male',    phone: '13800000008' },
  { key: 's6', day: '2025-12-06', category: 'telecom.billing',  gender: 'male',    phone: '13800000009' },
];

const JAN = 'from=2026-01-01&to=2026-02-01';
const JAN_VS_DEC = `${JAN}&compareFrom=2025-12-01&compareTo=2026-01-01`;
const JAN_DRILL = { fromDay: '2026-01-01', toDay: '2026-02-01' };

/** A case's events with HLCs at its receipt (a desk that was offline: nothing back-dated). */
function caseEvents(dev: TestDevice, s: Spec, id: string): EventEnvelope[] {
  const at = Date.parse(`${s.day}T10:00:00+08:00`);
  const out = [
    makeEvent(dev, {
      stream: streamOf('case', id),
      type: 'case.opened',
      hlc: formatHlc(at, 0),
      payload: {
        number: `${dev.branch}${dev.deviceCode}-${s.day.replace(/-/g, '')}-${s.key}`,
        scriptVersion: '1.0',
        customer: { name: '李女士', phone: s.phone, gender: s.gender, returning: s.returning ?? false },
        channel: s.channel ?? 'walk_in',
        category: s.category,
        severity: 'normal',
        account: '客户反映费用问题。',
        receivedAt: new Date(at).toISOString(),
        owner: dev.staffId,
      },
    }),
  ];
  if (s.closed)
    out.push(
      makeEvent(dev, {
        stream: streamOf('case', id),
        type: 'case.closed',
        hlc: formatHlc(at + 3_600_000, 0),
        payload: { overrideReason: '主管确认客户已接受处理结果。' },
      }),
    );
  return out;
}

const rows = (r: { key: unknown; count: number }[]) => r.map((x) => [x.key, x.count]);

describe('the facts table’s plans at head office (SQLite)', () => {
  it('one branch reads a range of (branch, received_day); all branches scan, not the day index', async () => {
    const raw = new Database(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      for (const m of SERVER_MIGRATIONS) await m.up(db, 'sqlite');
      const plan = (where: Record<string, string>) => {
        const q = compileGrouping(
          {
            dims: ['gender'],
            measures: { cases: { kind: 'count' } },
            filter: { fromDay: '2025-01-01', toDay: '2026-01-01', where },
          },
          'sqlite',
        );
        return (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[])
          .map((r) => r.detail)
          .join('; ');
      };
      expect(plan({ branch: 'GZ' })).toMatch(
        /^SEARCH case_facts USING INDEX case_facts_branch_day \(branch=\? AND received_day>\? AND received_day<\?\)/,
      );
      expect(plan({})).toMatch(/^SCAN case_facts/);
    } finally {
      await db.destroy();
    }
  });
});

describe.each(engines())('head-office analysis ($engine)', ({ engine, skip }) => {
  let env: TestEnv;
  let server: SyncServer;
  let admin: string;
  let szSup: TestDevice;
  const ids = new Map<string, string>();
  const key = (id: string) => [...ids].find(([, v]) => v === id)?.[0];

  const get = <T = unknown>(path: string, token: string | null = admin) =>
    request<T>(server, 'GET', path, { token });
  const analysis = async (query: string, token: string | null = admin): Promise<AnalysisResult> => {
    const res = await get<{ analysis: AnalysisResult }>(`/v1/admin/analysis?${query}`, token);
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    return res.body.analysis;
  };
  const drill = async (where: Record<string, unknown>, token: string | null = admin) => {
    const param = encodeURIComponent(JSON.stringify({ period: JAN_DRILL, where }));
    const res = await get<{ items: { id: string }[] }>(`/v1/admin/cases?limit=200&analysis=${param}`, token);
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    return res.body.items.map((i) => key(i.id)).sort();
  };
  /** The analysis read from `case_facts` only (no rollup), and from the rollup where it answers, straight from the store. */
  const bothWays = async (req: Parameters<typeof adminAnalysis>[1]) => {
    const db =
      engine === 'sqlite'
        ? new KyselyDb<ServerDB>({
            dialect: new SqliteDialect({
              database: new Database(path.join(env.dataDir, 'server.db'), { readonly: true }),
            }),
          })
        : new KyselyDb<ServerDB>({
            dialect: new PostgresDialect({
              pool: new pg.Pool({ connectionString: env.databaseUrl, max: 1 }),
            }),
          });
    try {
      const c = { db, engine };
      return {
        rolled: await adminAnalysis(c, req, { branch: null }),
        facts: await adminAnalysis(c, req, { branch: null }, undefined, { facts: true }),
      };
    } finally {
      await db.destroy();
    }
  };
  const sameBothWays = async () => {
    const jan = { fromDay: '2026-01-01', toDay: '2026-02-01' };
    const dec = { fromDay: '2025-12-01', toDay: '2026-01-01' };
    for (const req of [
      { period: jan, compare: dec },
      { period: jan, compare: dec, where: { branch: 'GZ' } },
      { period: { fromDay: '2025-12-01', toDay: '2026-03-01' }, compare: null, where: { branch: 'SZ' } },
    ]) {
      const { rolled, facts: plain } = await bothWays(req);
      expect(rolled).toEqual(plain);
      expect(rolled.totals.count).toBeGreaterThan(0);
    }
  };
  const facts = (where = '') =>
    env.query<{ case_id: string; is_repeat: number | string; received_day: string; branch: string }>(
      `SELECT case_id, is_repeat, received_day, branch FROM case_facts${where} ORDER BY case_id`,
    );

  beforeAll(async () => {
    if (skip !== null) return;
    env = await TestEnv.create(engine);
    server = await env.start();
    admin = await server.createAdminToken();
    const founded = Date.parse('2025-11-01T00:00:00Z');
    const gz = await enrollDevice(server, 'GZ', { deviceCode: '01', role: 'supervisor' });
    const sz = await enrollDevice(server, 'SZ', { deviceCode: '01', role: 'supervisor' });
    szSup = sz;
    for (const dev of [gz, sz])
      await pushOk(server, dev, [rehash({ ...staffCreated(dev, '管理员'), hlc: formatHlc(founded, 0) })]);
    for (const s of [...GZ, ...SZ]) ids.set(s.key, newId());
    const push = (dev: TestDevice, list: Spec[]) =>
      pushOk(
        server,
        dev,
        list.flatMap((s) => caseEvents(dev, s, ids.get(s.key) as string)),
      );
    // g3 first: g1 (same customer, a week earlier) arrives in a later push and makes it a repeat.
    await push(
      gz,
      GZ.filter((s) => s.key === 'g3'),
    );
    expect((await facts(` WHERE case_id = '${ids.get('g3')}'`))[0]?.is_repeat).toEqual(0);
    await push(
      gz,
      GZ.filter((s) => s.key !== 'g3'),
    );
    await push(sz, SZ);
  });

  afterAll(async () => {
    await env?.dispose();
  });

  it.skipIf(skip !== null)(
    'writes one facts row per case, in its branch’s days, is_repeat = the case’s repeat',
    async () => {
      const all = await facts();
      expect(all).toHaveLength(11);
      const byKey = Object.fromEntries(all.map((f) => [key(f.case_id), f]));
      expect(byKey.g1).toMatchObject({ branch: 'GZ', received_day: '2026-01-05' });
      expect(byKey.s4).toMatchObject({ branch: 'SZ', received_day: '2026-02-01' });
      const repeats = all.filter((f) => Number(f.is_repeat) === 1).map((f) => key(f.case_id));
      // g3: g1's customer a week before, same branch; s1 has that phone too but in another branch.
      expect(repeats).toEqual(['g3']);
      const caseRepeats = await env.query<{ id: string; repeat: number | string }>(
        'SELECT id, repeat FROM cases ORDER BY id',
      );
      expect(caseRepeats.map((r) => [r.id, Number(r.repeat)])).toEqual(
        all.map((f) => [f.case_id, Number(f.is_repeat)]),
      );
    },
  );

  it.skipIf(skip !== null)(
    'all branches: count, growth, Pareto, gender, channel, repeats, closed',
    async () => {
      const a = await analysis(JAN_VS_DEC);
      expect(a.totals).toMatchObject({ count: 7, compareCount: 3 });
      expect(a.totals.growth).toBeCloseTo(4 / 3, 12);
      expect(a.categories.rows.map((r) => [r.key, r.count, r.cumulative])).toEqual([
        ['banking', 4, 4 / 7],
        ['insurance', 2, 6 / 7],
        ['telecom', 1, 1],
      ]);
      expect(a.categories.topThreeShare).toBe(1);
      expect(a.subcategories[0]).toMatchObject({ main: 'banking', count: 4 });
      expect(rows(a.subcategories[0]!.rows)).toEqual([
        ['banking.fees', 3],
        ['banking.cards', 1],
      ]);
      expect(rows(a.breakdowns.gender)).toEqual([
        ['female', 3],
        ['male', 3],
        ['unknown', 1],
      ]);
      expect(rows(a.breakdowns.channel)).toEqual([
        ['walk_in', 5],
        ['phone', 2],
      ]);
      expect(rows(a.breakdowns.returning)).toEqual([
        [0, 6],
        [1, 1],
      ]);
      expect(a.repeats).toEqual({ count: 1, rate: 1 / 7 });
      expect(a.callbacks.closed).toBe(3);
      expect(a.trend.map((t) => [t.month, t.count])).toEqual([['2026-01', 7]]);
      // Nothing records a region or a volume yet: said so, not counted as none.
      expect(a.unavailable['breakdowns.region']).toBe('not_recorded');
      expect(a.unavailable['totals.perVolume']).toBe('no_volume');
    },
  );

  it.skipIf(skip !== null)(
    'one branch: GZ and SZ each as hand-computed, and they add up to all',
    async () => {
      const gz = await analysis(`${JAN_VS_DEC}&branch=GZ`);
      expect(gz.where).toEqual({ branch: 'GZ' });
      expect(gz.totals).toMatchObject({ count: 4, compareCount: 1, growth: 3 });
      expect(rows(gz.categories.rows)).toEqual([
        ['banking', 3],
        ['insurance', 1],
      ]);
      expect(gz.repeats.count).toBe(1);
      expect(gz.callbacks.closed).toBe(2);
      const sz = await analysis(`${JAN_VS_DEC}&branch=SZ`);
      expect(sz.totals).toMatchObject({ count: 3, compareCount: 2, growth: 0.5 });
      expect(rows(sz.categories.rows)).toEqual([
        ['banking', 1],
        ['insurance', 1],
        ['telecom', 1],
      ]);
      expect(sz.repeats.count).toBe(0);
      // A filter dimension from the query string: returning customers of all branches.
      const back = await analysis(`${JAN}&returning=1`);
      expect(back.totals.count).toBe(1);
      expect(back.compare).toBeNull();
      // The supervisor desk of SZ sees SZ only, asked or not.
      const own = await analysis(JAN, szSup.token);
      expect(own.totals.count).toBe(3);
      expect(own.where).toEqual({ branch: 'SZ' });
    },
  );

  it.skipIf(skip !== null)(
    'the monthly rollup gives the very figures case_facts gives, after a late case re-judged a repeat',
    async () => {
      await sameBothWays();
      const rolled = await env.query<{ n: number | string }>(
        "SELECT sum(n_cases) AS n FROM case_facts_monthly WHERE grouping_dims = ''",
      );
      expect(Number(rolled[0]?.n)).toBe(11);
      const repeats = await env.query<{ n: number | string }>(
        "SELECT sum(n_yes_is_repeat) AS n FROM case_facts_monthly WHERE grouping_dims = ''",
      );
      expect(Number(repeats[0]?.n)).toBe(1);
      // The whole-month request is answered from the rollup (a changed rollup row shows), not read from case_facts.
      const req = { period: { fromDay: '2026-01-01', toDay: '2026-02-01' }, compare: null };
      await env.exec(
        "UPDATE case_facts_monthly SET n_cases = n_cases + 100 WHERE grouping_dims = '' AND branch = 'GZ'",
      );
      try {
        const { rolled, facts: plain } = await bothWays(req);
        expect([rolled.totals.count, plain.totals.count]).toEqual([107, 7]);
      } finally {
        await env.exec(
          "UPDATE case_facts_monthly SET n_cases = n_cases - 100 WHERE grouping_dims = '' AND branch = 'GZ'",
        );
      }
    },
  );

  it.skipIf(skip !== null)('the drill-down lists exactly the cases behind a bar', async () => {
    expect(await drill({ mainCategory: 'banking' })).toEqual(['g1', 'g2', 'g4', 's2']);
    expect(await drill({ mainCategory: 'banking', branch: 'GZ' })).toEqual(['g1', 'g2', 'g4']);
    expect(await drill({ gender: 'female', mainCategory: 'banking' })).toEqual(['g1', 's2']);
    expect(await drill({ returning: 1 })).toEqual(['g2']);
    // "Not recorded": every case of the period (none has a region).
    expect(await drill({ region: null })).toEqual(['g1', 'g2', 'g3', 'g4', 's1', 's2', 's3']);
    expect(await drill({ month: '2026-01', channel: 'phone' })).toEqual(['g2', 's1']);
    // A supervisor desk's drill stays in its branch.
    expect(await drill({ mainCategory: 'banking' }, szSup.token)).toEqual(['s2']);
  });

  it.skipIf(skip !== null)('refuses bad input (400) and a call without a token (401)', async () => {
    for (const q of [
      '',
      'from=2026-01-01',
      'from=2026-1-1&to=2026-02-01',
      'from=2026-02-01&to=2026-01-01',
      'from=2020-01-01&to=2026-02-01',
      `${JAN}&compareFrom=2025-12-01`,
      `${JAN}&returning=2`,
      `${JAN}&branch=${encodeURIComponent("GZ' OR 1=1")}`,
      `${JAN}&password=x`,
    ]) {
      const res = await get(`/v1/admin/analysis?${q}`);
      expect(expectSyncError(res, 400, 'invalid_request').error.message).toMatch(/\(.+\)/);
    }
    expectSyncError(await get(`/v1/admin/analysis?${JAN}`, null), 401, 'unauthenticated');
    expectSyncError(await get(`/v1/admin/analysis?${JAN}&branch=GZ`, szSup.token), 403, 'forbidden');
    for (const p of ['nope', JSON.stringify({ period: JAN_DRILL, where: { returning: 2 } })]) {
      const res = await get(`/v1/admin/cases?analysis=${encodeURIComponent(p)}`);
      expectSyncError(res, 400, 'invalid_request');
    }
    expectSyncError(
      await get(
        `/v1/admin/cases?analysis=${encodeURIComponent(JSON.stringify({ period: JAN_DRILL, where: {} }))}`,
        null,
      ),
      401,
      'unauthenticated',
    );
  });

  it.skipIf(skip !== null)(
    'a server without facts fills them at its next start (the projection rebuild)',
    async () => {
      const before = await analysis(JAN_VS_DEC);
      await server.close();
      await env.exec('DELETE FROM case_facts');
      await env.exec("DELETE FROM meta WHERE key = 'projection.fold'");
      server = await env.start();
      expect(await facts()).toHaveLength(11);
      expect(await analysis(JAN_VS_DEC)).toEqual(before);
    },
  );
});
