/**
 * Issue 14 item 5: the three printed reports' builders, from an
 * AnalysisResult computed by the shared runAnalysis over a small in-memory
 * facts table: the documents' figures and tables (zh-CN and English), a
 * figure the analysis lists as unavailable printed as 未记录 / not recorded
 * and never 0, the page's HTML (escaped text, charts as inline SVG in the
 * embedded font), the workbook's sheets (numbers stay numbers, rates with
 * their counts become three columns) and the workbook read back by SheetJS.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paretoOption, ratesOption } from '../../shared/domain/analysis/charts';
import {
  FACT_COLUMNS,
  NOT_NULL_COLUMNS,
  TEXT_COLUMNS,
  type FactColumn,
} from '../../shared/domain/analysis/columns';
import type { GroupRow, Grouping } from '../../shared/domain/analysis/figures';
import { runAnalysis, type AnalysisRequest, type AnalysisResult } from '../../shared/domain/analysis/report';
import { compileGrouping, readGroupRow } from '../../shared/domain/analysis/sql';
import type { Locale } from '../../shared/domain/kernel/locale';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { writeWorkbook } from '../../electron/desk/features/exports/workbook';
import { complaintsReport } from '../../electron/desk/features/reports/complaints';
import { figuresByCategory } from '../../electron/desk/features/reports/extras';
import { callbacksReport, promisesReport } from '../../electron/desk/features/reports/followUps';
import { cellText, reportPage } from '../../electron/desk/features/reports/html';
import {
  chartText,
  labelsFor,
  type CategoryFigures,
  type RectLine,
  type ReportDoc,
  type ReportInput,
} from '../../electron/desk/features/reports/model';
import { reportSheets, sheetNames } from '../../electron/desk/features/reports/sheets';
import { forPrint, loadCharts } from '../../electron/desk/features/reports/svg';

type Row = Partial<Record<FactColumn, string | number | null>>;
const BASE: Row = {
  received_ms: 0,
  channel: 'walk_in',
  severity: 'general',
  gender: 'female',
  returning_customer: 0,
  imported: 0,
  status: 'in_progress',
  malicious: 0,
  owner: 'u1',
  callback_reached: 0,
  is_repeat: 0,
};
const row = (day: string, category: string, r: Row = {}): Row => ({
  ...BASE,
  received_day: day,
  category,
  main_category: category.split('.')[0]!,
  ...r,
});
const closed = { status: 'closed' };
const HOSTILE = '<img src=x onerror=alert(1)>';

// prettier-ignore
const ROWS: Row[] = [
  row('2026-01-03', 'banking.fees', { ...closed, fcr: 1, callback_reached: 1, satisfaction: 5, entered_on_time: 1, handled_on_time: 1, result_on_time: 1, promise_kept: 1 }),
  row('2026-01-05', 'banking.fees', { ...closed, gender: 'male', fcr: 0, callback_reached: 1, satisfaction: 3, entered_on_time: 1, handled_on_time: 0, result_on_time: 1, is_repeat: 1 }),
  row('2026-01-09', 'banking.cards', { ...closed, fcr: 1, entered_on_time: 0, handled_on_time: 1, escalation_level: 'supervisor', escalation_justified: 1 }),
  row('2026-01-20', 'insurance.claims_counter', { gender: 'male', channel: 'phone', entered_on_time: 1, malicious: 1 }),
  row('2026-02-10', `${HOSTILE}.x`, { entered_on_time: 1, is_repeat: 1 }),
  row('2026-02-11', 'insurance.claims_counter', { ...closed, imported: 1, fcr: 1, callback_reached: 1, satisfaction: 4, promise_kept: 0 }),
  row('2025-12-20', 'banking.fees', { ...closed, fcr: 1 }),
  row('2025-12-28', 'banking.fees', { ...closed, fcr: 0 }),
];

const COLS = Object.values(FACT_COLUMNS);
let run: (g: Grouping) => GroupRow[];
let analysis: AnalysisResult;
let byCategory: CategoryFigures[];
const REQ: AnalysisRequest = {
  period: { fromDay: '2026-01-01', toDay: '2026-03-01' },
  compare: { fromDay: '2025-12-01', toDay: '2026-01-01' },
};
const { taxonomy } = loadScriptResources();
const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-reports-'));

beforeAll(async () => {
  const db = new Database(':memory:');
  db.exec(
    `CREATE TABLE case_facts (${COLS.map(
      (c) => `${c} ${TEXT_COLUMNS.has(c) ? 'TEXT' : 'INTEGER'}${NOT_NULL_COLUMNS.has(c) ? ' NOT NULL' : ''}`,
    ).join(', ')})`,
  );
  const insert = db.prepare(
    `INSERT INTO case_facts (${COLS.join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`,
  );
  for (const r of ROWS) insert.run(...COLS.map((c) => r[c] ?? null));
  run = (g) => {
    const { sql, params } = compileGrouping(g, 'sqlite');
    return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map((r) => readGroupRow(g, r));
  };
  analysis = await runAnalysis({ run }, REQ);
  byCategory = await figuresByCategory(run, REQ);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function input(locale: Locale): ReportInput {
  return {
    analysis,
    byCategory,
    locale,
    branch: '广州天河支行',
    printedAt: '2026-03-02 09:30',
    labels: labelsFor(taxonomy, new Map([['u1', '柜员小陈']]), locale),
  };
}

const figure = (doc: ReportDoc, label: string) => {
  const f = doc.sections.flatMap((s) => s.figures).find((x) => x.label === label);
  if (!f) throw new Error(`no figure ${label}`);
  return f;
};
const table = (doc: ReportDoc, title: string) => {
  const t = doc.sections.flatMap((s) => s.tables).find((x) => x.title === title);
  if (!t) throw new Error(`no table ${title}`);
  return t;
};

// The report job loads ECharts before it renders a page (svg.ts); so do these tests.
beforeAll(() => loadCharts());

describe('the complaint report', () => {
  it('carries the count, growth, Pareto with labels, top three and sub-categories', () => {
    const doc = complaintsReport(input('zh-CN'));
    expect(doc.title).toBe('投诉分析报告');
    expect(doc.facts).toContainEqual(['统计期间', '2026-01-01 至 2026-02-28']);
    expect(doc.facts).toContainEqual(['对比期间', '2025-12-01 至 2025-12-31']);
    expect(figure(doc, '投诉件数').value).toBe(6);
    expect(figure(doc, '对比期间件数').value).toBe(2);
    expect(figure(doc, '增长率').value).toEqual({ share: 2 }); // (6 − 2) / 2
    expect(figure(doc, '前三类占比').value).toEqual({ share: 1 });
    expect(table(doc, '类别帕累托').rows).toEqual([
      ['银行', 3, { share: 0.5 }, { share: 0.5 }],
      ['保险', 2, { share: 2 / 6 }, { share: 5 / 6 }],
      [HOSTILE, 1, { share: 1 / 6 }, { share: 1 }],
    ]);
    expect(table(doc, '银行的细类').rows).toEqual([
      ['收费', 2, { share: 2 / 3 }],
      ['银行卡', 1, { share: 1 / 3 }],
    ]);
    expect(figure(doc, '一次解决率').value).toEqual({ share: 0.75 });
    expect(figure(doc, '一次解决率').detail).toBe('3 / 4 件');
    expect(table(doc, '月度趋势').rows.map((r) => r.slice(0, 3))).toEqual([
      ['2026-01', 4, { share: 2 / 3 }],
      ['2026-02', 2, { share: 1 }],
    ]);
    expect(table(doc, '性别').rows).toEqual([
      ['女', 4, { share: 4 / 6 }],
      ['男', 2, { share: 2 / 6 }],
    ]);
    expect(table(doc, '首问负责人').rows[0]?.[0]).toBe('柜员小陈');
    // No escalation level is a value (the counter), not "not recorded".
    expect(table(doc, '升级层级').rows).toEqual([
      ['未升级', 5, { share: 5 / 6 }],
      ['网点主管', 1, { share: 1 / 6 }],
    ]);
    expect(figure(doc, '重复投诉').value).toBe(2);
    expect(figure(doc, '升级合理率').value).toEqual({ share: 1 });
    expect(figure(doc, '恶意投诉认定').value).toBe(1);
  });

  it('prints what the analysis lists as unavailable as not recorded, never as 0', () => {
    expect(analysis.unavailable['totals.perVolume']).toBe('no_volume');
    expect(analysis.unavailable['breakdowns.region']).toBe('not_recorded');
    expect(analysis.unavailable.accountability).toBe('not_recorded');
    const zh = complaintsReport(input('zh-CN'));
    expect(cellText(figure(zh, '万元业务量投诉率').value, 'zh-CN')).toBe('未记录（未录入业务量）');
    expect(cellText(figure(zh, '已作责任认定').value, 'zh-CN')).toBe('未记录');
    expect(zh.sections.flatMap((s) => s.tables).map((t) => t.title)).not.toContain('地区');
    expect(zh.sections.find((s) => s.heading.startsWith('四'))?.missing).toContain('地区');
    const en = complaintsReport(input('en'));
    expect(en.title).toBe('Complaint analysis report');
    expect(cellText(figure(en, 'Responsibility decided').value, 'en')).toBe('Not recorded');
    expect(reportPage(en).body).toContain('Not recorded (no business volume entered)');
  });

  it('is a page with escaped text and the charts as inline SVG in the embedded font', () => {
    const page = reportPage(complaintsReport(input('zh-CN')));
    expect(page.header).toBe('投诉分析报告 · 广州天河支行');
    expect(page.body).not.toContain(HOSTILE);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toMatch(/<script|<img/i);
    const svgs = page.body.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBe(4); // Pareto, sub-categories, trend, channels
    expect(svgs[0]).toContain('Noto Sans SC');
    expect(svgs[0]).toContain('银行'); // the chart's labels are text in the page (the font subset covers them)
    expect(svgs[0]).toContain('前三类占比 100%'); // the Pareto's title
    // No outlined text: a stroked glyph prints as a Type 3 shape, not as text in the embedded font.
    expect(svgs.join('')).not.toMatch(/<text[^>]*stroke=/);
  });
});

describe('the callback and promise reports', () => {
  it('callbacks: coverage, satisfaction distribution and average, per category', () => {
    const doc = callbacksReport(input('zh-CN'));
    expect(doc.title).toBe('回访分析报告');
    expect(figure(doc, '回访覆盖率').value).toEqual({ share: 0.75 }); // 4 closed, 3 of them reached
    expect(figure(doc, '回访覆盖率').detail).toBe('3 / 4 件');
    expect(figure(doc, '平均满意度（1–5 分）').value).toEqual({ decimal: 4 });
    expect(table(doc, '满意度分布').rows.map((r) => r.slice(0, 2))).toEqual([
      ['1 分', 0],
      ['2 分', 0],
      ['3 分', 1],
      ['4 分', 1],
      ['5 分', 1],
    ]);
    expect(table(doc, '各类别回访').rows).toEqual([
      ['银行', 3, { yes: 2, known: 3 }, 2, { decimal: 4 }],
      ['保险', 2, { yes: 1, known: 1 }, 1, { decimal: 4 }],
      [HOSTILE, 1, { yes: 0, known: 0 }, 0, { missing: 'none' }],
    ]);
  });

  it('promises: the three deadlines and promises kept, with their counts; none counted is "—", not 0', () => {
    const doc = promisesReport(input('en'));
    expect(doc.title).toBe('Promise fulfilment report');
    expect(figure(doc, 'Entered within 2 hours').value).toEqual({ share: 4 / 5 });
    expect(figure(doc, 'Handled on time').detail).toBe('2 of 3 cases');
    expect(figure(doc, 'Promises kept').value).toEqual({ share: 0.5 });
    const cats = table(doc, 'Deadlines and promises by category');
    expect(cats.rows[0]).toEqual([
      'Banking',
      3,
      { yes: 2, known: 3 },
      { yes: 2, known: 3 },
      { yes: 2, known: 2 },
      { yes: 1, known: 1 },
    ]);
    expect(cellText({ yes: 0, known: 0 }, 'en')).toBe('— (0/0)');
    expect(cellText({ yes: 2, known: 3 }, 'zh-CN')).toBe('66.7% (2/3)');
  });
});

describe('the workbook', () => {
  it('has a summary sheet and a sheet per table; rates with counts become three columns', () => {
    const sheets = reportSheets(promisesReport(input('zh-CN')));
    expect(sheets[0]?.name).toBe('概况');
    expect(sheets[0]?.rows).toContainEqual([
      '一、时限达成',
      '2 小时内录入',
      { share: 0.8 },
      '4 / 5 件',
      expect.any(String),
    ]);
    const cats = sheets.find((s) => s.name === '各类别时限与承诺')!;
    expect(cats.header.slice(0, 5)).toEqual([
      '大类',
      '件数',
      '2 小时内录入 · 达成',
      '2 小时内录入 · 可计',
      '2 小时内录入 · 达成率',
    ]);
    expect(cats.rows[0]?.slice(0, 5)).toEqual(['银行', 3, 2, 3, { share: 2 / 3 }]);
    const complaints = reportSheets(complaintsReport(input('zh-CN')));
    expect(complaints[0]?.rows).toContainEqual([
      '一、投诉总量',
      '万元业务量投诉率',
      '未记录（未录入业务量）',
      '',
      expect.any(String),
    ]);
  });

  it('sheet names keep to Excel’s rules', () => {
    expect(sheetNames(['a/b', 'A/B', 'x'.repeat(40), 'x'.repeat(40), ''])).toEqual([
      'a b',
      'A B (2)',
      'x'.repeat(31),
      `${'x'.repeat(27)} (2)`,
      'Sheet',
    ]);
  });

  it('is written by the exports writer and read back by SheetJS: numbers, percentages, text', async () => {
    const file = path.join(dir, 'callbacks.xlsx');
    const sheets = reportSheets(callbacksReport(input('zh-CN')));
    await writeWorkbook(file, sheets, { locale: 'zh-CN', nowMs: Date.UTC(2026, 2, 2) });
    const wb = XLSX.read(readFileSync(file), { type: 'buffer', cellNF: true });
    expect(wb.SheetNames).toEqual(sheets.map((s) => s.name));
    const dist = wb.Sheets['满意度分布']!;
    expect(dist.A1?.v).toBe('分值');
    expect(dist.A4?.v).toBe('3 分');
    expect(dist.B4).toMatchObject({ t: 'n', v: 1 });
    expect(dist.C4).toMatchObject({ t: 'n', v: 1 / 3, z: '0.0%' });
    const cats = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['各类别回访']!, { header: 1, defval: '' });
    expect(cats[0]).toEqual([
      '大类',
      '件数',
      '回访覆盖率 · 达成',
      '回访覆盖率 · 可计',
      '回访覆盖率 · 达成率',
      '有满意度的案件',
      '平均满意度（1–5 分）',
    ]);
    expect(cats[3]).toEqual([HOSTILE, 1, 0, 0, '—', 0, '—']);
  });
});

describe('the shared chart options, printed', () => {
  it('rates: a rate with nothing counted is a gap, not 0', () => {
    const o = ratesOption([
      { name: 'a', rate: { yes: 1, known: 2, rate: 0.5 } },
      { name: 'b', rate: { yes: 0, known: 0, rate: null } },
    ]);
    expect((o.series as { data: unknown[] }[])[0]?.data).toEqual([50, null]);
  });

  it('forPrint asks for the embedded font, drops the tooltip and the labels’ outline', () => {
    const o = forPrint(paretoOption(analysis, chartText(input('zh-CN'))));
    expect(o.textStyle).toEqual({ fontFamily: "'Noto Sans SC', sans-serif" });
    expect(o.tooltip).toBeUndefined();
    for (const s of o.series as { label?: Record<string, unknown> }[])
      if (s.label) expect(s.label).toMatchObject({ textBorderWidth: 0, textBorderColor: 'transparent' });
  });
});

describe('the rectification items beside the complaint figures (issue 14 item 7)', () => {
  const ITEMS: RectLine[] = [
    {
      scope: { dim: 'category', value: 'banking.fees' },
      defect: '收费未事先告知',
      measure: '柜台张贴收费标准',
      ownerName: '柜员小陈',
      dueDay: '2026-02-15',
      state: 'done',
      effect: { days: 30, before: 5, after: 2, change: -3, changeRate: -0.6 },
    },
    {
      scope: { dim: 'mainCategory', value: 'insurance' },
      defect: HOSTILE,
      measure: '复核理赔流程',
      ownerName: '主管老王',
      dueDay: '2026-03-10',
      state: 'overdue',
      effect: null,
    },
  ];

  it('lists each item with its scope in words, status and complaints before → since', async () => {
    const zh = complaintsReport({ ...input('zh-CN'), rectifications: ITEMS });
    expect(zh.sections.at(-1)?.heading).toBe('七、整改项及成效');
    expect(figure(zh, '整改项').value).toBe(2);
    expect(figure(zh, '整改项').detail).toBe('进行中 0，逾期 1，已完成 1');
    expect(figure(zh, '投诉下降的整改项').value).toEqual({ yes: 1, known: 1 });
    expect(table(zh, '整改项及成效').rows).toEqual([
      [
        '类别：收费',
        '收费未事先告知',
        '柜台张贴收费标准',
        '柜员小陈',
        '2026-02-15',
        '已完成',
        5,
        2,
        '−3 −60.0%（下降，各 30 天）',
      ],
      [
        '大类：保险',
        HOSTILE,
        '复核理赔流程',
        '主管老王',
        '2026-03-10',
        '逾期',
        { missing: 'none' },
        { missing: 'none' },
        '开立未满一天',
      ],
    ]);
    expect(reportPage(zh).body).not.toContain(HOSTILE);
    const en = complaintsReport({ ...input('en'), rectifications: ITEMS });
    expect(table(en, 'Rectification items').rows[0]).toEqual([
      'Category: Fees and charges',
      '收费未事先告知',
      '柜台张贴收费标准',
      '柜员小陈',
      '2026-02-15',
      'Done',
      5,
      2,
      '−3 −60.0% (fell, 30 days each)',
    ]);
    const sheet = reportSheets(en).find((s) => s.name === 'Rectification items');
    expect(sheet?.header.slice(6)).toEqual(['Before', 'Since', 'Change']);
    expect(sheet?.rows[0]?.slice(5, 8)).toEqual(['Done', 5, 2]);
  });

  it('names a failure point and a quality gap scope in words', () => {
    const scoped = (dim: string, value: string): RectLine => ({ ...ITEMS[0]!, scope: { dim, value } });
    const en = complaintsReport({
      ...input('en'),
      rectifications: [scoped('failurePoint', 'billing'), scoped('qualityGap', 'standard_not_delivered')],
    });
    expect(table(en, 'Rectification items').rows.map((r) => r[0])).toEqual([
      'Failure point: Billing',
      expect.stringMatching(/^Quality gap: (?!standard_not_delivered)/),
    ]);
  });

  it('says none was opened instead of an empty table', () => {
    for (const doc of [
      complaintsReport(input('zh-CN')),
      complaintsReport({ ...input('en'), rectifications: [] }),
    ]) {
      const s = doc.sections.at(-1);
      expect(s?.tables).toEqual([]);
      expect(s?.missing).toBe(
        doc.locale === 'en'
          ? 'No rectification item was opened before the end of the period.'
          : '统计期末前未开立整改项。',
      );
      expect(reportPage(doc).body).toContain(s?.missing ?? '?');
    }
    expect(cellText(figure(complaintsReport(input('en')), 'Items whose complaints fell').value, 'en')).toBe(
      '—',
    );
  });
});
