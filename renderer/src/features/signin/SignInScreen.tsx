import { useState } from 'react';
import { flushSync } from 'react-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { signInErrorPlace } from './signInErrors';
import { useSession } from '../../stores/session';
import { EYE_NOT_IN_TAB_ORDER, onCtrlEnter } from '../../lib/keys';

interface SignInValues {
  login: string;
  secret: string;
}

export function SignInScreen() {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignInValues>();
  const [busy, setBusy] = useState(false);
  // A refusal that concerns no one field (locked out, desk busy) stays inside the form.
  const [formError, setFormError] = useState<string | null>(null);
  const status = useSession((s) => s.status);

  async function onFinish(values: SignInValues) {
    setBusy(true);
    setFormError(null);
    const r = await useSession.getState().signIn(values.login, values.secret);
    // Re-enabled now, so the field with the error can take the focus.
    flushSync(() => setBusy(false));
    if (r.ok) return;
    // The error goes where the eye is: under its field, or inside the form; never a toast.
    const place = signInErrorPlace(r.error);
    form.setFields([
      { name: 'login', errors: place.login ? [place.login] : [] },
      { name: 'secret', value: '', errors: place.secret ? [place.secret] : [] },
    ]);
    setFormError(place.form);
    form.focusField(place.login && !place.secret ? 'login' : 'secret');
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
        <Form<SignInValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void onFinish(v)}
          onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
          disabled={busy}
        >
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
            <Input.Password
              autoComplete="current-password"
              visibilityToggle={EYE_NOT_IN_TAB_ORDER}
              data-testid="signin-secret"
            />
          </Form.Item>
          {formError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={formError}
              style={{ marginBottom: 16 }}
              data-testid="signin-form-error"
            />
          ) : null}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
            {t('signin.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
