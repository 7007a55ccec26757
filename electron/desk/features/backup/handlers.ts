/** backup.* — the backup settings, the last result, and a backup started now (service.ts). */
import type { backupMethods } from '../../../../shared/contract/methods/backup';
import { err, ok } from '../../../../shared/contract/result';
import { fail, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { jobMessage } from '../../kernel/jobMessages';
import { JobRunner } from '../../kernel/jobs';
import { messages } from './messages';
import { BackupService } from './service';

function backupOf(ctx: HandlerContext): BackupService | null {
  const b = ctx.services.backup;
  return b instanceof BackupService ? b : null;
}

export const backupHandlers: HandlersFor<typeof backupMethods> = {
  'backup.get': (_input, ctx) => {
    const b = backupOf(ctx);
    return b ? ok(b.view(ctx.locale)) : fail(ctx, 'internal');
  },

  'backup.configure': (input, ctx) => {
    const b = backupOf(ctx);
    return b ? b.configure(input, ctx.locale) : fail(ctx, 'internal');
  },

  'backup.start': (_input, ctx) => {
    const b = backupOf(ctx);
    return b ? b.submit(null, false, ctx.locale) : fail(ctx, 'internal');
  },

  'backup.cancel': (input, ctx) => {
    const jobs = ctx.services.jobs;
    if (!(jobs instanceof JobRunner)) return err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
    const job = jobs.get(input.jobId, ctx.locale);
    if (!job) return err('not_found', jobMessage(ctx.locale, 'jobNotFound'));
    if (job.kind !== 'backup') return err('forbidden', messages.msg(ctx.locale, 'backupNotAJob'));
    return jobs.cancel(input.jobId, ctx.locale);
  },
};
