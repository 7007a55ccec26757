import { useEffect, useRef, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Radio, Select, Space, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { GENDERS, type Gender } from '../../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { isSupervising, RECEIPT_BACKDATE_WINDOW_MS } from '../../../../shared/domain/cases/authority';
import { localize } from '../../../../shared/domain/kernel/locale';
import { applyFieldErrors } from '../../lib/formErrors';
import { showError, showSuccess } from '../../lib/notify';
import { CategoryPicker } from '../../lib/CategoryPicker';
import { useLocale } from '../../i18n';
import { writeCase } from '../../stores/caseWrites';
import { useNav } from '../../stores/nav';
import { useScript } from '../../stores/script';
import { useSession } from '../../stores/session';
import { useIntakeDraft } from './intakeDraft';
import { CustomerHistory } from './CustomerHistory';
import { onCtrlEnter } from '../../lib/keys';
import { attributesInput, CustomerAttributes } from './CustomerAttributes';
import type { RememberedAttributes } from './CustomerHistory';

const WINDOW_HOURS = RECEIPT_BACKDATE_WINDOW_MS / 3_600_000;

/** True when `d` lies further back than anyone may enter without a supervisor's reason. */
function beyondWindow(d: Dayjs | null | undefined): boolean {
  return d != null && d.valueOf() < Date.now() - RECEIPT_BACKDATE_WINDOW_MS;
}

type AttributeField = 'region' | 'customerLevel' | 'sharedCustomer';

interface IntakeValues {
  customer: { name: string; phone?: string; gender: Gender; returning: boolean };
  channel: string;
  category: string;
  severity: string;
  account: string;
  receivedAt?: Dayjs | null;
  reason?: string;
  lateReason?: string;
  // issue 14: optional customer attributes ('unknown' sends nothing)
  region?: string;
  customerLevel?: string;
  sharedCustomer?: 'yes' | 'no' | 'unknown';
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
  'receivedAt',
  'reason',
  'lateReason',
  'region',
  'customerLevel',
  'sharedCustomer',
] as const;

export function IntakePage() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const taxonomy = useScript((s) => s.taxonomy);
  const go = useNav((s) => s.go);
  const [form] = Form.useForm<IntakeValues>();
  // What was typed is kept per clerk until the case is created (issue 10).
  const draft = useIntakeDraft<Partial<IntakeValues>>({
    customer: { name: '', gender: 'unknown', returning: false },
    channel: taxonomy?.channels[0]?.value,
    severity:
      taxonomy?.severities.find((s) => s.value === 'general')?.value ?? taxonomy?.severities[0]?.value,
  });
  const [busy, setBusy] = useState(false);
  const supervising = isSupervising(useSession((s) => s.staff)?.role);
  const receivedAt = Form.useWatch('receivedAt', form);
  const needsReason = supervising && beyondWindow(receivedAt);
  // Entry later than the branch's entry rule needs a reason: the desk says so
  // with a field error on `lateReason`, and the box appears with that error.
  const [lateAsked, setLateAsked] = useState<{ message: string; n: number } | null>(null);
  useEffect(() => {
    if (!lateAsked) return;
    form.setFields([{ name: 'lateReason', errors: [lateAsked.message] }]);
    form.focusField('lateReason');
  }, [lateAsked, form]);

  // Issue 14: a recognised customer's region, level and shared answer from their latest case,
  // filled in only where the clerk has not chosen anything; what was filled for another
  // customer (and not changed since) goes when the lookup answers for someone else.
  const [prefilledFrom, setPrefilledFrom] = useState<string | null>(null);
  const prefilled = useRef<Partial<Record<AttributeField, unknown>>>({});
  const prefill = (a: RememberedAttributes | null) => {
    const fills: { name: AttributeField; value: unknown }[] = [];
    for (const [name, value] of Object.entries(prefilled.current) as [AttributeField, unknown][]) {
      if (form.getFieldValue(name) === value) fills.push({ name, value: undefined });
    }
    prefilled.current = {};
    // Free, or already holding what would be filled (a draft kept from before).
    const free = (name: AttributeField, value: unknown) => {
      const v: unknown = fills.find((f) => f.name === name) ? undefined : form.getFieldValue(name);
      return v === undefined || v === null || v === 'unknown' || v === value;
    };
    const put = (name: AttributeField, value: unknown) => {
      if (!free(name, value)) return;
      const i = fills.findIndex((f) => f.name === name);
      if (i >= 0) fills.splice(i, 1);
      fills.push({ name, value });
      prefilled.current[name] = value;
    };
    if (a?.region != null) put('region', a.region);
    if (a?.customerLevel != null) put('customerLevel', a.customerLevel);
    if (a?.sharedCustomer != null) put('sharedCustomer', a.sharedCustomer ? 'yes' : 'no');
    if (fills.length > 0) form.setFields(fills);
    setPrefilledFrom(a !== null && Object.keys(prefilled.current).length > 0 ? a.number : null);
  };

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
      ...(v.receivedAt ? { receivedAt: v.receivedAt.second(0).millisecond(0).toISOString() } : {}),
      ...(needsReason && v.reason ? { reason: v.reason.trim() } : {}),
      ...(lateAsked && v.lateReason?.trim() ? { lateReason: v.lateReason.trim() } : {}),
      ...attributesInput(v),
    });
    setBusy(false);
    if (!r.ok) {
      const { lateReason, ...others } = r.error.fields ?? {};
      if (lateReason !== undefined) setLateAsked((p) => ({ message: lateReason, n: (p?.n ?? 0) + 1 }));
      applyFieldErrors(form, others, FIELD_PATHS);
      // Only the late-entry reason is missing: the box that asks for it says so, no toast.
      if (lateReason === undefined || Object.keys(others).length > 0) showError(r.error);
      return;
    }
    draft.created();
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
        onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
        initialValues={draft.initialValues}
        onValuesChange={draft.onValuesChange}
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
          <Form.Item
            name="receivedAt"
            label={t('intake.receivedAt')}
            extra={t(supervising ? 'intake.receivedHelpSupervisor' : 'intake.receivedHelp', {
              hours: WINDOW_HOURS,
            })}
            rules={[
              {
                validator: (_r, d: Dayjs | null | undefined) =>
                  d && d.isAfter(dayjs())
                    ? Promise.reject(new Error(t('intake.receivedInFuture')))
                    : !supervising && beyondWindow(d)
                      ? Promise.reject(new Error(t('intake.receivedTooEarly', { hours: WINDOW_HOURS })))
                      : Promise.resolve(),
              },
            ]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={t('handling.selectDate')}
              // A counter clerk is offered only the days the window reaches.
              disabledDate={(d) =>
                d.isAfter(dayjs().endOf('day')) ||
                (!supervising && d.endOf('day').valueOf() < Date.now() - RECEIPT_BACKDATE_WINDOW_MS)
              }
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.preventDefault();
              }}
              style={{ width: '100%' }}
              data-testid="intake-received"
            />
          </Form.Item>
          <CustomerHistory form={form} onAttributes={prefill} />
        </div>
        {needsReason ? (
          <Form.Item
            name="reason"
            label={t('intake.receivedReason', { hours: WINDOW_HOURS })}
            rules={[required(t('intake.receivedReason', { hours: WINDOW_HOURS }))]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={LIMITS.reason}
              data-testid="intake-reason"
            />
          </Form.Item>
        ) : null}
        {lateAsked ? (
          <Form.Item
            name="lateReason"
            label={t('followUp.lateReason')}
            extra={t('followUp.lateReasonHelp')}
            rules={[required(t('followUp.lateReason'))]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={LIMITS.reason}
              data-testid="intake-late-reason"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="category" label={t('intake.category')} rules={[pick(t('intake.category'))]}>
          <CategoryPicker leavesOnly data-testid="intake-category" placeholder={t('handling.selectOption')} />
        </Form.Item>
        <Form.Item name="account" label={t('intake.account')} rules={[required(t('intake.account'))]}>
          <Input.TextArea
            data-testid="intake-account"
            autoSize={{ minRows: 5, maxRows: 14 }}
            maxLength={LIMITS.longText}
            showCount
            placeholder={t('intake.accountPlaceholder')}
          />
        </Form.Item>
        <CustomerAttributes prefilledFrom={prefilledFrom} />
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
