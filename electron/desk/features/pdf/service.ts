/**
 * The PDF service the handlers reach (`ctx.services.pdf`): starts dossier
 * and listing jobs on the desk's job runner (kind 'export', so export.get,
 * export.cancel and the host's file route serve them like the CSV and XLSX
 * exports), and keeps the files they made until the job is dropped from the
 * list or the desk closes.
 *
 * It reads the cases through a source the desk composes from the cases
 * feature (electron/desk/pdfCases.ts; a feature imports no other): the
 * detail case.get answers and the pages case.list answers, so a dossier
 * shows what the case page shows and a listing what the list shows for the
 * same filters. Who may print is the dispatcher's business (export.*
 * methods: supervisors and administrators) or the CLI's (the data folder).
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  CaseDetail,
  CaseListPage,
  CaseListQuery,
  CaseSummary,
} from '../../../../shared/contract/methods/cases';
import type { JobKind, JobResult, JobSummary } from '../../../../shared/contract/methods/jobs';
import type { Result } from '../../../../shared/contract/result';
import type { HandlingScript, Taxonomy } from '../../../../shared/domain/cases/script';
import { newId } from '../../../../shared/domain/kernel/ids';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { JobFailure } from '../../kernel/jobMessages';
import { JobCancelled, type JobContext, type JobRunner } from '../../kernel/jobs';
import { pdfContext, type TimelineDescriber } from './context';
import { dossierPage } from './dossier';
import { pdfDocument, type PdfPage } from './html';
import { LISTING_LIMIT, listingPage, type ListingRow } from './listing';
import { PdfPrintError, type PdfPrinter } from './printer';
import { t } from './words';

/** A file a PDF job made. */
export interface MadePdf {
  path: string;
  name: string;
  bytes: number;
}

/** The list's filters without its paging. */
export type PdfFilters = Omit<CaseListQuery, 'cursor' | 'limit'>;

/** Where the documents' cases come from (composed by the desk from the cases feature). */
export interface PdfSource {
  /** The case's detail as case.get answers it, or null. */
  detail(caseId: string): CaseDetail | null;
  /** One page of the case list as case.list answers it (newest first), or null for a bad cursor. */
  list(query: CaseListQuery): CaseListPage | null;
}

export interface PdfOptions {
  /** Where files are made (<dataDir>/exports). */
  dir: string;
  /** The job kind the PDFs run as. */
  kind: JobKind;
  /** The printer (made when first needed). */
  printer: () => PdfPrinter;
  source: PdfSource;
  script: HandlingScript;
  taxonomy: Taxonomy;
  /** Each document's line for a timeline entry (the features' describers, composed by the desk). */
  describer: TimelineDescriber;
  now: () => number;
  /** Cases a page while a listing reads the list. */
  pageSize?: number;
}

/** Who, where and when a document is printed for (taken by the handler from the call). */
export interface PrintFor {
  /** The caller's language (for the job's messages). */
  callerLocale: Locale;
  /** The document's language. */
  locale: Locale;
  branch: string;
  timeZone: string;
  staffNames: ReadonlyMap<string, string>;
}

const FILE_PREFIX = 'pdf-';

/** A file name without characters a file system or a Content-Disposition would trip on. */
function safeName(s: string): string {
  let out = '';
  for (const ch of s) out += ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch;
  return out.slice(0, 80);
}

export class Pdfs {
  private readonly files = new Map<string, MadePdf>();
  private printerInstance: PdfPrinter | null = null;

  constructor(
    private readonly jobs: JobRunner,
    private readonly o: PdfOptions,
  ) {
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  }

  /** The dossier of `caseId` as a job, or null when there is no such case. */
  dossier(caseId: string, p: PrintFor): Result<JobSummary> | null {
    const d = this.o.source.detail(caseId);
    if (!d) return null;
    const name = `${t('caseWord', p.locale)}-${d.number}.pdf`;
    return this.submit(p, name, () =>
      Promise.resolve({
        page: dossierPage({
          detail: d,
          branch: p.branch,
          script: this.o.script,
          taxonomy: this.o.taxonomy,
          printedAt: new Date(this.o.now()).toISOString(),
          ctx: this.context(p),
        }),
        counts: { cases: 1 },
      }),
    );
  }

  /** Starts a listing of the cases `filters` find (the list's own query), newest first. */
  listing(filters: PdfFilters, selection: string, p: PrintFor): Result<JobSummary> {
    const stamp = new Date(this.o.now()).toISOString().slice(0, 10);
    const name = `${t('listingTitle', p.locale)}-${stamp}.pdf`;
    return this.submit(p, name, async (ctx) => {
      const rows: ListingRow[] = [];
      let cursor: string | undefined;
      let counted = 0;
      let capped = false;
      let more = false;
      const limit = this.o.pageSize ?? 200;
      for (;;) {
        if (ctx.signal.aborted) throw new JobCancelled();
        // One page at a time, letting the desk serve calls between pages.
        await new Promise((r) => setImmediate(r));
        const page = this.o.source.list({ ...filters, limit, ...(cursor ? { cursor } : {}) });
        if (!page) throw new JobFailure('internal', 'pdfPrintFailed', 'the case list refused its own cursor');
        if (cursor === undefined) {
          counted = page.total;
          capped = page.totalCapped;
        }
        rows.push(...page.items.map(row));
        ctx.progress(
          Math.min(rows.length, LISTING_LIMIT),
          Math.min(Math.max(counted, rows.length), LISTING_LIMIT),
          'read',
        );
        if (rows.length > LISTING_LIMIT) {
          more = true;
          break;
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const shown = rows.slice(0, LISTING_LIMIT);
      const page = listingPage({
        rows: shown,
        // Cut at the limit: the list's count, unless it stopped counting (then "more than" the lines shown).
        total: !more ? shown.length : capped ? shown.length : Math.max(counted, rows.length),
        totalAtLeast: more && capped,
        branch: p.branch,
        selection,
        taxonomy: this.o.taxonomy,
        printedAt: new Date(this.o.now()).toISOString(),
        ctx: this.context(p),
      });
      return { page, counts: { cases: shown.length } };
    });
  }

  /** The taxonomy the documents label with. */
  get taxonomy(): Taxonomy {
    return this.o.taxonomy;
  }

  /** A file a PDF job made and still lists, by its id (JobResult.file.id). */
  file(fileId: string): MadePdf | null {
    return this.files.get(fileId) ?? null;
  }

  private context(p: PrintFor) {
    return pdfContext({
      locale: p.locale,
      timeZone: p.timeZone,
      staffNames: p.staffNames,
      describer: this.o.describer,
    });
  }

  private printer(): PdfPrinter {
    this.printerInstance ??= this.o.printer();
    return this.printerInstance;
  }

  private submit(
    p: PrintFor,
    name: string,
    build: (ctx: JobContext) => Promise<{ page: PdfPage; counts: Record<string, number> }>,
  ): Result<JobSummary> {
    const fileId = newId();
    const out = path.join(this.o.dir, `${FILE_PREFIX}${fileId}.pdf`);
    return this.jobs.submit(this.o.kind, p.callerLocale, {
      run: async (ctx): Promise<JobResult> => {
        const { page, counts } = await build(ctx);
        if (ctx.signal.aborted) throw new JobCancelled();
        ctx.progress(0, 1, 'print');
        try {
          await this.printer().print(pdfDocument(page), out, ctx.signal);
        } catch (e) {
          rmSync(out, { force: true });
          if (ctx.signal.aborted) throw new JobCancelled();
          if (e instanceof PdfPrintError) {
            throw new JobFailure(
              e.kind === 'missing' ? 'unavailable' : 'internal',
              e.kind === 'missing' ? 'pdfPrinterMissing' : 'pdfPrintFailed',
              e.detail,
            );
          }
          throw e;
        }
        ctx.progress(1, 1, 'print');
        const bytes = statSync(out).size;
        const made = { path: out, name: safeName(name), bytes };
        this.files.set(fileId, made);
        return { counts, file: { id: fileId, name: made.name, bytes } };
      },
      dispose: () => {
        this.files.delete(fileId);
        rmSync(out, { force: true });
      },
    });
  }
}

function row(c: CaseSummary): ListingRow {
  return {
    number: c.number,
    receivedAt: c.receivedAt,
    customerName: c.customerName,
    customerPhone: c.customerPhone,
    channel: c.channel,
    category: c.category,
    severity: c.severity,
    status: c.status,
    owner: c.owner,
    ownerName: c.ownerName,
    closedAt: c.closedAt,
  };
}
