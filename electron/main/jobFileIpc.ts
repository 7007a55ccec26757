/**
 * The Electron shell's save of a file a job made (an export, a PDF; issue
 * 13), without Electron. Browser mode downloads it from the host
 * (GET /api/jobs/<jobId>/file, electron/host/exports.ts); the desktop app has
 * no host, so the renderer asks the main process over 'job:file-save': the
 * core's `export.get` decides (session, supervisor or admin, a job of the
 * export feature), then the main process asks where (a save dialog,
 * injected) and copies the finished file there. The file never crosses IPC.
 * test/unit/jobFileIpc.test.ts runs this in plain Node.
 */
import { z } from 'zod';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import { err, type Result } from '../../shared/contract/result';
import type { DeskCore, DeskExports } from '../desk';
import { copyToChosen, GATE_TEXT, ipcGate } from './ipcGate';
import { APP_ORIGIN } from './policy';

const SaveArgs = z.object({ jobId: z.string().uuid() }).strict();

const GONE = {
  'zh-CN': '这个文件已不在本机（任务已被清理或 Loopdesk 已重启）。请重新导出后再保存。',
  en: 'This file is no longer on the desk (the job was cleared or Loopdesk restarted). Export it again, then save it.',
} as const;

/**
 * 'job:file-save' — args: [{jobId}, ctx]. `chooseTarget` asks the clerk
 * where (Electron's save dialog, the job's file name suggested); null when
 * they cancelled.
 */
export async function handleJobFileSave(
  desk: Pick<DeskCore, 'call'> & { exports: Pick<DeskExports, 'file'> },
  frameUrl: string | undefined,
  args: readonly unknown[],
  chooseTarget: (suggestedName: string) => Promise<string | null>,
  appOrigin: string = APP_ORIGIN,
): Promise<Result<{ saved: boolean }>> {
  const ctx = ipcGate(frameUrl, args[1], appOrigin);
  if ('ok' in ctx) return ctx;
  const input = SaveArgs.safeParse(args[0]);
  if (args.length !== 2 || !input.success) return err('invalid_input', GATE_TEXT.bad[ctx.locale]);
  const job = await desk.call('export.get', { jobId: input.data.jobId }, ctx);
  if (!job.ok) return job;
  const made = (job.value as JobSummary).result?.file;
  const file = made ? desk.exports.file(made.id) : null;
  if (!file) return err('not_found', GONE[ctx.locale]);
  return copyToChosen(file.path, file.name, chooseTarget, ctx.locale);
}
