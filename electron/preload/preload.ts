/**
 * The preload: exposes exactly one object, `window.desk`, that satisfies
 * DeskApi. Never exposes ipcRenderer or any Node/Electron object. Runs
 * sandboxed with context isolation; only 'electron' is required at runtime.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type {
  CallContext,
  CallOptions,
  DeskApi,
  DeskEvent,
  InputOf,
  MethodName,
  OutputOf,
} from '../../shared/contract/api';
import type { Result } from '../../shared/contract/result';
import { IPC_CHANNELS } from '../main/channels';

let session: string | null = null;
let locale: CallContext['locale'] = 'zh-CN';
const listeners = new Set<(event: DeskEvent) => void>();

const LOST = {
  'zh-CN': '与 Loopdesk 核心的连接中断，操作可能未完成。请重启 Loopdesk 后重试。',
  en: 'Lost the connection to the Loopdesk core; the action may not have completed. Restart Loopdesk and try again.',
} as const;

ipcRenderer.on(IPC_CHANNELS.event, (_event, payload: DeskEvent) => {
  for (const listener of [...listeners]) {
    try {
      listener(payload);
    } catch {
      // One failing listener must not stop the others.
    }
  }
});

const api = {
  async call<M extends MethodName>(
    method: M,
    input: InputOf<M>,
    opts?: CallOptions,
  ): Promise<Result<OutputOf<M>>> {
    const ctx: CallContext = { session, locale, ...(opts?.background === true ? { background: true } : {}) };
    try {
      return (await ipcRenderer.invoke(IPC_CHANNELS.call, method, input, ctx)) as Result<OutputOf<M>>;
    } catch {
      return { ok: false, error: { code: 'internal', message: LOST[locale] } };
    }
  },
  subscribe(listener: (event: DeskEvent) => void): () => void {
    listeners.add(listener);
    if (listeners.size === 1) ipcRenderer.send(IPC_CHANNELS.subscribe);
    return () => {
      if (listeners.delete(listener) && listeners.size === 0) ipcRenderer.send(IPC_CHANNELS.unsubscribe);
    };
  },
  setSession(token: string | null): void {
    session = typeof token === 'string' && token !== '' ? token : null;
  },
  setLocale(next: CallContext['locale']): void {
    locale = next === 'en' ? 'en' : 'zh-CN';
  },
} satisfies DeskApi;

/**
 * Evidence files (issue 12; renderer/src/bridge/evidenceFiles.ts): the bytes
 * of a chosen or dropped file go to the main process as a Uint8Array, which
 * stages them as a file for the core; a file is saved where the clerk chooses.
 * Issue 13: a log to import goes the same way (`stageImport`).
 */
const files = {
  async add(input: { caseId: string; kind: string; note: string; name: string; bytes: Uint8Array }) {
    try {
      return (await ipcRenderer.invoke(IPC_CHANNELS.evidenceAdd, input, {
        session,
        locale,
      })) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: LOST[locale] } } as Result<unknown>;
    }
  },
  /** Issue 13: a log to import, staged by the core (renderer/src/lib/importFile.ts). */
  async stageImport(input: { name: string; bytes: Uint8Array }) {
    try {
      return (await ipcRenderer.invoke(IPC_CHANNELS.importStage, input, {
        session,
        locale,
      })) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: LOST[locale] } } as Result<unknown>;
    }
  },
  async save(input: { caseId: string; sha256: string }) {
    try {
      return (await ipcRenderer.invoke(IPC_CHANNELS.evidenceSave, input, {
        session,
        locale,
      })) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: LOST[locale] } } as Result<unknown>;
    }
  },
  /** A file an export or PDF job made, saved where the clerk chooses (issue 13). */
  async saveJobFile(input: { jobId: string }) {
    try {
      return (await ipcRenderer.invoke(IPC_CHANNELS.jobFileSave, input, {
        session,
        locale,
      })) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'internal', message: LOST[locale] } } as Result<unknown>;
    }
  },
};

contextBridge.exposeInMainWorld('desk', api);
contextBridge.exposeInMainWorld('deskFiles', files);
