import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { applyFieldErrors } from '../../lib/formErrors';
import { showError } from '../../lib/notify';
import { useSession } from '../../stores/session';

interface SignInValues {
  login: string;
  secret: string;
}

export function SignInScreen() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignInValues>();
  const [busy, setBusy] = useState(false);
  const status = useSession((s) => s.status);

  async function onFinish(values: SignInValues) {
    setBusy(true);
    const r = await useSession.getState().signIn(values.login, values.secret);
    setBusy(false);
    if (!r.ok) {
      applyFieldErrors(form, r.error.fields, ['login', 'secret']);
      form.setFieldValue('secret', '');
      form.focusField('secret');
      showError(r.error);
    }
  }

  return (
    <div className="ld-center-page" data-testid="signin-screen">
      <Card
        style={{ width: 400, maxWidth: '100%' }}
        title={
          <span>
            {t('app.name')} · {t('signin.title')}
          </span>
        }
        extra={<LanguageSwitch />}
      >
        {status?.branchName ? (
          <Typography.Paragraph type="secondary" data-testid="signin-branch">
            {t('signin.subtitle', { branch: status.branchName, device: status.deviceCode ?? '' })}
          </Typography.Paragraph>
        ) : null}
        <Form<SignInValues> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={busy}>
          <Form.Item
            name="login"
            label={t('signin.login')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('signin.login') }),
              },
            ]}
          >
            <Input autoFocus autoComplete="username" data-testid="signin-login" />
          </Form.Item>
          <Form.Item
            name="secret"
            label={t('signin.secret')}
            rules={[{ required: true, message: t('common.required', { field: t('signin.secret') }) }]}
          >
            <Input.Password autoComplete="current-password" data-testid="signin-secret" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
            {t('signin.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
