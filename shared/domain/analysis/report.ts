/**
 * The whole analysis of one period against a comparison period (issue 14;
 * docs/analysis.md has each figure's definition under the same ids): the
 * groupings it runs over `case_facts` and what it computes from them. The
 * desk (SQLite, synchronous), head office on SQLite and on PostgreSQL each
 * pass a runner that executes a compiled grouping (./sql.ts) on their own
 * engine; everything else is this one function, so the same facts give the
 * same figures everywhere. Runtime-neutral and pure apart from the runner.
 */
import { growthRate, pareto, perVolume, rate, sharesWithinRows, type Pareto } from './compute';
import type { Dimension, FactFilter, GroupRow, Grouping, Measure } from './figures';
import { repairKpis, type OrderGroupingRunner, type RepairKpis } from './repair';
import { monthsOf } from '../kernel/time';

export interface Period {
  /** `YYYY-MM-DD`, inclusive. */
  fromDay: string;
  /** `YYYY-MM-DD`, exclusive. */
  toDay: string;
}

/** The filters the analysis shares with the case list (each a dimension equal to a value; null = not recorded). */
export const FILTER_DIMENSIONS = [
  'mainCategory',
  'category',
  'channel',
  'severity',
  'status',
  'owner',
  'gender',
  'returning',
  'region',
  'customerLevel',
  'nature',
  'failurePoint',
  'branch',
] as const satisfies readonly Dimension[];
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];
export type AnalysisWhere = Partial<Record<FilterDimension, string | number | null>>;

export interface AnalysisRequest {
  period: Period;
  /** The period the growth is measured against; null for none. */
  compare: Period | null;
  where?: AnalysisWhere;
}

/** The single-dimension breakdowns, in the order the dashboard and the reports show them. */
export const BREAKDOWNS = [
  'gender',
  'returning',
  'region',
  'channel',
  'owner',
  'customerLevel',
  'sharedCustomer',
  'complainantType',
  'nature',
  'severity',
  'escalationLevel',
  'failurePoint',
  'qualityGap',
] as const satisfies readonly Dimension[];
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The cross-tabs: rows × columns, each cell with its share of its row. */
export const CROSS_TABS = [
  ['gender', 'mainCategory'],
  ['returning', 'mainCategory'],
  ['channel', 'mainCategory'],
] as const satisfies readonly (readonly [Dimension, Dimension])[];

export type Key = string | number | null;

export interface ShareRow {
  key: Key;
  count: number;
  share: number;
}

export interface RateFigure {
  /** Cases where it holds. */
  yes: number;
  /** Cases where it is known (the denominator). */
  known: number;
  /** yes / known, null when nothing is known. */
  rate: number | null;
}

/** Business volume of a period in one unit (item 2), as the volume source totals it. */
export interface VolumeTotal {
  unit: string;
  value: number;
}

export interface AnalysisSources {
  /** Runs one grouping on the replica's engine. */
  run(g: Grouping): GroupRow[] | Promise<GroupRow[]>;
  /** The business volume recorded for a period (the branch's, or all branches' at head office); null when none is recorded. */
  volume?(period: Period, where: AnalysisWhere): VolumeTotal | null | Promise<VolumeTotal | null>;
  /** Runs an order grouping over the replica's work-order facts (./repair.ts), with "now" for the follow-up calls. */
  orders?: { run: OrderGroupingRunner; nowMs: number };
}

/** Why a figure has no value: the feature that records it has given nothing in the period. */
export type UnavailableReason = 'not_recorded' | 'no_volume';

export interface AnalysisResult {
  period: Period;
  compare: Period | null;
  where: AnalysisWhere;
  totals: {
    count: number;
    compareCount: number | null;
    /** (count − compareCount) / compareCount; null without a comparison or when it had none. */
    growth: number | null;
    /** Complaints per `per` units of business volume; null when no volume is recorded. */
    perVolume: {
      unit: string;
      per: number;
      volume: number;
      rate: number | null;
      compareVolume: number | null;
      compareRate: number | null;
    } | null;
  };
  /** The Pareto of main categories. */
  categories: Pareto<Key>;
  /** The categories within each of the (up to) three largest main categories. */
  subcategories: { main: Key; count: number; rows: ShareRow[] }[];
  breakdowns: Record<Breakdown, ShareRow[]>;
  crossTabs: {
    rows: Dimension;
    cols: Dimension;
    cells: { row: Key; col: Key; count: number; share: number }[];
  }[];
  /** Cases per month of the period, with first-contact resolution per month. */
  trend: { month: string; count: number; fcr: RateFigure }[];
  fcr: RateFigure & { compare: RateFigure | null };
  repeats: { count: number; rate: number | null };
  escalations: { count: number; reviewed: number; justified: number; justifiedShare: number | null };
  malicious: { count: number };
  deadlines: { entered: RateFigure; handled: RateFigure; result: RateFigure; promises: RateFigure };
  callbacks: {
    closed: number;
    reached: number;
    /** Closed cases with a reached callback among closed cases. */
    coverage: number | null;
    satisfaction: {
      known: number;
      average: number | null;
      distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
    };
  };
  accountability: { decided: number; heldResponsible: number; perPerson: ShareRow[] };
  /** Repair KPIs of the shop's work orders (./repair.ts); null, and `unavailable.repair`, when the period has none. */
  repair?: RepairKpis | null;
  /** Figures with no value and why, by id (`breakdowns.region`, `totals.perVolume`): shown as such, never as 0. */
  unavailable: Record<string, UnavailableReason>;
}

/** Per how many units of volume a rate is given (10,000 yuan of premium: per 1 unit; counts: per 10,000). */
export function volumePer(unit: string): number {
  return unit.endsWith('_yuan') ? 1 : 10_000;
}

/** The measures of the period's totals row (also what the rollups keep per day: ./rollup.ts). */
export const TOTALS: Record<string, Measure> = {
  cases: { kind: 'count' },
  closed: { kind: 'is', dim: 'status', value: 'closed' },
  fcrYes: { kind: 'yes', flag: 'fcr' },
  fcrKnown: { kind: 'known', flag: 'fcr' },
  repeatYes: { kind: 'yes', flag: 'repeat' },
  escalated: { kind: 'present', dim: 'escalationLevel' },
  justifiedYes: { kind: 'yes', flag: 'escalationJustified' },
  justifiedKnown: { kind: 'known', flag: 'escalationJustified' },
  maliciousYes: { kind: 'yes', flag: 'malicious' },
  enteredYes: { kind: 'yes', flag: 'enteredOnTime' },
  enteredKnown: { kind: 'known', flag: 'enteredOnTime' },
  handledYes: { kind: 'yes', flag: 'handledOnTime' },
  handledKnown: { kind: 'known', flag: 'handledOnTime' },
  resultYes: { kind: 'yes', flag: 'resultOnTime' },
  resultKnown: { kind: 'known', flag: 'resultOnTime' },
  promiseYes: { kind: 'yes', flag: 'promiseKept' },
  promiseKnown: { kind: 'known', flag: 'promiseKept' },
  reachedClosed: { kind: 'yes', flag: 'callbackReached', when: { dim: 'status', value: 'closed' } },
  satKnown: { kind: 'known', flag: 'satisfaction' },
  satSum: { kind: 'sum', fact: 'satisfaction' },
  sat1: { kind: 'equals', fact: 'satisfaction', value: 1 },
  sat2: { kind: 'equals', fact: 'satisfaction', value: 2 },
  sat3: { kind: 'equals', fact: 'satisfaction', value: 3 },
  sat4: { kind: 'equals', fact: 'satisfaction', value: 4 },
  sat5: { kind: 'equals', fact: 'satisfaction', value: 5 },
  decided: { kind: 'present', dim: 'responsible' },
};

const COUNT: Record<string, Measure> = { cases: { kind: 'count' } };

const figure = (yes: number, known: number): RateFigure => ({ yes, known, rate: rate(yes, known) });

/** The analysis of `req` over the replica `sources` runs on. */
export async function runAnalysis(sources: AnalysisSources, req: AnalysisRequest): Promise<AnalysisResult> {
  const where = { ...(req.where ?? {}) };
  const filter = (p: Period, extra: FactFilter['where'] = {}): FactFilter => ({
    fromDay: p.fromDay,
    toDay: p.toDay,
    where: { ...where, ...extra },
  });
  const run = async (g: Grouping) => await sources.run(g);
  const unavailable: Record<string, UnavailableReason> = {};

  const [t = { keys: [], values: {} }] = await run({
    dims: [],
    measures: TOTALS,
    filter: filter(req.period),
  });
  const v = (name: string) => t.values[name] ?? 0;
  const count = v('cases');

  // Totals of the comparison period: the count, FCR and the volume.
  let compareCount: number | null = null;
  let compareFcr: RateFigure | null = null;
  if (req.compare) {
    const [c] = await run({
      dims: [],
      measures: { cases: COUNT.cases!, fcrYes: TOTALS.fcrYes!, fcrKnown: TOTALS.fcrKnown! },
      filter: filter(req.compare),
    });
    compareCount = c?.values.cases ?? 0;
    compareFcr = figure(c?.values.fcrYes ?? 0, c?.values.fcrKnown ?? 0);
  }

  let perVolumeFigure: AnalysisResult['totals']['perVolume'] = null;
  const volume = sources.volume ? await sources.volume(req.period, where) : null;
  if (volume) {
    const per = volumePer(volume.unit);
    const before = req.compare && sources.volume ? await sources.volume(req.compare, where) : null;
    const sameUnit = before && before.unit === volume.unit ? before : null;
    perVolumeFigure = {
      unit: volume.unit,
      per,
      volume: volume.value,
      rate: perVolume(count, volume.value, per),
      compareVolume: sameUnit?.value ?? null,
      compareRate: sameUnit && compareCount !== null ? perVolume(compareCount, sameUnit.value, per) : null,
    };
  } else unavailable['totals.perVolume'] = 'no_volume';

  const mains = await run({ dims: ['mainCategory'], measures: COUNT, filter: filter(req.period) });
  const categories = pareto(mains.map((r) => ({ key: r.keys[0] ?? null, count: r.values.cases ?? 0 })));
  const top = categories.rows.slice(0, 3);
  const subcategories: AnalysisResult['subcategories'] = [];
  if (top.length > 0) {
    const subs = await run({
      dims: ['mainCategory', 'category'],
      measures: COUNT,
      filter: filter(req.period),
    });
    for (const m of top) {
      const rows = subs.filter((r) => r.keys[0] === m.key);
      subcategories.push({
        main: m.key,
        count: m.count,
        rows: rows.map((r) => ({
          key: r.keys[1] ?? null,
          count: r.values.cases ?? 0,
          share: m.count > 0 ? (r.values.cases ?? 0) / m.count : 0,
        })),
      });
    }
  }

  const breakdowns = {} as Record<Breakdown, ShareRow[]>;
  for (const dim of BREAKDOWNS) {
    const rows = await run({ dims: [dim], measures: COUNT, filter: filter(req.period) });
    breakdowns[dim] = rows.map((r) => ({
      key: r.keys[0] ?? null,
      count: r.values.cases ?? 0,
      share: count > 0 ? (r.values.cases ?? 0) / count : 0,
    }));
    // Null is a value of its own for the level (at the counter: not escalated), not "not recorded".
    if (dim !== 'escalationLevel' && count > 0 && rows.every((r) => r.keys[0] === null))
      unavailable[`breakdowns.${dim}`] = 'not_recorded';
  }

  const crossTabs: AnalysisResult['crossTabs'] = [];
  for (const [rowsDim, colsDim] of CROSS_TABS) {
    const rows = await run({ dims: [rowsDim, colsDim], measures: COUNT, filter: filter(req.period) });
    crossTabs.push({
      rows: rowsDim,
      cols: colsDim,
      cells: sharesWithinRows(
        rows.map((r) => ({ row: r.keys[0] ?? null, col: r.keys[1] ?? null, count: r.values.cases ?? 0 })),
      ),
    });
  }

  const months = await run({
    dims: ['month'],
    measures: { cases: COUNT.cases!, fcrYes: TOTALS.fcrYes!, fcrKnown: TOTALS.fcrKnown! },
    filter: filter(req.period),
  });
  // Every calendar month of the period, one without complaints as 0 (not left out of the line).
  const byMonth = new Map(months.map((r) => [String(r.keys[0]), r]));
  const trend = monthsOf(req.period.fromDay, req.period.toDay).map((month) => {
    const r = byMonth.get(month);
    return {
      month,
      count: r?.values.cases ?? 0,
      fcr: figure(r?.values.fcrYes ?? 0, r?.values.fcrKnown ?? 0),
    };
  });

  const responsible = await run({ dims: ['responsible'], measures: COUNT, filter: filter(req.period) });
  const held = responsible.filter((r) => r.keys[0] !== null && r.keys[0] !== '');
  const heldResponsible = held.reduce((n, r) => n + (r.values.cases ?? 0), 0);
  if (count > 0 && v('decided') === 0) unavailable['accountability'] = 'not_recorded';

  // A replica without order facts leaves `repair` out; one with them says when the period has none.
  const repair = sources.orders ? await repairOf(sources.orders, req.period, where) : undefined;
  if (repair === null) unavailable['repair'] = 'not_recorded';

  return {
    period: req.period,
    compare: req.compare,
    where,
    totals: {
      count,
      compareCount,
      growth: compareCount === null ? null : growthRate(count, compareCount),
      perVolume: perVolumeFigure,
    },
    categories,
    subcategories,
    breakdowns,
    crossTabs,
    trend,
    fcr: { ...figure(v('fcrYes'), v('fcrKnown')), compare: compareFcr },
    repeats: { count: v('repeatYes'), rate: rate(v('repeatYes'), count) },
    escalations: {
      count: v('escalated'),
      reviewed: v('justifiedKnown'),
      justified: v('justifiedYes'),
      justifiedShare: rate(v('justifiedYes'), v('justifiedKnown')),
    },
    malicious: { count: v('maliciousYes') },
    deadlines: {
      entered: figure(v('enteredYes'), v('enteredKnown')),
      handled: figure(v('handledYes'), v('handledKnown')),
      result: figure(v('resultYes'), v('resultKnown')),
      promises: figure(v('promiseYes'), v('promiseKnown')),
    },
    callbacks: {
      closed: v('closed'),
      reached: v('reachedClosed'),
      coverage: rate(v('reachedClosed'), v('closed')),
      satisfaction: {
        known: v('satKnown'),
        average: v('satKnown') > 0 ? v('satSum') / v('satKnown') : null,
        distribution: { '1': v('sat1'), '2': v('sat2'), '3': v('sat3'), '4': v('sat4'), '5': v('sat5') },
      },
    },
    accountability: {
      decided: v('decided'),
      heldResponsible,
      perPerson: held.map((r) => ({
        key: r.keys[0] ?? null,
        count: r.values.cases ?? 0,
        share: heldResponsible > 0 ? (r.values.cases ?? 0) / heldResponsible : 0,
      })),
    },
    ...(repair !== undefined ? { repair } : {}),
    unavailable,
  };
}

/**
 * The repair KPIs, or null: no work order in the period, or a filter on a
 * case dimension (orders have none; `branch` alone narrows them).
 */
async function repairOf(
  orders: NonNullable<AnalysisSources['orders']>,
  period: Period,
  where: AnalysisWhere,
): Promise<RepairKpis | null> {
  const { branch, ...caseOnly } = where;
  if (branch === null || Object.values(caseOnly).some((x) => x !== undefined)) return null;
  return repairKpis(orders.run, period, {
    nowMs: orders.nowMs,
    ...(branch !== undefined ? { branch: String(branch) } : {}),
  });
}
