/**
 * What the new-order form and the rework-return form share (issue 11): the
 * promised delivery time (its default from the branch calendar), the items
 * with the quote, the note and the submit row, and the desk's refusal put
 * under the fields it names. ExtraFaultForm shares the items editor itself.
 */
import { useEffect } from 'react';
import { Button, DatePicker, Form, Input, Space, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../../shared/contract/result';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import type { OrderKindTemplate, OrderTemplates } from '../../../../shared/domain/orders/template';
import { applyFieldErrors } from '../../lib/formErrors';
import { showError } from '../../lib/notify';
import { ItemsEditor, QuoteTotal } from './ItemsEditor';
import { useDefaultPromised } from './orderFormParts';
import { formFieldErrors, itemPaths, readingPaths, type ItemRow } from './orderItems';

/**
 * The promised time's default (null until known), set on the form's
 * `promisedAt` unless one was typed or kept in a draft; `shownKey`: set it
 * again when the field comes on screen (the rework form shows it once the
 * original is found).
 */
export function usePromisedDefault(form: FormInstance, shownKey?: string | null): Dayjs | null {
  const promisedDefault = useDefaultPromised();
  useEffect(() => {
    if (promisedDefault && !form.getFieldValue('promisedAt'))
      form.setFieldValue('promisedAt', promisedDefault);
  }, [promisedDefault, form, shownKey]);
  return promisedDefault;
}

/** The promised time as the desk takes it: to the minute, ISO-8601. */
export function promisedIso(at: Dayjs | null | undefined): string {
  return (at as Dayjs).second(0).millisecond(0).toISOString();
}

export function PromisedField({ extra }: { extra?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="promisedAt"
      label={t('orderForms.promisedAt')}
      extra={extra}
      rules={[{ required: true, message: t('orderForms.pickPromised') }]}
    >
      <DatePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        style={{ width: '100%' }}
        data-testid="order-promised"
      />
    </Form.Item>
  );
}

interface TailProps {
  form: FormInstance;
  templates: OrderTemplates;
  kind: string;
  itemsTitle: string;
  noteLabel: string;
  noteMaxRows: number;
  busy: boolean;
  submitText: string;
  submitTestId: string;
}

/** The items with the quote, the note, and the submit button with its Ctrl+Enter hint. */
export function OrderFormTail(p: TailProps) {
  const { t } = useTranslation();
  return (
    <>
      <div className="ld-order-section-title">{p.itemsTitle}</div>
      <ItemsEditor form={p.form} templates={p.templates} kind={p.kind} />
      <QuoteTotal form={p.form} />
      <Form.Item name="note" label={p.noteLabel}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: p.noteMaxRows }}
          maxLength={LIMITS.longText}
          data-testid="order-note"
        />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={p.busy} data-testid={p.submitTestId}>
          {p.submitText}
        </Button>
        <span className="ld-muted">{t('common.ctrlEnterHint')}</span>
      </Space>
    </>
  );
}

/** The paths of the shared fields (readings under `readingsPrefix`, items, promised time, note). */
export function sharedPaths(
  readingsPrefix: string,
  kind: OrderKindTemplate | undefined,
  items: readonly ItemRow[] | undefined,
): string[] {
  return [...readingPaths(readingsPrefix, kind), ...itemPaths('items', items), 'promisedAt', 'note'];
}

/**
 * The desk's refusal on the form: each field error under its field (money
 * typed in yuan, `known` the form's paths); anything else, or no field at
 * all, as a notice.
 */
export function showDeskErrors(form: FormInstance, error: ApiError, known: readonly string[]): void {
  const unmatched = applyFieldErrors(form, formFieldErrors(error.fields), known);
  if (!error.fields || unmatched.length > 0) showError(error);
}
