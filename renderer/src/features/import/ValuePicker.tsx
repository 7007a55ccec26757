/**
 * A taxonomy value for an import field: a channel or a severity from the
 * taxonomy's lists, a category from the category tree (leaves only, as a
 * case is filed). Searched by label in both languages.
 */
import { useMemo } from 'react';
import { Select } from 'antd';
import { localize, LOCALES } from '../../../../shared/domain/kernel/locale';
import { useLocale } from '../../i18n';
import type { ImportTaxonomyField } from './mappingDraft';
import { CategoryPicker } from '../../lib/CategoryPicker';
import { useScript } from '../../stores/script';

interface Props {
  field: ImportTaxonomyField;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  ariaLabel: string;
  testId: string;
  disabled?: boolean;
}

export function ValuePicker({ field, value, onChange, placeholder, ariaLabel, testId, disabled }: Props) {
  const locale = useLocale((s) => s.locale);
  const taxonomy = useScript((s) => s.taxonomy);
  const options = useMemo(() => {
    if (!taxonomy || field === 'category') return [];
    const list = field === 'channel' ? taxonomy.channels : taxonomy.severities;
    return list.map((o) => ({
      value: o.value,
      label: localize(o.label, locale),
      search: LOCALES.map((l) => o.label[l])
        .join('|')
        .toLowerCase(),
    }));
  }, [taxonomy, field, locale]);

  if (field === 'category') {
    return (
      <CategoryPicker
        leavesOnly
        allowClear
        disabled={disabled}
        value={value}
        onChange={(v) => onChange(v ?? undefined)}
        placeholder={placeholder}
        aria-label={ariaLabel}
        style={{ width: '100%' }}
        popupMatchSelectWidth={false}
        data-testid={testId}
      />
    );
  }
  return (
    <Select<string>
      allowClear
      disabled={disabled}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={options}
      showSearch={{
        filterOption: (input, o) => (o?.search ?? '').includes(input.toLowerCase()),
      }}
      placeholder={placeholder}
      aria-label={ariaLabel}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
