/**
 * The cases feature's queries as the PDF feature reads them (issue 13): the
 * detail case.get answers and the pages case.list answers (the same query,
 * so a listing finds exactly the cases the list shows for the same
 * filters), a case's id by its number for the CLI, and the timeline's
 * lines as the exports describe events. Composed here because a feature
 * imports no other.
 */
import { CaseListQuery, type TimelineEntry } from '../../shared/contract/methods/cases';
import type { HandlingScript, Taxonomy } from '../../shared/domain/cases/script';
import type { AnalysisLists } from '../../shared/domain/settings/lists';
import { describeEvent } from '../../shared/domain/describers';
import { CURRENT_EVENT_SCHEMA } from '../../shared/domain/kernel/envelope';
import { err } from '../../shared/contract/result';
import { DEFAULT_LOCALE, type Locale } from '../../shared/domain/kernel/locale';
import { caseDetail, listCases } from './features/cases/queries';
import { rowContext } from './features/exports';
import {
  selectionWords,
  timeFormatter,
  type DescribeFor,
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
 * The dossier's timeline lines: each event through its feature's describer
 * (describeEvent), in the same describe context an export's thread uses, so
 * the two say the same and a new event type needs no PDF code. The detail's
 * entries carry no schema; they are the desk's own log, read as this
 * version's schema.
 */
export function pdfDescriber(script: HandlingScript, taxonomy: Taxonomy, lists?: () => AnalysisLists) {
  return (c: DescribeFor) => {
    // nowMs/soonMs are the row builder's deadline state; no describer reads them.
    const ctx = rowContext({ ...c, script, taxonomy, lists: lists?.(), nowMs: 0, soonMs: 0 });
    return (e: TimelineEntry): string =>
      describeEvent({ type: e.type, schema: CURRENT_EVENT_SCHEMA, payload: e.payload }, ctx);
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
        selectionWords(filters, locale, files.taxonomy, timeFormatter(p.timeZone), {
          staffNames: p.staffNames,
        }),
        p,
      );
    },
    file: (fileId) => files.file(fileId),
  };
}
