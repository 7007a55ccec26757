/** job.* — long jobs run by the desk core's job runner (electron/desk/kernel/jobs.ts). */
import { err, ok } from '../../../../shared/contract/result';
import { fail, type HandlerTable } from '../../kernel/handler';
import { jobMessage } from '../../kernel/jobMessages';

export const jobHandlers: Pick<HandlerTable, 'job.start' | 'job.list' | 'job.cancel'> = {
  'job.start': (input, ctx) => {
    const jobs = ctx.desk.jobs;
    return jobs ? jobs.submit(input.kind, ctx.locale) : fail(ctx, 'internal');
  },

  'job.list': (_input, ctx) => ok(ctx.desk.jobs?.list(ctx.locale) ?? []),

  'job.cancel': (input, ctx) => {
    const jobs = ctx.desk.jobs;
    if (!jobs) return err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
    return jobs.cancel(input.jobId, ctx.locale);
  },
};
