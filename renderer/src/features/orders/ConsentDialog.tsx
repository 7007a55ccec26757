/**
 * The customer's answer about an added item (issue 11): agreed or refused,
 * and how it was given (in person, by phone, by message), recorded once per
 * item (`order.recordConsent`). An agreed item may be worked and joins the
 * quote; a refused one is out of the gate for good. Mounted by the order view.
 */
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { callDesk } from '../../lib/desk';
import { escClosesDialog } from '../../lib/dialogEsc';
import { applyFieldErrors } from '../../lib/formErrors';
import { onCtrlEnter } from '../../lib/keys';
import { showError, showSuccess } from '../../lib/notify';
import { useLocale } from '../../i18n';
import { formatYuan } from './orderItems';

interface ConsentValues {
  itemId: string;
  consent: 'given' | 'refused';
  how: 'in_person' | 'phone' | 'message';
  note?: string;
}

export interface ConsentDialogProps {
  order: OrderDetail;
  open: boolean;
  /** The item asked about; without it the clerk picks among the items waiting for an answer. */
  itemId?: string;
  onClose: () => void;
  /** The answer was recorded: the order as it is now. */
  onDone: (order: OrderDetail) => void;
}

const itemFen = (it: OrderDetail['items'][number]) =>
  it.labourFen + it.parts.reduce((s, p) => s + p.qty * p.unitFen, 0);

export function ConsentDialog({ order, open, itemId, onClose, onDone }: ConsentDialogProps) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [form] = Form.useForm<ConsentValues>();
  const [busy, setBusy] = useState(false);
  const waiting = order.items.filter((i) => i.status === 'waiting_consent' || i.itemId === itemId);
  const picked = Form.useWatch('itemId', form) as string | undefined;
  const item = order.items.find((i) => i.itemId === picked);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({
        itemId: itemId ?? waiting[0]?.itemId,
        consent: 'given',
        how: 'in_person',
        note: '',
      });
    }
    // Fresh each time it opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, itemId]);

  async function onFinish(v: ConsentValues) {
    setBusy(true);
    const r = await callDesk('order.recordConsent', {
      orderId: order.id,
      itemId: v.itemId,
      consent: v.consent,
      how: v.how,
      note: (v.note ?? '').trim(),
    });
    setBusy(false);
    if (!r.ok) {
      // Consent already recorded, or the item is gone: said under the item, nothing stored.
      if (!r.error.fields && (r.error.code === 'invalid_state' || r.error.code === 'not_found')) {
        form.setFields([{ name: 'itemId', errors: [r.error.message] }]);
        return;
      }
      const unmatched = applyFieldErrors(form, r.error.fields, ['itemId', 'consent', 'how', 'note']);
      if (!r.error.fields || unmatched.length > 0) showError(r.error);
      return;
    }
    const title = order.items.find((i) => i.itemId === v.itemId)?.title ?? '';
    showSuccess(
      t(v.consent === 'given' ? 'orderForms.consentGiven' : 'orderForms.consentRefused', { title }),
    );
    onDone(r.value);
  }

  return (
    <Modal
      open={open}
      title={t('orderForms.consentTitle')}
      okText={t('orderForms.consentSubmit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ ...{ 'data-testid': 'consent-submit' } }}
    >
      <Form<ConsentValues>
        form={form}
        layout="vertical"
        disabled={busy}
        requiredMark={false}
        onFinish={(v) => void onFinish(v)}
        onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
        data-testid="consent-dialog"
      >
        {waiting.length === 0 ? <Alert type="info" showIcon title={t('orderForms.consentNone')} /> : null}
        <Form.Item
          name="itemId"
          label={t('orderForms.consentItem')}
          rules={[{ required: true, message: t('orderForms.consentPickItem') }]}
        >
          <Select
            data-testid="consent-item"
            {...escClosesDialog(onClose)}
            options={waiting.map((i) => ({
              value: i.itemId,
              label: `${i.title}${i.safety ? ` (${t('orderForms.safetyShort')})` : ''} · ${formatYuan(itemFen(i), locale)}`,
            }))}
          />
        </Form.Item>
        {item ? (
          <p className="ld-muted" data-testid="consent-quote-note">
            {t('orderForms.consentQuote', { amount: formatYuan(itemFen(item), locale) })}
          </p>
        ) : null}
        <Form.Item name="consent" label={t('orderForms.consentAnswer')}>
          <Radio.Group
            data-testid="consent-answer"
            options={[
              { value: 'given', label: t('orderForms.consentYes') },
              { value: 'refused', label: t('orderForms.consentNo') },
            ]}
          />
        </Form.Item>
        <Form.Item name="how" label={t('orderForms.consentHow')}>
          <Radio.Group
            data-testid="consent-how"
            options={[
              { value: 'in_person', label: t('orderForms.howInPerson') },
              { value: 'phone', label: t('orderForms.howPhone') },
              { value: 'message', label: t('orderForms.howMessage') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('orderForms.consentNote')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={LIMITS.longText}
            data-testid="consent-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
