/**
 * 打印报告 / Print a report (issue 14 item 5; docs/analysis.md "Reports"):
 * the dashboard mounts it with its current request (period, comparison,
 * filters). Supervisors and administrators only (the core refuses anyone
 * else). A small dialog: which report (投诉分析报告, 回访分析报告, 履诺分析报告)
 * and which file (PDF or XLSX); then the report runs as a job of the desk
 * core (report.start, kind 'report') with progress and cancel, followed
 * like an export (export.get, export.cancel, the `progress` events), and the
 * finished file downloads (browser) or is saved where the clerk chooses
 * (desktop), as the exports' and the dossier's files are (lib/jobFile.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Modal, Progress, Radio, Space, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AnalysisRequest } from '../../../../shared/domain/analysis/report';
import { isJobActive, type JobSummary } from '../../../../shared/contract/methods/jobs';
import type { ReportFormat, ReportName } from '../../../../shared/contract/methods/reports';
import { getDeskApi } from '../../bridge';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { downloadJobFile } from '../../lib/jobFile';
import { showError } from '../../lib/notify';
import { canOverride, useSession } from '../../stores/session';

const REPORTS: readonly ReportName[] = ['complaints', 'callbacks', 'promises'];

/** The button that opens the report dialog for `request` (the dashboard's period, comparison and filters). */
export function ReportMenu({ request }: { request: AnalysisRequest }) {
  const { t } = useTranslation();
  const staff = useSession((s) => s.staff);
  const [open, setOpen] = useState(false);
  if (!canOverride(staff)) return null;
  return (
    <>
      <Button icon={<PrinterOutlined />} onClick={() => setOpen(true)} data-testid="report-open">
        {t('reports.button')}
      </Button>
      {open ? <ReportDialog request={request} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ReportDialog({ request, onClose }: { request: AnalysisRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const token = useSession((s) => s.token);
  const [report, setReport] = useState<ReportName>('complaints');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [job, setJob] = useState<JobSummary | null>(null);
  const [starting, setStarting] = useState(false);
  const jobId = useRef<string | null>(null);

  /** Reads the job again (its result and message); an answer never takes an ended job back to running. */
  const reread = useCallback((id: string) => {
    void callDesk('export.get', { jobId: id }).then((r) => {
      if (!r.ok) return;
      setJob((cur) =>
        cur && cur.id === id && !isJobActive(cur.state) && isJobActive(r.value.state) ? cur : r.value,
      );
    });
  }, []);

  useEffect(() => {
    const off = getDeskApi().subscribe((e) => {
      if (e.type !== 'progress' || e.jobId !== jobId.current) return;
      if (!isJobActive(e.state)) {
        reread(e.jobId);
        return;
      }
      setJob((cur) =>
        cur && cur.id === e.jobId
          ? { ...cur, state: e.state, progress: { ...cur.progress, done: e.done, total: e.total } }
          : cur,
      );
    });
    return off;
  }, [reread]);

  const active = job !== null && isJobActive(job.state);

  async function start() {
    setStarting(true);
    const r = await callDesk('report.start', { report, format, request, locale });
    setStarting(false);
    if (!r.ok) {
      showError(r.error);
      return;
    }
    jobId.current = r.value.id;
    setJob(r.value);
    reread(r.value.id); // events sent before this answer arrived were not yet this dialog's
  }

  async function cancel() {
    if (!job) return;
    const r = await callDesk('export.cancel', { jobId: job.id });
    if (!r.ok) showError(r.error);
    else setJob(r.value);
  }

  async function download() {
    const file = job?.result?.file;
    if (!job || !file) return;
    const r = await downloadJobFile(job.id, file.name, token, locale);
    if (!r.ok) showError(r.error);
  }

  const footer = active
    ? [
        <Button
          key="cancel"
          danger
          icon={<StopOutlined />}
          disabled={job.cancelRequested}
          onClick={() => void cancel()}
          data-testid="report-cancel"
        >
          {job.cancelRequested ? t('reports.cancelling') : t('reports.cancel')}
        </Button>,
      ]
    : [
        <Button key="close" onClick={onClose} data-testid="report-close">
          {t('reports.close')}
        </Button>,
        job?.state === 'done' ? (
          <Button
            key="download"
            type="primary"
            icon={<DownloadOutlined />}
            onClick={() => void download()}
            data-testid="report-download"
          >
            {t('reports.download')}
          </Button>
        ) : (
          <Button
            key="start"
            type="primary"
            icon={<FilePdfOutlined />}
            loading={starting}
            onClick={() => void start()}
            data-testid="report-start"
          >
            {t('reports.start')}
          </Button>
        ),
      ];

  const choose = () => {
    // A new choice starts a new report (the finished one's file stays listed in the desk's jobs).
    if (job && !isJobActive(job.state)) setJob(null);
  };

  return (
    <Modal
      open
      title={t('reports.title')}
      onCancel={active ? undefined : onClose}
      closable={!active}
      maskClosable={false}
      footer={footer}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="report-dialog">
        <div>
          <Typography.Text strong>{t('reports.which')}</Typography.Text>
          <Radio.Group
            value={report}
            disabled={active}
            onChange={(e) => {
              setReport(e.target.value as ReportName);
              choose();
            }}
            style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 4 }}
            data-testid="report-which"
          >
            {REPORTS.map((r) => (
              <Radio key={r} value={r}>
                {t(`reports.names.${r}`)}
              </Radio>
            ))}
          </Radio.Group>
        </div>
        <div>
          <Typography.Text strong>{t('reports.format')}</Typography.Text>
          <div>
            <Radio.Group
              value={format}
              disabled={active}
              onChange={(e) => {
                setFormat(e.target.value as ReportFormat);
                choose();
              }}
              data-testid="report-format"
            >
              <Radio value="pdf">{t('reports.pdfHint')}</Radio>
              <Radio value="xlsx">{t('reports.xlsxHint')}</Radio>
            </Radio.Group>
          </div>
        </div>
        <Typography.Text type="secondary">
          {t('reports.period', {
            from: request.period.fromDay,
            // The period's end is exclusive: the last day is the one before.
            to: dayjs(request.period.toDay).subtract(1, 'day').format('YYYY-MM-DD'),
          })}
        </Typography.Text>
        {job ? <ReportJobState job={job} /> : null}
      </Space>
    </Modal>
  );
}

function ReportJobState({ job }: { job: JobSummary }) {
  const { t } = useTranslation();
  const { done, total } = job.progress;
  if (isJobActive(job.state)) {
    const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    return (
      <div data-testid="report-running">
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary">
          {job.state === 'queued' || total === 0
            ? t('reports.queued')
            : t(
                `reports.phase.${job.progress.phase === 'pdf' || job.progress.phase === 'xlsx' ? 'file' : 'figures'}`,
              )}
        </Typography.Text>
      </div>
    );
  }
  if (job.state === 'done') {
    return (
      <Alert
        type="success"
        showIcon
        title={t('reports.done')}
        description={job.result?.file?.name}
        data-testid="report-result"
      />
    );
  }
  if (job.state === 'cancelled') {
    return <Alert type="info" showIcon title={t('reports.cancelled')} data-testid="report-result" />;
  }
  return (
    <Alert
      type="error"
      showIcon
      title={t('reports.failed')}
      description={job.error?.message}
      data-testid="report-result"
    />
  );
}
