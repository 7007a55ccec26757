/**
 * The Electron shell's import staging IPC (issue 13 item 2; docs/import.md),
 * without Electron: the renderer hands the bytes of the log the supervisor
 * chose (a Uint8Array, structured-cloned — never a JSON body, never a path
 * the renderer names) and the core stages them by their sha256
 * (DeskCore.imports.stage: supervisor or admin, at most IMPORT_MAX_BYTES,
 * nothing kept otherwise). The answer is Result<StagedImportFile>. The sender
 * and the call context pass the shared gate first (./ipcGate.ts).
 * test/unit/importIpc.test.ts runs it in plain Node.
 */
import { z } from 'zod';
import type { StagedImportFile } from '../../shared/contract/methods/import';
import { err, type Result } from '../../shared/contract/result';
import type { DeskCore } from '../desk';
import { GATE_TEXT, ipcGate } from './ipcGate';
import { APP_ORIGIN } from './policy';

const StageArgs = z.object({ name: z.string().min(1).max(1000), bytes: z.instanceof(Uint8Array) }).strict();

/** 'desk:import-stage' — args: [{name, bytes}, ctx]. Never throws. */
export async function handleImportStage(
  desk: Pick<DeskCore, 'imports'>,
  frameUrl: string | undefined,
  args: readonly unknown[],
  appOrigin: string = APP_ORIGIN,
): Promise<Result<StagedImportFile>> {
  const ctx = ipcGate(frameUrl, args[1], appOrigin);
  if ('ok' in ctx) return ctx;
  const input = StageArgs.safeParse(args[0]);
  if (args.length !== 2 || !input.success) return err('invalid_input', GATE_TEXT.bad[ctx.locale]);
  try {
    // Past the limit the core refuses (`too_large`, naming the file) without keeping a byte.
    return await desk.imports.stage(input.data.name, input.data.bytes, ctx);
  } catch {
    return err('internal', GATE_TEXT.bad[ctx.locale]);
  }
}
