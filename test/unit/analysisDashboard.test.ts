/**
 * Issue 14's dashboard, its pure parts: the chart option builders (what each
 * bar, point and label says, and which cases each drills into), the
 * drill-down mapping from a chart item or a cross-tab cell to the case
 * list's `analysis` filter (accepted by the contract), the period presets,
 * and the drill in the case list store's query.
 */
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { AnalysisDrill } from '../../shared/contract/methods/analysis';
import { CaseListQuery } from '../../shared/contract/methods/cases';
import type { Dimension } from '../../shared/domain/analysis/figures';
import type { Key } from '../../shared/domain/analysis/report';
import {
  breakdownOf,
  cellShade,
  crossTabModel,
  paretoOption,
  percent,
  satisfactionOption,
  subcategoryOption,
  trendOption,
  type ChartOption,
  type ChartText,
} from '../../renderer/src/features/analysis/chartOptions';
import {
  drillItems,
  drillKeysOf,
  drillOf,
  drillParts,
  whereOfListFilters,
} from '../../renderer/src/features/analysis/drill';
import { addDays, periodText, presetPeriods } from '../../renderer/src/features/analysis/periods';
import { repairTiles } from '../../renderer/src/features/analysis/repairTiles';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { hasActiveFilters, mayChangeRows, queryOf } from '../../renderer/src/stores/caseFilters';
import { RESULT } from './analysis-dashboard-fixture';
import { REPAIR } from './repair-kpis-fixture';
import { detailOf } from './case-store-fixtures';

const TEXT: ChartText = {
  label: (dim: Dimension, key: Key) => (key === null ? '未记录' : `${dim}:${String(key)}`),
  count: '投诉量',
  cumulative: '累计占比',
  fcrRate: '一次解决率',
  topThree: (share) => `前三大类占 ${share}`,
  withinMain: '占本大类',
};

interface Series {
  type: string;
  name: string;
  data: ({ value: number | null; share?: number; drill?: unknown; itemStyle?: { color: string } } | null)[];
  label?: { formatter?: (p: unknown) => string };
}
const series = (o: ChartOption) => o.series as Series[];
const axis = (o: ChartOption, which: 'xAxis' | 'yAxis') => (o[which] as { data: string[] }).data;

describe('the Pareto of main categories', () => {
  const o = paretoOption(RESULT, TEXT);

  it('draws the categories largest first, bars by count and the cumulative share in percent', () => {
    expect(axis(o, 'xAxis')).toEqual([
      'mainCategory:banking',
      'mainCategory:insurance',
      'mainCategory:telecom',
    ]);
    const [bars, line] = series(o);
    expect(bars!.type).toBe('bar');
    expect(bars!.data.map((d) => d?.value)).toEqual([3, 2, 1]);
    expect(line!.type).toBe('line');
    expect(line!.data.map((d) => d?.value)).toEqual([50, 83.3, 100]);
  });

  it('states the top three share in its title and marks the top three bars', () => {
    expect((o.title as { text: string }).text).toBe('前三大类占 100%');
    const more = {
      ...RESULT,
      categories: {
        ...RESULT.categories,
        topThreeShare: 0.8,
        rows: [...RESULT.categories.rows, { key: 'other', count: 1, share: 0.2, cumulative: 1 }],
      },
    };
    const colours = series(paretoOption(more, TEXT))[0]!.data.map((d) => d?.itemStyle?.color);
    expect(new Set(colours.slice(0, 3)).size).toBe(1);
    expect(colours[3]).not.toBe(colours[0]);
    expect((paretoOption(more, TEXT).title as { text: string }).text).toBe('前三大类占 80%');
  });

  it('drills each bar into its main category, within the period and the filters', () => {
    const bar = series(o)[0]!.data[1];
    expect(drillOf(RESULT, drillKeysOf(bar)!)).toEqual({
      period: { fromDay: '2026-01-01', toDay: '2026-03-01' },
      where: { channel: 'walk_in', mainCategory: 'insurance' },
    });
    // The keyboard walks the bars once: the line repeats their drills.
    expect(drillItems(o).map((i) => [i.seriesIndex, i.dataIndex, i.keys])).toEqual([
      [0, 0, { mainCategory: 'banking' }],
      [0, 1, { mainCategory: 'insurance' }],
      [0, 2, { mainCategory: 'telecom' }],
    ]);
  });
});

describe('the other charts', () => {
  it('shows the sub-categories of the top three, one series per main category, with their share of it', () => {
    const o = subcategoryOption(RESULT, TEXT);
    expect(axis(o, 'yAxis')).toEqual([
      'category:banking.fees',
      'category:banking.cards',
      'category:insurance.claims_counter',
      'category:telecom.billing',
    ]);
    const s = series(o);
    expect(s.map((x) => x.name)).toEqual([
      'mainCategory:banking',
      'mainCategory:insurance',
      'mainCategory:telecom',
    ]);
    expect(s[0]!.data.map((d) => d?.value ?? null)).toEqual([2, 1, null, null]);
    expect(s[1]!.data.map((d) => d?.value ?? null)).toEqual([null, null, 2, null]);
    expect(s[0]!.label!.formatter!({ data: s[0]!.data[0] })).toBe('2 · 66.7%');
    expect(drillKeysOf(s[0]!.data[1])).toEqual({ mainCategory: 'banking', category: 'banking.cards' });
    expect(drillItems(o)).toHaveLength(4);
  });

  it('draws the months with their count and FCR rate, none where no case closed, each drilling into its month', () => {
    const o = trendOption(RESULT, TEXT);
    expect(axis(o, 'xAxis')).toEqual(['2026-01', '2026-02']);
    const [bars, line] = series(o);
    expect(bars!.data.map((d) => d?.value)).toEqual([4, 2]);
    expect(line!.data.map((d) => d?.value)).toEqual([66.7, null]);
    expect(drillOf(RESULT, drillKeysOf(line!.data[0])!).where).toEqual({
      channel: 'walk_in',
      month: '2026-01',
    });
  });

  it('labels a breakdown with names, counts and shares, and drills a bar into its value (not recorded: null)', () => {
    const o = breakdownOf(RESULT, 'escalationLevel', TEXT);
    expect(axis(o, 'yAxis')).toEqual(['未记录', 'escalationLevel:supervisor']);
    const bars = series(o)[0]!;
    expect(bars.label!.formatter!({ data: bars.data[1] })).toBe('2 · 33.3%');
    expect(drillOf(RESULT, drillKeysOf(bars.data[0])!).where).toEqual({
      channel: 'walk_in',
      escalationLevel: null,
    });
    const gender = series(breakdownOf(RESULT, 'gender', TEXT))[0]!;
    expect(drillKeysOf(gender.data[0])).toEqual({ gender: 'female' });
  });

  it('gives the satisfaction distribution from 1 to 5, with nothing to drill', () => {
    const o = satisfactionOption(RESULT, TEXT);
    expect(series(o)[0]!.data.map((d) => d?.value)).toEqual([0, 0, 1, 1, 1]);
    expect(drillItems(o)).toEqual([]);
  });
});

describe('the cross-tab', () => {
  it('orders rows and columns by size, fills empty cells, keeps each cell its share within its row', () => {
    const m = crossTabModel(RESULT, 0)!;
    expect(m.rows).toBe('gender');
    expect(m.cols).toBe('mainCategory');
    expect(m.rowKeys).toEqual(['female', 'male']);
    expect(m.colKeys).toEqual(['banking', 'insurance', 'telecom']);
    expect(m.rowTotals).toEqual([4, 2]);
    expect(m.colTotals).toEqual([3, 2, 1]);
    expect(m.cells).toEqual([
      [
        { count: 2, share: 0.5 },
        { count: 1, share: 0.25 },
        { count: 1, share: 0.25 },
      ],
      [
        { count: 1, share: 0.5 },
        { count: 1, share: 0.5 },
        { count: 0, share: 0 },
      ],
    ]);
    expect(crossTabModel(RESULT, 5)).toBeNull();
  });

  it('shades a cell by its share, none when empty', () => {
    expect(cellShade(0)).toBe('transparent');
    expect(cellShade(0.25)).toBe('rgba(22, 119, 255, 0.17)');
    expect(cellShade(1)).toBe('rgba(22, 119, 255, 0.5)');
  });
});

describe('the drill-down filter', () => {
  it('is a filter the case list accepts: a cell drills into both its values', () => {
    const drill = drillOf(RESULT, { gender: 'male', mainCategory: 'insurance' });
    expect(drill).toEqual({
      period: RESULT.period,
      where: { channel: 'walk_in', gender: 'male', mainCategory: 'insurance' },
    });
    expect(AnalysisDrill.parse(drill)).toEqual(drill);
    expect(CaseListQuery.parse({ analysis: drill, limit: 10 }).analysis).toEqual(drill);
  });

  it('lets the drilled value replace a filter of the same dimension, and names the month and categories first', () => {
    const drill = drillOf({ ...RESULT, where: { gender: 'female', status: 'closed' } }, { gender: 'male' });
    expect(drill.where).toEqual({ gender: 'male', status: 'closed' });
    const named = drillOf(RESULT, { month: '2026-02', mainCategory: 'banking', category: 'banking.fees' });
    expect(drillParts(named).map(([d]) => d)).toEqual(['month', 'mainCategory', 'category', 'channel']);
  });

  it('reaches case.list through the list store, counts as a filter, and any write may change its rows', () => {
    const analysis = drillOf(RESULT, { mainCategory: 'banking' });
    expect(queryOf({ text: '', analysis })).toEqual({ analysis });
    expect(hasActiveFilters({ text: '', analysis })).toBe(true);
    expect(hasActiveFilters({ text: '' })).toBe(false);
    const c = detailOf('0190a1b2-0000-7000-8000-000000000001', '张三');
    expect(mayChangeRows({ text: '', analysis }, c, c, false)).toBe(true);
    expect(mayChangeRows({ text: '', status: c.status }, c, c, false)).toBe(false);
  });

  it('starts the analysis from the case list filters it can share', () => {
    expect(
      whereOfListFilters({
        text: 'x',
        status: 'closed',
        category: 'banking',
        severity: 'urgent',
        nature: 'valid',
      }),
    ).toEqual({ status: 'closed', mainCategory: 'banking', severity: 'urgent', nature: 'valid' });
    expect(whereOfListFilters({ text: '', category: 'banking.fees' })).toEqual({ category: 'banking.fees' });
  });
});

describe('periods', () => {
  it('compares this month, quarter and year with the one before, across the new year', () => {
    expect(presetPeriods('month', '2026-01-15')).toEqual({
      period: { fromDay: '2026-01-01', toDay: '2026-02-01' },
      compare: { fromDay: '2025-12-01', toDay: '2026-01-01' },
    });
    expect(presetPeriods('quarter', '2026-02-28')).toEqual({
      period: { fromDay: '2026-01-01', toDay: '2026-04-01' },
      compare: { fromDay: '2025-10-01', toDay: '2026-01-01' },
    });
    expect(presetPeriods('quarter', '2026-12-31').period).toEqual({
      fromDay: '2026-10-01',
      toDay: '2027-01-01',
    });
    expect(presetPeriods('year', '2026-07-01')).toEqual({
      period: { fromDay: '2026-01-01', toDay: '2027-01-01' },
      compare: { fromDay: '2025-01-01', toDay: '2026-01-01' },
    });
  });

  it('compares custom days with as many days just before them', () => {
    const custom = { fromDay: '2026-03-01', toDay: '2026-03-11' };
    expect(presetPeriods('custom', '2026-03-20', custom)).toEqual({
      period: custom,
      compare: { fromDay: '2026-02-19', toDay: '2026-03-01' },
    });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(periodText({ fromDay: '2026-11-01', toDay: '2026-12-01' })).toBe('2026-11-01 – 2026-11-30');
    expect(periodText({ fromDay: '2026-11-05', toDay: '2026-11-06' })).toBe('2026-11-05');
  });

  it('writes shares with one decimal, and nothing to divide by as a dash', () => {
    expect(percent(2 / 3)).toBe('66.7%');
    expect(percent(null)).toBe('—');
  });
});

describe('the repair KPIs card (issue 14 item 3)', () => {
  // The key and its parameters, so the test reads what each tile asks the interface to say.
  const t = ((key: string, p?: Record<string, string>) =>
    p ? `${key} ${JSON.stringify(p)}` : key) as unknown as TFunction;
  const n = (x: number) => String(x);

  it('shows received, first-time fix, on-time, callback with pending, QC failures and returns', () => {
    const tiles = repairTiles({ ...RESULT, repair: REPAIR }, t, n);
    expect(tiles?.map((x) => [x.key, x.value])).toEqual([
      ['orders', '12'],
      ['firstTimeFix', '87.5%'],
      ['onTimeDelivery', '90%'],
      ['callback', '75%'],
      ['qcFailures', '0.42'],
      ['reworkReturns', '2'],
    ]);
    const sub = Object.fromEntries((tiles ?? []).map((x) => [x.key, x.sub]));
    expect(sub['orders']).toBe('analysis.repair.ordersSub {"released":"10"}');
    expect(sub['firstTimeFix']).toBe(
      'analysis.tile.ofKnown {"yes":"7","known":"8"} · analysis.repair.window {"days":"30"}',
    );
    expect(sub['callback']).toBe(
      'analysis.tile.ofKnown {"yes":"3","known":"4"} · analysis.repair.pending {"pending":"6"}',
    );
    expect(sub['qcFailures']).toBe('analysis.repair.qcFailuresSub {"count":"5","orders":"3","alerted":"1"}');
    expect(sub['reworkReturns']).toBe('analysis.repair.reworkSub {"share":"20%"}');
    expect(tiles?.[0]?.label).toBe('analysis.repair.orders');
  });

  it('writes a rate with nothing to divide by as a dash, never 0', () => {
    const none = {
      ...REPAIR,
      released: 0,
      firstTimeFix: { yes: 0, known: 0, rate: null, windowDays: 30 },
      onTimeDelivery: { yes: 0, known: 0, rate: null },
      callbackWithin3Days: { yes: 0, known: 0, rate: null, pending: 0 },
      reworkReturns: { count: 0, rate: null },
    };
    const tiles = repairTiles({ ...RESULT, repair: none }, t, n) ?? [];
    expect(tiles.filter((x) => x.value === '—').map((x) => x.key)).toEqual([
      'firstTimeFix',
      'onTimeDelivery',
      'callback',
    ]);
    expect(tiles.find((x) => x.key === 'qcFailures')?.value).toBe('0.42');
  });

  it('shows no card where the shop keeps no work order or had none in the period', () => {
    expect(repairTiles(RESULT, t, n)).toBeNull();
    expect(
      repairTiles(
        { ...RESULT, repair: null, unavailable: { ...RESULT.unavailable, repair: 'not_recorded' } },
        t,
        n,
      ),
    ).toBeNull();
  });

  it('has its words in both languages', () => {
    expect(zhCN.analysis.repair.title).toBe('维修 KPI');
    expect(en.analysis.repair.title).toBe('Repair KPIs');
    expect(Object.keys(en.analysis.repair)).toEqual(Object.keys(zhCN.analysis.repair));
  });
});
