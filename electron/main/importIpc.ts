/**
 * The Electron shell's import staging IPC (issue 13 item 2; docs/import.md),
 * without Electron: the renderer hands the bytes of the log the supervisor
 * chose (a Uint8Array, structured-cloned — never a JSON body, never a path
 * the renderer names) and the core stages them by their sha256
 * (DeskCore.imports.stage: supervisor or admin, at most IMPORT_MAX_BYTES,
 * nothing kept otherwise). The answer is Result<StagedImportFile>. The sender
 * frame is checked like 'desk:call' (./policy.ts). test/unit/importIpc.test.ts
 * runs it in plain Node.
 */
import { z } from 'zod';
import type { CallContext } from '../../shared/contract/api';
import { Locale } from '../../shared/contract/methods/common';
import type { StagedImportFile } from '../../shared/contract/methods/import';
import { err, type Result } from '../../shared/contract/result';
import type { DeskCore } from '../desk';
import { APP_ORIGIN, isTrustedSenderUrl } from './policy';

const Ctx = z.object({ session: z.string().max(512).nullable(), locale: Locale }).strict();
const StageArgs = z.object({ name: z.string().min(1).max(1000), bytes: z.instanceof(Uint8Array) }).strict();

const TEXT = {
  foreign: {
    'zh-CN': '拒绝访问：该请求不是来自 Loopdesk 窗口。',
    en: 'Access refused: this request did not come from the Loopdesk window.',
  },
  bad: {
    'zh-CN': '请求无效，未保存任何内容。请重启 Loopdesk 后重试。',
    en: 'The request was invalid, so nothing was saved. Restart Loopdesk and try again.',
  },
} as const;

/** 'import:stage' — args: [{name, bytes}, ctx]. Never throws. */
export async function handleImportStage(
  desk: Pick<DeskCore, 'imports'>,
  frameUrl: string | undefined,
  args: readonly unknown[],
  appOrigin: string = APP_ORIGIN,
): Promise<Result<StagedImportFile>> {
  const parsed = Ctx.safeParse(args[1]);
  const locale = parsed.success ? parsed.data.locale : 'zh-CN';
  if (!isTrustedSenderUrl(frameUrl, appOrigin)) return err('forbidden', TEXT.foreign[locale]);
  const input = StageArgs.safeParse(args[0]);
  if (!parsed.success || args.length !== 2 || !input.success) return err('invalid_input', TEXT.bad[locale]);
  const ctx: CallContext = parsed.data;
  try {
    // Past the limit the core refuses (`too_large`, naming the file) without keeping a byte.
    return await desk.imports.stage(input.data.name, input.data.bytes, ctx);
  } catch {
    return err('internal', TEXT.bad[locale]);
  }
}
