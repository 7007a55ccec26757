import { useState } from 'react';
import { Button, Card, Form, Input, Radio, Select, Space, Spin, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { GENDERS, type Gender } from '../../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { localize } from '../../../../shared/domain/kernel/locale';
import { applyFieldErrors } from '../../lib/formErrors';
import { showError, showSuccess } from '../../lib/notify';
import { categoryTree } from '../../lib/taxonomyOptions';
import { useLocale } from '../../i18n';
import { writeCase } from '../../stores/caseWrites';
import { useNav } from '../../stores/nav';
import { useScript } from '../../stores/script';

interface IntakeValues {
  customer: { name: string; phone?: string; gender: Gender; returning: boolean };
  channel: string;
  category: string;
  severity: string;
  account: string;
}

const FIELD_PATHS = [
  'customer.name',
  'customer.phone',
  'customer.gender',
  'customer.returning',
  'channel',
  'category',
  'severity',
  'account',
] as const;

export function IntakePage() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const taxonomy = useScript((s) => s.taxonomy);
  const go = useNav((s) => s.go);
  const [form] = Form.useForm<IntakeValues>();
  const [busy, setBusy] = useState(false);

  async function onFinish(v: IntakeValues) {
    setBusy(true);
    const r = await writeCase('case.create', {
      customer: {
        name: v.customer.name.trim(),
        phone: (v.customer.phone ?? '').trim(),
        gender: v.customer.gender,
        returning: v.customer.returning,
      },
      channel: v.channel,
      category: v.category,
      severity: v.severity,
      account: v.account.trim(),
    });
    setBusy(false);
    if (!r.ok) {
      applyFieldErrors(form, r.error.fields, FIELD_PATHS);
      showError(r.error);
      return;
    }
    showSuccess(t('intake.created', { number: r.value.number }));
    go({ name: 'case', id: r.value.id });
  }

  if (!taxonomy) {
    return (
      <div className="ld-center-page">
        <Spin />
      </div>
    );
  }

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.required', { field }),
  });
  const pick = (field: string) => ({ required: true, message: t('intake.pickOne', { field }) });

  return (
    <Card
      title={t('intake.title')}
      style={{ maxWidth: 880, width: '100%', alignSelf: 'center' }}
      data-testid="intake-page"
      extra={<Button onClick={() => go({ name: 'list' })}>{t('common.back')}</Button>}
    >
      <Form<IntakeValues>
        form={form}
        layout="vertical"
        disabled={busy}
        onFinish={(v) => void onFinish(v)}
        initialValues={{
          customer: { gender: 'unknown', returning: false },
          channel: taxonomy.channels[0]?.value,
          severity:
            taxonomy.severities.find((s) => s.value === 'general')?.value ?? taxonomy.severities[0]?.value,
        }}
      >
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item
            name={['customer', 'name']}
            label={t('intake.customerName')}
            rules={[required(t('intake.customerName'))]}
          >
            <Input autoFocus maxLength={LIMITS.shortText} data-testid="intake-name" />
          </Form.Item>
          <Form.Item
            name={['customer', 'phone']}
            label={t('intake.phone')}
            extra={t('intake.phoneHelp')}
            rules={[{ pattern: /^[0-9+\-\s()#转]*$/, message: t('intake.phoneInvalid') }]}
          >
            <Input maxLength={LIMITS.phone} inputMode="tel" autoComplete="off" data-testid="intake-phone" />
          </Form.Item>
          <Form.Item name={['customer', 'gender']} label={t('intake.gender')}>
            <Radio.Group
              data-testid="intake-gender"
              options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
            />
          </Form.Item>
          <Form.Item name={['customer', 'returning']} label={t('intake.customerKind')}>
            <Radio.Group
              data-testid="intake-returning"
              options={[
                { value: false, label: t('customerKind.new') },
                { value: true, label: t('customerKind.returning') },
              ]}
            />
          </Form.Item>
          <Form.Item name="channel" label={t('intake.channel')} rules={[pick(t('intake.channel'))]}>
            <Select
              data-testid="intake-channel"
              showSearch={{ optionFilterProp: 'label' }}
              options={taxonomy.channels.map((c) => ({ value: c.value, label: localize(c.label, locale) }))}
            />
          </Form.Item>
          <Form.Item name="severity" label={t('intake.severity')} rules={[pick(t('intake.severity'))]}>
            <Select
              data-testid="intake-severity"
              optionLabelProp="label"
              options={taxonomy.severities.map((s) => ({
                value: s.value,
                label: localize(s.label, locale),
                title: localize(s.description, locale),
              }))}
              optionRender={(o) => (
                <Space orientation="vertical" size={0}>
                  <span>{o.label}</span>
                  <span className="ld-muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                    {o.data.title}
                  </span>
                </Space>
              )}
            />
          </Form.Item>
        </div>
        <Form.Item name="category" label={t('intake.category')} rules={[pick(t('intake.category'))]}>
          <TreeSelect
            data-testid="intake-category"
            treeData={categoryTree(taxonomy, locale)}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('handling.selectOption')}
          />
        </Form.Item>
        <Form.Item name="account" label={t('intake.account')} rules={[required(t('intake.account'))]}>
          <Input.TextArea
            data-testid="intake-account"
            autoSize={{ minRows: 5, maxRows: 14 }}
            maxLength={LIMITS.longText}
            showCount
            placeholder={t('intake.accountPlaceholder')}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                form.submit();
              }
            }}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
            {t('intake.submit')}
          </Button>
          <span className="ld-muted">{t('common.ctrlEnterHint')}</span>
        </Space>
      </Form>
    </Card>
  );
}
