/**
 * The case list's filter bar: text search, status, category, severity,
 * deadline state, received between, and the issue-12 filters behind "more
 * filters" (./MoreFilters.tsx); one line at 1366 px.
 */
import { useEffect, useState } from 'react';
import { Button, DatePicker, Input, Select } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseStatus } from '../../../../shared/domain/cases/payloads';
import { localize } from '../../../../shared/domain/kernel/locale';
import { SEARCH_INPUT_ID } from '../../lib/keys';
import { useLabels } from '../../lib/labels';
import { CategoryPicker } from '../../lib/CategoryPicker';
import { hasActiveFilters, useCases, type DueFilter } from '../../stores/cases';
import { useScript } from '../../stores/script';
import { MoreFilters } from './MoreFilters';

const SEARCH_DEBOUNCE_MS = 250;
/** The deadline states the list filters by (issue 9). */
const DUE_FILTERS: readonly DueFilter[] = ['overdue', 'due_soon', 'paused'];
/** The grid's element id: the search box moves focus to it with ArrowDown. */
export const GRID_ID = 'ld-case-grid';

export function ListFilters() {
  const { t } = useTranslation();
  const locale = useLabels().locale;
  const taxonomy = useScript((s) => s.taxonomy);
  const filters = useCases((s) => s.filters);
  const [text, setText] = useState(filters.text);

  // Debounced search over name, phone, number and complaint text.
  useEffect(() => {
    if (text === useCases.getState().filters.text) return;
    const timer = setTimeout(() => useCases.getState().setFilters({ text }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const range: [Dayjs, Dayjs] | null =
    filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to).subtract(1, 'day')] : null;

  return (
    <div className="ld-filters" role="search">
      <Input
        id={SEARCH_INPUT_ID}
        type="search"
        allowClear
        prefix={<SearchOutlined aria-hidden />}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onPressEnter={() => useCases.getState().setFilters({ text })}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && useCases.getState().items.length > 0) {
            e.preventDefault();
            document.getElementById(GRID_ID)?.focus();
          }
        }}
        placeholder={t('cases.searchPlaceholder')}
        aria-label={t('cases.searchLabel')}
        // Grows into the room the other filters leave, and shrinks so that every filter,
        // "more filters · n" and "clear" stay on one line at 1366 px: the line wraps when the
        // bases do not fit, before anything shrinks, so the basis is what must fit.
        style={{ flex: '1 1 200px', maxWidth: 300 }}
        data-testid="case-search"
      />
      <Select<CaseStatus | 'all'>
        value={filters.status ?? 'all'}
        onChange={(v) => useCases.getState().setFilters({ status: v === 'all' ? undefined : v })}
        aria-label={t('cases.statusFilter')}
        style={{ width: 120 }}
        data-testid="filter-status"
        options={[
          { value: 'all', label: t('status.all') },
          ...CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
        ]}
      />
      <CategoryPicker
        value={filters.category}
        onChange={(v: string | undefined) => useCases.getState().setFilters({ category: v ?? undefined })}
        placeholder={t('cases.allCategories')}
        aria-label={t('cases.categoryFilter')}
        allowClear
        style={{ width: 180 }}
        data-testid="filter-category"
      />
      <Select<string>
        value={filters.severity}
        onChange={(v) => useCases.getState().setFilters({ severity: v ?? undefined })}
        placeholder={t('cases.allSeverities')}
        aria-label={t('cases.severityFilter')}
        allowClear
        style={{ width: 130 }}
        data-testid="filter-severity"
        options={(taxonomy?.severities ?? []).map((s) => ({
          value: s.value,
          label: localize(s.label, locale),
        }))}
      />
      <Select<DueFilter | 'all'>
        value={filters.due ?? 'all'}
        onChange={(v) => useCases.getState().setFilters({ due: v === 'all' ? undefined : v })}
        aria-label={t('deadlines.filter')}
        popupMatchSelectWidth={false}
        style={{ width: 124 }}
        data-testid="filter-due"
        options={[
          { value: 'all', label: t('deadlines.stateAll') },
          ...DUE_FILTERS.map((s) => ({ value: s, label: t(`work.state.${s}`) })),
        ]}
      />
      <DatePicker.RangePicker
        value={range}
        onChange={(v) => {
          const [start, end] = v ?? [];
          useCases
            .getState()
            .setFilters(
              start && end
                ? { from: start.startOf('day').format(), to: end.add(1, 'day').startOf('day').format() }
                : { from: undefined, to: undefined },
            );
        }}
        aria-label={t('cases.dateFilter')}
        style={{ width: 224 }}
        data-testid="filter-date"
      />
      <MoreFilters />
      {hasActiveFilters(filters) ? (
        <Button
          type="link"
          onClick={() => {
            setText('');
            useCases.getState().resetFilters();
          }}
          data-testid="filter-reset"
        >
          {t('cases.reset')}
        </Button>
      ) : null}
    </div>
  );
}
