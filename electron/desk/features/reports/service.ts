/**
 * The reports service the handler reaches (`ctx.services.reports`): starts a
 * report job (kind 'report') on the desk's job runner, and keeps the file it
 * made until the job is dropped from the list or the desk closes.
 *
 * A job: the analysis (the same function analysis.run answers with), the
 * per-category grouping, the document
 * (./complaints.ts, ./followUps.ts), then the PDF (./html.ts through the PDF
 * feature's page and printer) or the XLSX (./sheets.ts through the exports
 * feature's writer). The desk composes those ports in
 * (electron/desk/reportOutputs.ts); a feature imports no other. Progress is
 * the step (1..4 of 4); a cancel stops between steps or kills the printer.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JobResult, JobSummary } from '../../../../shared/contract/methods/jobs';
import type { ReportFormat, ReportName } from '../../../../shared/contract/methods/reports';
import type { RectView } from '../../../../shared/contract/methods/rectification';
import type { AnalysisLists } from '../../../../shared/domain/settings/lists';
import { scopeWithin } from '../../../../shared/domain/rectification/effect';
import type { Result } from '../../../../shared/contract/result';
import type { GroupRow, Grouping } from '../../../../shared/domain/analysis/figures';
import type { AnalysisRequest, AnalysisResult } from '../../../../shared/domain/analysis/report';
import type { Taxonomy } from '../../../../shared/domain/cases/script';
import { offsetAt } from '../../../../shared/domain/deadlines/zone';
import { newId } from '../../../../shared/domain/kernel/ids';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { JobCancelled, type JobContext, type JobRunner } from '../../kernel/jobs';
import { complaintsReport } from './complaints';
import { callbacksReport, promisesReport } from './followUps';
import { reportPage, type ReportPage } from './html';
import { loadCharts } from './svg';
import { figuresByCategory } from './extras';
import { labelsFor, periodText, type RectLine, type ReportDoc, type ReportInput } from './model';
import { reportSheets, type Sheet } from './sheets';

/** A file a report job made. */
export interface MadeReport {
  path: string;
  name: string;
  bytes: number;
}

export interface ReportsOptions {
  /** Where files are made (<dataDir>/exports, with the other jobs' files). */
  dir: string;
  /** The analysis analysis.run answers (kernel/analysisPort.ts: the shared runAnalysis over the desk's facts). */
  analyze(req: AnalysisRequest): Promise<AnalysisResult>;
  /** Runs one more grouping on the same facts (the per-category figures, ./extras.ts). */
  group(g: Grouping): GroupRow[] | Promise<GroupRow[]>;
  /** Prints a page to a PDF at `out` (the PDF feature's page and printer); rejects with a JobFailure or the abort. */
  print(page: ReportPage, out: string, signal: AbortSignal): Promise<void>;
  /** Writes sheets to an XLSX at `out` (the exports feature's writer); answers its bytes. */
  writeWorkbook(
    out: string,
    sheets: readonly Sheet[],
    o: { locale: Locale; nowMs: number; signal: AbortSignal },
  ): Promise<number>;
  /** The rectification items opened before `asOfDay` with their effect as of it (the rectification feature). */
  rectifications?(asOfDay: string): readonly RectView[] | Promise<readonly RectView[]>;
  taxonomy: Taxonomy;
  now: () => number;
}

/** Who, where and when a report is made for (taken by the handler from the call). */
export interface ReportFor {
  callerLocale: Locale;
  locale: Locale;
  branch: string;
  timeZone: string;
  staffNames: ReadonlyMap<string, string>;
  /** The organisation's analysis lists in force (the names of regions, customer levels and failure points). */
  lists?: AnalysisLists;
}

export interface ReportParams {
  report: ReportName;
  format: ReportFormat;
  request: AnalysisRequest;
}

const FILE_PREFIX = 'report-';
const STEPS = 4;

const BUILDERS: Record<ReportName, (i: ReportInput) => ReportDoc> = {
  complaints: complaintsReport,
  callbacks: callbacksReport,
  promises: promisesReport,
};

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "YYYY-MM-DD HH:mm" in `timeZone`. */
export function wallTime(ms: number, timeZone: string): string {
  const d = new Date(ms + offsetAt(timeZone, ms));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A file name without characters a file system or a Content-Disposition would trip on. */
function safeName(s: string): string {
  let out = '';
  for (const ch of s) out += ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch;
  return out.slice(0, 100);
}

/** An item as the report shows it: its due instant as the branch's calendar day. */
function rectLine(x: RectView, timeZone: string): RectLine {
  const e = x.effect;
  return {
    scope: x.scope,
    defect: x.defect,
    measure: x.measure,
    ownerName: x.ownerName,
    dueDay: wallTime(Date.parse(x.dueAt), timeZone).slice(0, 10),
    state: x.state,
    effect: e
      ? {
          days: e.days,
          before: e.before.count,
          after: e.after.count,
          change: e.change,
          changeRate: e.changeRate,
        }
      : null,
  };
}

export class Reports {
  private readonly files = new Map<string, MadeReport>();

  constructor(
    private readonly jobs: JobRunner,
    private readonly o: ReportsOptions,
  ) {
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  }

  /** The document of a report and the cases it counts, from the analysis (the job's steps 1–3). */
  async document(
    p: ReportParams,
    f: ReportFor,
    ctx?: JobContext,
  ): Promise<{ doc: ReportDoc; cases: number }> {
    const step = (n: number, phase: string) => {
      if (ctx?.signal.aborted) throw new JobCancelled();
      ctx?.progress(n, STEPS, phase);
    };
    step(0, 'analysis');
    const analysis = await this.o.analyze(p.request);
    step(1, 'analysis');
    const byCategory =
      p.report === 'complaints' || analysis.totals.count === 0
        ? []
        : await figuresByCategory(this.o.group, p.request);
    const rectifications =
      p.report === 'complaints' && this.o.rectifications
        ? (await this.o.rectifications(p.request.period.toDay))
            .filter((x) => scopeWithin(x.scope, p.request.where))
            .map((x) => rectLine(x, f.timeZone))
        : undefined;
    step(2, 'build');
    const doc = BUILDERS[p.report]({
      ...(rectifications ? { rectifications } : {}),
      analysis,
      byCategory,
      locale: f.locale,
      branch: f.branch,
      printedAt: wallTime(this.o.now(), f.timeZone),
      labels: labelsFor(this.o.taxonomy, f.staffNames, f.locale, f.lists),
    });
    step(3, 'build');
    return { doc, cases: analysis.totals.count };
  }

  start(p: ReportParams, f: ReportFor): Result<JobSummary> {
    const fileId = newId();
    const out = path.join(this.o.dir, `${FILE_PREFIX}${fileId}.${p.format}`);
    return this.jobs.submit('report', f.callerLocale, {
      run: async (ctx): Promise<JobResult> => {
        const { doc, cases } = await this.document(p, f, ctx);
        ctx.progress(3, STEPS, p.format);
        try {
          if (p.format === 'pdf') {
            await loadCharts();
            await this.o.print(reportPage(doc), out, ctx.signal);
          } else
            await this.o.writeWorkbook(out, reportSheets(doc), {
              locale: f.locale,
              nowMs: this.o.now(),
              signal: ctx.signal,
            });
        } catch (e) {
          rmSync(out, { force: true });
          throw ctx.signal.aborted ? new JobCancelled() : e;
        }
        if (ctx.signal.aborted) {
          rmSync(out, { force: true });
          throw new JobCancelled();
        }
        ctx.progress(STEPS, STEPS, p.format);
        const bytes = statSync(out).size;
        const period = `${p.request.period.fromDay}_${periodText(p.request.period, 'en').slice(-10)}`;
        const name = safeName(`${doc.title}-${period}.${p.format}`);
        this.files.set(fileId, { path: out, name, bytes });
        return { counts: { cases }, file: { id: fileId, name, bytes } };
      },
      dispose: () => {
        this.files.delete(fileId);
        rmSync(out, { force: true });
      },
    });
  }

  /** A file a report job made and still lists, by its id (JobResult.file.id). */
  file(fileId: string): MadeReport | null {
    return this.files.get(fileId) ?? null;
  }
}
