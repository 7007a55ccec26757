/** The import feature's entry: what the desk composes (electron/desk/index.ts) and the CLI reaches through it. */
export { IMPORT_MAX_BYTES, ImportFileError, readImportBytes, readImportFile, type RawBook } from './read';
export { previewImport, previewImportAsync, type ImportPreview, type PreviewOptions } from './preview';
export {
  EMPTY_MAPPING,
  loadMapping,
  mergeMapping,
  rememberMapping,
  MappingUpdateSchema,
  type MappingUpdate,
  type RememberedMapping,
} from './remember';
export { fileErrorMessage, rowProblemLine, rowProblemMessage } from './messages';
export { importHandlers as handlers } from './handlers';
export { Imports, type ImportJobRecord, type ImportRun } from './service';
export { ImportFiles, StagedTooLarge, cleanFileName } from './staging';
export { CHUNK_ROWS, type ImportCounts } from './write';
export { checkInWorker, type ImportWorkerData } from './thread';
export { deskImports, type DeskImports } from './facade';
