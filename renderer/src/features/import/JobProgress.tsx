/** A running import job: its progress bar, what it has done, and its cancel button. */
import { Button, Progress, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../../shared/contract/methods/jobs';
import { useLocale } from '../../i18n';
import { formatCount } from '../../lib/format';

export function JobProgress({
  job,
  what,
  onCancel,
  testId,
}: {
  job: JobSummary;
  /** 'preview' (reading and checking) or 'write' (writing cases). */
  what: 'preview' | 'write';
  onCancel: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const { done, total } = job.progress;
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div className="ld-import-progress" data-testid={testId} aria-live="polite">
      <Typography.Text strong>
        {what === 'preview' ? t('importLog.checking') : t('importLog.writing')}
      </Typography.Text>
      <Progress percent={percent} status="active" />
      <Typography.Text type="secondary">
        {job.state === 'queued'
          ? t('importLog.queued')
          : total === 0
            ? t('importLog.reading') // SheetJS reads the whole file before the first row is checked
            : t('importLog.progress', { done: formatCount(done, locale), total: formatCount(total, locale) })}
      </Typography.Text>
      <Button
        danger
        icon={<StopOutlined />}
        disabled={job.cancelRequested}
        onClick={onCancel}
        data-testid={`${testId}-cancel`}
      >
        {job.cancelRequested ? t('importLog.cancelling') : t('importLog.cancel')}
      </Button>
    </div>
  );
}
