import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Popconfirm, Progress, Space, Typography } from 'antd';
import { DatabaseOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isJobActive, type JobSummary } from '../../../../shared/contract/methods/jobs';
import { getDeskApi } from '../../bridge';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatCount, formatDateTime } from '../../lib/format';
import { showError, showSuccess } from '../../lib/notify';

/** The newest rebuild job the desk knows (null: none; undefined: could not ask). */
async function latestRebuild(): Promise<JobSummary | null | undefined> {
  const r = await callDesk('job.list', {});
  return r.ok ? (r.value.find((j) => j.kind === 'rebuild') ?? null) : undefined;
}

/**
 * Settings, administrators only: rebuild the projections (case list, staff,
 * search index) from the event log as a job of the desk core. The job lives
 * in the core, so after a reload this card finds it again through job.list
 * and follows its `progress` events; the last finished rebuild's outcome
 * stays shown.
 */
export function RebuildCard() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [job, setJob] = useState<JobSummary | null>(null);
  const [starting, setStarting] = useState(false);
  const jobId = useRef<string | null>(null);

  const refresh = useCallback(() => {
    void latestRebuild().then((latest) => {
      if (latest === undefined) return; // a failed read keeps what is shown
      jobId.current = latest?.id ?? null;
      setJob(latest);
    });
  }, []);

  useEffect(() => {
    const off = getDeskApi().subscribe((e) => {
      if (e.type !== 'progress' || e.task !== 'rebuild') return;
      if (e.jobId !== jobId.current || !isJobActive(e.state)) {
        // Another window's job, or the end of this one (result and message come from job.list).
        refresh();
        return;
      }
      setJob((cur) =>
        cur && cur.id === e.jobId
          ? { ...cur, state: e.state, progress: { ...cur.progress, done: e.done, total: e.total } }
          : cur,
      );
    });
    refresh(); // also when the language changes: messages come in the caller's language
    return off;
  }, [refresh, locale]);

  async function start() {
    setStarting(true);
    const r = await callDesk('job.start', { kind: 'rebuild' });
    setStarting(false);
    if (!r.ok) {
      showError(r.error);
      return;
    }
    jobId.current = r.value.id;
    setJob(r.value);
    showSuccess(t('maintenance.started'));
  }

  async function cancel() {
    if (!job) return;
    const r = await callDesk('job.cancel', { jobId: job.id });
    if (!r.ok) showError(r.error);
    else setJob(r.value);
  }

  const active = job !== null && isJobActive(job.state);
  return (
    <Card
      title={
        <Space>
          <DatabaseOutlined />
          {t('maintenance.rebuildTitle')}
        </Space>
      }
      data-testid="rebuild-card"
    >
      <Typography.Paragraph type="secondary">{t('maintenance.rebuildIntro')}</Typography.Paragraph>
      {job && active ? <Running job={job} onCancel={() => void cancel()} /> : null}
      {job && !active ? <Outcome job={job} /> : null}
      {!active ? (
        <Popconfirm
          title={t('maintenance.confirmTitle')}
          description={t('maintenance.confirmBody')}
          okText={t('maintenance.start')}
          cancelText={t('common.cancel')}
          onConfirm={() => void start()}
        >
          <Button type="primary" icon={<ReloadOutlined />} loading={starting} data-testid="rebuild-start">
            {t('maintenance.start')}
          </Button>
        </Popconfirm>
      ) : null}
    </Card>
  );
}

function Running({ job, onCancel }: { job: JobSummary; onCancel: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const { done, total } = job.progress;
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div data-testid="rebuild-running">
      <Progress percent={percent} status="active" data-testid="rebuild-progress" />
      <Typography.Paragraph type="secondary" data-testid="rebuild-progress-text">
        {job.state === 'queued' || total === 0
          ? t('maintenance.queued')
          : t('maintenance.progress', { done: formatCount(done, locale), total: formatCount(total, locale) })}
      </Typography.Paragraph>
      <Button
        danger
        icon={<StopOutlined />}
        disabled={job.cancelRequested}
        onClick={onCancel}
        data-testid="rebuild-cancel"
      >
        {job.cancelRequested ? t('maintenance.cancelling') : t('maintenance.cancel')}
      </Button>
    </div>
  );
}

function Outcome({ job }: { job: JobSummary }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const when = formatDateTime(job.finishedAt);
  const style = { marginBottom: 16 };
  if (job.state === 'done') {
    const c = job.result?.counts ?? {};
    const n = (k: string) => formatCount(c[k] ?? 0, locale);
    return (
      <Alert
        type="success"
        showIcon
        style={style}
        title={t('maintenance.done', { events: n('events'), cases: n('cases'), staff: n('staff'), when })}
        data-testid="rebuild-result"
      />
    );
  }
  if (job.state === 'cancelled') {
    return (
      <Alert
        type="info"
        showIcon
        style={style}
        title={t('maintenance.cancelled', { when })}
        data-testid="rebuild-result"
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      title={t('maintenance.failed')}
      description={job.error?.message}
      data-testid="rebuild-result"
    />
  );
}
