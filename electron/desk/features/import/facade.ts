/**
 * The import feature as the shells and the CLI reach it (DeskCore.imports;
 * issue 13, docs/import.md): staging a file for a supervisor or admin whose
 * session the call context holds, and a finished job's whole preview for the
 * CLI's report.
 */
import type { CallContext } from '../../../../shared/contract/api';
import type { StagedImportFile } from '../../../../shared/contract/methods/import';
import { err, ok, type Result } from '../../../../shared/contract/result';
import { fileErrorMessage } from './messages';
import type { ImportPreview } from './preview';
import { IMPORT_MAX_BYTES, ImportFileError } from './read';
import type { Imports } from './service';
import { StagedTooLarge, cleanFileName } from './staging';

/**
 * Import files for the shells and the CLI: `stage` keeps the bytes of a log
 * a supervisor or admin chose (the session is checked first; past
 * IMPORT_MAX_BYTES `too_large`, nothing kept), by their sha256, for
 * import.preview and import.start. `stageFile` does the same for a file on
 * disk (the CLI, which holds its own session). `preview` gives a finished
 * import job's preview with every problem (its `cases` only the first few;
 * `cases` counts them), for the CLI's report.
 */
export interface DeskImports {
  stage(name: string, bytes: Uint8Array, ctx: CallContext): Promise<Result<StagedImportFile>>;
  stageFile(file: string, ctx: CallContext): Promise<Result<StagedImportFile>>;
  preview(jobId: string): { preview: ImportPreview; cases: number } | null;
}

type Call = (method: string, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export function deskImports(imports: Imports, call: Call): DeskImports {
  /** Stages a file for a supervisor or admin whose session `ctx` holds. */
  const staged = async (
    ctx: CallContext,
    name: string,
    stage: () => StagedImportFile,
  ): Promise<Result<StagedImportFile>> => {
    // import.mapping has the import methods' auth (supervisor, admin): the same check, no new rule.
    const allowed = await call('import.mapping', {}, ctx);
    if (!allowed.ok) return allowed;
    try {
      return ok(stage());
    } catch (e) {
      if (e instanceof StagedTooLarge) {
        const mb = Math.ceil(e.bytes / 1048576);
        const maxMb = Math.floor(IMPORT_MAX_BYTES / 1048576);
        const refused = new ImportFileError('too_large', cleanFileName(name), { mb, maxMb });
        return err('too_large', fileErrorMessage(ctx.locale, refused));
      }
      throw e;
    }
  };
  return {
    stage: (name, bytes, ctx) => staged(ctx, name, () => imports.files.stage(name, bytes)),
    stageFile: (f, ctx) => staged(ctx, f, () => imports.files.stageFile(f)),
    preview: (jobId) => {
      const rec = imports.record(jobId);
      return rec?.preview ? { preview: rec.preview, cases: rec.cases } : null;
    },
  };
}
