/**
 * An extra fault found during work (追加项目, issue 11): the item with its
 * trade, safety flag and price, recorded on the order (`order.addItem`). It
 * waits for the customer's consent (ConsentDialog) before it is worked; once
 * agreed it joins the quote. Mounted by the order view; `onDone` gets the
 * order as it is now.
 */
import { useState } from 'react';
import { Button, Form, Input, Radio, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { templatesForOrder } from '../../../../shared/domain/orders/shipped';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { findKind } from '../../../../shared/domain/orders/template';
import { callDesk } from '../../lib/desk';
import { applyFieldErrors } from '../../lib/formErrors';
import { onCtrlEnter } from '../../lib/keys';
import { showError, showSuccess } from '../../lib/notify';
import { enterDoesNotSubmit } from './formKeys';
import { ItemsEditor } from './ItemsEditor';
import { useOrderTemplates } from './orderFormParts';
import { emptyItemRow, formFieldErrors, itemPaths, rowsToItems, type ItemRow } from './orderItems';
import './orderForms.css';

interface ExtraFaultValues {
  items: ItemRow[];
  origin: 'found' | 'reported';
  note?: string;
}

export interface ExtraFaultFormProps {
  order: OrderDetail;
  /** The item was recorded: the order as it is now (the new item waits for the customer's consent). */
  onDone: (order: OrderDetail, itemId: string) => void;
  /** Shown as a Cancel button when given (in a dialog). */
  onCancel?: () => void;
}

export function ExtraFaultForm({ order, onDone, onCancel }: ExtraFaultFormProps) {
  const { t } = useTranslation();
  const loaded = useOrderTemplates();
  // Judged by the templates of the order's version (the shipped file for the shipped version), as the core does.
  const templates = loaded && templatesForOrder(loaded, order.templateVersion);
  const [form] = Form.useForm<ExtraFaultValues>();
  const [busy, setBusy] = useState(false);
  if (!templates) return <Spin />;
  const kind = findKind(templates, order.kind);

  async function onFinish(v: ExtraFaultValues) {
    if (!templates) return;
    const [item] = rowsToItems(templates, order.kind, v.items);
    if (!item) return;
    setBusy(true);
    const r = await callDesk('order.addItem', {
      orderId: order.id,
      item,
      origin: v.origin,
      note: (v.note ?? '').trim(),
    });
    setBusy(false);
    if (!r.ok) {
      // The desk names the item `item.*`; on this form it is the list's one row.
      const renamed = Object.fromEntries(
        Object.entries(formFieldErrors(r.error.fields)).map(([k, m]) => [k.replace(/^item\b/, 'items.0'), m]),
      );
      const unmatched = applyFieldErrors(form, renamed, [...itemPaths('items', v.items), 'note']);
      if (!r.error.fields || unmatched.length > 0) showError(r.error);
      return;
    }
    const before = new Set(order.items.map((i) => i.itemId));
    const added = r.value.items.find((i) => !before.has(i.itemId));
    showSuccess(t('orderForms.faultAdded', { title: item.title }));
    form.resetFields();
    onDone(r.value, added?.itemId ?? '');
  }

  return (
    <Form<ExtraFaultValues>
      form={form}
      layout="vertical"
      disabled={busy}
      requiredMark={false}
      initialValues={{ items: [emptyItemRow(kind)], origin: 'found', note: '' }}
      onFinish={(v) => void onFinish(v)}
      onKeyDown={(e) => {
        onCtrlEnter(e, () => form.submit());
        enterDoesNotSubmit(e);
      }}
      data-testid="extra-fault-form"
    >
      <Form.Item name="origin" label={t('orderForms.faultOrigin')}>
        <Radio.Group
          data-testid="extra-fault-origin"
          options={[
            { value: 'found', label: t('orderForms.originFound') },
            { value: 'reported', label: t('orderForms.originReported') },
          ]}
        />
      </Form.Item>
      <ItemsEditor form={form} templates={templates} kind={order.kind} single onEscape={onCancel} />
      <Form.Item name="note" label={t('orderForms.faultNote')} extra={t('orderForms.faultNoteHelp')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={LIMITS.longText}
          data-testid="extra-fault-note"
        />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="extra-fault-submit">
          {t('orderForms.faultSubmit')}
        </Button>
        {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
        <span className="ld-muted">{t('common.ctrlEnterHint')}</span>
      </Space>
    </Form>
  );
}
