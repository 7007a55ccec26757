/**
 * The small dialog both sides of a case-order link use (issue 11, item 5):
 * one number, typed as the clerk knows it (a case number on the order view,
 * a work-order number on the case page). Focused on open, Enter links, Esc
 * closes; the desk's refusal (an unknown number) shows under the field and
 * nothing is stored.
 */
import { useRef, useState } from 'react';
import { Form, Input, Modal, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import type { Result } from '../../../../shared/contract/result';
import { showError } from '../../lib/notify';

export interface LinkNumberDialogProps {
  open: boolean;
  title: string;
  label: string;
  placeholder: string;
  /** The input field of order.linkCase the number goes in (the desk names it in its refusal). */
  field: 'caseNumber' | 'orderNumber';
  testId: string;
  link: (number: string) => Promise<Result<OrderDetail>>;
  onClose: () => void;
  onDone: (order: OrderDetail) => void;
}

export function LinkNumberDialog(p: LinkNumberDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ number: string }>();
  const [busy, setBusy] = useState(false);
  const input = useRef<InputRef>(null);

  async function onFinish({ number }: { number: string }) {
    if (busy) return;
    setBusy(true);
    const r = await p.link(number.trim());
    setBusy(false);
    if (r.ok) {
      form.resetFields();
      p.onDone(r.value);
      return;
    }
    const under = r.error.fields?.[p.field] ?? (r.error.code === 'not_found' ? r.error.message : undefined);
    if (under === undefined) {
      showError(r.error);
      return;
    }
    // The field keeps the focus (the form is not disabled while the desk answers): select the number to retype it.
    form.setFields([{ name: 'number', errors: [under] }]);
    input.current?.focus({ cursor: 'all' });
  }

  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={t('orderLinks.link')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => {
        if (!busy) p.onClose();
      }}
      confirmLoading={busy}
      afterOpenChange={(isOpen) => {
        if (isOpen) input.current?.focus();
      }}
      destroyOnHidden
      okButtonProps={{ ...{ 'data-testid': `${p.testId}-ok` } }}
      wrapProps={{ 'data-testid': p.testId }}
    >
      <Form<{ number: string }>
        form={form}
        name={p.testId}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void onFinish(v)}
      >
        <Form.Item
          name="number"
          label={p.label}
          rules={[{ required: true, whitespace: true, message: t('orderLinks.numberRequired') }]}
        >
          <Input
            ref={input}
            autoFocus
            maxLength={40}
            placeholder={p.placeholder}
            autoComplete="off"
            onPressEnter={(e) => {
              e.preventDefault();
              form.submit();
            }}
            data-testid={`${p.testId}-number`}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
