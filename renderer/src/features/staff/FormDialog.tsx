import { useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError, Result } from '../../../../shared/contract/result';
import { applyFieldErrors } from '../../lib/formErrors';
import { submitOnEnter } from './SecretFields';
import { onCtrlEnter } from '../../lib/keys';

interface Props<V> {
  open: boolean;
  title: ReactNode;
  okText: string;
  testId: string;
  form: FormInstance<V>;
  /** Field paths of this form: the core's field messages for them show under the field. */
  fields: readonly string[];
  /** The field that has the focus when the dialog opens. */
  firstField: string;
  initialValues?: Partial<V>;
  danger?: boolean;
  children: ReactNode;
  onCancel(): void;
  /** The call; the dialog closes when it works, and shows its errors when not. */
  onSubmit(values: V): Promise<Result<unknown>>;
  onDone(): void;
}

/**
 * A dialog around one form: Enter submits, Esc closes, the first field has
 * the focus; the core's field errors show on their fields and anything else
 * above the buttons.
 */
export function FormDialog<V extends object>({
  open,
  title,
  okText,
  testId,
  form,
  fields,
  firstField,
  initialValues,
  danger,
  children,
  onCancel,
  onSubmit,
  onDone,
}: Props<V>) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  async function finish(values: V) {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    const r = await onSubmit(values);
    // Re-enabled now, so the field with the core's error can take the focus.
    flushSync(() => setBusy(false));
    if (r.ok) {
      onDone();
      return;
    }
    const unmatched = applyFieldErrors(form, r.error.fields, fields);
    const matched = Object.keys(r.error.fields ?? {}).length - unmatched.length;
    if (matched === 0) setFailure(r.error);
    else if (unmatched.length > 0) setFailure({ ...r.error, message: unmatched.join(' ') });
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, danger, ...{ 'data-testid': `${testId}-ok` } }}
      cancelButtonProps={{ disabled: busy }}
      onOk={() => form.submit()}
      onCancel={() => {
        if (!busy) onCancel();
      }}
      afterOpenChange={(isOpen) => {
        if (isOpen) form.focusField(firstField);
      }}
      width={560}
      destroyOnHidden
      maskClosable={false}
      wrapProps={{ 'data-testid': testId }}
    >
      <Form<V>
        form={form}
        name={testId}
        layout="vertical"
        disabled={busy}
        initialValues={initialValues}
        onFinish={(v) => void finish(v)}
        onValuesChange={() => setFailure(null)}
        onKeyDown={(e) => {
          onCtrlEnter(e, () => form.submit());
          submitOnEnter(form)(e);
        }}
        requiredMark={false}
        preserve={false}
      >
        {children}
        {failure ? (
          <Alert
            type="error"
            showIcon
            title={<span data-testid={`${testId}-error`}>{failure.message}</span>}
            style={{ marginTop: 4 }}
          />
        ) : null}
      </Form>
    </Modal>
  );
}
