import { useEffect } from 'react';
import { Form, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n';
import { useAnalysisLists } from '../../stores/analysisLists';

/** The attribute fields' form values (IntakePage's). */
export interface AttributeValues {
  region?: string;
  customerLevel?: string;
  sharedCustomer?: 'yes' | 'no' | 'unknown';
}

/** What case.create takes of them: only what was chosen. */
export function attributesInput(v: AttributeValues): {
  region?: string;
  customerLevel?: string;
  sharedCustomer?: boolean;
} {
  return {
    ...(v.region ? { region: v.region } : {}),
    ...(v.customerLevel ? { customerLevel: v.customerLevel } : {}),
    ...(v.sharedCustomer === 'yes' || v.sharedCustomer === 'no'
      ? { sharedCustomer: v.sharedCustomer === 'yes' }
      : {}),
  };
}

/**
 * Issue 14 item 1: the customer's region, level (the organisation's lists,
 * settings.lists.get) and whether they are also a customer of another
 * business line (yes / no / unknown), all optional, in one row under the
 * account, so the fields every case needs stay where they are; Tab reaches
 * them after the account, arrow keys move within the yes/no/unknown buttons.
 * A recognised customer's answers are filled in from their latest case.
 */
export function CustomerAttributes({ prefilledFrom }: { prefilledFrom: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const view = useAnalysisLists((s) => s.view);
  useEffect(() => {
    void useAnalysisLists.getState().load();
  }, []);
  const options = (list: readonly { value: string; 'zh-CN': string; en: string }[] | undefined) =>
    (list ?? []).map((i) => ({ value: i.value, label: i[locale] }));
  return (
    <div data-testid="intake-attributes">
      <div className="ld-intake-attributes">
        <Form.Item name="region" label={t('attributes.region')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('attributes.notChosen')}
            options={options(view?.lists.regions)}
            data-testid="intake-region"
          />
        </Form.Item>
        <Form.Item name="customerLevel" label={t('attributes.customerLevel')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('attributes.notChosen')}
            options={options(view?.lists.customerLevels)}
            data-testid="intake-level"
          />
        </Form.Item>
        <Form.Item
          name="sharedCustomer"
          label={<span title={t('attributes.sharedHelp')}>{t('attributes.sharedCustomer')}</span>}
        >
          <Radio.Group
            optionType="button"
            data-testid="intake-shared"
            options={[
              { value: 'yes', label: t('attributes.yes') },
              { value: 'no', label: t('attributes.no') },
              { value: 'unknown', label: t('attributes.unknown') },
            ]}
          />
        </Form.Item>
      </div>
      {prefilledFrom !== null ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="intake-attributes-prefilled">
          {t('attributes.prefilled', { number: prefilledFrom })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
