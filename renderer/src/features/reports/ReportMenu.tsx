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
import { useState } from 'react';
import { Button, Modal, Radio, Space, Typography } from 'antd';
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AnalysisRequest } from '../../../../shared/domain/analysis/report';
import type { ReportFormat, ReportName } from '../../../../shared/contract/methods/reports';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { jobDialogFooter } from '../../lib/jobDialogFooter';
import { JobState } from '../../lib/jobState';
import { useJobDialog } from '../../lib/useJobDialog';
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
  const [report, setReport] = useState<ReportName>('complaints');
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const dialog = useJobDialog();
  const { job, active } = dialog;

  const footer = jobDialogFooter({
    dialog,
    t,
    ns: 'reports',
    testId: 'report',
    startIcon: <FilePdfOutlined />,
    onStart: () => void dialog.start(() => callDesk('report.start', { report, format, request, locale })),
    onClose,
  });

  const choose = () => {
    // A new choice starts a new report (the finished one's file stays listed in the desk's jobs).
    dialog.reset();
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
        {job ? (
          <JobState
            job={job}
            ns="reports"
            testId="report"
            progressText={(j) =>
              t(
                `reports.phase.${j.progress.phase === 'pdf' || j.progress.phase === 'xlsx' ? 'file' : 'figures'}`,
              )
            }
            doneTitle={() => t('reports.done')}
          />
        ) : null}
      </Space>
    </Modal>
  );
}
