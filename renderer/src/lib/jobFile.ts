/**
 * Fetches the file a job made (an export, a PDF) and hands it to the browser
 * as a download (browser mode: GET /api/jobs/<jobId>/file with the session's
 * bearer token; the file never crosses DeskApi as JSON). In the desktop app
 * the preload's `window.deskFiles.saveJobFile` asks the main process, which
 * asks where with a save dialog and copies the file (electron/main/jobFileIpc.ts).
 */
import type { Result } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';

const UNREACHABLE: Record<Locale, string> = {
  'zh-CN': '无法连接闭环服务台后台服务，文件未下载。请确认 Loopdesk 服务仍在运行，然后重试。',
  en: 'Cannot reach the Loopdesk desk service, so the file was not downloaded. Check that the Loopdesk service is still running, then try again.',
};

export async function downloadJobFile(
  jobId: string,
  name: string,
  token: string | null,
  locale: Locale,
): Promise<Result<{ saved: boolean }>> {
  const bridge = typeof window !== 'undefined' ? window.deskFiles : undefined;
  if (bridge) return bridge.saveJobFile({ jobId });
  const headers: Record<string, string> = { 'accept-language': locale };
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api/jobs/${encodeURIComponent(jobId)}/file`, { headers, cache: 'no-store' });
  } catch {
    return { ok: false, error: { code: 'internal', message: UNREACHABLE[locale] } };
  }
  if (!res.ok) {
    try {
      const body = (await res.json()) as Result<never>;
      if (typeof body === 'object' && body !== null && 'ok' in body) return body;
    } catch {
      // not JSON
    }
    return { ok: false, error: { code: 'internal', message: UNREACHABLE[locale] } };
  }
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return { ok: true, value: { saved: true } };
}
