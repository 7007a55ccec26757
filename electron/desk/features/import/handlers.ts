/** import.* — previews and writes of a staged log as jobs (./service.ts; docs/import.md). */
import type { importMethods } from '../../../../shared/contract/methods/import';
import { err, ok } from '../../../../shared/contract/result';
import { actor, fail, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { jobMessage } from '../../kernel/jobMessages';
import { JobRunner } from '../../kernel/jobs';
import { fileErrorMessage } from './messages';
import { loadMapping } from './remember';
import { Imports } from './service';
import { previewView } from './view';

function servicesOf(ctx: HandlerContext): { imports: Imports; jobs: JobRunner } | null {
  const { imports, jobs } = ctx.services;
  return imports instanceof Imports && jobs instanceof JobRunner ? { imports, jobs } : null;
}

/** The import job `jobId`, or null (also for a job of another kind). */
function importJob(ctx: HandlerContext, jobId: string) {
  const s = servicesOf(ctx);
  const job = s?.jobs.get(jobId, ctx.locale);
  if (!s || !job || job.kind !== 'import') return null;
  return { s, job };
}

export const importHandlers: HandlersFor<typeof importMethods> = {
  'import.preview': (input, ctx) => {
    const s = servicesOf(ctx);
    if (!s) return fail(ctx, 'internal');
    return s.imports.preview(input, ctx.locale);
  },

  'import.start': (input, ctx) => {
    const s = servicesOf(ctx);
    if (!s) return fail(ctx, 'internal');
    const { remember, ...run } = input;
    return s.imports.start(run, actor(ctx).id, remember, ctx.locale);
  },

  'import.get': (input, ctx) => {
    const found = importJob(ctx, input.jobId);
    if (!found) return err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
    const rec = found.s.imports.record(input.jobId);
    const job = found.job;
    // A refused file: the job's error says why, naming the file, in the caller's language.
    const error =
      rec?.refused && job.error
        ? { ...job.error, message: fileErrorMessage(ctx.locale, rec.refused) }
        : job.error;
    return ok({
      job: { ...job, error },
      preview: rec?.preview ? previewView(rec.preview, rec.cases, rec.already, ctx.locale) : null,
    });
  },

  'import.cancel': (input, ctx) => {
    const found = importJob(ctx, input.jobId);
    return found
      ? found.s.jobs.cancel(input.jobId, ctx.locale)
      : err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
  },

  'import.mapping': (_input, ctx) => ok(loadMapping(ctx.desk.meta)),
};
