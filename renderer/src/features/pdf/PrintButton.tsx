/**
 * 打印 / Print PDF on the case page (issue 13 item 1; decision 0036):
 * supervisors and administrators only (the core refuses anyone else). Starts
 * the dossier's job (export.dossier) in the screen's language, follows it by
 * its progress events, and downloads the PDF once it is made.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { isJobActive } from '../../../../shared/contract/methods/jobs';
import { getDeskApi } from '../../bridge';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { showError } from '../../lib/notify';
import { canOverride, useSession } from '../../stores/session';
import { downloadJobFile } from '../../lib/jobFile';

export function PrintButton({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const staff = useSession((s) => s.staff);
  const token = useSession((s) => s.token);
  const locale = useLocale((s) => s.locale);
  const [busy, setBusy] = useState(false);
  const jobId = useRef<string | null>(null);

  useEffect(() => {
    const off = getDeskApi().subscribe((e) => {
      if (e.type !== 'progress' || e.jobId !== jobId.current || isJobActive(e.state)) return;
      jobId.current = null;
      void finish(e.jobId);
    });
    return off;
    // finish reads the latest token and locale through its closure on each event
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token, locale]);

  async function finish(id: string) {
    const r = await callDesk('job.list', {});
    setBusy(false);
    if (!r.ok) return showError(r.error);
    const job = r.value.find((j) => j.id === id);
    if (!job || job.state === 'cancelled') return;
    if (job.state !== 'done' || !job.result?.file) {
      showError({ message: job.error?.message ?? t('pdf.failed') });
      return;
    }
    const d = await downloadJobFile(job.id, job.result.file.name, token, locale);
    if (!d.ok) showError(d.error);
  }

  async function print() {
    setBusy(true);
    const r = await callDesk('export.dossier', { caseId: detail.id, locale });
    if (!r.ok) {
      setBusy(false);
      showError(r.error);
      return;
    }
    const id = r.value.id;
    jobId.current = id;
    // A job that ended before this answer arrived sent its last event already: look once.
    const l = await callDesk('job.list', {});
    const now = l.ok ? l.value.find((j) => j.id === id) : undefined;
    if (now && !isJobActive(now.state) && jobId.current === id) {
      jobId.current = null;
      await finish(id);
    }
  }

  if (!canOverride(staff)) return null;
  return (
    <Button icon={<PrinterOutlined />} loading={busy} onClick={() => void print()} data-testid="case-print">
      {t('pdf.print')}
    </Button>
  );
}
