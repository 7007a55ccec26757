/**
 * DeskApi methods for importing a hand-kept complaint log (issue 13 item 2;
 * docs/import.md, decision 0035). The file never crosses DeskApi as JSON:
 * the host stages its bytes first (browser mode: POST /api/import/files;
 * Electron: the `desk:import-stage` IPC) and the methods name it by its
 * `fileId` (the sha256 of its bytes).
 *
 * A preview is a job too (reading a 100,000-row workbook takes seconds): the
 * screen starts it, follows its progress, then reads the preview with
 * `import.get`. `import.start` writes the cases a preview would list, as a
 * job with progress and cancel; the same file again adds nothing.
 *
 * Built on the job summary (test/unit/layers.test.ts declares it).
 */
import { z } from 'zod';
import { IMPORT_FIELDS } from '../../domain/import/fields';
import { id, type MethodTable } from './common';
import { JobSummary } from './jobs';

export const ImportField = z.enum(IMPORT_FIELDS);
export const IMPORT_TAXONOMY_FIELDS = ['channel', 'category', 'severity'] as const;
export const ImportTaxonomyField = z.enum(IMPORT_TAXONOMY_FIELDS);

/** A staged file's id: the sha256 of its bytes, in lower-case hex. */
export const ImportFileId = z.string().regex(/^[0-9a-f]{64}$/);

/** What the host answers when it has staged a file. */
export const StagedImportFile = z.object({
  fileId: ImportFileId,
  name: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type StagedImportFile = z.infer<typeof StagedImportFile>;

const TEXT = z.string().max(200);

/** This run's mapping over the branch's remembered one: headers as the file writes them, values as the cells write them. */
export const ImportMappingUpdate = z
  .object({
    headers: z.record(TEXT, ImportField.nullable()).optional(),
    values: z.partialRecord(ImportTaxonomyField, z.record(TEXT, z.string().max(100))).optional(),
    defaults: z.partialRecord(ImportTaxonomyField, z.string().max(100)).optional(),
  })
  .strict();
export type ImportMappingUpdate = z.infer<typeof ImportMappingUpdate>;

/** The branch's remembered mapping (normalised header -> field or null; field -> normalised text -> value; defaults). */
export const ImportMapping = z
  .object({
    headers: z.record(z.string(), ImportField.nullable()),
    values: z.partialRecord(ImportTaxonomyField, z.record(z.string(), z.string())),
    defaults: z.partialRecord(ImportTaxonomyField, z.string()),
  })
  .strict();
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportRunInput = z
  .object({
    fileId: ImportFileId,
    /** The sheet to read (default: the one whose header names most fields). */
    sheet: z.string().max(200).optional(),
    mapping: ImportMappingUpdate.optional(),
  })
  .strict();
export type ImportRunInput = z.infer<typeof ImportRunInput>;

/** At most this many problems and sample rows travel in a preview; the counts say how many there are. */
export const IMPORT_PREVIEW_LIMITS = { problems: 1000, sample: 50 } as const;

export const ImportPreviewView = z.object({
  file: z.string(),
  kind: z.enum(['xlsx', 'xls', 'csv']),
  encoding: z.string().nullable(),
  sheets: z.array(z.string()),
  sheet: z.string(),
  /** As the spreadsheet numbers it (1-based). */
  headerRow: z.number().int(),
  columns: z.array(z.object({ column: z.number().int(), header: z.string(), field: ImportField.nullable() })),
  /** A field a second column also matched: the first column wins, this one is ignored. */
  duplicates: z.array(z.object({ field: ImportField, column: z.number().int(), header: z.string() })),
  /** Taxonomy fields with no column and no default: the screen asks for a default. */
  missingColumns: z.array(ImportTaxonomyField),
  /**
   * Required fields (投诉日期, 客户姓名) no column is read as: the header row is
   * the likeliest one, its rows are counted but not checked (`cases` 0), and
   * import.start refuses until the mapping names a column for each. Empty
   * (or absent, from an older desk) when every required field has a column.
   */
  missingRequired: z.array(ImportField).optional(),
  /** Data rows read (below the header row, blank rows left out). */
  rows: z.number().int(),
  /** Rows that would become cases … */
  cases: z.number().int(),
  /** … of which this many are on the desk already (an earlier import of the same rows). */
  already: z.number().int(),
  problemCount: z.number().int(),
  /** Rows with at least one problem (not imported). */
  problemRows: z.number().int(),
  /** The first problems, each said in the caller's language. */
  problems: z.array(
    z.object({
      row: z.number().int(),
      field: ImportField.nullable(),
      code: z.string(),
      message: z.string(),
    }),
  ),
  unknownValues: z.array(
    z.object({
      field: ImportField,
      text: z.string(),
      count: z.number().int(),
      firstRow: z.number().int(),
    }),
  ),
  /** The first cases as they would be written. */
  sample: z.array(
    z.object({
      row: z.number().int(),
      receivedAt: z.string(),
      customerName: z.string(),
      phone: z.string(),
      channel: z.string(),
      category: z.string(),
      status: z.enum(['new', 'in_progress', 'closed']),
      closedAt: z.string().nullable(),
    }),
  ),
});
export type ImportPreviewView = z.infer<typeof ImportPreviewView>;

export const ImportJobView = z.object({
  job: JobSummary,
  /** Filled once a preview (or the check before writing) has read the file. */
  preview: ImportPreviewView.nullable(),
});
export type ImportJobView = z.infer<typeof ImportJobView>;

/** Who may bring a log in: supervisors and administrators (the `case.imported` event is refused from anyone else, in the fold too). */
const IMPORTERS = ['supervisor', 'admin'] as const;

export const importMethods = {
  /** Read and check a staged file, write nothing: a job; its preview comes with `import.get`. */
  'import.preview': { input: ImportRunInput, output: JobSummary, auth: IMPORTERS },
  /**
   * Write the cases of a staged file (rows with a problem are left out), as a job;
   * `remember: true` keeps this run's mapping for the branch's next import.
   * The job's result counts: rows, cases, written, already, problemRows.
   */
  'import.start': {
    input: ImportRunInput.extend({ remember: z.boolean().default(true) }).strict(),
    output: JobSummary,
    auth: IMPORTERS,
  },
  'import.get': { input: z.object({ jobId: id }).strict(), output: ImportJobView, auth: IMPORTERS },
  'import.cancel': { input: z.object({ jobId: id }).strict(), output: JobSummary, auth: IMPORTERS },
  /** The branch's remembered mapping, for the mapping screen. */
  'import.mapping': { input: z.object({}).strict(), output: ImportMapping, auth: IMPORTERS },
} as const satisfies MethodTable;
