import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { NATURES, type Nature } from '../../../../shared/domain/cases/payloads';

/** The nature a case closes with (issue 12): valid is offered first and chosen until changed. */
export const DEFAULT_NATURE: Nature = 'valid';

/**
 * The nature the close offers first: invalid (无效) for a claim a supervisor
 * determined malicious, valid otherwise. Only a default: the clerk may change it.
 */
export function defaultNature(maliceStatus: string | null | undefined): Nature {
  return maliceStatus === 'malicious' ? 'invalid' : DEFAULT_NATURE;
}

interface Props {
  value: Nature;
  onChange(n: Nature): void;
  testId: string;
}

/** The labelled nature choice shown wherever a case is closed (step 6's record-and-close, the close dialogs). */
export function NatureSelect({ value, onChange, testId }: Props) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      <label htmlFor={`${testId}-select`} style={{ fontWeight: 500 }} title={t('nature.help')}>
        {t('nature.label')}
      </label>
      <Select<Nature>
        id={`${testId}-select`}
        value={value}
        onChange={onChange}
        style={{ minWidth: 140 }}
        data-testid={testId}
        options={NATURES.map((n) => ({ value: n, label: t(`nature.values.${n}`) }))}
      />
    </div>
  );
}
