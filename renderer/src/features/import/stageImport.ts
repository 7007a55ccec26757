/**
 * Stages a log file with the desk before a preview (browser mode:
 * `POST /api/import/files`, raw bytes, the name percent-encoded in
 * `x-loopdesk-name`), answered with its `fileId` (the sha256 of its bytes).
 * The file never crosses DeskApi as JSON (shared/contract/methods/import.ts).
 */
import type { StagedImportFile } from '../../../../shared/contract/methods/import';
import type { Result } from '../../../../shared/contract/result';
import type { Locale } from '../../../../shared/domain/kernel/locale';

const UNREACHABLE: Record<Locale, string> = {
  'zh-CN': '无法连接闭环服务台后台服务，文件未上传。请确认 Loopdesk 服务仍在运行，然后重试。',
  en: 'Cannot reach the Loopdesk desk service, so the file was not sent. Check that the Loopdesk service is still running, then try again.',
};

export async function stageImport(
  file: File,
  token: string | null,
  locale: Locale,
): Promise<Result<StagedImportFile>> {
  const failure: Result<never> = { ok: false, error: { code: 'internal', message: UNREACHABLE[locale] } };
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    accept: 'application/json',
    'accept-language': locale,
    'x-loopdesk-name': encodeURIComponent(file.name),
  };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await fetch('/api/import/files', { method: 'POST', headers, body: file, cache: 'no-store' });
    const body = (await res.json()) as Result<StagedImportFile>;
    return typeof body === 'object' && body !== null && 'ok' in body ? body : failure;
  } catch {
    return failure;
  }
}
