/**
 * Pure security policy of the Electron shell (the browser-mode host has its own
 * in electron/host/policy.ts; both send the CSP of shared/contract/security.ts).
 *
 * No Electron, Node or DOM imports here (zod and the shared contract only): test/unit/security.test.ts exercises these
 * functions in plain Node. URLs are always parsed with `new URL` and compared
 * by their parsed parts; never by string matching.
 */

import { z } from 'zod';
import { Locale } from '../../shared/contract/methods/common';
import { isMethodName, type CallContext } from '../../shared/contract/api';
import { err, type Result } from '../../shared/contract/result';
import type { WebPreferences } from 'electron';
import type { DeskCore } from '../desk';

/**
 * webPreferences for every window. Never relax these. DevTools are off in a
 * packaged build (and when the caller does not say), on only for `npm start`.
 */
export function secureWebPreferences(
  preloadPath: string,
  { packaged }: { packaged: boolean } = { packaged: true },
): WebPreferences {
  return {
    devTools: !packaged,
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Custom scheme and host the Electron shell serves the renderer from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'loopdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Hostnames `openExternalSafely` may open in the system browser. Exact matches
 * only: a subdomain of an allowed host is NOT allowed unless listed itself.
 */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = [];

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` may be handed to the operating system's browser: an https URL
 * without credentials, on the default port, whose hostname is exactly one of
 * `allowList` (compared after URL parsing, case-insensitively).
 */
export function isAllowedExternalUrl(
  url: string,
  allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST,
): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  const u = parse(url);
  if (!u) return false;
  if (u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  if (u.port !== '') return false;
  const host = u.hostname.toLowerCase();
  if (host === '') return false;
  return allowList.some((allowed) => allowed.toLowerCase() === host);
}

/**
 * The origin of a URL in the form `scheme://host[:port]`, or null when it has
 * none. Unlike `URL.origin`, this also works for custom schemes such as app://
 * (for which WHATWG URL reports the opaque origin "null").
 */
export function originOf(url: string): string | null {
  const u = parse(url);
  if (!u) return null;
  if (u.host === '') return null;
  if (u.username !== '' || u.password !== '') return null;
  return `${u.protocol}//${u.host.toLowerCase()}`;
}

/** True when `target` is on `appOrigin` (same scheme, host and port). */
export function isSameAppOrigin(target: string, appOrigin: string = APP_ORIGIN): boolean {
  const t = originOf(target);
  const a = originOf(appOrigin);
  return t !== null && a !== null && t === a;
}

/** `will-navigate` policy: navigation is allowed only within the app's own origin. */
export function isNavigationAllowed(target: string, appOrigin: string = APP_ORIGIN): boolean {
  return isSameAppOrigin(target, appOrigin);
}

/**
 * IPC policy: a message is accepted only from a frame showing the app itself.
 * An empty/unknown frame URL (e.g. a destroyed frame) is refused.
 */
export function isTrustedSenderUrl(
  senderUrl: string | undefined | null,
  appOrigin: string = APP_ORIGIN,
): boolean {
  if (!senderUrl) return false;
  return isSameAppOrigin(senderUrl, appOrigin);
}

/**
 * Map an app:// request path to a file path relative to the renderer folder,
 * or null when it would escape it. SPA routes (no extension) map to index.html.
 */
export function rendererRelativePath(requestUrl: string, appOrigin: string = APP_ORIGIN): string | null {
  if (!isSameAppOrigin(requestUrl, appOrigin)) return null;
  const u = parse(requestUrl);
  if (!u) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments: string[] = [];
  for (const seg of decoded.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return null;
    segments.push(seg);
  }
  if (segments.length === 0) return 'index.html';
  const last = segments[segments.length - 1] ?? '';
  if (!last.includes('.')) return 'index.html';
  return segments.join('/');
}

// ---------------------------------------------------------------- IPC call validation

const CallContextSchema = z
  .object({ session: z.string().max(512).nullable(), locale: Locale, background: z.boolean().optional() })
  .strict() satisfies z.ZodType<CallContext>;

const IPC_TEXT = {
  foreign: {
    'zh-CN': '拒绝访问：该请求不是来自 Loopdesk 窗口。',
    en: 'Access refused: this request did not come from the Loopdesk window.',
  },
  unknownMethod: {
    'zh-CN': '不支持的操作。请重启 Loopdesk；如果仍然出现，请联系管理员升级。',
    en: 'Unknown operation. Restart Loopdesk; if this keeps happening, ask your administrator to update it.',
  },
  badContext: {
    'zh-CN': '请求无效，未保存任何内容。请重启 Loopdesk 后重试。',
    en: 'The request was invalid, so nothing was saved. Restart Loopdesk and try again.',
  },
  internal: {
    'zh-CN': 'Loopdesk 内部出错，操作可能未完成。请重试；如果反复出现，请联系管理员并提供日志。',
    en: 'Loopdesk hit an internal error and the action may not have completed. Try again; if it keeps happening, contact your administrator with the log.',
  },
} as const;

function localeOf(ctx: unknown): CallContext['locale'] {
  const parsed = z.object({ locale: Locale }).safeParse(ctx);
  return parsed.success ? parsed.data.locale : 'zh-CN';
}

/**
 * The 'desk:call' IPC handler without Electron: checks the sender frame URL,
 * the method name and the call context, then calls the core (which validates
 * the input with the method's strict zod schema). Never throws.
 */
export async function handleDeskCall(
  desk: Pick<DeskCore, 'call'>,
  frameUrl: string | undefined,
  args: readonly unknown[],
  appOrigin: string = APP_ORIGIN,
): Promise<Result<unknown>> {
  const [method, input, ctx] = args;
  const locale = localeOf(ctx);
  if (!isTrustedSenderUrl(frameUrl, appOrigin)) return err('forbidden', IPC_TEXT.foreign[locale]);
  if (args.length !== 3 || typeof method !== 'string' || !isMethodName(method)) {
    return err('unknown_method', IPC_TEXT.unknownMethod[locale]);
  }
  const parsedCtx = CallContextSchema.safeParse(ctx);
  if (!parsedCtx.success) return err('invalid_input', IPC_TEXT.badContext[locale]);
  try {
    return await desk.call(method, input, parsedCtx.data);
  } catch {
    return err('internal', IPC_TEXT.internal[locale]);
  }
}
