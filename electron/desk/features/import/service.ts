/**
 * The import service the handlers reach (`ctx.services.imports`; issue 13
 * item 2): staged files (./staging.ts), and previews and writes as jobs of
 * kind 'import' on the desk's job runner. A job keeps its preview (or the
 * reason the file was refused) until the runner drops it, for `import.get`.
 *
 * The file is read and its rows checked on a thread of its own (./thread.ts;
 * SheetJS reads a 100,000-row workbook in one synchronous call of several
 * seconds), or on the desk's thread with a turn of the event loop every
 * 2,048 rows when no thread starts. A write starts as soon as the check has
 * handed over a whole chunk of cases, so writing overlaps checking; only
 * rows without a problem are handed over.
 */
import type { JobResult, JobSummary } from '../../../../shared/contract/methods/jobs';
import { IMPORT_PREVIEW_LIMITS, type ImportMappingUpdate } from '../../../../shared/contract/methods/import';
import type { Result } from '../../../../shared/contract/result';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import type { Desk } from '../../kernel/desk';
import { JobFailure } from '../../kernel/jobMessages';
import { JobCancelled, type JobContext, type JobRunner } from '../../kernel/jobs';
import { NumbersHeldError } from '../../kernel/meta';
import { previewImportAsync, type ImportPreview } from './preview';
import type { ImportedCase } from '../../../../shared/domain/import/rows';
import type { ListEntry } from '../../../../shared/domain/import/values';
import type { Worker } from 'node:worker_threads';
import { ImportFileError, readImportFile } from './read';
import { loadMapping, rememberMapping } from './remember';
import { ImportFiles } from './staging';
import { checkOnThread, ThreadUnavailable, type ImportWorkerData, type ThreadHooks } from './thread';
import { CaseWriter, countAlready, type ImportCounts } from './write';

export interface ImportRun {
  fileId: string;
  sheet?: string;
  mapping?: ImportMappingUpdate;
}

export interface ImportsOptions {
  files: ImportFiles;
  settingsAt: SettingsAt;
  /** Issue 14: the organisation's customer levels in force at an instant (a level column is matched to them). */
  customerLevelsAt?: (atMs: number) => readonly ListEntry[];
  /** Cases per transaction (tests: small, to see chunks). */
  chunk?: number;
  /** Starts a check thread (./thread.ts); without it, or when it cannot start, the check runs here. */
  spawn?: (data: ImportWorkerData) => Worker;
}

/**
 * What a job of kind 'import' leaves for `import.get` until the runner drops
 * the job: the preview with every problem but only the first
 * IMPORT_PREVIEW_LIMITS.sample cases (a 100,000-case preview is about 100 MB;
 * the cases are written or shown as a sample, never kept), and their count.
 */
export interface ImportJobRecord {
  preview: ImportPreview | null;
  /** How many cases the preview found. */
  cases: number;
  /** How many of the preview's cases the desk held when it was read. */
  already: number;
  refused: ImportFileError | null;
}

export class Imports {
  private readonly records = new Map<string, ImportJobRecord>();

  constructor(
    private readonly desk: Desk,
    private readonly jobs: JobRunner,
    readonly o: ImportsOptions,
  ) {}

  get files(): ImportFiles {
    return this.o.files;
  }

  /** A preview of a staged file, as a job. */
  preview(run: ImportRun, locale: Locale): Result<JobSummary> {
    return this.submit(run, locale, null);
  }

  /** Writes the cases of a staged file as the actor, as a job; `remember` keeps this run's mapping. */
  start(run: ImportRun, actor: string, remember: boolean, locale: Locale): Result<JobSummary> {
    return this.submit(run, locale, { actor, remember });
  }

  /** What job `jobId` left (null for an unknown id or another kind). */
  record(jobId: string): ImportJobRecord | null {
    return this.records.get(jobId) ?? null;
  }

  private submit(
    run: ImportRun,
    locale: Locale,
    write: { actor: string; remember: boolean } | null,
  ): Result<JobSummary> {
    const rec: ImportJobRecord = { preview: null, cases: 0, already: 0, refused: null };
    let jobId: string | null = null;
    const r = this.jobs.submit('import', locale, {
      run: (ctx) => this.run(run, rec, write, ctx),
      // Kept as long as the runner lists the job.
      dispose: () => {
        if (jobId !== null) this.records.delete(jobId);
      },
    });
    if (r.ok) {
      jobId = r.value.id;
      this.records.set(jobId, rec);
    }
    return r;
  }

  private async run(
    run: ImportRun,
    rec: ImportJobRecord,
    write: { actor: string; remember: boolean } | null,
    ctx: JobContext,
  ): Promise<JobResult> {
    const staged = this.o.files.get(run.fileId);
    if (!staged) throw new JobFailure('not_found', 'importFileGone', `staged import ${run.fileId} is gone`);
    const now = this.desk.now();
    const data: ImportWorkerData = {
      path: staged.path,
      name: staged.name,
      sheet: run.sheet,
      mapping: run.mapping,
      remembered: loadMapping(this.desk.meta),
      taxonomy: this.desk.resources.taxonomy,
      customerLevels: this.o.customerLevelsAt?.(now) ?? [],
      timeZone: this.o.settingsAt(now).calendar.timeZone,
      now,
      branch: this.desk.identity()?.branchCode ?? null,
    };
    const src = { file: staged.name, sheet: '', sha256: run.fileId };
    const writer = write ? new CaseWriter(this.desk, write.actor, src, this.o.chunk) : null;
    // The check (on its thread when it can start) hands over the accepted cases as it goes;
    // the writer writes each whole chunk meanwhile, one transaction each.
    let checked = false;
    let wake: (() => void) | null = null;
    const poke = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };
    let total = 0;
    const hooks = {
      signal: ctx.signal,
      onProgress: (done: number, all: number, phase: 'read' | 'check') => {
        if (phase === 'check') total = all;
        if (!writer || writer.done === 0) ctx.progress(done, all, phase);
      },
      onCases: (cases: ImportedCase[]) => {
        writer?.add(cases);
        poke();
      },
      onSheet: (name: string) => {
        src.sheet = name;
      },
    };
    const checking = this.check(data, hooks).finally(() => {
      checked = true;
      poke();
    });
    checking.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
    let failure: unknown = null;
    if (writer) {
      try {
        for (;;) {
          if (ctx.signal.aborted) break;
          if (writer.ready(checked)) {
            writer.writeOne();
            ctx.progress(writer.done, Math.max(total, writer.done), 'write');
            await new Promise<void>((resolve) => setImmediate(resolve));
            continue;
          }
          if (checked) break;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } catch (e) {
        failure = e;
      }
    }
    let preview: ImportPreview | null = null;
    try {
      preview = await checking;
    } catch (e) {
      if (ctx.signal.aborted) failure ??= new JobCancelled();
      else if (e instanceof ImportFileError) {
        rec.refused = e;
        failure ??= new JobFailure('invalid_input', 'importFileRefused', `${e.problem}: ${e.file}`);
      } else failure ??= e;
    }
    // A required field without a column: the rows were not checked and nothing is written (the preview says which).
    if (write && preview && preview.missingRequired.length > 0 && failure === null) {
      rec.refused = new ImportFileError('required_unmapped', preview.file, {
        sheet: preview.sheet,
        fields: preview.missingRequired.join(','),
      });
      failure = new JobFailure('invalid_input', 'importFileRefused', `required_unmapped: ${preview.file}`);
    }
    const counts: ImportCounts = {
      rows: preview?.rows ?? 0,
      cases: preview?.cases.length ?? writer?.done ?? 0,
      written: writer?.written ?? 0,
      already: writer ? writer.already : preview ? countAlready(this.desk, preview.cases) : 0,
      problemRows: preview ? new Set(preview.problems.map((p) => p.row)).size : 0,
    };
    if (preview) {
      rec.preview = { ...preview, cases: preview.cases.slice(0, IMPORT_PREVIEW_LIMITS.sample) };
      rec.cases = preview.cases.length;
      rec.already = counts.already;
      if (write?.remember && run.mapping && rec.refused === null)
        rememberMapping(this.desk.meta, run.mapping);
    }
    const result = { counts: { ...counts } };
    if (failure instanceof NumbersHeldError) {
      throw new JobFailure('busy', 'importNumbersHeld', 'numbers held after a restore');
    }
    if (failure !== null && !(failure instanceof JobCancelled)) throw failure;
    if (failure !== null || ctx.signal.aborted) throw new JobCancelled(writer ? result : null);
    return result;
  }

  /** Reads and checks the staged file: on a thread of its own when one starts, else here. */
  private async check(data: ImportWorkerData, hooks: ThreadHooks): Promise<ImportPreview> {
    if (this.o.spawn) {
      try {
        return await checkOnThread(data, this.o.spawn, hooks);
      } catch (e) {
        if (!(e instanceof ThreadUnavailable)) throw e;
        console.warn(`[desk] import thread cannot start (${e.message}); checking here`);
      }
    }
    hooks.onProgress(0, 0, 'read');
    const book = readImportFile(data.path, undefined, data.name);
    return previewImportAsync(book, {
      sheet: data.sheet,
      mapping: data.mapping,
      remembered: data.remembered,
      taxonomy: data.taxonomy,
      customerLevels: data.customerLevels,
      timeZone: data.timeZone,
      now: data.now,
      signal: hooks.signal,
      onProgress: (done, total) => hooks.onProgress(done, total, 'check'),
      onCases: hooks.onCases,
      onSheet: hooks.onSheet,
    });
  }
}
