/**
 * Issue 14 items 1 and 2 through DeskApi: business volume (record, list,
 * import; supervisors and admins only; a forged counter event has no effect;
 * the desk's volume total) and the customer attributes at intake (the
 * organisation's lists, admin-only edits, the case.opened round trip, the
 * remembered prefill through customer.history).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CustomerHistory } from '../../shared/contract/methods/customers';
import type { ListsView } from '../../shared/contract/methods/settings';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import type { VolumeImportResult, VolumeList } from '../../shared/contract/methods/volume';
import type { CaseState } from '../../shared/domain/cases/state';
import { caseFacts } from '../../shared/domain/analysisFacts';
import { DEFAULT_ANALYSIS_LISTS } from '../../shared/domain/settings/lists';
import { EMPTY_SETTINGS, settingsAt } from '../../shared/domain/settings/fold';
import { VOLUME_STREAM_NAME } from '../../shared/domain/volume/payloads';
import { volumeTotal as deskVolumeTotal } from '../../electron/desk/features/volume';
import path from 'node:path';
import { openDatabase } from '../../electron/desk/db/open';
import { DB_FILE_NAME } from '../../electron/desk/maintenance';
import {
  createCase,
  openTestDesk,
  readDeskDb,
  RemoteDevice,
  staffSession,
  type TestDesk,
} from './desk-fixtures';

let t: TestDesk | null = null;
afterEach(() => {
  t?.close();
  t = null;
});

let clock = Date.parse('2026-11-20T02:00:00Z');
async function desk(): Promise<TestDesk> {
  clock = Date.parse('2026-11-20T02:00:00Z');
  return (t = await openTestDesk({ now: () => clock, sync: false }));
}

const volumeEvents = (d: TestDesk): number =>
  readDeskDb(
    d.dir,
    (db) =>
      (
        db.prepare('SELECT COUNT(*) AS n FROM events WHERE stream = ?').get(VOLUME_STREAM_NAME) as {
          n: number;
        }
      ).n,
  );

const figures = (d: TestDesk) =>
  readDeskDb(d.dir, (db) =>
    db.prepare('SELECT period, unit, value FROM volume_figures ORDER BY period, unit').all(),
  );

describe('business volume at the desk', () => {
  it('a supervisor records and edits figures; the list shows the latest, newest month first', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    await d.must('volume.record', { period: '2026-09', unit: 'transactions', value: 1200 }, sup.token);
    await d.must('volume.record', { period: '2026-10', unit: 'transactions', value: 1500 }, sup.token);
    await d.must(
      'volume.record',
      { period: '2026-10', unit: 'premium_10k_yuan', value: 88.5 },
      d.admin.token,
    );
    clock += 1000;
    const list = await d.must<VolumeList>(
      'volume.record',
      { period: '2026-09', unit: 'transactions', value: 1300 },
      sup.token,
    );
    expect(list.figures.map((f) => [f.period, f.unit, f.value])).toEqual([
      ['2026-10', 'premium_10k_yuan', 88.5],
      ['2026-10', 'transactions', 1500],
      ['2026-09', 'transactions', 1300],
    ]);
    expect(list.figures[2]!.recordedBy.name).toBe(sup.staff.name);
    // null takes a figure back.
    const after = await d.must<VolumeList>(
      'volume.record',
      { period: '2026-10', unit: 'premium_10k_yuan', value: null },
      sup.token,
    );
    expect(after.figures).toHaveLength(2);
    expect(figures(d)).toEqual([
      { period: '2026-09', unit: 'transactions', value: 1300 },
      { period: '2026-10', unit: 'transactions', value: 1500 },
    ]);
    expect(volumeEvents(d)).toBe(5);
  });

  it('refuses a counter clerk (core), bad values with a message in both languages, and stores nothing', async () => {
    const d = await desk();
    const clerk = await staffSession(d, 'counter', 'li');
    const sup = await staffSession(d, 'supervisor', 'zhou');
    for (const [method, input] of [
      ['volume.record', { period: '2026-10', unit: 'transactions', value: 1 }],
      ['volume.import', { text: '2026-10,transactions,1', apply: true }],
      ['volume.list', {}],
    ] as const) {
      const r = await d.call(method, input, clerk.token);
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    }
    const neg = await d.call(
      'volume.record',
      { period: '2026-10', unit: 'transactions', value: -1 },
      sup.token,
    );
    expect(neg.ok ? null : neg.error.fields?.value).toBe('业务量不能为负数。');
    const frac = await d.call(
      'volume.record',
      { period: '2026-10', unit: 'work_orders', value: 1.5 },
      sup.token,
      'en',
    );
    expect(frac.ok ? null : frac.error.fields?.value).toBe(
      'Transactions, work orders and accounts are whole numbers.',
    );
    for (const input of [
      { period: '2026-13', unit: 'transactions', value: 1 },
      { period: '2026-1', unit: 'transactions', value: 1 },
      { period: '2026-10', unit: 'customers', value: 1 },
      { period: '2026-10\u0007', unit: 'transactions', value: 1 },
      { period: '2026-10', unit: 'transactions', value: 1e13 },
    ]) {
      const r = await d.call('volume.record', input, sup.token);
      expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input');
    }
    expect(volumeEvents(d)).toBe(0);
  });

  it('imports pasted lines all or nothing, with per-line errors', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const bad = await d.call(
      'volume.import',
      {
        text: '月份,单位,数值\n2026-08,业务笔数,900\n2026-13,transactions,1\n2026-09,cups,3\n2026-09,transactions,-2',
        apply: true,
      },
      sup.token,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.message).toContain('3 处错误');
      expect(bad.error.fields).toEqual({
        'line.3': '第 3 行的月份不对（应如 2026-03）',
        'line.4': expect.stringContaining('第 4 行的单位不认识'),
        'line.5': '第 5 行的数值为负',
      });
    }
    expect(volumeEvents(d)).toBe(0);
    const text =
      'period\tunit\tvalue\n2026-08\t业务笔数\t900\n2026年9月\ttransactions\t1,100\n2026-09\tpremium_10k_yuan\t12.25\n';
    const preview = await d.must<VolumeImportResult>('volume.import', { text, apply: false }, sup.token);
    expect(preview).toMatchObject({ changes: 3, applied: false });
    expect(volumeEvents(d)).toBe(0);
    await d.must('volume.import', { text, apply: true }, sup.token);
    expect(volumeEvents(d)).toBe(3);
    // Importing the same text again changes nothing and writes nothing.
    const again = await d.must<VolumeImportResult>('volume.import', { text, apply: true }, sup.token);
    expect(again.changes).toBe(0);
    expect(volumeEvents(d)).toBe(3);
    // The desk's total: August to September, transactions (2 months) beat premium (1 month).
    const db = openDatabase(path.join(d.dir, DB_FILE_NAME), { readonly: true });
    try {
      expect(deskVolumeTotal(db, { fromDay: '2026-08-15', toDay: '2026-10-01' })).toMatchObject({
        unit: 'transactions',
        value: 2000,
        figures: 2,
        months: ['2026-08', '2026-09'],
      });
      expect(deskVolumeTotal(db, { fromDay: '2026-09-01', toDay: '2026-09-02' })).toMatchObject({
        unit: 'premium_10k_yuan',
        value: 12.25,
      });
      expect(deskVolumeTotal(db, { fromDay: '2026-10-01', toDay: '2026-11-01' })).toBeNull();
    } finally {
      db.close();
    }
  });

  it('analysis.run gives complaints per unit of business volume from the recorded figures', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    const NOV = { fromDay: '2026-11-01', toDay: '2026-12-01' };
    const OCT = { fromDay: '2026-10-01', toDay: '2026-11-01' };
    const run = () => d.must<AnalysisResult>('analysis.run', { period: NOV, compare: OCT }, sup.token);
    for (let i = 0; i < 3; i++) {
      await createCase(d, clerk.token, {
        customer: { name: `客户${i}`, phone: `1390000000${i}`, gender: 'male', returning: false },
      });
    }
    // No volume: the figure says so instead of a rate.
    const none = await run();
    expect(none.totals.perVolume).toBeNull();
    expect(none.unavailable['totals.perVolume']).toBe('no_volume');
    await d.must(
      'volume.import',
      { text: '2026-11,transactions,15000\n2026-10,premium_10k_yuan,400', apply: true },
      sup.token,
    );
    // 3 complaints over 15,000 transactions: 2 per 10,000; October's volume is in another unit.
    expect((await run()).totals.perVolume).toEqual({
      unit: 'transactions',
      per: 10_000,
      volume: 15000,
      rate: 2,
      compareVolume: null,
      compareRate: null,
    });
    await d.must('volume.record', { period: '2026-10', unit: 'transactions', value: 12000 }, sup.token);
    // October now has one figure in each unit: the tie goes to premium (first in VOLUME_UNITS).
    expect((await run()).totals.perVolume?.compareVolume).toBeNull();
    // The premium figure taken back: October is counted in transactions too.
    await d.must('volume.record', { period: '2026-10', unit: 'premium_10k_yuan', value: null }, sup.token);
    expect((await run()).totals.perVolume).toEqual({
      unit: 'transactions',
      per: 10_000,
      volume: 15000,
      rate: 2,
      compareVolume: 12000,
      compareRate: 0,
    });
  });

  it("keeps a forged counter clerk's volume event from another desk without effect", async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    await d.must('volume.record', { period: '2026-10', unit: 'transactions', value: 1500 }, sup.token);
    const evil = new RemoteDevice('dev-evil', clock + 60_000, 'GZ', clerk.staff.id);
    const forged = evil.event(VOLUME_STREAM_NAME, 'volume.recorded', {
      period: '2026-10',
      unit: 'transactions',
      value: 1,
    });
    expect(d.core.appendEvents([forged]).accepted).toBe(1);
    const list = await d.must<VolumeList>('volume.list', {}, sup.token);
    expect(list.figures.map((f) => f.value)).toEqual([1500]);
    expect(list.flags).toBe(1);
    // A rebuild gives the same rows.
    const before = figures(d);
    d.core.rebuild();
    expect(figures(d)).toEqual(before);
  });
});

describe('customer attributes at intake', () => {
  it('offers the default lists; only an admin changes them, checked whole', async () => {
    const d = await desk();
    const sup = await staffSession(d, 'supervisor', 'zhou');
    const clerk = await staffSession(d, 'counter', 'li');
    const view = await d.must<ListsView>('settings.lists.get', {}, clerk.token);
    expect(view.lists).toEqual(DEFAULT_ANALYSIS_LISTS);
    expect(view.setBy).toBeNull();
    const lists = {
      ...DEFAULT_ANALYSIS_LISTS,
      regions: [
        { value: 'tianhe', 'zh-CN': '天河区', en: 'Tianhe' },
        { value: 'yuexiu', 'zh-CN': '越秀区', en: 'Yuexiu' },
      ],
    };
    const refused = await d.call('settings.lists.set', { lists }, sup.token);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    const badLists = {
      ...lists,
      regions: [...lists.regions, { value: 'Tianhe!', 'zh-CN': ' 天河', en: 'x' }, lists.regions[0]],
    };
    const bad = await d.call('settings.lists.set', { lists: badLists }, d.admin.token);
    expect(bad.ok ? null : bad.error.fields).toEqual({
      'lists.regions.2.value': expect.stringContaining('代码只能用小写英文字母'),
      'lists.regions.2.zh-CN': expect.stringContaining('名称必填'),
      'lists.regions.3.value': '同一列表中代码不能重复。',
    });
    // A control character is refused before the lists are even read (the desk's input check).
    const control = await d.call(
      'settings.lists.set',
      { lists: { ...lists, regions: [{ value: 'tianhe', 'zh-CN': '天河\u0007', en: 'Tianhe' }] } },
      d.admin.token,
    );
    expect(control.ok ? null : control.error.fields?.['lists.regions.0.zh-CN']).toContain('控制字符');
    expect((await d.must<ListsView>('settings.lists.get', {}, clerk.token)).setBy).toBeNull();
    const set = await d.must<ListsView>('settings.lists.set', { lists }, d.admin.token);
    expect(set.lists.regions.map((r) => r.value)).toEqual(['tianhe', 'yuexiu']);
    expect((await d.must<ListsView>('settings.lists.get', {}, clerk.token)).setBy?.name).toBe(
      d.admin.staff.name,
    );
  });

  it("the lists' failure points are what a case can be tagged with (issue 14 item 7)", async () => {
    const d = await desk();
    const clerk = await staffSession(d, 'counter', 'li');
    const c = await createCase(d, clerk.token);
    const before = await d.must<{ items: { code: string }[] }>('case.failurePoints', {}, clerk.token);
    expect(before.items.map((f) => f.code)).toEqual(DEFAULT_ANALYSIS_LISTS.failurePoints.map((f) => f.value));
    const refused = await d.call('case.tag', { caseId: c.id, failurePoint: 'parking' }, clerk.token);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('invalid_input');
    const lists = {
      ...DEFAULT_ANALYSIS_LISTS,
      failurePoints: [{ value: 'parking', 'zh-CN': '停车', en: 'Parking' }],
    };
    await d.must('settings.lists.set', { lists }, d.admin.token);
    const after = await d.must<{ items: { code: string; zh: string }[] }>(
      'case.failurePoints',
      {},
      clerk.token,
    );
    expect(after.items).toEqual([{ code: 'parking', zh: '停车', en: 'Parking' }]);
    await d.must('case.tag', { caseId: c.id, failurePoint: 'parking' }, clerk.token);
  });

  it('records region, level and shared customer on case.opened; refuses a code off the list', async () => {
    const d = await desk();
    const clerk = await staffSession(d, 'counter', 'li');
    const refused = await d.call(
      'case.create',
      {
        customer: { name: '李秀英', phone: '13800138000', gender: 'female', returning: true },
        channel: 'walk_in',
        category: 'banking.fees',
        severity: 'general',
        account: '年费重复扣收',
        region: 'mars',
        customerLevel: 'diamond',
      },
      clerk.token,
      'en',
    );
    expect(refused.ok ? null : refused.error.fields).toEqual({
      region: 'Unknown region: choose one from the list (an administrator keeps the list in Settings).',
      customerLevel:
        'Unknown customer level: choose one from the list (an administrator keeps the list in Settings).',
    });
    const c = await createCase(d, clerk.token, {
      region: 'suburb',
      customerLevel: 'vip',
      sharedCustomer: true,
    });
    const stored = readDeskDb(d.dir, (db) => {
      const e = db.prepare("SELECT payload FROM events WHERE type = 'case.opened'").get() as {
        payload: string;
      };
      const s = db.prepare('SELECT state FROM cases WHERE id = ?').get(c.id) as { state: string };
      return {
        payload: JSON.parse(e.payload) as Record<string, unknown>,
        state: JSON.parse(s.state) as CaseState,
      };
    });
    expect(stored.payload).toMatchObject({ region: 'suburb', customerLevel: 'vip', sharedCustomer: true });
    expect(stored.state.attributes).toEqual({ customerLevel: 'vip', region: 'suburb', sharedCustomer: true });
    const facts = caseFacts(stored.state, (ms) => settingsAt(EMPTY_SETTINGS, ms));
    expect([facts.region, facts.customerLevel, facts.sharedCustomer]).toEqual(['suburb', 'vip', 1]);
    // Without them the case folds as before issue 14: no attributes at all.
    const plain = await createCase(d, clerk.token, {
      customer: { name: '王五', phone: '13900000000', gender: 'male', returning: false },
    });
    const plainState = readDeskDb(d.dir, (db) =>
      JSON.parse(
        (db.prepare('SELECT state FROM cases WHERE id = ?').get(plain.id) as { state: string }).state,
      ),
    ) as CaseState;
    expect('attributes' in plainState).toBe(false);
  });

  it("remembers a customer's attributes: the history gives the latest case's for the intake to prefill", async () => {
    const d = await desk();
    const clerk = await staffSession(d, 'counter', 'li');
    const phone = '13800138000';
    const none = await d.must<CustomerHistory>('customer.history', { phone }, clerk.token);
    expect(none.attributes).toBeNull();
    const first = await createCase(d, clerk.token, {
      region: 'city',
      customerLevel: 'gold',
      sharedCustomer: false,
    });
    clock += 60_000;
    // A later case without attributes does not hide the earlier one's.
    await createCase(d, clerk.token);
    const h = await d.must<CustomerHistory>('customer.history', { phone }, clerk.token);
    expect(h.attributes).toEqual({
      region: 'city',
      customerLevel: 'gold',
      sharedCustomer: false,
      caseId: first.id,
    });
    clock += 60_000;
    const latest = await createCase(d, clerk.token, { region: 'rural', customerLevel: 'gold' });
    const h2 = await d.must<CustomerHistory>('customer.history', { phone }, clerk.token);
    expect(h2.attributes).toEqual({
      region: 'rural',
      customerLevel: 'gold',
      sharedCustomer: null,
      caseId: latest.id,
    });
  });
});
