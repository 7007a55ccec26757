/**
 * DeskApi over HTTP + server-sent events, for browser mode and the e2e tests.
 * `call` never throws: transport failures become `internal` errors with a text
 * a clerk can act on.
 */
import {
  BACKGROUND_HEADER,
  type CallOptions,
  type DeskApi,
  type DeskEvent,
  type InputOf,
  type MethodName,
  type OutputOf,
} from '../../../shared/contract/api';
import type { Result } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';

const UNREACHABLE: Record<Locale, string> = {
  'zh-CN': '无法连接闭环服务台后台服务，操作未完成。请确认 Loopdesk 服务仍在运行，然后重试。',
  en: 'Cannot reach the Loopdesk desk service, so the action did not complete. Check that the Loopdesk service is still running, then try again.',
};

const BAD_ANSWER: Record<Locale, string> = {
  'zh-CN': '闭环服务台后台服务返回了无法识别的应答，操作可能未完成。请刷新页面后重试。',
  en: 'The Loopdesk desk service sent an answer that could not be read; the action may not have completed. Reload the page and try again.',
};

export interface HttpDeskOptions {
  /** Prefix of the API, default "/api". */
  base?: string;
  fetchImpl?: typeof fetch;
  eventSourceImpl?: typeof EventSource;
}

function isResult(v: unknown): v is Result<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  const r = v as { ok: unknown; value?: unknown; error?: unknown };
  if (r.ok === true) return 'value' in r;
  if (r.ok === false) {
    const e = r.error as { code?: unknown; message?: unknown } | undefined;
    return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
  }
  return false;
}

export function createHttpDesk(opts: HttpDeskOptions = {}): DeskApi {
  const base = opts.base ?? '/api';
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const ES = opts.eventSourceImpl ?? (typeof EventSource === 'undefined' ? undefined : EventSource);
  let token: string | null = null;
  let locale: Locale = 'zh-CN';
  const listeners = new Set<(e: DeskEvent) => void>();
  let source: EventSource | null = null;

  const internal = (message: string): Result<never> => ({ ok: false, error: { code: 'internal', message } });

  /** The stream needs a session (the host refuses it otherwise): open while someone is signed in and listening. */
  function openEvents(): void {
    if (source || !ES || token === null || listeners.size === 0) return;
    // EventSource cannot send headers: the token goes in the query (the host is on 127.0.0.1 only).
    source = new ES(`${base}/events?session=${encodeURIComponent(token)}`);
    source.onmessage = (msg: MessageEvent) => {
      let data: unknown;
      try {
        data = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string')
        return;
      for (const l of [...listeners]) {
        try {
          l(data as DeskEvent);
        } catch (e) {
          console.error('desk event listener failed', e);
        }
      }
    };
  }

  function closeEvents(): void {
    source?.close();
    source = null;
  }

  return {
    async call<M extends MethodName>(
      method: M,
      input: InputOf<M>,
      callOpts?: CallOptions,
    ): Promise<Result<OutputOf<M>>> {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Accept-Language': locale,
      };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (callOpts?.background === true) headers[BACKGROUND_HEADER] = '1';
      let res: Response;
      try {
        res = await doFetch(`${base}/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
          cache: 'no-store',
        });
      } catch {
        return internal(UNREACHABLE[locale]);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return internal(res.status >= 500 || res.status === 0 ? UNREACHABLE[locale] : BAD_ANSWER[locale]);
      }
      if (!isResult(body)) return internal(BAD_ANSWER[locale]);
      return body as Result<OutputOf<M>>;
    },
    subscribe(listener) {
      listeners.add(listener);
      openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) closeEvents();
      };
    },
    setSession(next) {
      if (next === token) return;
      token = next;
      // A new clerk gets a stream of their own; signed out, none.
      closeEvents();
      openEvents();
    },
    setLocale(next) {
      locale = next;
    },
  };
}
