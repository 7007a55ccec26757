/**
 * The import service the handlers reach (`ctx.services.imports`; issue 13
 * item 2): staged files (./staging.ts), and previews and writes as jobs of
 * kind 'import' on the desk's job runner. A job keeps its preview (or the
 * reason the file was refused) until the runner drops it, for `import.get`.
 *
 * Reading a file and checking its rows run on the desk's thread with a turn
 * of the event loop every 2,048 rows (./preview.ts); SheetJS's read of a
 * workbook is one synchronous call (about 10 s for 100,000 rows).
 */
import type { JobResult, JobSummary } from '../../../../shared/contract/methods/jobs';
import type { ImportMappingUpdate } from '../../../../shared/contract/methods/import';
import type { Result } from '../../../../shared/contract/result';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import type { Desk } from '../../kernel/desk';
import { JobFailure } from '../../kernel/jobMessages';
import { JobCancelled, type JobContext, type JobRunner } from '../../kernel/jobs';
import { NumbersHeldError } from '../../kernel/meta';
import { previewImportAsync, type ImportPreview } from './preview';
import { ImportFileError, readImportFile } from './read';
import { loadMapping, rememberMapping } from './remember';
import { ImportFiles } from './staging';
import { countAlready, writeCases, type ImportCounts } from './write';

export interface ImportRun {
  fileId: string;
  sheet?: string;
  mapping?: ImportMappingUpdate;
}

export interface ImportsOptions {
  files: ImportFiles;
  settingsAt: SettingsAt;
  /** Cases per transaction (tests: small, to see chunks). */
  chunk?: number;
}

/** What a job of kind 'import' leaves for `import.get`. */
export interface ImportJobRecord {
  preview: ImportPreview | null;
  /** How many of the preview's cases the desk held when it was read. */
  already: number;
  refused: ImportFileError | null;
}

const KEEP = 40;

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
    const rec: ImportJobRecord = { preview: null, already: 0, refused: null };
    const r = this.jobs.submit('import', locale, {
      run: (ctx) => this.run(run, rec, write, ctx),
    });
    if (r.ok) {
      this.records.set(r.value.id, rec);
      for (const id of [...this.records.keys()].slice(0, Math.max(0, this.records.size - KEEP))) {
        this.records.delete(id);
      }
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
    let preview: ImportPreview;
    try {
      ctx.progress(0, 0, 'read');
      const named = readImportFile(staged.path, undefined, staged.name);
      const now = this.desk.now();
      preview = await previewImportAsync(named, {
        sheet: run.sheet,
        mapping: run.mapping,
        remembered: loadMapping(this.desk.meta),
        taxonomy: this.desk.resources.taxonomy,
        timeZone: this.o.settingsAt(now).calendar.timeZone,
        now,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done, total, 'check'),
      });
    } catch (e) {
      if (ctx.signal.aborted) throw new JobCancelled();
      if (e instanceof ImportFileError) {
        rec.refused = e;
        throw new JobFailure('invalid_input', 'importFileRefused', `${e.problem}: ${staged.name}`);
      }
      throw e;
    }
    rec.preview = preview;
    rec.already = countAlready(this.desk, preview.cases);
    const problemRows = new Set(preview.problems.map((p) => p.row)).size;
    const counts: ImportCounts = {
      rows: preview.rows,
      cases: preview.cases.length,
      written: 0,
      already: rec.already,
      problemRows,
    };
    if (write === null) return { counts: { ...counts } };
    if (write.remember && run.mapping) rememberMapping(this.desk.meta, run.mapping);
    let out: Awaited<ReturnType<typeof writeCases>>;
    try {
      out = await writeCases(
        this.desk,
        preview.cases,
        write.actor,
        { file: staged.name, sheet: preview.sheet, sha256: run.fileId },
        {
          signal: ctx.signal,
          chunk: this.o.chunk,
          onProgress: (done, total) => ctx.progress(done, total, 'write'),
        },
      );
    } catch (e) {
      if (e instanceof NumbersHeldError) {
        throw new JobFailure('busy', 'importNumbersHeld', 'numbers held after a restore');
      }
      throw e;
    }
    const result = { counts: { ...counts, written: out.written, already: out.already } };
    if (out.cancelled) throw new JobCancelled(result);
    return result;
  }
}
