/**
 * The cases feature's queries as the PDF feature reads them (issue 13): the
 * detail case.get answers and the pages case.list answers (the same query,
 * so a listing finds exactly the cases the list shows for the same
 * filters), and a case's id by its number for the CLI. Composed here
 * because a feature imports no other.
 */
import { CaseListQuery } from '../../shared/contract/methods/cases';
import { err } from '../../shared/contract/result';
import { DEFAULT_LOCALE, type Locale } from '../../shared/domain/kernel/locale';
import { caseDetail, listCases } from './features/cases/queries';
import {
  selectionWords,
  timeFormatter,
  type PdfFilters,
  type Pdfs,
  type PdfSource,
  type PrintFor,
} from './features/pdf';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Result } from '../../shared/contract/result';
import { errorMessage } from './kernel/messages';
import type { Desk } from './kernel/desk';
import type { WorkClock } from './kernel/deadlineSettings';

export interface PdfCaseSource extends PdfSource {
  /** The id of the case numbered `number`, or null. */
  caseIdOfNumber(number: string): string | null;
}

export function pdfCaseSource(desk: Desk, clock: () => WorkClock): PdfCaseSource {
  return {
    detail: (caseId) => caseDetail(desk, caseId),
    list: (query) => {
      const page = listCases(desk, CaseListQuery.parse(query), clock());
      return page === 'bad_cursor' ? null : page;
    },
    caseIdOfNumber: (number) =>
      desk.d.first(desk.d.db.selectFrom('cases').select('id').where('number', '=', number))?.id ?? null,
  };
}

/**
 * PDFs for tools that hold no session (the CLI) and for the host's file
 * route: the same jobs as export.dossier and export.listing (issue 13).
 */
export interface DeskPdf {
  /** One case's dossier by its number; not_found when no case has it. */
  dossier(caseNumber: string, locale?: Locale): Result<JobSummary>;
  /** A listing of the cases `filters` find (the list's filters, `from`/`to` for a period). */
  listing(filters: PdfFilters, locale?: Locale): Result<JobSummary>;
  /** A file a PDF job made and still lists, by its JobResult.file id. */
  file(fileId: string): { path: string; name: string; bytes: number } | null;
}

/** DeskCore.pdf: the PDF jobs for the CLI (no session: the data folder is its authority). */
export function deskPdf(
  files: Pdfs,
  source: PdfCaseSource,
  place: () => Pick<PrintFor, 'branch' | 'timeZone' | 'staffNames'>,
): DeskPdf {
  const printFor = (locale: Locale): PrintFor => ({ ...place(), callerLocale: locale, locale });
  return {
    dossier: (caseNumber, locale = DEFAULT_LOCALE) => {
      const id = source.caseIdOfNumber(caseNumber);
      const r = id === null ? null : files.dossier(id, printFor(locale));
      return r ?? err('not_found', errorMessage(locale, 'not_found'));
    },
    listing: (filters, locale = DEFAULT_LOCALE) => {
      const p = printFor(locale);
      return files.listing(
        filters,
        selectionWords(filters, locale, files.taxonomy, timeFormatter(p.timeZone)),
        p,
      );
    },
    file: (fileId) => files.file(fileId),
  };
}
