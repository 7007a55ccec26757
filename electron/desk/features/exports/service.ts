/**
 * The exports service the handlers reach (`ctx.services.exports`): starts
 * export jobs on the desk's job runner with their parameters, and keeps the
 * files they made until the job is dropped from the list or the desk closes
 * (in the desk's own folder, kernel/ownFolder.ts: files left by a desk that
 * stopped abruptly are removed when a desk next opens the data folder).
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { JobSummary } from '../../../../shared/contract/methods/jobs';
import type { Result } from '../../../../shared/contract/result';
import { newId } from '../../../../shared/domain/kernel/ids';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { JobRunner } from '../../kernel/jobs';
import type { Worker } from 'node:worker_threads';
import { runExport, type ExportJobOptions, type ExportParams, type MadeFile } from './job';
import { exportOnThread, type ExportWorkerData } from './thread';

export interface ExportsOptions extends ExportJobOptions {
  now: () => number;
  /** Starts an export's thread (throws when it cannot); without it, exports run on the desk's thread. */
  spawn?: (data: ExportWorkerData) => Worker;
  log?: (line: string) => void;
  /** 2: a CSV export on its thread renders on a second one too (./lanes.ts); 1 by default. */
  lanes?: 1 | 2;
}

export class Exports {
  private readonly files = new Map<string, MadeFile>();

  constructor(
    private readonly jobs: JobRunner,
    private readonly o: ExportsOptions,
  ) {
    mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  }

  start(p: ExportParams, locale: Locale): Result<JobSummary> {
    const fileId = newId();
    return this.jobs.submit('export', locale, {
      run: async (ctx) => {
        const o = this.o;
        const nowMs = o.now();
        const onThread = o.spawn
          ? await exportOnThread(
              {
                file: o.file,
                dir: o.dir,
                fileId,
                nowMs,
                params: p,
                script: o.script,
                taxonomy: o.taxonomy,
                timeZone: o.timeZone(),
                lists: o.lists?.(),
                clock: o.clock(),
                pageSize: o.pageSize,
                sheetRows: o.sheetRows,
                lanes: o.lanes,
              },
              ctx,
              o.spawn,
              o.log ?? ((l) => console.warn(l)),
            )
          : null;
        const { result, file } = onThread ?? (await runExport(o, p, fileId, nowMs, ctx));
        this.files.set(fileId, file);
        return result;
      },
      dispose: () => {
        const f = this.files.get(fileId);
        this.files.delete(fileId);
        if (f) rmSync(f.path, { force: true });
      },
    });
  }

  /** A file an export job made and still lists, by its id (JobResult.file.id). */
  file(fileId: string): MadeFile | null {
    return this.files.get(fileId) ?? null;
  }
}
