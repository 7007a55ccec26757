import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { callDesk } from '../../lib/desk';
import { showSuccess } from '../../lib/notify';
import { useSession } from '../../stores/session';
import { FormDialog } from './FormDialog';
import { pinMinDigits, SecretFields, type SecretKind } from './SecretFields';
import { EYE_NOT_IN_TAB_ORDER } from '../../lib/keys';

interface Values {
  current: string;
  secretKind: SecretKind;
  secret: string;
  secretConfirm: string;
}

/** The signed-in user changes their own PIN or password, proving the current one (any role). */
export function ChangeOwnSecretDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const role = useSession((s) => s.staff?.role);
  return (
    <FormDialog<Values>
      open={open}
      title={t('staff.changeOwnTitle')}
      okText={t('staff.save')}
      testId="own-secret-dialog"
      form={form}
      fields={['current', 'secretKind', 'secret']}
      firstField="current"
      initialValues={{ secretKind: 'pin' }}
      onCancel={onClose}
      onSubmit={(v) =>
        callDesk('auth.changeSecret', { current: v.current, secretKind: v.secretKind, secret: v.secret })
      }
      onDone={() => {
        showSuccess(t('staff.changedOwn'));
        onClose();
      }}
    >
      <Form.Item
        name="current"
        label={t('staff.current')}
        rules={[{ required: true, message: t('common.required', { field: t('staff.current') }) }]}
        style={{ maxWidth: 252 }}
      >
        <Input.Password
          autoComplete="current-password"
          maxLength={128}
          visibilityToggle={EYE_NOT_IN_TAB_ORDER}
          data-testid="own-secret-current"
        />
      </Form.Item>
      <SecretFields minDigits={pinMinDigits(role)} testId="own-secret" fresh />
    </FormDialog>
  );
}
