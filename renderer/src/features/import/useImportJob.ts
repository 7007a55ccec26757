/**
 * Follows one import job of the desk core (a preview or a write): its
 * `progress` desk events while it runs, then `import.get` for its end (the
 * result, the preview, a message in the caller's language). Read again when
 * the language changes, since the core says problems in the caller's language.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportPreviewView } from '../../../../shared/contract/methods/import';
import { isJobActive, type JobSummary } from '../../../../shared/contract/methods/jobs';
import type { ApiError, Result } from '../../../../shared/contract/result';
import { getDeskApi } from '../../bridge';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';

export interface ImportJob {
  job: JobSummary | null;
  /** The preview of this job, once it has read the file. */
  preview: ImportPreviewView | null;
  /** The call that should have started or cancelled the job was refused. */
  failure: ApiError | null;
  active: boolean;
  start(call: () => Promise<Result<JobSummary>>): Promise<boolean>;
  cancel(): Promise<void>;
  reset(): void;
}

/** `onPreview`: called with each preview read (also when read again in another language). */
export function useImportJob(onPreview?: (preview: ImportPreviewView) => void): ImportJob {
  const locale = useLocale((s) => s.locale);
  const previewed = useRef(onPreview);
  useEffect(() => {
    previewed.current = onPreview;
  }, [onPreview]);
  const [job, setJob] = useState<JobSummary | null>(null);
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const jobId = useRef<string | null>(null);

  /** Reads the job again; an answer never takes an ended job back to running. */
  const reread = useCallback((id: string) => {
    void callDesk('import.get', { jobId: id }).then((r) => {
      if (jobId.current !== id) return;
      if (!r.ok) {
        setFailure(r.error);
        return;
      }
      const next = r.value.job;
      setJob((cur) =>
        cur && cur.id === id && !isJobActive(cur.state) && isJobActive(next.state) ? cur : next,
      );
      const p = r.value.preview;
      if (p) {
        setPreview(p);
        previewed.current?.(p);
      }
    });
  }, []);

  useEffect(() => {
    const off = getDeskApi().subscribe((e) => {
      if (e.type !== 'progress' || e.jobId !== jobId.current) return;
      if (!isJobActive(e.state)) {
        reread(e.jobId); // the end: result, preview and any message come from import.get
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

  // Messages come in the caller's language: read an ended job again when it changes.
  useEffect(() => {
    if (jobId.current) reread(jobId.current);
  }, [locale, reread]);

  const start = useCallback(
    async (call: () => Promise<Result<JobSummary>>) => {
      setFailure(null);
      const r = await call();
      if (!r.ok) {
        setFailure(r.error);
        return false;
      }
      jobId.current = r.value.id;
      setJob(r.value);
      setPreview(null);
      reread(r.value.id); // events sent before this answer arrived were not yet this job's
      return true;
    },
    [reread],
  );

  const cancel = useCallback(async () => {
    const id = jobId.current;
    if (!id) return;
    const r = await callDesk('import.cancel', { jobId: id });
    if (!r.ok) setFailure(r.error);
    else if (jobId.current === id) setJob((cur) => (cur && isJobActive(cur.state) ? r.value : cur));
  }, []);

  const reset = useCallback(() => {
    jobId.current = null;
    setJob(null);
    setPreview(null);
    setFailure(null);
  }, []);

  return { job, preview, failure, active: job !== null && isJobActive(job.state), start, cancel, reset };
}
