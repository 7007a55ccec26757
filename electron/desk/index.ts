/**
 * The desk core: one library that Electron's main process, the browser-mode
 * host, the CLI and the tests all drive through `call`.
 */
import type { CallContext } from '../../shared/contract/api';
import { DEFAULT_LOCALE } from '../../shared/domain/kernel/locale';
import { isFoldable } from '../../shared/domain/events';
import { openDatabase } from './db/open';
import * as analysis from './features/analysis';
import * as backup from './features/backup';
import * as cases from './features/cases';
import * as customers from './features/customers';
import * as drafts from './features/drafts';
import * as library from './features/library';
import * as volume from './features/volume';
import * as evidence from './features/evidence';
import * as importing from './features/import';
import * as exportsFeature from './features/exports';
import { ownFolder } from './kernel/ownFolder';
import * as maintenance from './features/maintenance';
import * as orders from './features/orders';
import * as pdf from './features/pdf';
import * as reports from './features/reports';
import * as rectification from './features/rectification';
import * as settings from './features/settings';
import * as staff from './features/staff';
import * as sync from './features/sync';
import * as work from './features/work';
import { Desk } from './kernel/desk';
import { createDispatcher } from './kernel/dispatcher';
import type { HandlerTable } from './kernel/handler';
import { JobRunner } from './kernel/jobs';
import { rebuildJob } from './kernel/rebuildJob';
import { ServiceHost } from './kernel/services';
import { DeadlineSettings } from './kernel/deadlineSettings';
import { DeskAnalysis } from './kernel/analysisPort';
import { AnalysisListsSource } from './kernel/analysisLists';
import { analysisListsAt } from '../../shared/domain/settings/fold';
import { startThread } from './kernel/threads';
import { deadlineSettings, projectors } from './projection';
import { deskExports } from './exportService';
import { workClock } from './kernel/deadlineSettings';
import { ExportStartInput } from '../../shared/contract/methods/exports';
import { err } from '../../shared/contract/result';
import { SyncEngine } from './sync/engine';
import { syncPortOf } from './syncPort';
import { deskPdf, pdfCaseSource, pdfDescriber } from './pdfCases';
import { reportOutputs } from './reportOutputs';
import { makePrivateDbFile, makePrivateDir } from './privateDir';
import { ContentStore } from './kernel/fileStore';
import path from 'node:path';
import type { DeskCore, DeskCoreOptions } from './coreTypes';

export { DatabaseTooNewError, MigrationError } from './db/errors';
export { ScriptLoadError } from './features/cases';
export { backupMessages, restoreDesk, type RestoreOutcome } from './features/backup';
export { OrderTemplatesLoadError } from './features/orders';
export type { AppendEventsResult } from './kernel/desk';
export type { SyncOptions } from './sync/engine';
export type { SecretSealer } from './sync/secretSealer';

import { counts, dbFile } from './maintenance';
export { counts, dbFile, eachEvent, hasDesk, openReadOnly, DB_FILE_NAME } from './maintenance';
export type { LoggedEvent, StoreCounts } from './maintenance';
export { defaultDataDir } from './paths';
export { isInsideFolder, isWritableFolder } from './kernel/folders';
export {
  checkAuditExport,
  verifyDesk,
  writeAuditExport,
  type AuditCheck,
  type DeskVerifyReport,
} from './features/audit';
export {
  IMPORT_MAX_BYTES,
  ImportFileError,
  MappingUpdateSchema,
  fileErrorMessage,
  rowProblemLine,
  type ImportPreview,
  type MappingUpdate,
} from './features/import';

// ---------------------------------------------------------------- composition
// Each feature brings its own tables; this is the one place that joins them
// (docs/adding-a-feature.md). The method table is joined likewise in
// shared/contract/api.ts and the event payloads in shared/domain/events.ts.

/** DeskApi method -> handler; the type checks every method has exactly one. */
const HANDLERS: HandlerTable = {
  ...staff.handlers,
  ...cases.handlers,
  ...sync.handlers,
  ...maintenance.handlers,
  ...settings.handlers,
  ...work.handlers,
  ...drafts.handlers,
  ...orders.handlers,
  ...library.handlers,
  ...evidence.handlers,
  ...customers.handlers,
  ...backup.handlers,
  ...exportsFeature.handlers,
  ...importing.handlers,
  ...pdf.handlers,
  ...reports.handlers,
  ...analysis.handlers,
  ...rectification.handlers, // issue 14
  ...volume.handlers,
};

const dispatch = createDispatcher(HANDLERS);

export type { DeskCore, DeskCoreOptions, DeskEvidence, DeskExports, DeskJobs } from './coreTypes';
export type { DeskPdf } from './pdfCases';
export { previewImportFile, type ImportPreviewRequest } from './previewImport';
export type { PdfPrinter } from './features/pdf';

/**
 * Opens (creating if needed) the desk in `dataDir`. Throws DatabaseTooNewError
 * when the data was written by a newer Loopdesk, ScriptLoadError when the
 * handling script or taxonomy is broken, and OrderTemplatesLoadError when the
 * repair shop's order templates are.
 */
export function openDesk(opts: DeskCoreOptions): DeskCore {
  const resources = {
    ...cases.loadScriptResources(opts.resourcesDir),
    orderTemplates: orders.loadOrderTemplatesFile(opts.resourcesDir ?? cases.defaultResourcesDir()),
  };
  makePrivateDir(opts.dataDir);
  const file = dbFile(opts.dataDir);
  makePrivateDbFile(file);
  const database = openDatabase(file);
  let desk: Desk;
  try {
    desk = new Desk(
      database,
      resources,
      opts.now ?? (() => Date.now()),
      opts.appVersion ?? '0.0.0-dev',
      projectors(),
      staff.directory,
    );
    // After an upgrade, one rebuild folds both the events this version newly
    // understands (stored raw by an older one) and rows written by another row
    // mapping (the columns, state or search text changed).
    const newlyKnown = desk.markNewlyKnownEvents(isFoldable);
    if (newlyKnown > 0 || desk.store.projectionsStale()) desk.store.rebuild();
  } catch (e) {
    database.close();
    throw e;
  }
  const syncOn = opts.sync !== false;
  const files = new ContentStore(path.join(opts.dataDir, 'evidence'));
  const engine = new SyncEngine(syncPortOf(desk, files), {
    ...(opts.sync === false ? { timers: false } : opts.sync),
    sealer: opts.secretSealer,
  });
  desk.onLocalAppend = () => engine.noteLocalAppend();
  const services = new ServiceHost();
  services.register({
    name: 'sync',
    start: () => (syncOn ? engine.start() : undefined),
    stop: () => engine.stop(),
    sweep: () => (syncOn ? engine.requestNow() : undefined),
  });
  const backups = new backup.BackupService(desk, {
    dataDir: opts.dataDir,
    timers: opts.backup?.timers ?? syncOn,
  });
  const jobs = new JobRunner({
    emit: (e) => desk.emit(e),
    now: desk.now,
    progressIntervalMs: opts.jobs?.progressIntervalMs,
    kinds: {
      rebuild: rebuildJob({
        file,
        spawn: (data) => startThread(import.meta.url, 'rebuildWorker', data),
        inThread: (chunk, hooks) => {
          desk.store.rebuild(chunk, hooks);
          return { ...counts(database) };
        },
        holdWrites: (held) => {
          desk.writesHeld = held;
        },
        // Writes (sync's too) were refused while the rebuild held the database: catch up now.
        afterwards: () => void services.sweepAll(),
        chunk: opts.jobs?.rebuildChunk,
        busyTimeoutMs: opts.jobs?.busyTimeoutMs,
      }),
      backup: backups.kind(),
      // Started with its parameters by export.start (features/exports/service.ts).
      export: {
        exclusive: true,
        busyKey: 'jobBusyExport',
        run: () => Promise.reject(new Error('an export needs its parameters (export.start)')),
      },
      // Started with its parameters by report.start (features/reports/service.ts); a report is
      // small (a few groupings and one page), so two may run side by side.
      report: {
        exclusive: false,
        busyKey: 'jobBusyExport',
        run: () => Promise.reject(new Error('a report needs its parameters (report.start)')),
      },
      // Started with its parameters by import.preview / import.start (features/import/service.ts).
      import: {
        exclusive: false,
        busyKey: 'jobBusyImport',
        run: () => Promise.reject(new Error('an import needs its parameters (import.start)')),
      },
    },
  });
  services.register(jobs);
  backups.attach(jobs);
  services.register(backups);
  const settingsAt = deadlineSettings(database);
  const listsAt = (ms: number) => analysisListsAt(settings.settingsBook(database), ms);
  // This desk's folder for the files its jobs make (another desk may have the data folder open too).
  const jobFiles = ownFolder(path.join(opts.dataDir, 'exports'));
  const exportFiles = deskExports(
    jobs,
    {
      file,
      dir: jobFiles.dir,
      script: resources.script,
      taxonomy: resources.taxonomy,
      timeZone: () => settingsAt(desk.now()).calendar.timeZone,
      lists: () => listsAt(desk.now()),
      clock: () => workClock(settingsAt, desk.now()),
      now: desk.now,
    },
    opts.exports,
  );
  services.register(work.scheduler(desk, settingsAt, opts.deadlines));
  const evidenceFiles = new evidence.EvidenceFiles(files, {
    enqueue: (sha256, size) => engine.enqueueStored(sha256, size),
    pending: (sha256) => engine.store.attachments.queued(sha256),
    fetch: (sha256, signal) => engine.fetchAttachment(sha256, signal),
  });
  services.register(
    new evidence.EvidenceFetcher(desk, evidenceFiles, {
      ...opts.evidence,
      timers: syncOn && opts.evidence?.timers !== false,
    }),
  );
  const pdfSource = pdfCaseSource(desk, () => workClock(settingsAt, desk.now()));
  const pdfFiles = new pdf.Pdfs(jobs, {
    dir: jobFiles.dir,
    kind: 'export',
    printer: () => opts.pdfPrinter ?? new pdf.ChromiumPrinter(),
    source: pdfSource,
    script: resources.script,
    taxonomy: resources.taxonomy,
    describer: pdfDescriber(resources.script, resources.taxonomy, () => listsAt(desk.now())),
    now: desk.now,
  });
  const imports = new importing.Imports(desk, jobs, {
    files: new importing.ImportFiles(path.join(opts.dataDir, 'imports')),
    settingsAt,
    customerLevelsAt: (ms) => listsAt(ms).customerLevels,
    chunk: opts.imports?.chunk,
    // Its own thread: SheetJS's read of a large workbook must not stall the desk's thread.
    spawn:
      opts.imports?.thread === false
        ? undefined
        : (data) => startThread(import.meta.url, 'importWorker', data),
  });
  // Issue 14: analysis.run and the reports, with the volume feature's business volume (features/volume).
  const analyses = new DeskAnalysis((req) =>
    analysis.runDeskAnalysis(desk, req, (period) => {
      const v = volume.volumeTotal(database, period);
      return v === null ? null : { unit: v.unit, value: v.value };
    }),
  );
  const reportFiles = new reports.Reports(jobs, {
    dir: jobFiles.dir,
    ...reportOutputs(
      desk,
      analyses,
      () => opts.pdfPrinter ?? new pdf.ChromiumPrinter(),
      (ms) => settingsAt(ms).calendar.timeZone,
    ),
    taxonomy: resources.taxonomy,
    now: desk.now,
  });
  // Handlers reach background services through the call context, not through the Desk.
  const handlerServices = {
    sync: engine,
    jobs,
    deadlines: new DeadlineSettings(settingsAt),
    analysisLists: new AnalysisListsSource(listsAt),
    evidence: evidenceFiles,
    backup: backups,
    exports: exportFiles,
    pdf: pdfFiles,
    imports,
    analysis: analyses,
    reports: reportFiles,
  };
  const call = (method: string, input: unknown, ctx: CallContext) =>
    dispatch(desk, method, input, ctx, handlerServices);
  void services.startAll();
  let closed = false;
  return {
    call,
    subscribe: (listener) => desk.subscribe(listener),
    sessionLive: (token) => {
      const s = desk.sessions.live(token);
      return s !== null && desk.directory.staffById(s.staffId)?.enabled === true;
    },
    rebuild: () => {
      desk.store.rebuild();
    },
    jobs: {
      start: (kind, locale = DEFAULT_LOCALE) => jobs.submit(kind, locale),
      list: (locale = DEFAULT_LOCALE) => jobs.list(locale),
      cancel: (jobId, locale = DEFAULT_LOCALE) => jobs.cancel(jobId, locale),
      whenSettled: (jobId, locale = DEFAULT_LOCALE) => jobs.whenSettled(jobId, locale),
      idle: () => jobs.idle(),
      backup: (folder, locale = DEFAULT_LOCALE) => backups.submit(folder, false, locale),
    },
    exports: {
      start: (input, locale = DEFAULT_LOCALE) => {
        const parsed = ExportStartInput.safeParse(input);
        if (!parsed.success)
          return err('invalid_input', parsed.error.issues.map((i) => i.message).join('; '));
        const p = parsed.data;
        return exportFiles.start(
          { format: p.format, filters: p.period ?? p.filters ?? {}, locale: p.locale ?? locale },
          locale,
        );
      },
      file: (fileId) => {
        // The PDFs are export jobs too (features/pdf), and the reports make files (kind 'report'):
        // one lookup for the host's file route.
        const f = exportFiles.file(fileId) ?? pdfFiles.file(fileId) ?? reportFiles.file(fileId);
        return f ? { path: f.path, name: f.name, bytes: f.bytes } : null;
      },
    },
    sweep: () => services.sweepAll(),
    appendEvents: (events) => desk.appendEvents(events),
    appendEventBatches: (batches, onBatch) => desk.appendEventBatches(batches, onBatch),
    syncNow: () => engine.runNow(),
    syncIdle: () => engine.whenIdle(),
    networkChanged: () => engine.networkChanged(),
    enqueueAttachment: (bytes) => engine.enqueueAttachment(bytes),
    evidence: {
      stage: () => evidenceFiles.stage(),
      discard: (id) => evidenceFiles.discard(id),
      localPath: (sha256) => evidenceFiles.localPath(sha256),
      served: (sha256, name) => evidenceFiles.served(sha256, name),
    },
    pdf: deskPdf(pdfFiles, pdfSource, () => ({
      branch: desk.identity()?.branchName ?? '',
      timeZone: settingsAt(desk.now()).calendar.timeZone,
      staffNames: desk.directory.staffNames(),
    })),
    imports: importing.deskImports(imports, call),
    recoverAdmin: (input, locale = DEFAULT_LOCALE) => staff.recoverAdmin(desk, input, locale),
    timeZone: () => settingsAt(desk.now()).calendar.timeZone,
    close: () => {
      if (closed) return;
      closed = true;
      void services.stopAll(); // every stop here is synchronous: all have stopped when this returns
      jobFiles.remove();
      desk.checker.close();
      desk.onLocalAppend = null;
      desk.sessions.clear();
      database.close();
    },
  };
}
