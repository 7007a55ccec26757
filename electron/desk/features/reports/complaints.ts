/**
 * 投诉分析报告 — the complaint analysis report as data (./model.ts): volume
 * and growth, the Pareto of categories with the top three's sub-categories,
 * the monthly trend with first-contact resolution, breakdowns and
 * cross-tabs, repeats, escalations and malicious claims, accountability,
 * the rectification items and their effect (./rectifications.ts).
 * Every figure comes from the AnalysisResult as it is; a figure the analysis
 * lists in `unavailable` says 未记录 / not recorded.
 */
import {
  breakdownOf,
  paretoOption,
  subcategoryOption,
  trendOption,
} from '../../../../shared/domain/analysis/charts';
import { BREAKDOWNS, type AnalysisResult } from '../../../../shared/domain/analysis/report';
import {
  chartText,
  dimensionName,
  ofKnown,
  rateCell,
  reportFacts,
  section,
  type Cell,
  type ReportDoc,
  type ReportInput,
  type ReportSection,
  type ReportTable,
} from './model';
import { VOLUME_UNIT_LABELS } from '../../../../shared/domain/volume/lines';
import { rectificationSection } from './rectifications';
import { repairSection } from './repairSection';
import { w } from './words';

const WIDE = 680;

export function complaintsReport(i: ReportInput): ReportDoc {
  const l = i.locale;
  const a = i.analysis;
  const lab = i.labels;
  const repair = repairSection(a, l);
  return {
    kind: 'complaints',
    locale: l,
    title: w('complaintsTitle', l),
    branch: i.branch,
    facts: reportFacts(i),
    sections: [
      volume(i, a),
      categories(i, a),
      trend(i, a),
      breakdowns(i, a),
      quality(i, a),
      accountability(i, a),
      rectificationSection(i.rectifications ?? [], lab, l),
      // Where the shop keeps work orders (issue 14 item 3): its repair KPIs.
      ...(repair ? [repair] : []),
    ],
  };

  function volume(_i: ReportInput, r: AnalysisResult): ReportSection {
    const t = r.totals;
    const pv = t.perVolume;
    const perVolume: Cell = pv
      ? pv.rate === null
        ? { missing: 'none' }
        : { decimal: pv.rate }
      : { missing: r.unavailable['totals.perVolume'] ?? 'no_volume' };
    return section(w('sVolume', l), {
      figures: [
        { label: w('fCount', l), value: t.count, definition: w('dCount', l) },
        {
          label: w('fCompareCount', l),
          value: t.compareCount ?? { missing: 'none' },
          definition: w('dCount', l),
        },
        { label: w('fGrowth', l), value: rateCell(t.growth), definition: w('dGrowth', l) },
        {
          label: w('fPerVolume', l),
          value: perVolume,
          ...(pv
            ? {
                detail: w('perVolumeDetail', l, {
                  per: String(pv.per),
                  // The unit's name (issue 14 item 2), or its code for a unit this version does not know.
                  unit: Object.hasOwn(VOLUME_UNIT_LABELS, pv.unit)
                    ? VOLUME_UNIT_LABELS[pv.unit as keyof typeof VOLUME_UNIT_LABELS][l]
                    : pv.unit,
                  volume: String(pv.volume),
                }),
              }
            : {}),
          definition: w('dPerVolume', l),
        },
      ],
    });
  }

  function categories(_i: ReportInput, r: AnalysisResult): ReportSection {
    const rows = r.categories.rows;
    const pareto: ReportTable = {
      title: w('paretoTable', l),
      note: w('dPareto', l),
      header: [w('mainCategory', l), w('cases', l), w('share', l), w('cumulative', l)],
      rows: rows.map((c) => [
        lab('mainCategory', c.key),
        c.count,
        { share: c.share },
        { share: c.cumulative },
      ]),
    };
    const subs: ReportTable[] = r.subcategories.map((s) => ({
      title: w('subTable', l, { main: lab('mainCategory', s.main) }),
      note: w('dSub', l),
      header: [w('subcategory', l), w('cases', l), w('share', l)],
      rows: s.rows.map((c) => [lab('category', c.key), c.count, { share: c.share }]),
    }));
    return section(w('sCategories', l), {
      figures: [
        {
          label: w('fTopThree', l),
          value: rateCell(r.categories.topThreeShare),
          definition: w('dPareto', l),
        },
      ],
      charts: [
        ...(rows.length ? [{ option: paretoOption(r, chartText(i)), width: WIDE, height: 280 }] : []),
        ...(r.subcategories.length
          ? [
              {
                option: subcategoryOption(r, chartText(i)),
                width: WIDE,
                height: 40 + r.subcategories.reduce((n, x) => n + x.rows.length, 0) * 22,
              },
            ]
          : []),
      ],
      tables: [pareto, ...subs],
    });
  }

  function trend(_i: ReportInput, r: AnalysisResult): ReportSection {
    const f = r.fcr;
    return section(w('sTrend', l), {
      figures: [
        {
          label: w('fFcr', l),
          value: rateCell(f.rate),
          detail: ofKnown(f.yes, f.known, l),
          definition: w('dFcr', l),
        },
        ...(f.compare
          ? [
              {
                label: w('fFcrCompare', l),
                value: rateCell(f.compare.rate),
                detail: ofKnown(f.compare.yes, f.compare.known, l),
                definition: w('dFcr', l),
              },
            ]
          : []),
      ],
      charts: r.trend.length ? [{ option: trendOption(r, chartText(i)), width: WIDE, height: 240 }] : [],
      tables: [
        {
          title: w('trendTable', l),
          header: [w('month', l), w('cases', l), w('fFcr', l), w('detail', l)],
          rows: r.trend.map((m) => [
            m.month,
            m.count,
            rateCell(m.fcr.rate),
            ofKnown(m.fcr.yes, m.fcr.known, l),
          ]),
        },
      ],
    });
  }

  function breakdowns(_i: ReportInput, r: AnalysisResult): ReportSection {
    const tables: ReportTable[] = [];
    const missing: string[] = [];
    for (const dim of BREAKDOWNS) {
      const name = dimensionName(dim, l);
      if (r.unavailable[`breakdowns.${dim}`] || r.breakdowns[dim].length === 0) {
        missing.push(name);
        continue;
      }
      tables.push({
        title: name,
        // The definition once, under the first breakdown.
        ...(tables.length === 0 ? { note: w('dBreakdown', l) } : {}),
        header: [name, w('cases', l), w('share', l)],
        rows: r.breakdowns[dim].map((b) => [lab(dim, b.key), b.count, { share: b.share }]),
      });
    }
    for (const [xi, x] of r.crossTabs.entries()) {
      const cols = [...new Set(x.cells.map((c) => c.col))];
      const rowKeys = [...new Set(x.cells.map((c) => c.row))];
      const rowsName = dimensionName(x.rows, l);
      tables.push({
        title: w('crossTable', l, { rows: rowsName }),
        ...(xi === 0 ? { note: w('dCross', l) } : {}),
        header: [rowsName, ...cols.map((c) => lab(x.cols, c))],
        rows: rowKeys.map((rk) => [
          lab(x.rows, rk),
          ...cols.map((ck): Cell => {
            const cell = x.cells.find((c) => c.row === rk && c.col === ck);
            return cell ? `${cell.count} (${(cell.share * 100).toFixed(1)}%)` : '0';
          }),
        ]),
      });
    }
    const channel = r.breakdowns.channel;
    return section(w('sBreakdowns', l), {
      charts:
        channel.length > 0
          ? [
              {
                option: breakdownOf(r, 'channel', chartText(i)),
                width: WIDE,
                height: Math.max(80, 16 + channel.length * 26),
              },
            ]
          : [],
      tables,
      ...(missing.length
        ? {
            missing: `${missing.join(l === 'en' ? ', ' : '、')}${l === 'en' ? ': ' : '：'}${w('notRecordedNote', l)}`,
          }
        : {}),
    });
  }

  function quality(_i: ReportInput, r: AnalysisResult): ReportSection {
    const e = r.escalations;
    return section(w('sQuality', l), {
      figures: [
        {
          label: w('fRepeats', l),
          value: r.repeats.count,
          detail: r.repeats.rate === null ? '' : `${(r.repeats.rate * 100).toFixed(1)}%`,
          definition: w('dRepeats', l),
        },
        { label: w('fEscalations', l), value: e.count, definition: w('dEscalations', l) },
        {
          label: w('fJustified', l),
          value: rateCell(e.justifiedShare),
          detail: ofKnown(e.justified, e.reviewed, l),
          definition: w('dJustified', l),
        },
        { label: w('fMalicious', l), value: r.malicious.count, definition: w('dMalicious', l) },
      ],
    });
  }

  function accountability(_i: ReportInput, r: AnalysisResult): ReportSection {
    const acc = r.accountability;
    const unknown = r.unavailable.accountability;
    const value = (n: number): Cell => (unknown ? { missing: unknown } : n);
    return section(w('sAccountability', l), {
      figures: [
        { label: w('fDecided', l), value: value(acc.decided), definition: w('dDecided', l) },
        { label: w('fHeld', l), value: value(acc.heldResponsible), definition: w('dDecided', l) },
      ],
      tables: unknown
        ? []
        : [
            {
              title: w('perPersonTable', l),
              header: [w('person', l), w('cases', l), w('share', l)],
              rows: acc.perPerson.map((p) => [lab('responsible', p.key), p.count, { share: p.share }]),
            },
          ],
    });
  }
}
