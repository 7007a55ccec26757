import { useEffect, useState } from 'react';
import { Alert, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../shared/contract/methods/sync';
import { useLocale } from '../../i18n';
import dayjs from 'dayjs';
import { formatCount } from '../../lib/format';
import { SYNC_STATE_COLORS, durationWords, relativeTime } from './syncFormat';

/** The current time, re-read every `ms` so "3 分钟前" keeps counting while shown. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * Everything the desk says about its link to head office, in words: state,
 * server, last successful sync, what is waiting, what was refused, the last
 * problem and why records are held back (the desk's own localized texts) and
 * a clock warning.
 */
export function SyncDetails({ status, testId }: { status: SyncStatus; testId: string }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const now = useNow(15_000);
  const relative = relativeTime(status.lastSuccessAt, locale, now);
  const configured = status.state !== 'unconfigured';

  return (
    <div data-testid={testId} data-state={status.state} className="ld-sync-details">
      {status.lastError ? (
        <Alert
          type={status.state === 'error' ? 'error' : 'warning'}
          showIcon
          title={t('sync.lastError')}
          description={<span data-testid={`${testId}-error`}>{status.lastError.message}</span>}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {status.heldBack ? (
        <Alert
          type="warning"
          showIcon
          title={t('sync.heldBack')}
          description={<span data-testid={`${testId}-held`}>{status.heldBack.message}</span>}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Descriptions
        size="small"
        column={1}
        bordered
        styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
        items={[
          {
            key: 'state',
            label: t('sync.stateLabel'),
            children: (
              <Tag
                color={SYNC_STATE_COLORS[status.state]}
                data-testid={`${testId}-state`}
                style={{ marginInlineEnd: 0 }}
              >
                {t(`sync.state.${status.state}`)}
              </Tag>
            ),
          },
          ...(configured
            ? [
                {
                  key: 'server',
                  label: t('sync.server'),
                  children: (
                    <Typography.Text
                      copyable={status.serverUrl ? { text: status.serverUrl } : false}
                      data-testid={`${testId}-server`}
                      style={{ wordBreak: 'break-all' }}
                    >
                      {status.serverUrl ?? '—'}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'last',
                  label: t('sync.lastSuccess'),
                  children: (
                    <span data-testid={`${testId}-last`}>
                      {relative ? (
                        t('sync.lastSuccessAt', {
                          relative,
                          at: dayjs(status.lastSuccessAt).format('YYYY-MM-DD HH:mm:ss'),
                        })
                      ) : (
                        <span className="ld-muted">{t('sync.never')}</span>
                      )}
                    </span>
                  ),
                },
              ]
            : []),
          ...(status.received !== null
            ? [
                {
                  key: 'received',
                  label: t('sync.receivedLabel'),
                  children: (
                    <span data-testid={`${testId}-received`} data-count={status.received}>
                      {t('sync.count', { n: formatCount(status.received, locale) })}
                    </span>
                  ),
                },
              ]
            : []),
          {
            key: 'pending',
            label: t('sync.pendingLabel'),
            children: (
              <span data-testid={`${testId}-pending`} data-count={status.pending}>
                {t('sync.count', { n: formatCount(status.pending, locale) })}
              </span>
            ),
          },
          ...(status.rejected > 0
            ? [
                {
                  key: 'rejected',
                  label: t('sync.rejectedLabel'),
                  children: (
                    <span data-testid={`${testId}-rejected`} data-count={status.rejected}>
                      <Typography.Text type="danger">
                        {t('sync.count', { n: formatCount(status.rejected, locale) })}
                      </Typography.Text>
                      <span className="ld-muted"> · {t('sync.rejectedHelp')}</span>
                    </span>
                  ),
                },
              ]
            : []),
          ...(status.pendingAttachments > 0
            ? [
                {
                  key: 'attachments',
                  label: t('sync.attachmentsLabel'),
                  children: (
                    <span data-testid={`${testId}-attachments`} data-count={status.pendingAttachments}>
                      {t('sync.attachments', { n: formatCount(status.pendingAttachments, locale) })}
                      <FileNote
                        note={status.refusedAttachments}
                        type="warning"
                        testId={`${testId}-attachments-refused`}
                      />
                      <FileNote
                        note={status.unreadableAttachments}
                        type="danger"
                        testId={`${testId}-attachments-unreadable`}
                      />
                    </span>
                  ),
                },
              ]
            : []),
          ...(status.clockWarning && status.clockSkewMs !== null
            ? [
                {
                  key: 'clock',
                  label: t('sync.clock'),
                  children: (
                    <Typography.Text type="warning" data-testid={`${testId}-clock`}>
                      {t(status.clockSkewMs > 0 ? 'sync.clockAhead' : 'sync.clockBehind', {
                        d: durationWords(status.clockSkewMs),
                      })}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

/** A line under the waiting files: how many the desk could not get across, and what to do. */
function FileNote({
  note,
  type,
  testId,
}: {
  note: SyncStatus['refusedAttachments'];
  type: 'warning' | 'danger';
  testId: string;
}) {
  if (!note) return null;
  return (
    <Typography.Text type={type} style={{ display: 'block' }} data-testid={testId} data-count={note.count}>
      {note.message}
    </Typography.Text>
  );
}
