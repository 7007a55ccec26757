/**
 * The job a dialog runs and follows (the exports' and the reports' dialogs):
 * start it through the desk, follow its `progress` events (the end is read
 * again with export.get, for its result and message), cancel it with
 * export.cancel, and download its file (./jobFile.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isJobActive, type JobSummary } from '../../../shared/contract/methods/jobs';
import type { Result } from '../../../shared/contract/result';
import { getDeskApi } from '../bridge';
import { useLocale } from '../i18n';
import { useSession } from '../stores/session';
import { callDesk } from './desk';
import { downloadJobFile } from './jobFile';
import { showError } from './notify';

export interface JobDialog {
  job: JobSummary | null;
  starting: boolean;
  /** The job is queued or running: the dialog's choices are locked and only Cancel shows. */
  active: boolean;
  /** Starts the job `call` asks the desk for and follows it. */
  start: (call: () => Promise<Result<JobSummary>>) => Promise<void>;
  cancel: () => Promise<void>;
  download: () => Promise<void>;
  /** Forgets an ended job (a new choice starts a new one). */
  reset: () => void;
}

export function useJobDialog(): JobDialog {
  const locale = useLocale((s) => s.locale);
  const token = useSession((s) => s.token);
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
        reread(e.jobId); // the end: the result (file) and any message come from export.get
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

  async function start(call: () => Promise<Result<JobSummary>>) {
    setStarting(true);
    const r = await call();
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

  function reset() {
    if (job && !isJobActive(job.state)) setJob(null);
  }

  const active = job !== null && isJobActive(job.state);
  return { job, starting, active, start, cancel, download, reset };
}
