/** The readings before work (mileage km, fuel %, ...) of an order kind's template, as form fields. */
import { Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { localize } from '../../../../shared/domain/kernel/locale';
import type { OrderKindTemplate } from '../../../../shared/domain/orders/template';
import { useLocale } from '../../i18n';

export function ReadingsFields({ kind, prefix }: { kind: OrderKindTemplate | undefined; prefix: string[] }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  return (
    <>
      {(kind?.readings ?? []).map((def) => {
        const label = def.unit
          ? t('orderForms.readingWithUnit', { label: localize(def.label, locale), unit: def.unit })
          : localize(def.label, locale);
        return (
          <Form.Item
            key={def.key}
            name={[...prefix, def.key]}
            label={label}
            rules={def.required ? [{ required: true, message: t('common.required', { field: label }) }] : []}
          >
            {def.kind === 'number' ? (
              <InputNumber<number>
                min={0}
                style={{ width: '100%' }}
                suffix={def.unit}
                data-testid={`order-reading-${def.key}`}
              />
            ) : (
              <Input maxLength={LIMITS.shortText} data-testid={`order-reading-${def.key}`} />
            )}
          </Form.Item>
        );
      })}
    </>
  );
}
