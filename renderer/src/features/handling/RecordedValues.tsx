import { Button, Descriptions, Space } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FieldValue } from '../../../../shared/domain/cases/payloads';
import type { ScriptStep, Taxonomy } from '../../../../shared/domain/cases/script';
import { useLocale } from '../../i18n';
import { localize } from '../../../../shared/domain/kernel/locale';
import { displayValue } from './fieldValues';

/** A recorded step's values, read-only, with "record again" where the role may. */
export function RecordedValues({
  step,
  values,
  taxonomy,
  canReRecord,
  onReRecord,
}: {
  step: ScriptStep;
  values: Record<string, FieldValue>;
  taxonomy: Taxonomy;
  canReRecord: boolean;
  onReRecord(): void;
}) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const words = { yes: t('common.yes'), no: t('common.no'), none: t('handling.noValue') };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="step-recorded">
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 200 } }}
        items={step.fields.map((f) => ({
          key: f.key,
          label: localize(f.label, locale),
          children: (
            <span className="ld-field-value" data-testid={`step-value-${f.key}`}>
              {displayValue(f, values[f.key], taxonomy, locale, words)}
            </span>
          ),
        }))}
      />
      {canReRecord ? (
        <Button icon={<EditOutlined />} onClick={onReRecord} data-testid="step-rerecord">
          {t('handling.reRecord')}
        </Button>
      ) : null}
    </Space>
  );
}
