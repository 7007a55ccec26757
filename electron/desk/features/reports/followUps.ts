/**
 * 回访分析报告 and 履诺分析报告 as data (./model.ts): callback coverage and
 * the satisfaction distribution; deadline compliance (entered within 2 h,
 * handled on time, result within 3 working days) and promises kept; each
 * also per main category (./extras.ts). Rates whose denominator is empty
 * print "—"; nothing is shown as 0 that was not counted as 0.
 */
import { ratesOption, satisfactionOption } from '../../../../shared/domain/analysis/charts';
import { rate } from '../../../../shared/domain/analysis/compute';
import type { RateFigure } from '../../../../shared/domain/analysis/report';
import {
  chartText,
  ofKnown,
  rateCell,
  reportFacts,
  section,
  type Cell,
  type ReportDoc,
  type ReportInput,
} from './model';
import { w, type WordKey } from './words';

const WIDE = 680;
const SCORES = ['1', '2', '3', '4', '5'] as const;

export function callbacksReport(i: ReportInput): ReportDoc {
  const l = i.locale;
  const c = i.analysis.callbacks;
  const s = c.satisfaction;
  const average: Cell = s.average === null ? { missing: 'none' } : { decimal: s.average };
  return {
    kind: 'callbacks',
    locale: l,
    title: w('callbacksTitle', l),
    branch: i.branch,
    facts: reportFacts(i),
    sections: [
      section(w('sCoverage', l), {
        figures: [
          { label: w('fCount', l), value: i.analysis.totals.count, definition: w('dCount', l) },
          { label: w('fClosed', l), value: c.closed, definition: w('dCoverage', l) },
          { label: w('fReached', l), value: c.reached, definition: w('dCoverage', l) },
          {
            label: w('fCoverage', l),
            value: rateCell(c.coverage),
            detail: ofKnown(c.reached, c.closed, l),
            definition: w('dCoverage', l),
          },
        ],
      }),
      section(w('sSatisfaction', l), {
        figures: [
          { label: w('fSatKnown', l), value: s.known, definition: w('dSat', l) },
          { label: w('fSatAverage', l), value: average, definition: w('dSat', l) },
        ],
        charts:
          s.known > 0
            ? [{ option: satisfactionOption(i.analysis, chartText(i)), width: 420, height: 200 }]
            : [],
        tables: [
          {
            title: w('satTable', l),
            note: w('dSat', l),
            header: [w('score', l), w('cases', l), w('share', l)],
            rows: SCORES.map((n) => [
              w('scoreN', l, { n }),
              s.distribution[n],
              rateCell(rate(s.distribution[n], s.known)),
            ]),
          },
        ],
      }),
      section(w('sByCategory', l), {
        tables: [
          {
            title: w('callbackByCategory', l),
            note: w('dCoverage', l),
            header: [
              w('mainCategory', l),
              w('cases', l),
              w('fCoverage', l),
              w('fSatKnown', l),
              w('fSatAverage', l),
            ],
            rows: i.byCategory.map((b) => [
              i.labels('mainCategory', b.key),
              b.cases,
              { yes: b.reached, known: b.closed },
              b.satKnown,
              b.satKnown > 0 ? { decimal: b.satSum / b.satKnown } : { missing: 'none' },
            ]),
          },
        ],
      }),
    ],
  };
}

const DEADLINES = [
  ['entered', 'fEntered', 'dEntered'],
  ['handled', 'fHandled', 'dHandled'],
  ['result', 'fResult', 'dResult'],
] as const satisfies readonly (readonly ['entered' | 'handled' | 'result', WordKey, WordKey])[];

export function promisesReport(i: ReportInput): ReportDoc {
  const l = i.locale;
  const d = i.analysis.deadlines;
  const figure = (f: RateFigure, label: WordKey, definition: WordKey) => ({
    label: w(label, l),
    value: rateCell(f.rate),
    detail: ofKnown(f.yes, f.known, l),
    definition: w(definition, l),
  });
  const rated = [...DEADLINES, ['promises', 'fPromises', 'dPromises'] as const].filter(
    ([k]) => d[k].rate !== null,
  );
  return {
    kind: 'promises',
    locale: l,
    title: w('promisesTitle', l),
    branch: i.branch,
    facts: reportFacts(i),
    sections: [
      section(w('sDeadlines', l), {
        figures: DEADLINES.map(([k, label, def]) => figure(d[k], label, def)),
        charts: rated.length
          ? [
              {
                option: ratesOption(rated.map(([k, label]) => ({ name: w(label, l), rate: d[k] }))),
                width: WIDE,
                height: 24 + rated.length * 34,
              },
            ]
          : [],
        tables: [
          {
            title: w('deadlineTable', l),
            header: [w('figure', l), w('met', l), w('known', l), w('rate', l), w('definition', l)],
            rows: [...DEADLINES, ['promises', 'fPromises', 'dPromises'] as const].map(([k, label, def]) => [
              w(label, l),
              d[k].yes,
              d[k].known,
              rateCell(d[k].rate),
              w(def, l),
            ]),
          },
        ],
      }),
      section(w('sPromises', l), {
        figures: [figure(d.promises, 'fPromises', 'dPromises')],
      }),
      section(w('sByCategory', l), {
        tables: [
          {
            title: w('promiseByCategory', l),
            header: [
              w('mainCategory', l),
              w('cases', l),
              ...(['fEntered', 'fHandled', 'fResult', 'fPromises'] as const).map((k) => w(k, l)),
            ],
            rows: i.byCategory.map((b) => [
              i.labels('mainCategory', b.key),
              b.cases,
              ...[b.entered, b.handled, b.result, b.promises].map(([yes, known]) => ({ yes, known })),
            ]),
          },
        ],
      }),
    ],
  };
}
