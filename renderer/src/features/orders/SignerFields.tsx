import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/domain/kernel/roles';
import { EYE_NOT_IN_TAB_ORDER } from '../../lib/keys';

interface Props {
  /** Where the signer sits in the form and in the method's input: ['signers', '0'] or ['signer']. */
  path: readonly (string | number)[];
  /** The role this signature needs (the desk refuses anyone else, under the login). */
  role: Role;
  testId: string;
  autoFocus?: boolean;
}

/**
 * A signer's own login and PIN or password, typed at the moment of signing
 * (even on a desk where someone else is signed in). The desk's refusals land
 * under the field they are about: a wrong PIN under the secret, a wrong role
 * or a disabled signer under the login. The values live only in the dialog's
 * form, which is destroyed when it closes.
 */
export function SignerFields({ path, role, testId, autoFocus }: Props) {
  const { t } = useTranslation();
  const roleName = t(`roles.${role}`);
  const loginLabel = t('orders.sign.login', { role: roleName });
  const secretLabel = t('orders.sign.secret', { role: roleName });
  return (
    <div className="ld-two-cols ld-orders-signer" data-testid={testId} data-role={role}>
      <Form.Item
        name={[...path, 'login']}
        label={loginLabel}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: loginLabel }) }]}
        style={{ marginBottom: 8 }}
      >
        <Input
          autoComplete="off"
          maxLength={64}
          autoFocus={autoFocus}
          spellCheck={false}
          data-testid={`${testId}-login`}
        />
      </Form.Item>
      <Form.Item
        name={[...path, 'secret']}
        label={secretLabel}
        rules={[{ required: true, message: t('common.required', { field: secretLabel }) }]}
        style={{ marginBottom: 8 }}
      >
        <Input.Password
          autoComplete="off"
          maxLength={128}
          visibilityToggle={EYE_NOT_IN_TAB_ORDER}
          data-testid={`${testId}-secret`}
        />
      </Form.Item>
    </div>
  );
}

/** The dotted field paths a signer's refusal may name (`signers.0.secret`). */
export function signerPaths(path: readonly (string | number)[]): string[] {
  const base = path.join('.');
  return [`${base}.login`, `${base}.secret`];
}
