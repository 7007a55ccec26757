/**
 * Every security setting of the Electron shell, in one place (DESIGN.md §5).
 * The decisions themselves are pure functions in ./policy (unit-tested in Node);
 * this module wires them into Electron.
 */
import { app, shell, type Session, type WebContents } from 'electron';
import { APP_ORIGIN, EXTERNAL_HOST_ALLOW_LIST, isAllowedExternalUrl, isNavigationAllowed } from './policy';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/security';

export { secureWebPreferences } from './policy';

/**
 * Open a URL in the system browser only when it is https and its hostname is
 * on the allow-list (parsed with `new URL`). Returns whether it was opened.
 */
export async function openExternalSafely(
  url: string,
  allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST,
): Promise<boolean> {
  if (!isAllowedExternalUrl(url, allowList)) return false;
  await shell.openExternal(new URL(url).toString());
  return true;
}

/** Strict CSP on every response of the session, plus no permission grants. */
export function hardenSession(ses: Session): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...(details.responseHeaders ?? {}) };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
  // Loopdesk needs no camera, microphone, geolocation, notifications ...
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** Deny window.open, refuse navigation away from the app and <webview>. */
export function hardenWebContents(contents: WebContents, appOrigin: string = APP_ORIGIN): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Never a new Electron window; an allowed https link goes to the system browser.
    void openExternalSafely(url).catch(() => undefined);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Apply hardenWebContents to every web contents the app ever creates. */
export function installAppWideGuards(appOrigin: string = APP_ORIGIN): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigin));
}
