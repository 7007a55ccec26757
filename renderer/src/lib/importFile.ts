/**
 * Staging a log to import (issue 13 item 2; docs/import.md): the file never
 * crosses DeskApi as JSON. In browser mode its bytes go up raw to the host's
 * `POST /api/import/files` (`x-loopdesk-name` percent-encoded, the session's
 * bearer token); in Electron the preload's `window.deskFiles.stageImport`
 * hands them to the main process (the `desk:import-stage` IPC). Either way
 * the answer is Result<StagedImportFile>: its `fileId` is what
 * import.preview and import.start take. An `unauthenticated` answer sends
 * the clerk back to sign-in, as callDesk does.
 */
import type { StagedImportFile } from '../../../shared/contract/methods/import';
import type { Result } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { useLocale } from '../i18n';
import { useSession } from '../stores/session';
import { showError } from './notify';

const UNREACHABLE: Record<Locale, string> = {
  'zh-CN': '无法连接闭环服务台后台服务，文件未上传。请确认 Loopdesk 服务仍在运行，然后重试。',
  en: 'Cannot reach the Loopdesk desk service, so the file was not uploaded. Check that the Loopdesk service is still running, then try again.',
};

async function overHttp(file: File, token: string | null, locale: Locale): Promise<Result<StagedImportFile>> {
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
    if (typeof body === 'object' && body !== null && 'ok' in body) return body;
  } catch {
    // unreachable, or not JSON
  }
  return { ok: false, error: { code: 'internal', message: UNREACHABLE[locale] } };
}

/** Stages `file` for import as the signed-in supervisor or admin. */
export async function stageImport(file: File): Promise<Result<StagedImportFile>> {
  const { token } = useSession.getState();
  const locale: Locale = useLocale.getState().locale === 'en' ? 'en' : 'zh-CN';
  const bridge = typeof window !== 'undefined' ? window.deskFiles : undefined;
  const r = bridge
    ? await bridge.stageImport({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })
    : await overHttp(file, token, locale);
  if (!r.ok && r.error.code === 'unauthenticated' && useSession.getState().phase === 'ready') {
    showError(r.error);
    useSession.getState().expire();
  }
  return r;
}
