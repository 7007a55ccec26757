/**
 * The order view's smaller dialogs: a hand-over between trades (the QC
 * inspector signs its acceptance), a part substitution (the customer
 * approved it; on a safety item the QC inspector signs), and the release
 * (出厂) with its warranty and next service, refused by the gate with the
 * gaps shown. Each is a FormDialog: Ctrl+Enter submits, Esc closes, the
 * desk's field errors show under their fields.
 */
import { useEffect, useRef } from 'react';
import { Checkbox, Form, Input, InputNumber, Select, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, OrderItemView } from '../../../../shared/contract/methods/orders';
import type { ApiError, Result } from '../../../../shared/contract/result';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { findKind, tradeLabel, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { useLocale } from '../../i18n';
import { escClosesDialog } from '../../lib/dialogEsc';
import { FormDialog } from '../staff/FormDialog';
import { writeOrder } from './orderParts';
import { SignerFields, signerPaths } from './SignerFields';

interface DialogProps {
  order: OrderDetail;
  item: OrderItemView | null;
  templates: OrderTemplates;
  onClose(): void;
  onDone(detail: OrderDetail): void;
}

/** Keeps the answer of a write for `onDone` (FormDialog closes on any ok result). */
function useAnswer(onDone: (d: OrderDetail) => void) {
  const got = useRef<OrderDetail | null>(null);
  return {
    keep(r: Result<OrderDetail>): Result<OrderDetail> {
      if (r.ok) got.current = r.value;
      return r;
    },
    done() {
      if (got.current) onDone(got.current);
      got.current = null;
    },
  };
}

/**
 * A wrong PIN (the desk's error under `<path>.secret`): the PIN is cleared
 * so the signer types it again, as the signing dialog does; the FormDialog
 * then shows the error under it and gives it the focus.
 */
function clearWrongSecret(form: FormInstance, path: string, r: Result<OrderDetail>): Result<OrderDetail> {
  if (!r.ok && r.error.fields?.[`${path}.secret`] !== undefined) form.setFieldValue([path, 'secret'], '');
  return r;
}

interface HandValues {
  toTrade: string;
  note?: string;
  signer: { login: string; secret: string };
}

export function HandDialog({ order, item, templates, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [form] = Form.useForm<HandValues>();
  const answer = useAnswer(onDone);
  const trades = (findKind(templates, order.kind)?.trades ?? []).filter((x) => x !== item?.trade);
  return (
    <FormDialog<HandValues>
      open={item !== null}
      title={t('orders.hand.title', { item: item?.title ?? '' })}
      okText={t('orders.hand.ok')}
      testId="hand-dialog"
      form={form}
      fields={['toTrade', 'note', ...signerPaths(['signer'])]}
      firstField="toTrade"
      onCancel={onClose}
      onDone={answer.done}
      onSubmit={async (v) =>
        item
          ? answer.keep(
              clearWrongSecret(
                form,
                'signer',
                await writeOrder('order.handItem', {
                  orderId: order.id,
                  itemId: item.itemId,
                  toTrade: v.toTrade,
                  note: v.note?.trim() ?? '',
                  signer: { login: v.signer.login.trim(), secret: v.signer.secret },
                }),
              ),
            )
          : { ok: true, value: null }
      }
    >
      <Typography.Paragraph type="secondary">
        {t('orders.hand.from', { trade: item ? tradeLabel(templates, item.trade, locale) : '' })}
      </Typography.Paragraph>
      <Form.Item
        name="toTrade"
        label={t('orders.hand.toTrade')}
        rules={[{ required: true, message: t('orders.hand.toTradeRequired') }]}
      >
        <Select
          data-testid="hand-trade"
          {...escClosesDialog(onClose)}
          options={trades.map((x) => ({ value: x, label: tradeLabel(templates, x, locale) }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('orders.note')}>
        <Input maxLength={LIMITS.shortText} />
      </Form.Item>
      <SignerFields path={['signer']} role="qc" testId="hand-signer" />
    </FormDialog>
  );
}

interface SubstitutionValues {
  original: string;
  substitute: string;
  customerApproved: boolean;
  note?: string;
  signer?: { login: string; secret: string };
}

export function SubstitutionDialog({ order, item, onClose, onDone }: DialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SubstitutionValues>();
  const answer = useAnswer(onDone);
  const safety = item?.safety === true;
  // A substitute replaces a part on the item's quote (the desk refuses any other): chosen, not typed.
  const quoted = [...new Set((item?.parts ?? []).map((p) => p.name))];
  const onlyPart = quoted.length === 1 ? quoted[0] : undefined;
  // Fresh for each item it opens on (the form outlives the dialog): its one quoted part chosen.
  useEffect(() => {
    if (item !== null) form.setFieldsValue({ original: onlyPart });
  }, [item, onlyPart, form]);
  return (
    <FormDialog<SubstitutionValues>
      open={item !== null}
      title={t('orders.subst.title', { item: item?.title ?? '' })}
      okText={t('orders.subst.ok')}
      testId="subst-dialog"
      form={form}
      fields={['original', 'substitute', 'note', ...signerPaths(['signer'])]}
      firstField="original"
      initialValues={onlyPart === undefined ? {} : { original: onlyPart }}
      onCancel={onClose}
      onDone={answer.done}
      onSubmit={async (v) =>
        item
          ? answer.keep(
              clearWrongSecret(
                form,
                'signer',
                await writeOrder('order.approveSubstitution', {
                  orderId: order.id,
                  itemId: item.itemId,
                  original: v.original.trim(),
                  substitute: v.substitute.trim(),
                  customerApproved: true,
                  note: v.note?.trim() ?? '',
                  ...(safety && v.signer
                    ? { signer: { login: v.signer.login.trim(), secret: v.signer.secret } }
                    : {}),
                }),
              ),
            )
          : { ok: true, value: null }
      }
    >
      <div className="ld-two-cols">
        <Form.Item
          name="original"
          label={t('orders.subst.original')}
          rules={[{ required: true, message: t('orders.subst.originalRequired') }]}
        >
          <Select
            data-testid="subst-original"
            {...escClosesDialog(onClose)}
            options={quoted.map((name) => ({ value: name, label: name }))}
          />
        </Form.Item>
        <Form.Item
          name="substitute"
          label={t('orders.subst.substitute')}
          rules={[{ required: true, whitespace: true, message: t('orders.subst.substituteRequired') }]}
        >
          <Input maxLength={LIMITS.shortText} data-testid="subst-substitute" />
        </Form.Item>
      </div>
      <Form.Item
        name="customerApproved"
        valuePropName="checked"
        rules={[
          {
            validator: (_, v: boolean | undefined) =>
              v ? Promise.resolve() : Promise.reject(new Error(t('orders.subst.approvalRequired'))),
          },
        ]}
      >
        <Checkbox data-testid="subst-approved">{t('orders.subst.customerApproved')}</Checkbox>
      </Form.Item>
      <Form.Item name="note" label={t('orders.note')}>
        <Input maxLength={LIMITS.shortText} />
      </Form.Item>
      {safety ? <SignerFields path={['signer']} role="qc" testId="subst-signer" /> : null}
    </FormDialog>
  );
}

interface ReleaseValues {
  warrantyMonths?: number | null;
  nextService?: string;
  note?: string;
}

/** The gaps a refusal names: one per line in `fields.gate` (the desk's words, in the caller's language). */
export function refusalGaps(error: ApiError): string[] {
  return (error.fields?.gate ?? '').split('\n').filter((l) => l.trim() !== '');
}

/**
 * The release (出厂): the order view's one way to release, opened from the
 * gate checklist's button. It asks the warranty (the kind's default filled
 * in) and the next service; Ctrl+Enter submits. The gate may still refuse
 * (another desk, or gaps the clerk chose to try past): the desk records the
 * refused attempt and answers with the gaps, shown here; `onRefused` gets
 * them so the order view shows them beside the checklist after the dialog
 * closes, and reads the order again (the refused attempt is listed).
 */
export function ReleaseDialog({
  order,
  open,
  templates,
  onClose,
  onDone,
  onRefused,
}: Omit<DialogProps, 'item'> & { open: boolean; onRefused(gaps: string[]): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReleaseValues>();
  const answer = useAnswer(onDone);
  const warranty = findKind(templates, order.kind)?.warrantyMonths;
  return (
    <FormDialog<ReleaseValues>
      open={open}
      title={t('orders.release.title', { number: order.number })}
      okText={t('orders.release.ok')}
      testId="release-dialog"
      form={form}
      fields={['warrantyMonths', 'nextService', 'note']}
      firstField="nextService"
      initialValues={{ warrantyMonths: warranty ?? null }}
      onCancel={onClose}
      onDone={answer.done}
      onSubmit={async (v) => {
        const r = await writeOrder('order.release', {
          orderId: order.id,
          ...(typeof v.warrantyMonths === 'number' ? { warrantyMonths: v.warrantyMonths } : {}),
          nextService: v.nextService?.trim() ?? '',
          note: v.note?.trim() ?? '',
        });
        if (!r.ok && r.error.code === 'invalid_state') onRefused(refusalGaps(r.error));
        return answer.keep(r);
      }}
    >
      {order.gate.ok ? null : (
        <Typography.Paragraph type="danger" data-testid="release-gaps-warning">
          {t('orders.release.gapsWarning', { n: order.gate.missing.length })}
        </Typography.Paragraph>
      )}
      <div className="ld-orders-release-terms">
        <Form.Item name="warrantyMonths" label={t('orders.release.warranty')}>
          <InputNumber
            min={0}
            max={120}
            precision={0}
            suffix={t('orderForms.months')}
            style={{ width: '100%' }}
            data-testid="release-warranty"
          />
        </Form.Item>
        <Form.Item name="nextService" label={t('orders.release.nextService')}>
          <Input
            maxLength={LIMITS.shortText}
            placeholder={t('orderForms.nextServiceHint')}
            data-testid="release-next"
          />
        </Form.Item>
      </div>
      <Form.Item name="note" label={t('orders.note')}>
        <Input maxLength={LIMITS.shortText} />
      </Form.Item>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('common.ctrlEnterHint')}
      </Typography.Text>
    </FormDialog>
  );
}
