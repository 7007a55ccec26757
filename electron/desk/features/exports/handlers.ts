/** export.* — exports of the case log as jobs (./service.ts). */
import type { exportMethods } from '../../../../shared/contract/methods/exports';
import type { ExportFilters } from '../../../../shared/contract/methods/exports';
import type { JobKind } from '../../../../shared/contract/methods/jobs';
import { err, ok } from '../../../../shared/contract/result';
import { fail, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { jobMessage } from '../../kernel/jobMessages';
import { JobRunner } from '../../kernel/jobs';
import { msg } from './messages';
import { Exports } from './service';

function servicesOf(ctx: HandlerContext): { exports: Exports; jobs: JobRunner } | null {
  const { exports, jobs } = ctx.services;
  return exports instanceof Exports && jobs instanceof JobRunner ? { exports, jobs } : null;
}

/** The kinds of job that make a file for the caller: exports (CSV, XLSX, PDF) and the reports (issue 14). */
const FILE_JOBS: readonly JobKind[] = ['export', 'report'];

/** The export or report job `jobId`, or not found (also for a job of another kind). */
function exportJob(ctx: HandlerContext, jobId: string) {
  const s = servicesOf(ctx);
  const job = s?.jobs.get(jobId, ctx.locale);
  if (!s || !job || !FILE_JOBS.includes(job.kind)) return null;
  return { s, job };
}

export const exportHandlers: HandlersFor<typeof exportMethods> = {
  'export.start': (input, ctx) => {
    const s = servicesOf(ctx);
    if (!s) return fail(ctx, 'internal');
    const filters: ExportFilters = input.period ? { ...input.period } : (input.filters ?? {});
    if (
      filters.from !== undefined &&
      filters.to !== undefined &&
      Date.parse(filters.from) > Date.parse(filters.to)
    ) {
      return invalidFields(ctx, { from: msg(ctx.locale, 'fromAfterTo') });
    }
    return s.exports.start({ format: input.format, filters, locale: input.locale ?? ctx.locale }, ctx.locale);
  },

  'export.get': (input, ctx) => {
    const found = exportJob(ctx, input.jobId);
    return found ? ok(found.job) : err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
  },

  'export.cancel': (input, ctx) => {
    const found = exportJob(ctx, input.jobId);
    return found
      ? found.s.jobs.cancel(input.jobId, ctx.locale)
      : err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
  },
};
