import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Progress,
  Space,
  Typography,
} from 'antd';
import { CloudDownloadOutlined, SaveOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { BACKUP_LIMITS, type BackupView } from '../../../../shared/contract/methods/backup';
import { isJobActive, type JobSummary } from '../../../../shared/contract/methods/jobs';
import type { ApiError } from '../../../../shared/contract/result';
import { getDeskApi } from '../../bridge';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatCount, formatDateTime } from '../../lib/format';
import { applyFieldErrors } from '../../lib/formErrors';
import { showError, showSuccess } from '../../lib/notify';

const FIELDS = ['folder', 'keepDaily', 'keepWeekly'] as const;

interface Values {
  folder: string;
  keepDaily: number;
  keepWeekly: number;
}

/**
 * Settings, supervisors and administrators: where this desk's daily backup
 * goes and how many are kept, the last backup's time and result, and a
 * backup made now (a job of the desk core, with progress and cancel).
 * Restoring is done with the desk closed, from the command line (docs/backups.md).
 */
export function BackupCard() {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [form] = Form.useForm<Values>();
  const [view, setView] = useState<BackupView | null>(null);
  const [job, setJob] = useState<JobSummary | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const jobId = useRef<string | null>(null);

  const refresh = useCallback(() => {
    void callDesk('backup.get', {}).then((r) => {
      if (!r.ok) return;
      setView(r.value);
    });
    void callDesk('job.list', {}).then((r) => {
      if (!r.ok) return;
      const latest = r.value.find((j) => j.kind === 'backup') ?? null;
      jobId.current = latest?.id ?? null;
      setJob(latest && isJobActive(latest.state) ? latest : null);
    });
  }, []);

  useEffect(() => {
    const off = getDeskApi().subscribe((e) => {
      if (e.type !== 'progress' || e.task !== 'backup') return;
      if (e.jobId !== jobId.current || !isJobActive(e.state)) {
        refresh(); // another window's backup, or the end of this one (its result comes from backup.get)
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

  useEffect(() => {
    if (view) form.setFieldsValue({ ...view.settings, folder: view.settings.folder ?? '' });
  }, [view, form]);

  async function save(v: Values) {
    setSaving(true);
    setFailure(null);
    // Errors the core set under the fields last time go; this answer decides anew.
    form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
    const folder = v.folder.trim();
    const r = await callDesk('backup.configure', {
      folder: folder === '' ? null : folder,
      keepDaily: v.keepDaily,
      keepWeekly: v.keepWeekly,
    });
    setSaving(false);
    if (r.ok) {
      setView(r.value);
      showSuccess(t('backup.saved'));
      return;
    }
    const unmatched = applyFieldErrors(form, r.error.fields, FIELDS);
    if (Object.keys(r.error.fields ?? {}).length === 0 || unmatched.length > 0) setFailure(r.error);
  }

  async function start() {
    const r = await callDesk('backup.start', {});
    if (!r.ok) {
      showError(r.error);
      return;
    }
    jobId.current = r.value.id;
    setJob(r.value);
    // A small backup may have ended before this answer arrived (its events came first): read again.
    refresh();
  }

  async function cancel() {
    if (!job) return;
    const r = await callDesk('backup.cancel', { jobId: job.id });
    if (!r.ok) showError(r.error);
    else setJob(r.value);
  }

  const last = view?.last ?? null;
  const running = job !== null && isJobActive(job.state);
  const percent =
    job && job.progress.total > 0
      ? Math.min(100, Math.floor((job.progress.done / job.progress.total) * 100))
      : 0;
  return (
    <Card
      title={
        <Space>
          <CloudDownloadOutlined />
          {t('backup.title')}
        </Space>
      }
      data-testid="backup-card"
    >
      <Typography.Paragraph type="secondary">{t('backup.intro')}</Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }} data-testid="backup-status">
        <Descriptions.Item label={t('backup.last')}>
          {last === null ? (
            <span data-testid="backup-last">{t('backup.never')}</span>
          ) : (
            <span data-testid="backup-last">
              {last.ok
                ? t('backup.lastOk', {
                    when: formatDateTime(last.at),
                    events: formatCount(last.events ?? 0, locale),
                    size: formatCount(Math.ceil((last.bytes ?? 0) / 1024), locale),
                  })
                : t('backup.lastFailed', { when: formatDateTime(last.at) })}
              {last.scheduled ? ` · ${t('backup.scheduled')}` : ` · ${t('backup.byHand')}`}
            </span>
          )}
        </Descriptions.Item>
        {last?.ok && last.file ? (
          <Descriptions.Item label={t('backup.file')}>
            <Typography.Text code copyable data-testid="backup-last-file">
              {last.file}
            </Typography.Text>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('backup.next')}>
          <span data-testid="backup-next">
            {view?.nextDueAt ? formatDateTime(view.nextDueAt) : t('backup.off')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {last && !last.ok ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('backup.failedTitle')}
          description={<span data-testid="backup-last-error">{last.message}</span>}
        />
      ) : null}
      {running && job ? (
        <div data-testid="backup-running" style={{ marginBottom: 16 }}>
          <Progress percent={percent} status="active" />
          <Button danger icon={<StopOutlined />} disabled={job.cancelRequested} onClick={() => void cancel()}>
            {job.cancelRequested ? t('backup.cancelling') : t('backup.cancel')}
          </Button>
        </div>
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={saving}
        onFinish={(v) => void save(v)}
        onValuesChange={() => setFailure(null)}
        initialValues={{
          folder: '',
          keepDaily: BACKUP_LIMITS.keepDaily.default,
          keepWeekly: BACKUP_LIMITS.keepWeekly.default,
        }}
        style={{ maxWidth: 560 }}
        data-testid="backup-form"
      >
        <Form.Item name="folder" label={t('backup.folder')} extra={t('backup.folderHelp')}>
          <Input spellCheck={false} maxLength={BACKUP_LIMITS.folderChars} data-testid="backup-folder" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="keepDaily" label={t('backup.keepDaily')}>
            <InputNumber<number>
              min={BACKUP_LIMITS.keepDaily.min}
              max={BACKUP_LIMITS.keepDaily.max}
              precision={0}
              data-testid="backup-keep-daily"
            />
          </Form.Item>
          <Form.Item name="keepWeekly" label={t('backup.keepWeekly')}>
            <InputNumber<number>
              min={BACKUP_LIMITS.keepWeekly.min}
              max={BACKUP_LIMITS.keepWeekly.max}
              precision={0}
              data-testid="backup-keep-weekly"
            />
          </Form.Item>
        </Space>
        {failure ? (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.message} />
        ) : null}
        <Space wrap>
          <Button htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="backup-save">
            {t('backup.save')}
          </Button>
          <Button
            type="primary"
            icon={<CloudDownloadOutlined />}
            disabled={running || !view?.settings.folder}
            onClick={() => void start()}
            data-testid="backup-start"
          >
            {t('backup.start')}
          </Button>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
        {t('backup.restoreHint')}
      </Typography.Paragraph>
    </Card>
  );
}
