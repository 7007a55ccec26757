import { useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail, OrderItemView } from '../../../../shared/contract/methods/orders';
import type { ApiError } from '../../../../shared/contract/result';
import { localize } from '../../../../shared/domain/kernel/locale';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import type { Inspection } from '../../../../shared/domain/orders/payloads';
import { INSPECTION_SIGNERS } from '../../../../shared/domain/orders/state';
import { checklistFor, findKind, type OrderTemplates } from '../../../../shared/domain/orders/template';
import { useLocale } from '../../i18n';
import { applyFieldErrors } from '../../lib/formErrors';
import { onCtrlEnter } from '../../lib/keys';
import { writeOrder } from './orderParts';
import { SignerFields, signerPaths } from './SignerFields';

export interface SignTarget {
  inspection: Inspection;
  /** null: the whole order (every item in the gate). */
  item: OrderItemView | null;
}

interface Props {
  order: OrderDetail;
  target: SignTarget | null;
  templates: OrderTemplates;
  onClose(): void;
  onDone(detail: OrderDetail): void;
}

interface Values {
  result: 'pass' | 'fail';
  checklist?: Record<string, boolean>;
  reason?: string;
  readingsAfter?: Record<string, number | string | null | undefined>;
  /** One entry per signer, by index (antd keeps a numeric name path as an array). */
  signers?: { login?: string; secret?: string }[];
}

/**
 * The signing dialog of an inspection (自检 / 过程检 / 竣工检): the kind's
 * checklist for the item (safety lines on a safety item), pass or fail (a
 * fail names its reason), the readings after work on the final check, and
 * the signers' own login and PIN in the order the inspection needs them
 * (self: the team lead; process: the team lead, then the QC inspector;
 * final: the QC inspector). Ctrl+Enter signs. Nothing typed here is kept:
 * the form goes with the dialog.
 */
export function SignDialog({ order, target, templates, onClose, onDone }: Props) {
  const open = target !== null;
  return (
    <Modal
      open={open}
      footer={null}
      title={null}
      closable={false}
      width={640}
      style={{ top: 24 }}
      destroyOnHidden
      maskClosable={false}
      onCancel={onClose}
      wrapProps={{ 'data-testid': 'sign-dialog' }}
      styles={{ body: { padding: 0 } }}
    >
      {target ? (
        <SignForm order={order} target={target} templates={templates} onClose={onClose} onDone={onDone} />
      ) : null}
    </Modal>
  );
}

function SignForm({ order, target, templates, onClose, onDone }: Props & { target: SignTarget }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [lineError, setLineError] = useState(false);
  const result = Form.useWatch('result', form) ?? 'pass';
  const { inspection, item } = target;
  const kind = findKind(templates, order.kind);
  const safety = item ? item.safety : order.items.some((i) => i.safety && i.status !== 'refused');
  const lines = useMemo(
    () => (kind ? checklistFor(kind, inspection, safety) : []),
    [kind, inspection, safety],
  );
  const roles = INSPECTION_SIGNERS[inspection];
  const readings = inspection === 'final' ? (kind?.readings ?? []) : [];
  const known = [
    'reason',
    ...lines.map((l) => `checklist.${l.key}`),
    ...readings.map((r) => `readingsAfter.${r.key}`),
    ...roles.flatMap((_, i) => signerPaths(['signers', i])),
  ];

  async function finish(v: Values) {
    if (busy) return;
    const checklist = Object.fromEntries(lines.map((l) => [l.key, v.checklist?.[l.key] === true]));
    if (v.result === 'pass' && Object.values(checklist).some((x) => !x)) {
      setLineError(true);
      return;
    }
    const readingsAfter: Record<string, number | string> = {};
    for (const r of readings) {
      const x = v.readingsAfter?.[r.key];
      if (x !== undefined && x !== null && String(x).trim() !== '') {
        readingsAfter[r.key] = typeof x === 'number' ? x : x.trim();
      }
    }
    setBusy(true);
    setFailure(null);
    const r = await writeOrder('order.inspect', {
      orderId: order.id,
      itemId: item ? item.itemId : null,
      inspection,
      result: v.result,
      checklist,
      readingsAfter,
      reason: v.result === 'fail' ? (v.reason ?? '').trim() : '',
      signers: roles.map((_, i) => ({
        login: (v.signers?.[i]?.login ?? '').trim(),
        secret: v.signers?.[i]?.secret ?? '',
      })),
    });
    flushSync(() => setBusy(false));
    if (r.ok) {
      form.resetFields();
      onDone(r.value);
      return;
    }
    // A wrong PIN: the secret is cleared, so the signer types it again.
    for (const path of Object.keys(r.error.fields ?? {})) {
      const m = /^signers\.(\d)\.secret$/.exec(path);
      if (m?.[1]) form.setFieldValue(['signers', Number(m[1]), 'secret'], '');
    }
    const unmatched = applyFieldErrors(form, r.error.fields, known);
    const matched = Object.keys(r.error.fields ?? {}).length - unmatched.length;
    if (matched === 0) setFailure(r.error);
    else if (unmatched.length > 0) setFailure({ ...r.error, message: unmatched.join(' ') });
  }

  function close() {
    if (busy) return;
    form.resetFields();
    onClose();
  }

  const what = item ? item.title : t('orders.wholeOrder');
  const title = t('orders.sign.title', { inspection: t(`orders.inspection.${inspection}`), item: what });

  return (
    <div className="ld-orders-sign" data-testid="sign-form" data-inspection={inspection}>
      <div className="ld-orders-sign-head">
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="sign-title">
          {title}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`orders.sign.who.${inspection}`)}
          {item?.safety ? ` · ${t('orders.safetyItem')}` : ''}
        </Typography.Text>
      </div>
      <Form<Values>
        form={form}
        name="sign"
        layout="vertical"
        disabled={busy}
        initialValues={{ result: 'pass' }}
        onFinish={(v) => void finish(v)}
        onValuesChange={(changed: Partial<Values>) => {
          setFailure(null);
          if (changed.checklist || changed.result) setLineError(false);
        }}
        onKeyDown={(e) => {
          onCtrlEnter(e, () => form.submit());
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
        requiredMark={false}
        preserve={false}
        className="ld-orders-sign-body"
      >
        {/* The fields scroll; the error and the buttons below them stay in view (768 px high). */}
        <div className="ld-orders-sign-scroll" data-testid="sign-scroll">
          <fieldset className="ld-orders-checklist" data-testid="sign-checklist">
            <legend>{t('orders.sign.checklist')}</legend>
            <div className="ld-orders-checklist-lines">
              {lines.map((l, i) => (
                <Form.Item
                  key={l.key}
                  name={['checklist', l.key]}
                  valuePropName="checked"
                  style={{ marginBottom: 2 }}
                >
                  <Checkbox autoFocus={i === 0} data-testid={`sign-line-${l.key}`}>
                    {localize(l.label, locale)}
                    {l.safetyOnly ? (
                      <span className="ld-tag ld-tag-red ld-orders-inline-tag">{t('orders.safety')}</span>
                    ) : null}
                  </Checkbox>
                </Form.Item>
              ))}
            </div>
            {lineError ? (
              <Typography.Text type="danger" data-testid="sign-lines-error">
                {t('orders.sign.allLinesForPass')}
              </Typography.Text>
            ) : null}
          </fieldset>
          <Form.Item name="result" label={t('orders.sign.result')} style={{ marginBottom: 8 }}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="sign-result"
              options={[
                { value: 'pass', label: t('orders.result.pass') },
                { value: 'fail', label: t('orders.result.fail') },
              ]}
            />
          </Form.Item>
          {result === 'fail' ? (
            <Form.Item
              name="reason"
              label={t('orders.sign.reason')}
              rules={[{ required: true, whitespace: true, message: t('orders.sign.reasonRequired') }]}
              style={{ marginBottom: 8 }}
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 4 }}
                maxLength={LIMITS.longText}
                data-testid="sign-reason"
              />
            </Form.Item>
          ) : null}
          {readings.length > 0 ? (
            <div className="ld-orders-readings">
              {readings.map((r) => {
                const before = order.subject.readingsBefore[r.key];
                const label = `${localize(r.label, locale)}${r.unit ? ` (${r.unit})` : ''}`;
                return (
                  <Form.Item
                    key={r.key}
                    name={['readingsAfter', r.key]}
                    label={label}
                    extra={
                      before !== undefined ? t('orders.sign.before', { value: String(before) }) : undefined
                    }
                    style={{ marginBottom: 8 }}
                  >
                    {r.kind === 'number' ? (
                      <InputNumber style={{ width: '100%' }} data-testid={`sign-reading-${r.key}`} />
                    ) : (
                      <Input maxLength={LIMITS.shortText} data-testid={`sign-reading-${r.key}`} />
                    )}
                  </Form.Item>
                );
              })}
            </div>
          ) : null}
          <div className="ld-orders-signers">
            <Typography.Text strong>{t('orders.sign.signers')}</Typography.Text>
            {roles.map((role, i) => (
              <SignerFields key={`${role}-${i}`} path={['signers', i]} role={role} testId={`signer-${i}`} />
            ))}
          </div>
        </div>
        {failure ? (
          <Alert
            type="error"
            showIcon
            title={<span data-testid="sign-error">{failure.message}</span>}
            style={{ margin: '8px 24px 0' }}
          />
        ) : null}
        <div className="ld-orders-sign-foot">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('orders.sign.keys')}
          </Typography.Text>
          <span style={{ flex: 1 }} />
          <Button onClick={close} disabled={busy} data-testid="sign-cancel">
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            danger={result === 'fail'}
            htmlType="submit"
            loading={busy}
            data-testid="sign-ok"
          >
            {result === 'fail' ? t('orders.sign.okFail') : t('orders.sign.okPass')}
          </Button>
        </div>
      </Form>
    </div>
  );
}
