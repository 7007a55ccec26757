/**
 * A rework return (返修, issue 11): starts from the original order's number,
 * typed or pasted; Enter (or 查找) looks it up and shows its release date and
 * items, which the new order carries for the final check; the front desk adds
 * the faults the customer came back with. An unknown or unreleased original
 * is said under the number, and nothing is stored.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Form, Input, Space, Spin, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { findKind, tradeLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { onCtrlEnter } from '../../lib/keys';
import { showError, showSuccess } from '../../lib/notify';
import { useLocale } from '../../i18n';
import { useNav } from '../../stores/nav';
import { enterDoesNotSubmit } from './formKeys';
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
import './orderForms.css';

interface ReworkValues {
  originalNumber: string;
  readingsBefore?: Record<string, unknown>;
  items: ItemRow[];
  promisedAt?: Dayjs | null;
  note?: string;
}

/** `originalNumber`: start with this number typed (the order view's "return for rework"); Enter looks it up. */
export function ReworkReturnForm({ originalNumber }: { originalNumber?: string }) {
  const templates = useOrderTemplates();
  if (!templates) {
    return (
      <div className="ld-center-page">
        <Spin />
      </div>
    );
  }
  return <ReworkForm templates={templates} initialNumber={originalNumber ?? ''} />;
}

function ReworkForm({ templates, initialNumber }: { templates: OrderTemplates; initialNumber: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [form] = Form.useForm<ReworkValues>();
  const [original, setOriginal] = useState<OrderDetail | null>(null);
  const [looking, setLooking] = useState(false);
  const [busy, setBusy] = useState(false);
  const kind = original ? findKind(templates, original.kind) : undefined;
  usePromisedDefault(form, original?.id);

  // An original found: the first rework item's title has the focus (once its fields are on screen).
  const foundId = original?.id;
  useEffect(() => {
    if (foundId) form.focusField(['items', 0, 'title']);
  }, [foundId, form]);

  const numberError = (message: string) => {
    form.setFields([{ name: 'originalNumber', errors: [message] }]);
    form.focusField('originalNumber');
  };

  async function lookUp(): Promise<OrderDetail | null> {
    const number = String(form.getFieldValue('originalNumber') ?? '')
      .trim()
      .toUpperCase();
    if (number === '') {
      numberError(t('common.required', { field: t('orderForms.originalNumber') }));
      return null;
    }
    form.setFieldValue('originalNumber', number);
    setLooking(true);
    const r = await callDesk('order.get', { number });
    setLooking(false);
    if (!r.ok) {
      setOriginal(null);
      if (r.error.code === 'not_found') numberError(t('orderForms.originalUnknown', { number }));
      else showError(r.error);
      return null;
    }
    if (r.value.released === null) {
      setOriginal(null);
      numberError(t('orderForms.originalNotReleased', { number }));
      return null;
    }
    form.setFields([{ name: 'originalNumber', errors: [] }]);
    if (original?.id !== r.value.id) {
      form.setFieldValue('items', [emptyItemRow(findKind(templates, r.value.kind))]);
    }
    setOriginal(r.value);
    return r.value;
  }

  async function submit() {
    const found = original ?? (await lookUp());
    if (!found) return;
    let v: ReworkValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    const r = await callDesk('order.returnForRework', {
      originalNumber: found.number,
      items: rowsToItems(templates, found.kind, v.items ?? []),
      readingsBefore: readingsOf(kind, v.readingsBefore),
      promisedAt: promisedIso(v.promisedAt),
      note: (v.note ?? '').trim(),
    });
    setBusy(false);
    if (!r.ok) {
      if (!r.error.fields && (r.error.code === 'not_found' || r.error.code === 'invalid_state')) {
        numberError(r.error.message);
        return;
      }
      showDeskErrors(form, r.error, ['originalNumber', ...sharedPaths('readingsBefore', kind, v.items)]);
      return;
    }
    showSuccess(t('orderForms.reworkOpened', { number: r.value.number, original: found.number }));
    go({ name: 'order', id: r.value.id });
  }

  return (
    <Card
      title={t('orderForms.reworkTitle')}
      className="ld-order-form"
      data-testid="order-rework-page"
      extra={<Button onClick={() => go({ name: 'orderNew' })}>{t('orderForms.toNew')}</Button>}
    >
      <Form<ReworkValues>
        form={form}
        layout="vertical"
        disabled={busy}
        requiredMark={false}
        initialValues={{ originalNumber: initialNumber, items: [] }}
        onFinish={() => void submit()}
        onKeyDown={(e) => {
          onCtrlEnter(e, () => void submit());
          enterDoesNotSubmit(e);
        }}
        onValuesChange={(changed: Partial<ReworkValues>) => {
          // Another number: the order shown no longer is the one typed.
          if (
            'originalNumber' in changed &&
            original &&
            changed.originalNumber?.trim().toUpperCase() !== original.number
          )
            setOriginal(null);
        }}
      >
        <Form.Item label={t('orderForms.originalNumber')} extra={t('orderForms.originalHelp')} required>
          <Space.Compact style={{ width: 420 }}>
            <Form.Item name="originalNumber" noStyle>
              <Input
                autoFocus
                maxLength={40}
                placeholder="WO-GZ01-20261130-0003"
                autoComplete="off"
                onPressEnter={(e) => {
                  e.preventDefault();
                  void lookUp();
                }}
                data-testid="rework-original-number"
              />
            </Form.Item>
            <Button onClick={() => void lookUp()} loading={looking} data-testid="rework-lookup">
              {t('orderForms.lookUp')}
            </Button>
          </Space.Compact>
        </Form.Item>
        {original ? (
          <>
            <OriginalOrder order={original} templates={templates} />
            <div className="ld-order-grid">
              <ReadingsFields kind={kind} prefix={['readingsBefore']} />
              <PromisedField />
            </div>
            <OrderFormTail
              form={form}
              templates={templates}
              kind={original.kind}
              itemsTitle={t('orderForms.reworkItems')}
              noteLabel={t('orderForms.reworkNote')}
              noteMaxRows={5}
              busy={busy}
              submitText={t('orderForms.reworkSubmit')}
              submitTestId="rework-submit"
            />
          </>
        ) : null}
      </Form>
      {original ? null : <p className="ld-muted">{t('orderForms.reworkIntro')}</p>}
    </Card>
  );
}

/** The original order: who, what, when it left, and the items the final check will cover again. */
function OriginalOrder({ order, templates }: { order: OrderDetail; templates: OrderTemplates }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const items = order.items.filter((i) => i.status !== 'refused');
  return (
    <div className="ld-order-original" data-testid="rework-original">
      <Descriptions
        size="small"
        column={4}
        bordered
        items={[
          { key: 'n', label: t('orderForms.number'), children: order.number },
          {
            key: 'c',
            label: t('orderForms.customerName'),
            children: `${order.customer.name} ${order.customer.phone}`,
          },
          {
            key: 'p',
            label: t('orderForms.plate'),
            children: order.subject.plate || order.subject.vinOrSerial || '—',
          },
          {
            key: 'r',
            label: t('orderForms.releasedAt'),
            children: <span data-testid="rework-released-at">{formatDateTime(order.released?.at)}</span>,
          },
        ]}
      />
      <div className="ld-order-section-title" style={{ marginTop: 8 }}>
        {t('orderForms.originalItems')}
      </div>
      <Table
        size="small"
        pagination={false}
        rowKey="itemId"
        dataSource={items}
        data-testid="rework-original-items"
        columns={[
          { key: 'title', title: t('orderForms.itemTitle'), dataIndex: 'title' },
          {
            key: 'trade',
            title: t('orderForms.trade'),
            width: 140,
            render: (_v, it) => tradeLabel(templates, it.quotedTrade, locale),
          },
          {
            key: 'safety',
            title: t('orderForms.safety'),
            width: 100,
            render: (_v, it) => (it.safety ? <Tag color="red">{t('orderForms.safetyShort')}</Tag> : null),
          },
        ]}
      />
    </div>
  );
}
