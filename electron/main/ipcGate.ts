/**
 * The gate every file-carrying IPC handler passes first (evidence, job
 * files): the sender frame must show the app itself, and the call context
 * must be well-formed; and the copy to where the clerk chose. Unit-tested
 * without Electron.
 */
import { copyFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CallContext } from '../../shared/contract/api';
import { Locale } from '../../shared/contract/methods/common';
import { err, ok, type Result } from '../../shared/contract/result';
import { isTrustedSenderUrl } from './policy';

const Ctx = z.object({ session: z.string().max(512).nullable(), locale: Locale }).strict();

export const GATE_TEXT = {
  foreign: {
    'zh-CN': '拒绝访问：该请求不是来自 Loopdesk 窗口。',
    en: 'Access refused: this request did not come from the Loopdesk window.',
  },
  bad: {
    'zh-CN': '请求无效，未保存任何内容。请重启 Loopdesk 后重试。',
    en: 'The request was invalid, so nothing was saved. Restart Loopdesk and try again.',
  },
  saveFailed: {
    'zh-CN': '文件没有保存成功（目标位置无法写入）。请换一个位置再试。',
    en: 'The file could not be saved (the place chosen cannot be written). Choose another place and try again.',
  },
} as const;

/** The call context of a trusted sender, or the refusal to answer with. */
export function ipcGate(
  frameUrl: string | undefined,
  rawCtx: unknown,
  appOrigin: string,
): CallContext | Result<never> {
  const parsed = Ctx.safeParse(rawCtx);
  const locale = parsed.success ? parsed.data.locale : 'zh-CN';
  if (!isTrustedSenderUrl(frameUrl, appOrigin)) return err('forbidden', GATE_TEXT.foreign[locale]);
  if (!parsed.success) return err('invalid_input', GATE_TEXT.bad[locale]);
  return parsed.data;
}

/**
 * Asks where to save (`chooseTarget`, Electron's save dialog with `name`
 * suggested) and copies `source` there: `saved: false` when the clerk
 * cancelled, a clear error when the place cannot be written.
 */
export async function copyToChosen(
  source: string,
  name: string,
  chooseTarget: (suggestedName: string) => Promise<string | null>,
  locale: CallContext['locale'],
): Promise<Result<{ saved: boolean }>> {
  const target = await chooseTarget(name);
  if (target === null) return ok({ saved: false });
  try {
    await copyFile(source, target);
  } catch {
    return err('internal', GATE_TEXT.saveFailed[locale]);
  }
  return ok({ saved: true });
}
