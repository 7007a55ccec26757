/**
 * The body of a job dialog (./useJobDialog.ts) under its form: a progress bar
 * and a line while the job runs, then one alert for how it ended (done with
 * the file's name, cancelled, or failed with the core's message). Texts come
 * from `<ns>.queued|cancelled|failed` and the caller's `progressText` and
 * `doneTitle`; test ids are `<testId>-running`, `<testId>-progress-text` and
 * `<testId>-result`.
 */
import { Alert, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isJobActive, type JobSummary } from '../../../shared/contract/methods/jobs';

export interface JobStateProps {
  job: JobSummary;
  ns: 'exports' | 'reports';
  testId: string;
  /** The line under the bar once the job has started counting. */
  progressText: (job: JobSummary) => string;
  /** The title of the success alert. */
  doneTitle: (job: JobSummary) => string;
}

export function JobState({ job, ns, testId, progressText, doneTitle }: JobStateProps) {
  const { t } = useTranslation();
  const { done, total } = job.progress;
  if (isJobActive(job.state)) {
    const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    return (
      <div data-testid={`${testId}-running`}>
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary" data-testid={`${testId}-progress-text`}>
          {job.state === 'queued' || total === 0 ? t(`${ns}.queued`) : progressText(job)}
        </Typography.Text>
      </div>
    );
  }
  if (job.state === 'done') {
    return (
      <Alert
        type="success"
        showIcon
        title={doneTitle(job)}
        description={job.result?.file?.name}
        data-testid={`${testId}-result`}
      />
    );
  }
  const cancelled = job.state === 'cancelled';
  return (
    <Alert
      type={cancelled ? 'info' : 'error'}
      showIcon
      title={t(cancelled ? `${ns}.cancelled` : `${ns}.failed`)}
      description={cancelled ? undefined : job.error?.message}
      data-testid={`${testId}-result`}
    />
  );
}
