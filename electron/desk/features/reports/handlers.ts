/** report.start — the three printed reports as jobs (./service.ts). */
import type { reportMethods } from '../../../../shared/contract/methods/reports';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { analysisListsNow } from '../../kernel/analysisLists';
import { settingsOf } from '../../kernel/deadlineSettings';
import { fail, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { Reports, type ReportFor } from './service';

function service(ctx: HandlerContext): Reports | null {
  const s = ctx.services.reports;
  return s instanceof Reports ? s : null;
}

/** The branch, its time zone and the staff names now, for a report in `locale`. */
function reportFor(ctx: HandlerContext, locale: Locale | undefined): ReportFor {
  const settings = settingsOf(ctx);
  return {
    callerLocale: ctx.locale,
    locale: locale ?? ctx.locale,
    branch: ctx.desk.identity()?.branchName ?? '',
    timeZone: settings ? settings(ctx.desk.now()).calendar.timeZone : 'Asia/Shanghai',
    staffNames: ctx.desk.directory.staffNames(),
    lists: analysisListsNow(ctx),
  };
}

export const reportHandlers: HandlersFor<typeof reportMethods> = {
  'report.start': (input, ctx) => {
    const s = service(ctx);
    if (!s) return fail(ctx, 'internal');
    return s.start(
      { report: input.report, format: input.format, request: input.request },
      reportFor(ctx, input.locale),
    );
  },
};
