import { useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { applyFieldErrors } from '../../lib/formErrors';
import { showSuccess } from '../../lib/notify';
import { useSession } from '../../stores/session';
import { EYE_NOT_IN_TAB_ORDER, onCtrlEnter } from '../../lib/keys';

interface SetupValues {
  branchCode: string;
  branchName: string;
  deviceCode: string;
  admin: { name: string; login: string; secretKind: 'pin' | 'password'; secret: string };
  secretConfirm: string;
}

const FIELD_PATHS = [
  'branchCode',
  'branchName',
  'deviceCode',
  'admin.name',
  'admin.login',
  'admin.secretKind',
  'admin.secret',
] as const;

const upper = (v: string | undefined) => (v ?? '').toUpperCase().replace(/\s+/g, '');

export function SetupScreen() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SetupValues>();
  const [busy, setBusy] = useState(false);
  // What the desk refused that no field of this form can show.
  const [formError, setFormError] = useState<string | null>(null);
  const secretKind = Form.useWatch(['admin', 'secretKind'], form) ?? 'pin';

  async function onFinish(values: SetupValues) {
    setBusy(true);
    setFormError(null);
    const r = await useSession.getState().setup({
      branchCode: values.branchCode,
      branchName: values.branchName,
      deviceCode: values.deviceCode,
      admin: {
        name: values.admin.name,
        login: values.admin.login,
        secretKind: values.admin.secretKind,
        secret: values.admin.secret,
      },
    });
    setBusy(false);
    if (!r.ok) {
      // Under the fields it names; the rest (or a refusal naming none) inside the form.
      const unmatched = applyFieldErrors(form, r.error.fields, FIELD_PATHS);
      const named = Object.keys(r.error.fields ?? {}).length > unmatched.length;
      setFormError(named ? (unmatched.length > 0 ? unmatched.join(' ') : null) : r.error.message);
      return;
    }
    showSuccess(t('setup.done'));
  }

  return (
    <div className="ld-center-page" data-testid="setup-screen">
      <Card
        style={{ width: 560, maxWidth: '100%' }}
        title={
          <span>
            {t('app.name')} · {t('setup.title')}
          </span>
        }
        extra={<LanguageSwitch />}
      >
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        <Form<SetupValues>
          form={form}
          layout="vertical"
          requiredMark
          initialValues={{ admin: { secretKind: 'pin' } }}
          onFinish={(v) => void onFinish(v)}
          onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
          disabled={busy}
        >
          <Divider titlePlacement="start" plain>
            {t('setup.sectionBranch')}
          </Divider>
          <Form.Item
            name="branchName"
            label={t('setup.branchName')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('setup.branchName') }),
              },
            ]}
          >
            <Input
              autoFocus
              maxLength={LIMITS.shortText}
              placeholder={t('setup.branchNamePlaceholder')}
              data-testid="setup-branch-name"
            />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
            <Form.Item
              name="branchCode"
              label={t('setup.branchCode')}
              extra={t('setup.branchCodeHelp')}
              normalize={upper}
              rules={[
                { required: true, message: t('common.required', { field: t('setup.branchCode') }) },
                { pattern: /^[A-Z]{2,6}$/, message: t('setup.branchCodeInvalid') },
              ]}
            >
              <Input maxLength={6} data-testid="setup-branch-code" autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="deviceCode"
              label={t('setup.deviceCode')}
              extra={t('setup.deviceCodeHelp')}
              normalize={upper}
              rules={[
                { required: true, message: t('common.required', { field: t('setup.deviceCode') }) },
                { pattern: /^[0-9A-Z]{2}$/, message: t('setup.deviceCodeInvalid') },
              ]}
            >
              <Input maxLength={2} data-testid="setup-device-code" autoComplete="off" />
            </Form.Item>
          </div>

          <Divider titlePlacement="start" plain>
            {t('setup.sectionAdmin')}
          </Divider>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
            <Form.Item
              name={['admin', 'name']}
              label={t('setup.adminName')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('common.required', { field: t('setup.adminName') }),
                },
              ]}
            >
              <Input maxLength={LIMITS.shortText} data-testid="setup-admin-name" />
            </Form.Item>
            <Form.Item
              name={['admin', 'login']}
              label={t('setup.adminLogin')}
              extra={t('setup.adminLoginHelp')}
              rules={[
                { required: true, message: t('common.required', { field: t('setup.adminLogin') }) },
                { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: t('setup.loginInvalid') },
              ]}
            >
              <Input maxLength={32} autoComplete="username" data-testid="setup-admin-login" />
            </Form.Item>
          </div>
          <Form.Item name={['admin', 'secretKind']} label={t('setup.secretKind')}>
            <Radio.Group
              data-testid="setup-secret-kind"
              options={[
                { label: t('setup.pin'), value: 'pin' },
                { label: t('setup.password'), value: 'password' },
              ]}
              onChange={() => void form.validateFields([['admin', 'secret']]).catch(() => undefined)}
            />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
            <Form.Item
              name={['admin', 'secret']}
              label={secretKind === 'pin' ? t('setup.secretPin') : t('setup.secretPassword')}
              extra={secretKind === 'pin' ? t('setup.pinHelp') : t('setup.passwordHelp')}
              rules={[
                {
                  required: true,
                  message: t('common.required', {
                    field: secretKind === 'pin' ? t('setup.secretPin') : t('setup.secretPassword'),
                  }),
                },
                secretKind === 'pin'
                  ? { pattern: /^\d{6,12}$/, message: t('setup.pinRule') }
                  : { min: 8, max: 128, message: t('setup.passwordRule') },
              ]}
            >
              <Input.Password
                autoComplete="new-password"
                inputMode={secretKind === 'pin' ? 'numeric' : 'text'}
                visibilityToggle={EYE_NOT_IN_TAB_ORDER}
                data-testid="setup-secret"
              />
            </Form.Item>
            <Form.Item
              name="secretConfirm"
              label={secretKind === 'pin' ? t('setup.confirmPin') : t('setup.confirmPassword')}
              dependencies={[['admin', 'secret']]}
              rules={[
                { required: true, message: t('setup.confirmRequired') },
                ({ getFieldValue }) => ({
                  validator(_, value: string | undefined) {
                    if (!value || getFieldValue(['admin', 'secret']) === value) return Promise.resolve();
                    return Promise.reject(new Error(t('setup.mismatch')));
                  },
                }),
              ]}
            >
              <Input.Password
                autoComplete="new-password"
                inputMode={secretKind === 'pin' ? 'numeric' : 'text'}
                visibilityToggle={EYE_NOT_IN_TAB_ORDER}
                data-testid="setup-secret-confirm"
              />
            </Form.Item>
          </div>
          {formError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={formError}
              style={{ marginBottom: 16 }}
              data-testid="setup-form-error"
            />
          ) : null}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="setup-submit">
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
