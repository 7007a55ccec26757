import { useEffect, useRef, useState } from 'react';
import { App, Badge, Button, Empty, Popover, Tooltip, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../../shared/contract/methods/work';
import { formatDateTime } from '../../lib/format';
import { i18next } from '../../i18n';
import { useNav } from '../../stores/nav';
import { alertRoute, alertText, openLabel } from './alertWords';
import { startWorkEvents, useWork } from './workStore';

/** One alert in words: "已超时 · 处理 · GZ-01-…" (./alertWords.ts). */
function useAlertText(): (a: Alert) => string {
  const { t } = useTranslation();
  return (a) => alertText(t, a);
}

const TOAST_KEY = 'ld-alert-toast';

/**
 * The top bar's alerts: a bell with the number not yet acknowledged, opening
 * a list where each alert opens its case or is acknowledged (确认). While
 * signed in it listens for the scheduler's `alert.raised`, and shows a toast
 * naming the new alerts.
 */
export function AlertBell() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const alerts = useWork((s) => s.alerts);
  const unacked = useWork((s) => s.unacked);
  const go = useNav((s) => s.go);
  const [open, setOpen] = useState(false);
  const bell = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const text = useAlertText();

  // The antd notification API changes with the theme and locale; the listener reads the current one.
  const notifyRef = useRef(notification);
  useEffect(() => {
    notifyRef.current = notification;
  }, [notification]);

  // Listening starts once per sign-in (the top bar mounts once) and forgets the alerts on sign-out.
  useEffect(
    () =>
      startWorkEvents((fresh) => {
        const notification = notifyRef.current;
        const first = fresh[0];
        // Worded in the language shown when the alert arrives.
        const tr = i18next.t.bind(i18next);
        notification.warning({
          key: TOAST_KEY,
          title: tr('alerts.toastTitle', { n: fresh.length }),
          description: (
            <div data-testid="alert-toast-body">
              {fresh.slice(0, 3).map((a) => (
                <div key={a.id}>{alertText(tr, a)}</div>
              ))}
              {fresh.length > 3 ? <div>{tr('alerts.andMore', { n: fresh.length - 3 })}</div> : null}
            </div>
          ),
          actions: first ? (
            <Button
              size="small"
              type="primary"
              onClick={() => {
                notification.destroy(TOAST_KEY);
                useNav.getState().go(alertRoute(first));
              }}
              data-testid="alert-toast-open"
            >
              {openLabel(tr, first)}
            </Button>
          ) : undefined,
          placement: 'topRight',
          duration: 8,
          props: { 'data-testid': 'alert-toast' },
        });
      }),
    [],
  );

  function close() {
    setOpen(false);
    bell.current?.focus();
  }

  /** Acknowledges one alert; the focus stays in the list (on the next alert's first button). */
  async function acknowledge(alertId: number) {
    await useWork.getState().ack(alertId);
    const next = list.current?.querySelector<HTMLElement>('button');
    if (next) next.focus();
    else list.current?.focus();
  }

  async function ackAll() {
    for (const a of alerts) await useWork.getState().ack(a.id);
  }

  const content = (
    <div
      ref={list}
      tabIndex={-1}
      className="ld-alert-list"
      data-testid="alert-list"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      {alerts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alerts.none')} />
      ) : (
        alerts.map((a) => (
          <div
            key={a.id}
            className={`ld-alert-item ld-alert-${a.rule}`}
            data-testid="alert-item"
            data-rule={a.rule}
            data-kind={a.kind}
          >
            <div className="ld-alert-main">
              <Button
                type="link"
                size="small"
                className="ld-alert-open"
                onClick={() => {
                  setOpen(false);
                  go(alertRoute(a));
                }}
                data-testid="alert-open"
              >
                {text(a)}
              </Button>
              <Typography.Text type="secondary" className="ld-alert-when">
                {a.dueAt ? t('alerts.due', { at: formatDateTime(a.dueAt) }) : ''}
                {a.dueAt ? ' · ' : ''}
                {t('alerts.raised', { at: formatDateTime(a.raisedAt) })}
              </Typography.Text>
            </div>
            <Tooltip title={t('alerts.ackHelp')}>
              <Button
                size="small"
                icon={<CheckOutlined />}
                onClick={() => void acknowledge(a.id)}
                data-testid="alert-ack"
              >
                {t('alerts.ack')}
              </Button>
            </Tooltip>
          </div>
        ))
      )}
      {alerts.length > 1 ? (
        <div className="ld-alert-foot">
          <Button size="small" onClick={() => void ackAll()} data-testid="alert-ack-all">
            {t('alerts.ackAll')}
          </Button>
        </div>
      ) : null}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={(v) => {
        setOpen(v);
        if (v) void useWork.getState().loadAlerts();
      }}
      trigger="click"
      // Opened from the keyboard, the list takes the focus (Tab moves through it, Esc closes it).
      afterOpenChange={(v) => {
        if (v) list.current?.querySelector<HTMLElement>('button')?.focus();
      }}
      placement="bottomRight"
      title={t('alerts.title')}
      content={content}
    >
      <Badge count={unacked} size="small" offset={[-4, 4]} overflowCount={99}>
        <Button
          ref={bell}
          type="text"
          icon={<BellOutlined />}
          aria-label={t('alerts.bellLabel', { n: unacked })}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && open) close();
          }}
          data-testid="alert-bell"
          data-count={unacked}
        />
      </Badge>
    </Popover>
  );
}
