/** export.dossier and export.listing — PDFs as export jobs (./service.ts). */
import type { pdfMethods } from '../../../../shared/contract/methods/pdf';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { analysisListsNow } from '../../kernel/analysisLists';
import { settingsOf } from '../../kernel/deadlineSettings';
import {
  fail,
  failWithFrom,
  invalidFields,
  type HandlerContext,
  type HandlersFor,
} from '../../kernel/handler';
import { timeFormatter } from './context';
import { messages } from './messages';
import { selectionWords } from './selection';
import { Pdfs, type PdfFilters, type PrintFor } from './service';

const failWith = failWithFrom(messages);

function service(ctx: HandlerContext): Pdfs | null {
  const s = ctx.services.pdf;
  return s instanceof Pdfs ? s : null;
}

/** The branch, its time zone and the staff names now, for a document in `locale`. */
export function printFor(ctx: HandlerContext, locale: Locale | undefined): PrintFor {
  const settings = settingsOf(ctx);
  return {
    callerLocale: ctx.locale,
    locale: locale ?? ctx.locale,
    branch: ctx.desk.identity()?.branchName ?? '',
    timeZone: settings ? settings(ctx.desk.now()).calendar.timeZone : 'Asia/Shanghai',
    staffNames: ctx.desk.directory.staffNames(),
  };
}

export const pdfHandlers: HandlersFor<typeof pdfMethods> = {
  'export.dossier': (input, ctx) => {
    const s = service(ctx);
    if (!s) return fail(ctx, 'internal');
    return (
      s.dossier(input.caseId, printFor(ctx, input.locale)) ?? failWith(ctx, 'not_found', 'pdfCaseNotFound')
    );
  },

  'export.listing': (input, ctx) => {
    const s = service(ctx);
    if (!s) return fail(ctx, 'internal');
    const filters: PdfFilters = input.period ? { ...input.period } : (input.filters ?? {});
    if (
      filters.from !== undefined &&
      filters.to !== undefined &&
      Date.parse(filters.from) > Date.parse(filters.to)
    ) {
      return invalidFields(ctx, { from: messages.msg(ctx.locale, 'pdfFromAfterTo') });
    }
    const p = printFor(ctx, input.locale);
    const selection = selectionWords(filters, p.locale, s.taxonomy, timeFormatter(p.timeZone), {
      staffNames: p.staffNames,
      lists: analysisListsNow(ctx),
    });
    return s.listing(filters, selection, p);
  },
};
