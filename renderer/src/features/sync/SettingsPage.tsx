import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Result, Space, Spin, Typography } from 'antd';
import { ApiOutlined, DisconnectOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { syncNeedsNewCode, type SyncStatus } from '../../../../shared/contract/methods/sync';
import type { ApiError } from '../../../../shared/contract/result';
import { applyFieldErrors } from '../../lib/formErrors';
import { clearErrors, showError, showSuccess } from '../../lib/notify';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { canConfigureSync, canDisconnectSync, syncNowWithFeedback, useSync } from '../../stores/sync';
import { ReasonDialog } from '../handling/ReasonDialog';
import { BackupCard } from '../maintenance/BackupCard';
import { RebuildCard } from '../maintenance/RebuildCard';
import { SyncDetails } from './SyncDetails';
import { onCtrlEnter } from '../../lib/keys';

interface ConnectValues {
  serverUrl: string;
  code: string;
}

const FIELD_PATHS = ['serverUrl', 'code'] as const;

/** True for an absolute http:// or https:// address with a host. */
function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** `#/settings`: this desk's link to head office. Supervisors and administrators only. */
export function SettingsPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const go = useNav((s) => s.go);

  if (!canConfigureSync(role)) {
    return (
      <Result
        status="403"
        title={<span data-testid="settings-forbidden">{t('settings.forbiddenTitle')}</span>}
        subTitle={t('settings.forbiddenBody')}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'list' })}>
            {t('common.back')}
          </Button>
        }
      />
    );
  }

  return (
    <div className="ld-settings-page" data-testid="settings-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <SyncSettings />
      <BackupCard />
      {role === 'admin' ? <RebuildCard /> : null}
    </div>
  );
}

function SyncSettings() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const desk = useSession((s) => s.status);

  return (
    <Card
      title={
        <Space>
          <ApiOutlined />
          {t('settings.syncSection')}
        </Space>
      }
      data-testid="settings-sync"
    >
      <Typography.Paragraph type="secondary">{t('settings.syncIntro')}</Typography.Paragraph>
      {desk?.branchCode ? (
        <Typography.Paragraph data-testid="settings-this-desk">
          {t('settings.thisDesk', {
            branch: desk.branchName ?? '',
            code: desk.branchCode,
            device: desk.deviceCode ?? '',
          })}
        </Typography.Paragraph>
      ) : null}
      {!status ? (
        <Spin />
      ) : status.state === 'unconfigured' ? (
        <>
          <SyncDetails status={status} testId="settings-sync-details" />
          <ConnectForm branchCode={desk?.branchCode ?? ''} />
        </>
      ) : (
        <Connected status={status} branchCode={desk?.branchCode ?? ''} />
      )}
    </Card>
  );
}

function ConnectForm({ branchCode, serverUrl }: { branchCode: string; serverUrl?: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ConnectValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);

  async function onFinish(v: ConnectValues) {
    setBusy(true);
    setFailure(null);
    const r = await useSync.getState().configure({ serverUrl: v.serverUrl.trim(), code: v.code.trim() });
    setBusy(false);
    if (r.ok) {
      showSuccess(t('settings.connected'));
      return;
    }
    // Field problems go under their field; anything else (server unreachable,
    // device code taken, another branch's code…) above the button.
    const unmatched = applyFieldErrors(form, r.error.fields, FIELD_PATHS);
    const matched = Object.keys(r.error.fields ?? {}).length > unmatched.length;
    if (!matched) setFailure(r.error);
    else if (unmatched.length > 0) setFailure({ ...r.error, message: unmatched.join(' ') });
  }

  return (
    <Form<ConnectValues>
      form={form}
      layout="vertical"
      disabled={busy}
      onFinish={(v) => void onFinish(v)}
      onValuesChange={() => setFailure(null)}
      onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
      initialValues={serverUrl ? { serverUrl } : undefined}
      style={{ marginTop: 16, maxWidth: 560 }}
      data-testid="settings-connect-form"
    >
      <Form.Item
        name="serverUrl"
        label={t('settings.serverUrl')}
        extra={t('settings.serverUrlHelp')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('settings.serverUrl') }),
          },
          {
            validator: (_, value: string | undefined) =>
              !value || !value.trim() || isHttpUrl(value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('settings.serverUrlInvalid'))),
          },
        ]}
      >
        <Input
          autoFocus={!serverUrl}
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          maxLength={2048}
          placeholder={t('settings.serverUrlPlaceholder')}
          data-testid="settings-server-url"
        />
      </Form.Item>
      <Form.Item
        name="code"
        label={t('settings.code')}
        extra={t('settings.codeHelp', { code: branchCode })}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('settings.code') }) },
          {
            validator: (_, value: string | undefined) => {
              const n = (value ?? '').trim().length;
              return n === 0 || (n >= 6 && n <= 64)
                ? Promise.resolve()
                : Promise.reject(new Error(t('settings.codeLength')));
            },
          },
        ]}
      >
        <Input autoComplete="off" spellCheck={false} maxLength={64} data-testid="settings-code" />
      </Form.Item>
      {failure ? (
        <Alert
          type="error"
          showIcon
          title={t('settings.connectFailed')}
          description={<span data-testid="settings-connect-error">{failure.message}</span>}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Button
        style={{ marginTop: 8 }}
        type="primary"
        htmlType="submit"
        icon={<ApiOutlined />}
        loading={busy}
        data-testid="settings-connect"
      >
        {t('settings.connect')}
      </Button>
    </Form>
  );
}

function Connected({ status, branchCode }: { status: SyncStatus; branchCode: string }) {
  const { t } = useTranslation();
  const requesting = useSync((s) => s.requesting);
  const role = useSession((s) => s.staff?.role);
  const [confirming, setConfirming] = useState(false);

  async function disconnect(): Promise<boolean> {
    const r = await useSync.getState().disconnect();
    if (!r.ok) {
      showError(r.error);
      return false;
    }
    setConfirming(false);
    clearErrors();
    showSuccess(t('settings.disconnected'));
    return true;
  }

  return (
    <>
      <SyncDetails status={status} testId="settings-sync-details" />
      <Space style={{ marginTop: 16 }} wrap>
        <Button
          type="primary"
          icon={<SyncOutlined />}
          loading={requesting}
          onClick={() => void syncNowWithFeedback()}
          data-testid="settings-sync-now"
        >
          {t('sync.syncNow')}
        </Button>
        {canDisconnectSync(role) ? (
          <Button
            danger
            icon={<DisconnectOutlined />}
            onClick={() => setConfirming(true)}
            data-testid="settings-disconnect"
          >
            {t('settings.disconnect')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('settings.adminOnlyDisconnect')}</Typography.Text>
        )}
      </Space>
      {syncNeedsNewCode(status) ? (
        // Refused by head office (permission withdrawn, not recognised): a new code fixes it.
        // Stays mounted through background retries so a half-typed code is kept.
        <div style={{ marginTop: 24 }} data-testid="settings-reconnect">
          <Typography.Title level={5}>{t('settings.reconnectTitle')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('settings.reconnectHelp')}</Typography.Paragraph>
          <ConnectForm branchCode={branchCode} serverUrl={status.serverUrl ?? undefined} />
        </div>
      ) : null}
      <ReasonDialog
        open={confirming}
        title={t('settings.disconnectTitle')}
        body={t('settings.disconnectBody')}
        okText={t('settings.disconnect')}
        danger
        testId="disconnect-dialog"
        onCancel={() => setConfirming(false)}
        onConfirm={disconnect}
      />
    </>
  );
}
