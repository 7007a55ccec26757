import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button, Popover, Space, Typography } from 'antd';
import {
  ApiOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  DisconnectOutlined,
  ExclamationCircleOutlined,
  LoadingOutlined,
  SettingOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SyncState } from '../../../../shared/contract/methods/sync';
import { useLocale } from '../../i18n';
import { formatCount } from '../../lib/format';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { canConfigureSync, syncNowWithFeedback, useSync } from '../../stores/sync';
import { SyncDetails } from './SyncDetails';

const STATE_ICONS: Record<SyncState, ReactNode> = {
  unconfigured: <ApiOutlined />,
  offline: <DisconnectOutlined />,
  syncing: <SyncOutlined spin />,
  online: <CheckCircleOutlined />,
  error: <ExclamationCircleOutlined />,
};

/**
 * The top bar's sync badge: state in words, records waiting, a clock warning.
 * Click or Enter opens the details with "sync now"; Esc closes them again.
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const status = useSync((s) => s.status);
  const requesting = useSync((s) => s.requesting);
  const role = useSession((s) => s.staff?.role);
  const go = useNav((s) => s.go);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const nowRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }

  function onPanelKey(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  }

  if (!status) {
    return (
      <span className="ld-sync-indicator ld-sync-loading" data-testid="sync-indicator" data-state="loading">
        <LoadingOutlined /> <span className="ld-sr-only">{t('sync.reading')}</span>
      </span>
    );
  }

  const stateText = t(`sync.state.${status.state}`);
  const pendingText =
    status.pending > 0
      ? t('sync.pending', { count: status.pending, n: formatCount(status.pending, locale) })
      : '';
  // A long first sync says how far it got (the desk reports it about twice a second).
  const receivedText =
    status.state === 'syncing' && status.received !== null && status.received > 0
      ? t('sync.receivedShort', { n: formatCount(status.received, locale) })
      : '';
  const summary = [
    stateText,
    receivedText,
    pendingText,
    status.clockWarning ? t('sync.clockWarningShort') : '',
  ]
    .filter(Boolean)
    .join(t('sync.separator'));

  const panel = (
    <div
      ref={panelRef}
      tabIndex={-1}
      className="ld-sync-panel"
      data-testid="sync-popover"
      onKeyDown={onPanelKey}
      role="dialog"
      aria-label={t('sync.title')}
    >
      <SyncDetails status={status} testId="sync-popover-details" />
      {status.state === 'unconfigured' ? (
        <Typography.Paragraph type="secondary" style={{ margin: '10px 0 0' }}>
          {t('sync.notConnectedHint')}
        </Typography.Paragraph>
      ) : null}
      <Space style={{ marginTop: 12 }} wrap>
        <Button
          ref={nowRef}
          type="primary"
          icon={<SyncOutlined />}
          loading={requesting}
          disabled={status.state === 'unconfigured'}
          onClick={() => void syncNowWithFeedback()}
          data-testid="sync-now"
        >
          {t('sync.syncNow')}
        </Button>
        {canConfigureSync(role) ? (
          <Button
            icon={<SettingOutlined />}
            onClick={() => {
              setOpen(false);
              go({ name: 'settings' });
            }}
            data-testid="sync-open-settings"
          >
            {t('sync.openSettings')}
          </Button>
        ) : null}
      </Space>
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={t('sync.title')}
      content={panel}
      destroyOnHidden
      afterOpenChange={(isOpen) => {
        if (!isOpen) return;
        // Keyboard users land inside the details: on "sync now" when it can be used.
        if (nowRef.current && !nowRef.current.disabled) nowRef.current.focus();
        else panelRef.current?.focus();
      }}
      styles={{ root: { width: 460, maxWidth: 'calc(100vw - 24px)' } }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={`ld-sync-indicator ld-sync-${status.state}`}
        data-testid="sync-indicator"
        data-state={status.state}
        data-pending={status.pending}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={t('sync.indicatorLabel', { state: summary })}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.preventDefault();
            setOpen(false);
          }
        }}
      >
        {STATE_ICONS[status.state]}
        <span data-testid="sync-indicator-label">{stateText}</span>
        {receivedText ? (
          <span
            className="ld-sync-pending"
            data-testid="sync-indicator-received"
            data-count={status.received}
          >
            {receivedText}
          </span>
        ) : null}
        {pendingText ? (
          <span className="ld-sync-pending" data-testid="sync-indicator-pending">
            {pendingText}
          </span>
        ) : null}
        {status.clockWarning ? (
          <ClockCircleOutlined
            className="ld-sync-clock"
            data-testid="sync-clock-warning"
            title={t('sync.clockWarningShort')}
          />
        ) : null}
      </button>
    </Popover>
  );
}
