import { Form, Input, Radio } from 'antd';
import type { KeyboardEvent } from 'react';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { EYE_NOT_IN_TAB_ORDER } from '../../lib/keys';

export type SecretKind = 'pin' | 'password';

/** Digits a PIN needs for a role: supervisors and administrators 6, clerks 4 (the core's rule). */
export function pinMinDigits(role: string | undefined): 4 | 6 {
  return role === 'supervisor' || role === 'admin' ? 6 : 4;
}

interface Props {
  /** Digits a PIN needs for the holder's role. */
  minDigits: 4 | 6;
  testId: string;
  /** Labels say "new" (own change, reset) rather than plain "PIN" (a new record). */
  fresh?: boolean;
}

/**
 * Sign-in method, the secret and its repetition, for a form whose values hold
 * `secretKind`, `secret` and `secretConfirm`. The rules mirror the core's, so
 * most mistakes show before a call; the core's own field messages land on
 * `secret` (applyFieldErrors).
 */
export function SecretFields({ minDigits, testId, fresh }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind = (Form.useWatch('secretKind', form) as SecretKind | undefined) ?? 'pin';
  const label =
    kind === 'pin'
      ? fresh
        ? t('staff.newPin')
        : t('setup.secretPin')
      : fresh
        ? t('staff.newPassword')
        : t('setup.secretPassword');
  const pinHelp = minDigits === 6 ? t('staff.pinHelpSupervising') : t('setup.pinHelp');
  return (
    <>
      <Form.Item name="secretKind" label={t('setup.secretKind')} style={{ marginBottom: 12 }}>
        <Radio.Group
          data-testid={`${testId}-kind`}
          options={[
            { label: t('setup.pin'), value: 'pin' },
            { label: t('setup.password'), value: 'password' },
          ]}
          onChange={() => void form.validateFields(['secret']).catch(() => undefined)}
        />
      </Form.Item>
      <div className="ld-two-cols">
        <Form.Item
          name="secret"
          label={label}
          extra={kind === 'pin' ? pinHelp : t('setup.passwordHelp')}
          rules={[
            { required: true, message: t('common.required', { field: label }) },
            kind === 'pin'
              ? {
                  pattern: new RegExp(`^\\d{${minDigits},12}$`),
                  message: minDigits === 6 ? t('staff.pinRuleSupervising') : t('setup.pinRule'),
                }
              : { min: 8, max: 128, message: t('setup.passwordRule') },
          ]}
        >
          <Input.Password
            autoComplete="new-password"
            inputMode={kind === 'pin' ? 'numeric' : 'text'}
            maxLength={128}
            visibilityToggle={EYE_NOT_IN_TAB_ORDER}
            data-testid={`${testId}-secret`}
          />
        </Form.Item>
        <Form.Item
          name="secretConfirm"
          label={kind === 'pin' ? t('setup.confirmPin') : t('setup.confirmPassword')}
          dependencies={['secret']}
          rules={[
            { required: true, message: t('setup.confirmRequired') },
            ({ getFieldValue }) => ({
              validator(_, value: string | undefined) {
                if (!value || getFieldValue('secret') === value) return Promise.resolve();
                return Promise.reject(new Error(t('setup.mismatch')));
              },
            }),
          ]}
        >
          <Input.Password
            autoComplete="new-password"
            inputMode={kind === 'pin' ? 'numeric' : 'text'}
            maxLength={128}
            visibilityToggle={EYE_NOT_IN_TAB_ORDER}
            data-testid={`${testId}-secret-confirm`}
          />
        </Form.Item>
      </div>
    </>
  );
}

/**
 * Enter in a text box submits a dialog's form (the OK button sits outside the
 * <form>, so the browser would not). A select's own Enter is left alone.
 */
export function submitOnEnter(form: FormInstance) {
  return (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.defaultPrevented) return;
    const el = e.target as HTMLElement;
    if (el.tagName !== 'INPUT' || el.getAttribute('role') === 'combobox') return;
    e.preventDefault();
    form.submit();
  };
}
