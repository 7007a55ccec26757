/**
 * A new work order (维修施工单, issue 11): the customer, the vehicle or device
 * with its readings before work (the kind's reading keys), the reported items
 * with their trades, safety flags and prices, the quote, the promised delivery
 * time (by default the end of a working day on the branch calendar) and a
 * note. What is typed is kept as a draft (`order:new`) until the order opens;
 * Ctrl+Enter submits; the desk's errors sit under their fields.
 */
import { useState } from 'react';
import { Button, Card, Form, Input, Radio, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { localize } from '../../../../shared/domain/kernel/locale';
import { findKind } from '../../../../shared/domain/orders/template';
import { callDesk } from '../../lib/desk';
import { onCtrlEnter } from '../../lib/keys';
import { showSuccess } from '../../lib/notify';
import { useLocale } from '../../i18n';
import { ORDER_NEW_DRAFT } from '../../stores/drafts';
import { useNav } from '../../stores/nav';
import { useFormDraft } from '../intake/intakeDraft';
import { useOrderTemplates } from './orderFormParts';
import { emptyItemRow, readingsOf, rowsToItems, type ItemRow } from './orderItems';
import {
  OrderFormTail,
  PromisedField,
  promisedIso,
  sharedPaths,
  showDeskErrors,
  usePromisedDefault,
} from './orderFormFields';
import { ReadingsFields } from './ReadingsFields';
import { enterDoesNotSubmit } from './formKeys';
import './orderForms.css';

interface NewOrderValues {
  kind: string;
  customer: { name: string; phone?: string };
  subject: { plate?: string; vinOrSerial?: string; model?: string; readingsBefore?: Record<string, unknown> };
  items: ItemRow[];
  promisedAt?: Dayjs | null;
  note?: string;
}

export function NewOrderPage() {
  const templates = useOrderTemplates();
  if (!templates) {
    return (
      <div className="ld-center-page" data-testid="order-new-loading">
        <Spin />
      </div>
    );
  }
  return <NewOrderForm templates={templates} />;
}

function NewOrderForm({ templates }: { templates: NonNullable<ReturnType<typeof useOrderTemplates>> }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const go = useNav((s) => s.go);
  const [form] = Form.useForm<NewOrderValues>();
  const firstKind = templates.kinds.find((k) => k.value === 'car_repair') ?? templates.kinds[0];
  const draft = useFormDraft<Partial<NewOrderValues>>(
    ORDER_NEW_DRAFT,
    t('orderForms.draftWhat'),
    {
      kind: firstKind?.value,
      customer: { name: '', phone: '' },
      subject: { plate: '', vinOrSerial: '', model: '' },
      items: [emptyItemRow(firstKind)],
      note: '',
    },
    ['promisedAt'],
  );
  const [busy, setBusy] = useState(false);
  const kindValue = (Form.useWatch('kind', form) as string | undefined) ?? firstKind?.value ?? '';
  const kind = findKind(templates, kindValue);
  const vehicle = kind?.subjectKind !== 'device';

  // The promised time's default from the branch calendar, unless one was typed (or kept in the draft).
  const promisedDefault = usePromisedDefault(form);

  async function onFinish(v: NewOrderValues) {
    setBusy(true);
    const r = await callDesk('order.open', {
      kind: v.kind,
      customer: { name: v.customer.name.trim(), phone: (v.customer.phone ?? '').trim() },
      subject: {
        plate: vehicle ? (v.subject.plate ?? '').trim().toUpperCase() : '',
        vinOrSerial: (v.subject.vinOrSerial ?? '').trim().toUpperCase(),
        model: (v.subject.model ?? '').trim(),
        readingsBefore: readingsOf(kind, v.subject.readingsBefore),
      },
      items: rowsToItems(templates, v.kind, v.items ?? []),
      promisedAt: promisedIso(v.promisedAt),
      note: (v.note ?? '').trim(),
    });
    setBusy(false);
    if (!r.ok) {
      const known = [
        'kind',
        'customer.name',
        'customer.phone',
        'subject.plate',
        'subject.vinOrSerial',
        'subject.model',
        ...sharedPaths('subject.readingsBefore', kind, v.items),
      ];
      showDeskErrors(form, r.error, known);
      return;
    }
    draft.created();
    showSuccess(t('orderForms.opened', { number: r.value.number }));
    go({ name: 'order', id: r.value.id });
  }

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.required', { field }),
  });

  return (
    <Card
      title={t('orderForms.newTitle')}
      className="ld-order-form"
      data-testid="order-new-page"
      extra={
        <Button onClick={() => go({ name: 'orderRework' })} data-testid="order-new-to-rework">
          {t('orderForms.toRework')}
        </Button>
      }
    >
      <Form<NewOrderValues>
        form={form}
        layout="vertical"
        disabled={busy}
        onFinish={(v) => void onFinish(v)}
        onKeyDown={(e) => {
          onCtrlEnter(e, () => form.submit());
          enterDoesNotSubmit(e);
        }}
        initialValues={draft.initialValues}
        onValuesChange={draft.onValuesChange}
        requiredMark={false}
      >
        <Form.Item name="kind" label={t('orderForms.kind')}>
          <Radio.Group
            optionType="button"
            data-testid="order-kind"
            options={templates.kinds.map((k) => ({ value: k.value, label: localize(k.label, locale) }))}
          />
        </Form.Item>
        <div className="ld-order-grid">
          <Form.Item
            name={['customer', 'name']}
            label={t('orderForms.customerName')}
            rules={[required(t('orderForms.customerName'))]}
          >
            <Input autoFocus maxLength={LIMITS.shortText} data-testid="order-customer-name" />
          </Form.Item>
          <Form.Item
            name={['customer', 'phone']}
            label={t('orderForms.phone')}
            rules={[{ pattern: /^[0-9+\-\s()#转]*$/, message: t('orderForms.phoneInvalid') }]}
          >
            <Input
              maxLength={LIMITS.phone}
              inputMode="tel"
              autoComplete="off"
              data-testid="order-customer-phone"
            />
          </Form.Item>
          {vehicle ? (
            <Form.Item
              name={['subject', 'plate']}
              label={t('orderForms.plate')}
              rules={[required(t('orderForms.plate'))]}
            >
              <Input maxLength={16} autoComplete="off" data-testid="order-plate" />
            </Form.Item>
          ) : null}
          <Form.Item
            name={['subject', 'vinOrSerial']}
            label={vehicle ? t('orderForms.vin') : t('orderForms.serial')}
            rules={vehicle ? [] : [required(t('orderForms.serial'))]}
          >
            <Input maxLength={LIMITS.shortText} autoComplete="off" data-testid="order-vin" />
          </Form.Item>
          <Form.Item
            name={['subject', 'model']}
            label={vehicle ? t('orderForms.model') : t('orderForms.deviceModel')}
          >
            <Input maxLength={LIMITS.shortText} data-testid="order-model" />
          </Form.Item>
          <ReadingsFields kind={kind} prefix={['subject', 'readingsBefore']} />
          <PromisedField extra={promisedDefault ? t('orderForms.promisedHelp') : undefined} />
        </div>
        <OrderFormTail
          form={form}
          templates={templates}
          kind={kindValue}
          itemsTitle={t('orderForms.items')}
          noteLabel={t('orderForms.note')}
          noteMaxRows={6}
          busy={busy}
          submitText={t('orderForms.openSubmit')}
          submitTestId="order-new-submit"
        />
      </Form>
    </Card>
  );
}
