/**
 * The analysis's dimension values by their display names (issue 14): the
 * taxonomy's names for categories, channels, severities, complainant types
 * and natures (as the case list shows them), the organisation's lists for
 * regions, customer levels and failure points, staff names for people, the
 * interface's words for the rest; a null value is "not recorded" (for an
 * escalation level: not escalated). Codes nobody names are shown as they are.
 */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dimension } from '../../../../shared/domain/analysis/figures';
import type { Key } from '../../../../shared/domain/analysis/report';
import { localize } from '../../../../shared/domain/kernel/locale';
import { useLabels } from '../../lib/labels';
import { listItemName } from '../../../../shared/domain/settings/lists';
import { useAnalysisLists } from '../../stores/analysisLists';
import { useScript } from '../../stores/script';
import { useAnalysis } from './analysisStore';
import type { ChartText } from './chartOptions';

export type DimLabel = (dim: Dimension, key: Key) => string;

export function useDimLabel(): DimLabel {
  const { t } = useTranslation();
  const labels = useLabels();
  const taxonomy = useScript((s) => s.taxonomy);
  const names = useAnalysis((s) => s.staffNames);
  const lists = useAnalysisLists((s) => s.view?.lists);
  useEffect(() => void useAnalysisLists.getState().load(), []);
  return useMemo(() => {
    const locale = labels.locale;
    const option = (list: { value: string; label: Parameters<typeof localize>[0] }[] | undefined) =>
      new Map((list ?? []).map((o) => [o.value, localize(o.label, locale)]));
    const complainants = option(taxonomy?.complainantTypes);
    const natures = option(taxonomy?.natures);
    const known = (map: ReadonlyMap<string, string>, v: string) => map.get(v) ?? v;
    return (dim, key) => {
      if (key === null) {
        if (dim === 'escalationLevel') return t('analysis.notEscalated');
        return t('analysis.notRecorded');
      }
      const v = String(key);
      switch (dim) {
        case 'mainCategory':
        case 'category':
          return labels.category(v);
        case 'channel':
          return labels.channel(v);
        case 'severity':
          return labels.severity(v);
        case 'complainantType':
          return known(complainants, v);
        case 'nature':
          return known(natures, v);
        case 'owner':
          return known(names, v);
        case 'region':
          return listItemName(lists, 'regions', v, locale);
        case 'customerLevel':
          return listItemName(lists, 'customerLevels', v, locale);
        case 'failurePoint':
          return listItemName(lists, 'failurePoints', v, locale);
        case 'responsible':
          return v === '' ? t('analysis.nobodyResponsible') : known(names, v);
        case 'gender':
          return v === 'female' || v === 'male' || v === 'unknown' ? t(`gender.${v}`) : v;
        case 'returning':
          return key === 1 || v === '1' ? t('customerKind.returning') : t('customerKind.new');
        case 'sharedCustomer':
          return key === 1 || v === '1' ? t('common.yes') : t('common.no');
        case 'status':
          return v === 'new' || v === 'in_progress' || v === 'closed' ? t(`status.${v}`) : v;
        case 'escalationLevel':
          return v === 'counter' || v === 'supervisor' || v === 'region' || v === 'head_office'
            ? t(`escalation.level.${v}`)
            : v;
        case 'qualityGap':
          return v === 'expectation_unknown' ||
            v === 'standard_missing' ||
            v === 'standard_not_delivered' ||
            v === 'promise_mismatch'
            ? t(`analysis.qualityGap.${v}`)
            : v;
        default:
          return v;
      }
    };
  }, [t, labels, taxonomy, names, lists]);
}

/** The words the chart option builders (./chartOptions.ts) show, in the interface's language. */
export function useChartText(): ChartText {
  const { t } = useTranslation();
  const label = useDimLabel();
  return useMemo(
    () => ({
      label,
      count: t('analysis.chart.count'),
      cumulative: t('analysis.chart.cumulative'),
      fcrRate: t('analysis.chart.fcrRate'),
      topThree: (share: string) => t('analysis.chart.topThree', { share }),
      withinMain: t('analysis.chart.withinMain'),
    }),
    [t, label],
  );
}
