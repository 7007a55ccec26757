/**
 * Evidence files between the renderer and the desk (issue 12): never as a
 * JSON body (DESIGN.md 4a). In browser mode the file goes up as raw bytes to
 * the host's `POST /api/evidence` and comes back from
 * `GET /api/evidence/<sha256>` as a download; in Electron the preload's
 * `window.deskFiles` hands the bytes to the main process (structured clone
 * over IPC), which stages them as a file, and saves a file where the clerk
 * chooses. Both end in the core's `case.evidence.add` / `.open`.
 */
import type { EvidenceView } from '../../../shared/contract/methods/evidence';
import type { StagedImportFile } from '../../../shared/contract/methods/import';
import type { Result } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';

export interface EvidenceAddInput {
  caseId: string;
  kind: EvidenceView['kind'];
  note: string;
  file: File;
}
export type EvidenceAdded = { evidence: EvidenceView; added: boolean };

/** What the Electron preload exposes as `window.deskFiles` (electron/preload/preload.ts). */
export interface DeskFilesBridge {
  add(input: {
    caseId: string;
    kind: string;
    note: string;
    name: string;
    bytes: Uint8Array;
  }): Promise<Result<EvidenceAdded>>;
  save(input: { caseId: string; sha256: string }): Promise<Result<{ saved: boolean }>>;
  /** A file a job made (an export, a PDF), saved where the clerk chooses (renderer/src/lib/jobFile.ts). */
  saveJobFile(input: { jobId: string }): Promise<Result<{ saved: boolean }>>;
  /** Issue 13: a log to import, staged by the core (../lib/importFile.ts). */
  stageImport(input: { name: string; bytes: Uint8Array }): Promise<Result<StagedImportFile>>;
}

declare global {
  interface Window {
    deskFiles?: DeskFilesBridge;
  }
}

const UNREACHABLE: Record<Locale, string> = {
  'zh-CN': '无法连接闭环服务台后台服务，文件未处理。请确认 Loopdesk 服务仍在运行，然后重试。',
  en: 'Cannot reach the Loopdesk desk service, so the file was not handled. Check that the Loopdesk service is still running, then try again.',
};

function failure(locale: Locale): Result<never> {
  return { ok: false, error: { code: 'internal', message: UNREACHABLE[locale] } };
}

async function resultOf<T>(res: Response, locale: Locale): Promise<Result<T>> {
  try {
    const body = (await res.json()) as Result<T>;
    if (typeof body === 'object' && body !== null && 'ok' in body) return body;
  } catch {
    // not JSON
  }
  return failure(locale);
}

export async function addEvidenceFile(
  input: EvidenceAddInput,
  token: string | null,
  locale: Locale,
): Promise<Result<EvidenceAdded>> {
  const bridge = typeof window !== 'undefined' ? window.deskFiles : undefined;
  if (bridge) {
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    return bridge.add({
      caseId: input.caseId,
      kind: input.kind,
      note: input.note,
      name: input.file.name,
      bytes,
    });
  }
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    accept: 'application/json',
    'accept-language': locale,
    'x-loopdesk-case': input.caseId,
    'x-loopdesk-name': encodeURIComponent(input.file.name),
    'x-loopdesk-kind': input.kind,
    'x-loopdesk-note': encodeURIComponent(input.note),
  };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await fetch('/api/evidence', {
      method: 'POST',
      headers,
      body: input.file,
      cache: 'no-store',
    });
    return await resultOf<EvidenceAdded>(res, locale);
  } catch {
    return failure(locale);
  }
}

/** Saves the file where the clerk chooses (Electron) or hands it to the browser as a download. */
export async function downloadEvidence(
  caseId: string,
  e: Pick<EvidenceView, 'sha256' | 'name'>,
  token: string | null,
  locale: Locale,
): Promise<Result<{ saved: boolean }>> {
  const bridge = typeof window !== 'undefined' ? window.deskFiles : undefined;
  if (bridge) return bridge.save({ caseId, sha256: e.sha256 });
  const headers: Record<string, string> = { 'accept-language': locale };
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api/evidence/${e.sha256}?case=${encodeURIComponent(caseId)}`, {
      headers,
      cache: 'no-store',
    });
  } catch {
    return failure(locale);
  }
  if (!res.ok) return resultOf(res, locale);
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = e.name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return { ok: true, value: { saved: true } };
}
