/**
 * Issue 14 item 3 (last bullet): the complaint report's repair KPIs section
 * (electron/desk/features/reports/repairSection.ts), built from a fixture
 * AnalysisResult with and without `repair`: every figure with its counts
 * and definition in zh-CN and English, the workbook's summary rows, a rate
 * with nothing to divide by printed "—", a period without any work order
 * printed 未记录 / not recorded (never 0), and no section at all where the
 * replica keeps no work order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import type { Locale } from '../../shared/domain/kernel/locale';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { complaintsReport } from '../../electron/desk/features/reports/complaints';
import { cellText, reportPage } from '../../electron/desk/features/reports/html';
import { loadCharts } from '../../electron/desk/features/reports/svg';
import { labelsFor, type ReportDoc, type ReportInput } from '../../electron/desk/features/reports/model';
import { reportSheets } from '../../electron/desk/features/reports/sheets';
import { RESULT } from './analysis-dashboard-fixture';
import { REPAIR } from './repair-kpis-fixture';

const { taxonomy } = loadScriptResources();
const analysis: AnalysisResult = RESULT;

function input(locale: Locale): ReportInput {
  return {
    analysis,
    byCategory: [],
    locale,
    branch: '广州天河支行',
    printedAt: '2026-03-02 09:30',
    labels: labelsFor(taxonomy, new Map(), locale),
  };
}

const figure = (doc: ReportDoc, label: string) => {
  const f = doc.sections.flatMap((s) => s.figures).find((x) => x.label === label);
  if (!f) throw new Error(`no figure ${label}`);
  return f;
};

// The report job loads ECharts before it renders a page (svg.ts); so do these tests.
beforeAll(() => loadCharts());

describe('the repair KPIs beside the complaint figures (issue 14 item 3)', () => {
  const withRepair = (locale: Locale, repair: AnalysisResult['repair'], unavailable = {}): ReportDoc =>
    complaintsReport({
      ...input(locale),
      analysis: { ...analysis, repair, unavailable: { ...analysis.unavailable, ...unavailable } },
    });
  const repairOf = (doc: ReportDoc) => doc.sections.find((s) => /维修 KPI|Repair KPIs/.test(s.heading));
  const rows = (doc: ReportDoc) =>
    (repairOf(doc)?.figures ?? []).map((f) => [f.label, cellText(f.value, doc.locale), f.detail ?? '']);

  it('prints each figure with its counts and definition, in zh-CN', () => {
    const doc = withRepair('zh-CN', REPAIR);
    expect(repairOf(doc)?.heading).toBe('八、维修 KPI');
    expect(doc.sections.at(-1)).toBe(repairOf(doc));
    expect(rows(doc)).toEqual([
      ['收单', '12', ''],
      ['放行', '10', ''],
      ['一次修复率', '87.5%', '7 / 8 件'],
      ['按时交付率', '90.0%', '9 / 10 件'],
      ['3 天内回访率', '75.0%', '3 / 4 件；未到期 6 单'],
      ['每单质检不合格次数', '0.42', '共 5 次，涉及 3 单'],
      ['质检不合格 ≥3 次的维修单', '1', ''],
      ['返修单', '2', '占放行 20.0%'],
    ]);
    expect(repairOf(doc)?.figures.every((f) => f.definition.length > 0)).toBe(true);
    expect(figure(doc, '一次修复率').definition).toContain('30 天');
    expect(repairOf(doc)?.missing).toBeUndefined();
  });

  it('says the same in English, and the workbook keeps counts as numbers and rates as shares', () => {
    const doc = withRepair('en', REPAIR);
    expect(repairOf(doc)?.heading).toBe('8. Repair KPIs');
    expect(rows(doc)).toEqual([
      ['Orders received', '12', ''],
      ['Orders released', '10', ''],
      ['First-time fix', '87.5%', '7 of 8 cases'],
      ['On-time delivery', '90.0%', '9 of 10 cases'],
      ['Callback within 3 days', '75.0%', '3 of 4 cases; 6 not due yet'],
      ['QC failures per order', '0.42', '5 failures in 3 orders'],
      ['Orders with 3 or more QC failures', '1', ''],
      ['Rework returns', '2', '20.0% of released'],
    ]);
    const summary = reportSheets(doc)[0]?.rows ?? [];
    expect(summary).toContainEqual([
      '8. Repair KPIs',
      'First-time fix',
      { share: 7 / 8 },
      '7 of 8 cases',
      figure(doc, 'First-time fix').definition,
    ]);
    expect(summary.find((r) => r[1] === 'Orders received')?.[2]).toBe(12);
    expect(reportPage(doc).body).toContain('8. Repair KPIs');
    expect(reportPage(doc).body).toContain('5 failures in 3 orders');
  });

  it('prints a rate with nothing to divide by as a dash, never 0', () => {
    const doc = withRepair('en', {
      ...REPAIR,
      callbackWithin3Days: { yes: 0, known: 0, rate: null, pending: 10 },
    });
    expect(rows(doc).find((r) => r[0] === 'Callback within 3 days')).toEqual([
      'Callback within 3 days',
      '—',
      '0 of 0 cases; 10 not due yet',
    ]);
  });

  it('prints every figure as not recorded, never 0, when the period has no work order', () => {
    for (const l of ['zh-CN', 'en'] as const) {
      const doc = withRepair(l, null, { repair: 'not_recorded' });
      const section = repairOf(doc);
      expect(section?.figures).toHaveLength(8);
      const word = l === 'en' ? 'Not recorded' : '未记录';
      expect(rows(doc).every(([, value, detail]) => value === word && detail === '')).toBe(true);
      expect(reportPage(doc).body).toContain(word);
      expect(section?.missing).toBe(
        l === 'en'
          ? 'No work order in the period: the repair KPIs are not recorded, not zero.'
          : '本期没有维修单，维修 KPI 未记录，不是 0。',
      );
    }
  });

  it('leaves the section out where the replica keeps no work order', () => {
    expect(analysis.repair).toBeUndefined();
    for (const l of ['zh-CN', 'en'] as const) {
      const doc = complaintsReport(input(l));
      expect(repairOf(doc)).toBeUndefined();
      expect(doc.sections).toHaveLength(7);
    }
  });
});
