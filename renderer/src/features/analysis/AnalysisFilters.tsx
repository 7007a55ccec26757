/**
 * The dashboard's filters (issue 14): the case list's (category, severity,
 * status, nature) and the analysis's own dimensions it can narrow by
 * (channel, first receiver, gender, new or returning), one line at 1366 px.
 * Each maps onto AnalysisWhere; a category without a `.` is a main category.
 */
import { Button, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES } from '../../../../shared/domain/cases/payloads';
import type { AnalysisWhere } from '../../../../shared/domain/analysis/report';
import { localize } from '../../../../shared/domain/kernel/locale';
import { CategoryPicker } from '../../lib/CategoryPicker';
import { useLabels } from '../../lib/labels';
import { useScript } from '../../stores/script';
import { useAnalysis } from './analysisStore';

type Value = string | number;

/** One single-value filter of the line: the AnalysisWhere key it sets, its texts, width and choices. */
interface FilterSelect {
  dim: keyof AnalysisWhere;
  label: string;
  placeholder: string;
  width: number;
  search?: boolean;
  options: { value: Value; label: string }[];
}

export function AnalysisFilters() {
  const { t } = useTranslation();
  const locale = useLabels().locale;
  const taxonomy = useScript((s) => s.taxonomy);
  const where = useAnalysis((s) => s.where);
  const names = useAnalysis((s) => s.staffNames);
  const set = (patch: AnalysisWhere) => useAnalysis.getState().setWhere(patch);
  const options = (list: { value: string; label: Parameters<typeof localize>[0] }[] | undefined) =>
    (list ?? []).map((o) => ({ value: o.value, label: localize(o.label, locale) }));
  const any = Object.values(where).some((v) => v !== undefined);
  // The single-value filters after the category, in the order they sit on the line.
  const selects: FilterSelect[] = [
    {
      dim: 'channel',
      label: t('analysis.dim.channel'),
      placeholder: t('analysis.all.channel'),
      width: 130,
      options: options(taxonomy?.channels),
    },
    {
      dim: 'severity',
      label: t('cases.severityFilter'),
      placeholder: t('cases.allSeverities'),
      width: 128,
      options: options(taxonomy?.severities),
    },
    {
      dim: 'status',
      label: t('cases.statusFilter'),
      placeholder: t('status.all'),
      width: 120,
      options: CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
    },
    {
      dim: 'nature',
      label: t('analysis.dim.nature'),
      placeholder: t('analysis.all.nature'),
      width: 120,
      options: options(taxonomy?.natures),
    },
    {
      dim: 'owner',
      label: t('analysis.dim.owner'),
      placeholder: t('analysis.all.owner'),
      width: 160,
      search: true,
      options: [...names].map(([id, name]) => ({ value: id, label: name })),
    },
    {
      dim: 'gender',
      label: t('analysis.dim.gender'),
      placeholder: t('analysis.all.gender'),
      width: 120,
      options: (['female', 'male', 'unknown'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) })),
    },
    {
      dim: 'returning',
      label: t('analysis.dim.returning'),
      placeholder: t('analysis.all.returning'),
      width: 172,
      options: [
        { value: 0, label: t('customerKind.new') },
        { value: 1, label: t('customerKind.returning') },
      ],
    },
  ];

  return (
    <div className="ld-filters ld-an-filters" role="search" aria-label={t('analysis.filters')}>
      <CategoryPicker
        value={(where.category ?? where.mainCategory ?? undefined) as string | undefined}
        onChange={(v: string | undefined) =>
          set(
            !v
              ? { category: undefined, mainCategory: undefined }
              : v.includes('.')
                ? { category: v, mainCategory: undefined }
                : { mainCategory: v, category: undefined },
          )
        }
        placeholder={t('cases.allCategories')}
        aria-label={t('cases.categoryFilter')}
        allowClear
        style={{ width: 170 }}
        data-testid="analysis-filter-category"
      />
      {selects.map((f) => (
        <Select<Value>
          key={f.dim}
          value={(where[f.dim] ?? undefined) as Value | undefined}
          onChange={(v: Value | undefined) => set({ [f.dim]: v ?? undefined })}
          placeholder={f.placeholder}
          aria-label={f.label}
          allowClear
          showSearch={f.search ? { optionFilterProp: 'label' } : undefined}
          popupMatchSelectWidth={false}
          style={{ width: f.width }}
          options={f.options}
          data-testid={`analysis-filter-${f.dim}`}
        />
      ))}
      {any ? (
        <Button
          type="link"
          onClick={() => {
            const clear: AnalysisWhere = {};
            for (const k of Object.keys(where) as (keyof AnalysisWhere)[]) clear[k] = undefined;
            set(clear);
          }}
          data-testid="analysis-filter-reset"
        >
          {t('cases.reset')}
        </Button>
      ) : null}
    </div>
  );
}
