/**
 * The import's dry run (issue 13 item 2; the CLI's `import --dry-run`): reads
 * the file with the desk's taxonomy, customer levels, calendar zone and
 * remembered mapping from a database opened read-only. Composed here, beside
 * the desk's entry, because it reads what three features keep (cases,
 * settings, import) and a feature imports no other.
 */
import { analysisListsAt } from '../../shared/domain/settings/fold';
import * as cases from './features/cases';
import * as importing from './features/import';
import * as settings from './features/settings';
import { Meta } from './kernel/meta';
import { openReadOnly } from './maintenance';
import { deadlineSettings } from './projection';

/** What `previewImportFile` reads (issue 13 item 2; the CLI's `import --dry-run`). */
export interface ImportPreviewRequest {
  dataDir: string;
  file: string;
  sheet?: string;
  /** This run's headers, value resolutions and defaults, over the branch's remembered ones. */
  mapping?: importing.MappingUpdate;
  resourcesDir?: string;
  now?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A dry run of an import: the file read and checked, its rows mapped with the
 * desk's taxonomy and customer levels, the branch calendar's zone and the remembered mapping, and
 * every problem listed. Opens the database read-only: nothing is stored.
 * Throws ImportFileError for a file that cannot be imported at all.
 */
export async function previewImportFile(req: ImportPreviewRequest): Promise<importing.ImportPreview> {
  const { taxonomy } = cases.loadScriptResources(req.resourcesDir);
  const book = importing.readImportFile(req.file);
  const database = openReadOnly(req.dataDir);
  try {
    const now = req.now ?? Date.now();
    return await importing.previewImportAsync(book, {
      sheet: req.sheet,
      mapping: req.mapping,
      remembered: importing.loadMapping(new Meta(database)),
      taxonomy,
      // The levels the screen's preview matches a level column to (issue 14).
      customerLevels: analysisListsAt(settings.settingsBook(database), now).customerLevels,
      timeZone: deadlineSettings(database)(now).calendar.timeZone,
      now,
      signal: req.signal,
      onProgress: req.onProgress,
    });
  } finally {
    database.close();
  }
}
