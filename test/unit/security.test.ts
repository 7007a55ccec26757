/**
 * The Electron shell's security policy (electron/main/policy.ts), tested in
 * plain Node: external-link allow-list, navigation and IPC sender checks, the
 * app:// path mapping, the host's Host/Origin guards and the IPC call gate.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CallContext } from '../../shared/contract/api';
import { ok, type Result } from '../../shared/contract/result';
import {
  APP_ORIGIN,
  handleDeskCall,
  isAllowedExternalUrl,
  isNavigationAllowed,
  isTrustedSenderUrl,
  originOf,
  rendererRelativePath,
  secureWebPreferences,
} from '../../electron/main/policy';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/security';
import { isAllowedHostHeader, isAllowedRequestOrigin } from '../../electron/host/policy';

const ALLOW = ['allowed.example'];

describe('isAllowedExternalUrl', () => {
  it('accepts an https URL on an allowed host', () => {
    expect(isAllowedExternalUrl('https://allowed.example/x', ALLOW)).toBe(true);
    expect(isAllowedExternalUrl('https://allowed.example/help?q=1#top', ALLOW)).toBe(true);
    expect(isAllowedExternalUrl('https://ALLOWED.example/x', ALLOW)).toBe(true);
  });

  it.each([
    ['plain http', 'http://allowed.example/x'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: mentioning the host', 'javascript://allowed.example/%0aalert(1)'],
    ['a look-alike suffix domain', 'https://allowed.example.evil.com/x'],
    ['a look-alike prefix domain', 'https://evilallowed.example/x'],
    ['a subdomain not on the list', 'https://sub.allowed.example/x'],
    ['userinfo pointing elsewhere', 'https://allowed.example@evil.com/x'],
    ['userinfo on the allowed host', 'https://user:pw@allowed.example/x'],
    ['file:', 'file:///etc/passwd'],
    ['file: with the host name', 'file://allowed.example/etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a custom scheme', 'app://allowed.example/x'],
    ['a non-default port', 'https://allowed.example:8443/x'],
    ['an unparsable URL', 'not a url'],
    ['the host only as a path', 'https://evil.com/allowed.example'],
    ['the host only in the query', 'https://evil.com/?u=https://allowed.example/'],
    ['an empty string', ''],
  ])('refuses %s', (_label, url) => {
    expect(isAllowedExternalUrl(url, ALLOW)).toBe(false);
  });

  it('refuses everything when the allow-list is empty (the shipped default)', () => {
    expect(isAllowedExternalUrl('https://allowed.example/x', [])).toBe(false);
    expect(isAllowedExternalUrl('https://allowed.example/x')).toBe(false);
  });
});

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const prefs = secureWebPreferences('/app/dist-electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('navigation and IPC sender checks', () => {
  it('allows navigation inside the app origin', () => {
    expect(isNavigationAllowed(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isNavigationAllowed(`${APP_ORIGIN}/cases/123?tab=timeline`)).toBe(true);
  });

  it.each([
    'https://evil.com/',
    'http://loopdesk/',
    'app://loopdesk.evil.com/',
    'app://evil/index.html',
    'app://user@loopdesk/index.html',
    'file:///index.html',
    'javascript:alert(1)',
    'about:blank',
    'data:text/html,hi',
    '',
  ])('refuses navigation to %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it('accepts IPC only from frames showing the app', () => {
    expect(isTrustedSenderUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isTrustedSenderUrl('https://evil.com/')).toBe(false);
    expect(isTrustedSenderUrl('file:///tmp/x.html')).toBe(false);
    expect(isTrustedSenderUrl('')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
    expect(isTrustedSenderUrl(null)).toBe(false);
  });

  it('compares origins by parsed parts, including for custom schemes', () => {
    expect(originOf('app://LoopDesk/x/y')).toBe('app://loopdesk');
    expect(originOf('http://127.0.0.1:4780/a')).toBe('http://127.0.0.1:4780');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('nonsense')).toBeNull();
  });
});

describe('rendererRelativePath (app:// protocol handler)', () => {
  it('maps files and SPA routes', () => {
    expect(rendererRelativePath(`${APP_ORIGIN}/`)).toBe('index.html');
    expect(rendererRelativePath(`${APP_ORIGIN}/index.html`)).toBe('index.html');
    expect(rendererRelativePath(`${APP_ORIGIN}/assets/index-abc.js`)).toBe('assets/index-abc.js');
    expect(rendererRelativePath(`${APP_ORIGIN}/cases/42`)).toBe('index.html');
  });

  it('refuses path traversal and foreign origins', () => {
    // The URL parser resolves dot segments itself: the result stays inside the renderer folder.
    expect(rendererRelativePath(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd.txt`)).toBe('etc/passwd.txt');
    expect(rendererRelativePath(`${APP_ORIGIN}/../../etc/passwd.txt`)).toBe('etc/passwd.txt');
    // Encoded separators survive URL parsing and must be refused here.
    expect(rendererRelativePath(`${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`)).toBeNull();
    expect(rendererRelativePath(`${APP_ORIGIN}/assets/..%5c..%5csecret.txt`)).toBeNull();
    expect(rendererRelativePath(`${APP_ORIGIN}/a%00.js`)).toBeNull();
    expect(rendererRelativePath('app://other/index.html')).toBeNull();
    expect(rendererRelativePath('https://loopdesk/index.html')).toBeNull();
  });
});

describe('browser-mode host guards', () => {
  it('accepts only 127.0.0.1:<port> or localhost:<port> as Host', () => {
    expect(isAllowedHostHeader('127.0.0.1:4780', 4780)).toBe(true);
    expect(isAllowedHostHeader('LOCALHOST:4780', 4780)).toBe(true);
    expect(isAllowedHostHeader('127.0.0.1:4781', 4780)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1', 4780)).toBe(false);
    expect(isAllowedHostHeader('evil.com:4780', 4780)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1.evil.com:4780', 4780)).toBe(false);
    expect(isAllowedHostHeader(undefined, 4780)).toBe(false);
  });

  it('accepts no Origin or the host own origin only', () => {
    expect(isAllowedRequestOrigin(undefined, 4780)).toBe(true);
    expect(isAllowedRequestOrigin('http://127.0.0.1:4780', 4780)).toBe(true);
    expect(isAllowedRequestOrigin('http://localhost:4780', 4780)).toBe(true);
    expect(isAllowedRequestOrigin('https://evil.com', 4780)).toBe(false);
    expect(isAllowedRequestOrigin('null', 4780)).toBe(false);
    expect(isAllowedRequestOrigin('http://127.0.0.1:9999', 4780)).toBe(false);
  });

  it('ships the strict CSP', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});

describe('handleDeskCall (the desk:call IPC gate)', () => {
  function fakeDesk() {
    const call = vi.fn(
      async (_method: string, _input: unknown, _ctx: CallContext): Promise<Result<unknown>> =>
        ok({ called: true }),
    );
    return { call };
  }
  const ctx: CallContext = { session: 'tok', locale: 'en' };
  const appUrl = `${APP_ORIGIN}/index.html`;

  it('passes a known method from the app frame to the core', async () => {
    const desk = fakeDesk();
    const r = await handleDeskCall(desk, appUrl, ['desk.status', {}, ctx]);
    expect(r).toEqual({ ok: true, value: { called: true } });
    expect(desk.call).toHaveBeenCalledWith('desk.status', {}, ctx);
  });

  it('refuses a foreign frame without calling the core', async () => {
    const desk = fakeDesk();
    const r = await handleDeskCall(desk, 'https://evil.com/', ['desk.status', {}, ctx]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
    expect(desk.call).not.toHaveBeenCalled();
  });

  it('refuses unknown or malformed methods and contexts without calling the core', async () => {
    const desk = fakeDesk();
    for (const args of [
      ['case.deleteEverything', {}, ctx],
      ['__proto__', {}, ctx],
      ['toString', {}, ctx],
      [42, {}, ctx],
      ['desk.status', {}],
    ]) {
      const r = await handleDeskCall(desk, appUrl, args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unknown_method');
    }
    for (const badCtx of [
      null,
      { session: 1, locale: 'en' },
      { session: null, locale: 'fr' },
      { session: null, locale: 'en', x: 1 },
      { session: null, locale: 'en', background: 'yes' },
    ]) {
      const r = await handleDeskCall(desk, appUrl, ['desk.status', {}, badCtx]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
    expect(desk.call).not.toHaveBeenCalled();
  });

  it('turns a throwing core into an internal Result', async () => {
    const desk = { call: vi.fn(async () => Promise.reject(new Error('boom'))) };
    const r = await handleDeskCall(desk, appUrl, ['desk.status', {}, ctx]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('internal');
  });
});
