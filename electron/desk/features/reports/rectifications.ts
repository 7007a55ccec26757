/**
 * The complaint report's section on rectification items (整改项及成效,
 * issue 14 item 7: "the next period's report shows, beside each item,
 * whether complaints of that kind fell"): each item opened before the
 * period's end with its scope, defect, measure, owner, due day, status and
 * the complaints in its scope before and since it was opened, as of the
 * period's end (shared/domain/rectification/effect.ts). No item: the
 * section says so, never an empty table. Pure.
 */
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { dimensionName, section, type Cell, type Labels, type RectLine, type ReportSection } from './model';
import { w, type WordKey } from './words';

const STATE: Record<RectLine['state'], WordKey> = {
  open: 'stateOpen',
  overdue: 'stateOverdue',
  done: 'stateDone',
};

function changeText(e: NonNullable<RectLine['effect']>, l: Locale): string {
  const sign = e.change > 0 ? '+' : e.change < 0 ? '−' : '±';
  const rate = e.changeRate === null ? '' : ` ${sign}${Math.abs(e.changeRate * 100).toFixed(1)}%`;
  const trend = w(e.change < 0 ? 'trendFell' : e.change > 0 ? 'trendRose' : 'trendSame', l);
  return w('rectChangeText', l, {
    change: `${sign}${Math.abs(e.change)}${rate}`,
    trend,
    days: String(e.days),
  });
}

export function rectificationSection(items: readonly RectLine[], lab: Labels, l: Locale): ReportSection {
  const count = (s: RectLine['state']) => String(items.filter((x) => x.state === s).length);
  const compared = items.filter((x) => x.effect !== null);
  const fell = compared.filter((x) => (x.effect?.change ?? 0) < 0).length;
  return section(w('sRectification', l), {
    figures: [
      {
        label: w('fRectItems', l),
        value: items.length,
        detail: w('rectItemsDetail', l, {
          open: count('open'),
          overdue: count('overdue'),
          done: count('done'),
        }),
        definition: w('dRectItems', l),
      },
      {
        label: w('fRectFell', l),
        value: compared.length ? { yes: fell, known: compared.length } : { missing: 'none' },
        definition: w('dRectFell', l),
      },
    ],
    tables: items.length
      ? [
          {
            title: w('rectTable', l),
            layout: 'rect' as const,
            note: w('dRectTable', l),
            header: [
              w('rectScope', l),
              w('rectDefect', l),
              w('rectMeasure', l),
              w('rectOwner', l),
              w('rectDue', l),
              w('rectStatus', l),
              w('rectBefore', l),
              w('rectSince', l),
              w('rectChange', l),
            ],
            rows: items.map((x): Cell[] => [
              `${dimensionName(x.scope.dim, l)}${l === 'en' ? ': ' : '：'}${lab(x.scope.dim, x.scope.value)}`,
              x.defect,
              x.measure,
              x.ownerName,
              x.dueDay,
              w(STATE[x.state], l),
              x.effect ? x.effect.before : { missing: 'none' },
              x.effect ? x.effect.after : { missing: 'none' },
              x.effect ? changeText(x.effect, l) : w('rectTooNew', l),
            ]),
          },
        ]
      : [],
    ...(items.length ? {} : { missing: w('rectNone', l) }),
  });
}
