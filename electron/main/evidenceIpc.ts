/**
 * The Electron shell's evidence IPC (issue 12), without Electron: the
 * renderer hands the bytes of a file the clerk chose or dropped (a
 * Uint8Array, structured-cloned — never a JSON body, never a path the
 * renderer names), the main process stages them as a file and calls the
 * core's `case.evidence.add`; to save a file, the core's `case.evidence.open`
 * checks the session and fetches a missing file, the main process asks where
 * (a save dialog, injected) and copies it there. Both check the sender frame
 * like 'desk:call' (./policy.ts). test/unit/evidenceIpc.test.ts runs these
 * in plain Node.
 */
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { EvidenceView } from '../../shared/contract/methods/evidence';
import { err, type Result } from '../../shared/contract/result';
import { SYNC_LIMITS } from '../../shared/contract/sync';
import type { DeskCore } from '../desk';
import { copyToChosen, GATE_TEXT, ipcGate } from './ipcGate';
import { APP_ORIGIN } from './policy';

const AddArgs = z
  .object({
    caseId: z.string().max(64),
    kind: z.string().max(32),
    note: z.string().max(2000),
    name: z.string().max(1000),
    bytes: z.instanceof(Uint8Array),
  })
  .strict();
const SaveArgs = z
  .object({ caseId: z.string().max(64), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
  .strict();

const TEXT = {
  tooLarge: {
    'zh-CN': '文件太大，未保存。单个证据文件不能超过 20 MB：请压缩照片或截取录音后再添加。',
    en: 'The file is too large, so nothing was saved. One evidence file may be at most 20 MB: shrink the photo or cut the recording, then add it again.',
  },
  notServed: {
    'zh-CN': '这份证据的文件不是允许的类型（按文件内容判断），不能保存。请联系管理员。',
    en: 'The file of this evidence is not an accepted type (judged by its content), so it cannot be saved. Contact your administrator.',
  },
} as const;

/** 'evidence:add' — args: [input, ctx]. Never throws. */
export async function handleEvidenceAdd(
  desk: Pick<DeskCore, 'call' | 'evidence'>,
  frameUrl: string | undefined,
  args: readonly unknown[],
  appOrigin: string = APP_ORIGIN,
): Promise<Result<unknown>> {
  const ctx = ipcGate(frameUrl, args[1], appOrigin);
  if ('ok' in ctx) return ctx;
  const input = AddArgs.safeParse(args[0]);
  if (args.length !== 2 || !input.success) return err('invalid_input', GATE_TEXT.bad[ctx.locale]);
  const { bytes, ...rest } = input.data;
  if (bytes.byteLength > SYNC_LIMITS.attachmentBytes) return err('too_large', TEXT.tooLarge[ctx.locale]);
  const staged = desk.evidence.stage();
  try {
    await writeFile(staged.path, bytes, { flag: 'wx', mode: 0o600 });
    return await desk.call('case.evidence.add', { ...rest, upload: staged.id }, ctx);
  } finally {
    desk.evidence.discard(staged.id);
  }
}

/**
 * 'evidence:save' — args: [{caseId, sha256}, ctx]. `chooseTarget` asks the
 * clerk where (Electron's save dialog); null when they cancelled.
 */
export async function handleEvidenceSave(
  desk: Pick<DeskCore, 'call' | 'evidence'>,
  frameUrl: string | undefined,
  args: readonly unknown[],
  chooseTarget: (suggestedName: string) => Promise<string | null>,
  appOrigin: string = APP_ORIGIN,
): Promise<Result<{ saved: boolean }>> {
  const ctx = ipcGate(frameUrl, args[1], appOrigin);
  if ('ok' in ctx) return ctx;
  const input = SaveArgs.safeParse(args[0]);
  if (args.length !== 2 || !input.success) return err('invalid_input', GATE_TEXT.bad[ctx.locale]);
  const opened = await desk.call('case.evidence.open', input.data, ctx);
  if (!opened.ok) return opened;
  const view = opened.value as EvidenceView;
  // Re-read the type from the bytes: off the allow-list is not saved; the suggested name's extension is the detected type's.
  const served = desk.evidence.served(view.sha256, view.name);
  if (served === null) return err('invalid_input', TEXT.notServed[ctx.locale]);
  return copyToChosen(served.path, served.fileName, chooseTarget, ctx.locale);
}
