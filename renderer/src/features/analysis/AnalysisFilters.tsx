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

export function AnalysisFilters() {
  const { t } = useTranslation();
  const locale = useLabels().locale;
  const taxonomy = useScript((s) => s.taxonomy);
  const where = useAnalysis((s) => s.where);
  const names = useAnalysis((s) => s.staffNames);
  const set = (patch: AnalysisWhere) => useAnalysis.getState().setWhere(patch);
  const pick = (dim: keyof AnalysisWhere) => (v: Value | undefined) => set({ [dim]: v ?? undefined });
  const value = (dim: keyof AnalysisWhere) => (where[dim] ?? undefined) as Value | undefined;
  const options = (list: { value: string; label: Parameters<typeof localize>[0] }[] | undefined) =>
    (list ?? []).map((o) => ({ value: o.value, label: localize(o.label, locale) }));
  const any = Object.values(where).some((v) => v !== undefined);

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
      <Select<Value>
        value={value('channel')}
        onChange={pick('channel')}
        placeholder={t('analysis.all.channel')}
        aria-label={t('analysis.dim.channel')}
        allowClear
        popupMatchSelectWidth={false}
        style={{ width: 130 }}
        options={options(taxonomy?.channels)}
        data-testid="analysis-filter-channel"
      />
      <Select<Value>
        value={value('severity')}
        onChange={pick('severity')}
        placeholder={t('cases.allSeverities')}
        aria-label={t('cases.severityFilter')}
        allowClear
        popupMatchSelectWidth={false}
        style={{ width: 128 }}
        options={(taxonomy?.severities ?? []).map((s) => ({
          value: s.value,
          label: localize(s.label, locale),
        }))}
        data-testid="analysis-filter-severity"
      />
      <Select<Value>
        value={value('status')}
        onChange={pick('status')}
        placeholder={t('status.all')}
        aria-label={t('cases.statusFilter')}
        allowClear
        style={{ width: 120 }}
        options={CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        data-testid="analysis-filter-status"
      />
      <Select<Value>
        value={value('nature')}
        onChange={pick('nature')}
        placeholder={t('analysis.all.nature')}
        aria-label={t('analysis.dim.nature')}
        allowClear
        popupMatchSelectWidth={false}
        style={{ width: 120 }}
        options={options(taxonomy?.natures)}
        data-testid="analysis-filter-nature"
      />
      <Select<Value>
        value={value('owner')}
        onChange={pick('owner')}
        placeholder={t('analysis.all.owner')}
        aria-label={t('analysis.dim.owner')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        popupMatchSelectWidth={false}
        style={{ width: 160 }}
        options={[...names].map(([id, name]) => ({ value: id, label: name }))}
        data-testid="analysis-filter-owner"
      />
      <Select<Value>
        value={value('gender')}
        onChange={pick('gender')}
        placeholder={t('analysis.all.gender')}
        aria-label={t('analysis.dim.gender')}
        allowClear
        style={{ width: 120 }}
        options={(['female', 'male', 'unknown'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) }))}
        data-testid="analysis-filter-gender"
      />
      <Select<Value>
        value={value('returning')}
        onChange={pick('returning')}
        placeholder={t('analysis.all.returning')}
        aria-label={t('analysis.dim.returning')}
        allowClear
        popupMatchSelectWidth={false}
        style={{ width: 172 }}
        options={[
          { value: 0, label: t('customerKind.new') },
          { value: 1, label: t('customerKind.returning') },
        ]}
        data-testid="analysis-filter-returning"
      />
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
