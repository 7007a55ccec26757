/** job.* — long jobs run by the desk core's job runner (electron/desk/kernel/jobs.ts). */
import type { jobMethods } from '../../../../shared/contract/methods/jobs';
import { err, ok } from '../../../../shared/contract/result';
import { fail, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { jobMessage } from '../../kernel/jobMessages';
import { JobRunner } from '../../kernel/jobs';

/** The desk's job runner (null for a desk opened without one). */
function jobsOf(ctx: HandlerContext): JobRunner | null {
  const jobs = ctx.services.jobs;
  return jobs instanceof JobRunner ? jobs : null;
}

export const jobHandlers: HandlersFor<typeof jobMethods> = {
  'job.start': (input, ctx) => {
    const jobs = jobsOf(ctx);
    return jobs ? jobs.submit(input.kind, ctx.locale) : fail(ctx, 'internal');
  },

  'job.list': (_input, ctx) => ok(jobsOf(ctx)?.list(ctx.locale) ?? []),

  'job.cancel': (input, ctx) => {
    const jobs = jobsOf(ctx);
    if (!jobs) return err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
    return jobs.cancel(input.jobId, ctx.locale);
  },
};
