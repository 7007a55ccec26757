/**
 * From the figures to rectification (整改, issue 14 item 7): under the
 * Pareto of main categories and the failure-point breakdown, a supervisor's
 * "立整改项" link per top row opening the rectification form prefilled with
 * that main category or failure point (#/rectification/new?<dim>=<code>),
 * with the number of items still open (or overdue) for it. Plain buttons:
 * reached with Tab, opened with Enter.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RectView } from '../../../../shared/contract/methods/rectification';
import type { Key } from '../../../../shared/domain/analysis/report';
import { callDesk } from '../../lib/desk';
import { getDeskApi } from '../../bridge';
import { useNav } from '../../stores/nav';
import { canOverride, useSession } from '../../stores/session';
import type { DimLabel } from './labels';

type Dim = 'mainCategory' | 'failurePoint';
const TOP = 5;

/** Items not done per scope value of `dim` (the rectification list, kept fresh on rectification.changed). */
export function useOpenRectCounts(): Record<Dim, Map<string, number>> | null {
  const me = useSession((s) => s.staff);
  const [items, setItems] = useState<RectView[] | null>(null);
  const load = useCallback(() => {
    void callDesk('rectification.list', {}).then((r) => r.ok && setItems(r.value.items));
  }, []);
  useEffect(() => {
    if (!canOverride(me)) return;
    load();
    return getDeskApi().subscribe((e) => {
      if (e.type === 'rectification.changed') load();
    });
  }, [load, me]);
  if (!items) return null;
  const counts: Record<Dim, Map<string, number>> = { mainCategory: new Map(), failurePoint: new Map() };
  for (const x of items) {
    if (x.state === 'done' || (x.scope.dim !== 'mainCategory' && x.scope.dim !== 'failurePoint')) continue;
    const m = counts[x.scope.dim];
    m.set(x.scope.value, (m.get(x.scope.value) ?? 0) + 1);
  }
  return counts;
}

export function RectifyLinks({
  dim,
  keys,
  label,
  open,
}: {
  dim: Dim;
  /** The rows, largest first (the first five get a link; none recorded gets none). */
  keys: readonly Key[];
  label: DimLabel;
  open: Map<string, number> | undefined;
}) {
  const { t } = useTranslation();
  const me = useSession((s) => s.staff);
  const go = useNav((s) => s.go);
  const codes = keys.filter((k): k is string => typeof k === 'string' && k !== '').slice(0, TOP);
  if (!canOverride(me) || codes.length === 0) return null;
  return (
    <div className="ld-an-rect" data-testid={`analysis-rect-${dim}`}>
      <span className="ld-an-rect-lead">{t('analysis.rect.lead')}</span>
      {codes.map((code) => {
        const n = open?.get(code) ?? 0;
        const name = label(dim, code);
        return (
          <button
            key={code}
            type="button"
            className="ld-an-rect-link"
            title={t('analysis.rect.title', { name })}
            aria-label={t('analysis.rect.title', { name }) + (n ? `, ${t('analysis.rect.open', { n })}` : '')}
            onClick={() => go({ name: 'rectification', prefill: { dim, value: code } })}
            data-testid={`analysis-rect-${dim}-${code}`}
          >
            {name}
            {n ? <span className="ld-an-rect-count">{t('analysis.rect.open', { n })}</span> : null}
          </button>
        );
      })}
    </div>
  );
}
