/**
 * IPC channel names shared by the main process and the preload. Kept in its
 * own tiny module so the sandboxed preload bundle stays small.
 */
/** The only IPC channels the shell uses. Anything else is ignored by the main process. */
export const IPC_CHANNELS = {
  /** invoke(method, input, ctx) -> Result */
  call: 'desk:call',
  /** send() from the renderer: start forwarding DeskEvents to this window. */
  subscribe: 'desk:subscribe',
  /** send() from the renderer: stop forwarding DeskEvents to this window. */
  unsubscribe: 'desk:unsubscribe',
  /** main -> renderer: one DeskEvent. */
  event: 'desk:event',
  /** invoke({caseId, kind, note, name, bytes}, ctx) -> Result: a file added as evidence (./evidenceIpc.ts). */
  evidenceAdd: 'evidence:add',
  /** invoke({caseId, sha256}, ctx) -> Result<{saved}>: an evidence file saved where the clerk chooses. */
  evidenceSave: 'evidence:save',
  /** invoke({jobId}, ctx) -> Result<{saved}>: a file an export or PDF job made, saved where the clerk chooses (./jobFileIpc.ts). */
  jobFileSave: 'job:file-save',
  /** invoke({name, bytes}, ctx) -> Result<StagedImportFile>: a log staged for import (./importIpc.ts). */
  importStage: 'desk:import-stage',
} as const;
