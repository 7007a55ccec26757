import { useEffect } from 'react';
import { App as AntApp, Button, ConfigProvider, Result, Spin, theme } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n';
import { bindNotify, clearErrors } from '../lib/notify';
import { usePrefersReducedMotion } from '../lib/reducedMotion';
import { useNav } from '../stores/nav';
import { useSession } from '../stores/session';
import { useScript } from '../stores/script';
import { SetupScreen } from '../features/setup/SetupScreen';
import { SignInScreen } from '../features/signin/SignInScreen';
import { Shell } from './Shell';

const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  'Roboto',
  "'Helvetica Neue'",
  'Arial',
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Source Han Sans SC'",
  "'WenQuanYi Micro Hei'",
  "'Noto Sans'",
  'sans-serif',
].join(', ');

function NotifyBridge() {
  const { message, notification } = AntApp.useApp();
  useEffect(() => bindNotify(message, notification), [message, notification]);
  // An error toast is about the screen it came from: signing in (or finishing
  // setup) and moving to another screen close what is left of them.
  useEffect(
    () =>
      useSession.subscribe((s, before) => {
        if (s.phase === 'ready' && before.phase !== 'ready') clearErrors();
      }),
    [],
  );
  useEffect(
    () =>
      useNav.subscribe((s, before) => {
        if (s.route !== before.route) clearErrors();
      }),
    [],
  );
  return null;
}

function Root() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  const bootError = useSession((s) => s.bootError);

  useEffect(() => {
    void useSession.getState().boot();
    void useScript.getState().load();
  }, []);

  switch (phase) {
    case 'loading':
      return (
        <div className="ld-center-page" data-testid="app-loading">
          <Spin size="large" description={t('app.loading')} />
        </div>
      );
    case 'unreachable':
      return (
        <div className="ld-center-page">
          <Result
            status="warning"
            title={t('app.startFailed')}
            subTitle={bootError?.message}
            extra={
              <Button
                type="primary"
                autoFocus
                onClick={() => void useSession.getState().boot()}
                data-testid="boot-retry"
              >
                {t('app.retry')}
              </Button>
            }
          />
        </div>
      );
    case 'setup':
      return <SetupScreen />;
    case 'signin':
      return <SignInScreen />;
    case 'ready':
      return <Shell />;
  }
}

export function App() {
  const locale = useLocale((s) => s.locale);
  // No zooming dialogs or sliding lists for a clerk whose system asks for less motion.
  const motion = !usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={locale === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { fontFamily: FONT_FAMILY, borderRadius: 6, motion },
      }}
    >
      {/* Toasts open below the header (52 px): centred at the top they covered the nav, and stayed while hovered. */}
      <AntApp
        notification={{ placement: 'topRight' }}
        message={{ maxCount: 1, top: 60 }}
        style={{ height: '100%' }}
      >
        <NotifyBridge />
        <Root />
      </AntApp>
    </ConfigProvider>
  );
}
