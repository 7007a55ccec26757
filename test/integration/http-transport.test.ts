/**
 * The browser-mode host's transport layer (electron/host/server.ts) with a
 * small fake DeskCore: guards, body limits, status codes, security headers,
 * static files, SSE heartbeat and clean-up. The real core is exercised in
 * http-api.test.ts.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext, DeskEvent } from '../../shared/contract/api';
import { err, ok, type Result } from '../../shared/contract/result';
import { startHost, type HostHandle } from '../../electron/host/server';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/security';

/** The one session the fake desk knows (the event stream needs one). */
const SESSION = 'session-of-a-signed-in-clerk';

class FakeDesk {
  calls: { method: string; input: unknown; ctx: CallContext }[] = [];
  listeners = new Set<(e: DeskEvent) => void>();
  async call(method: string, input: unknown, ctx: CallContext): Promise<Result<unknown>> {
    this.calls.push({ method, input, ctx });
    if (method === 'case.get') return err('not_found', 'no such case');
    if (method === 'auth.me' && ctx.session !== SESSION) return err('unauthenticated', 'please sign in');
    return ok({ echo: input });
  }
  subscribe(listener: (e: DeskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Sessions signed out (or disabled) since the stream opened. */
  ended = new Set<string>();
  sessionLive(token: string): boolean {
    return token === SESSION && !this.ended.has(token);
  }
  emit(e: DeskEvent): void {
    for (const l of this.listeners) l(e);
  }
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function raw(
  base: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function parseResult(body: string): Result<unknown> {
  return JSON.parse(body) as Result<unknown>;
}

let staticDir: string;
let desk: FakeDesk;
let host: HostHandle;

beforeAll(async () => {
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-static-'));
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Loopdesk test</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app-1234.js'), 'console.log("hi");');
  writeFileSync(path.join(os.tmpdir(), 'loopdesk-outside-secret.txt'), 'secret');
  desk = new FakeDesk();
  host = await startHost({
    desk,
    port: 0,
    host: '127.0.0.1',
    staticDir,
    heartbeatMs: 100,
    logLevel: 'error',
  });
});

afterAll(async () => {
  await host?.close();
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(path.join(os.tmpdir(), 'loopdesk-outside-secret.txt'), { force: true });
});

describe('POST /api/call/:method', () => {
  it('passes input, bearer token and locale to the core and answers its Result with 200', async () => {
    desk.calls = [];
    const res = await fetch(`${host.url}/api/call/desk.status`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer abc123',
        'accept-language': 'en-US,en;q=0.9',
      },
      body: JSON.stringify({ a: 1 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: { echo: { a: 1 } } });
    expect(desk.calls).toEqual([
      { method: 'desk.status', input: { a: 1 }, ctx: { session: 'abc123', locale: 'en' } },
    ]);
  });

  it('defaults to zh-CN, no session and {} for an empty body', async () => {
    desk.calls = [];
    const res = await fetch(`${host.url}/api/call/desk.status`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(desk.calls).toEqual([
      { method: 'desk.status', input: {}, ctx: { session: null, locale: 'zh-CN' } },
    ]);
  });

  it('answers error Results from the core with 200', async () => {
    const res = await fetch(`${host.url}/api/call/case.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: { code: 'not_found', message: 'no such case' } });
  });

  it('answers 404 unknown_method without calling the core', async () => {
    desk.calls = [];
    const res = await fetch(`${host.url}/api/call/case.destroyAll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: '{}',
    });
    expect(res.status).toBe(404);
    const body = parseResult(await res.text());
    expect(body.ok).toBe(false);
    if (!body.ok) {
      expect(body.error.code).toBe('unknown_method');
      expect(body.error.message).toContain('case.destroyAll');
    }
    const proto = await fetch(`${host.url}/api/call/__proto__`, { method: 'POST' });
    expect(proto.status).toBe(404);
    const get = await fetch(`${host.url}/api/call/desk.status`);
    expect(get.status).toBe(404);
    expect(parseResult(await get.text()).ok).toBe(false);
    expect(desk.calls).toEqual([]);
  });

  it('answers malformed JSON with 400 invalid_input in the clerk language', async () => {
    desk.calls = [];
    const zh = await fetch(`${host.url}/api/call/desk.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(zh.status).toBe(400);
    const zhBody = parseResult(await zh.text());
    expect(zhBody).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!zhBody.ok) expect(zhBody.error.message).toMatch(/JSON/);
    if (!zhBody.ok) expect(zhBody.error.message).toMatch(/[\u4e00-\u9fff]/);

    const en = await fetch(`${host.url}/api/call/desk.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: 'not json',
    });
    expect(en.status).toBe(400);
    const enBody = parseResult(await en.text());
    if (!enBody.ok) expect(enBody.error.message).toMatch(/^The request was not valid JSON/);
    expect(desk.calls).toEqual([]);
  });

  it('refuses prototype-poisoning JSON', async () => {
    desk.calls = [];
    const res = await fetch(`${host.url}/api/call/desk.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__":{"admin":true}}',
    });
    expect(res.status).toBe(400);
    expect(desk.calls).toEqual([]);
  });

  it('answers a wrong content type with 415 invalid_input', async () => {
    desk.calls = [];
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await fetch(`${host.url}/api/call/desk.status`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: '{}',
      });
      expect(res.status).toBe(415);
      expect(parseResult(await res.text())).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(desk.calls).toEqual([]);
  });

  it('answers a body over 1 MiB with 413 too_large', async () => {
    desk.calls = [];
    const big = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
    const res = await fetch(`${host.url}/api/call/desk.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: big,
    });
    expect(res.status).toBe(413);
    const body = parseResult(await res.text());
    expect(body).toMatchObject({ ok: false, error: { code: 'too_large' } });
    if (!body.ok) expect(body.error.message).toMatch(/too large/);
    expect(desk.calls).toEqual([]);
  });
});

describe('guards and headers', () => {
  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    desk.calls = [];
    for (const hostHeader of ['evil.example:80', `evil.example:${host.port}`, '127.0.0.1']) {
      const res = await raw(host.url, {
        method: 'POST',
        path: '/api/call/desk.status',
        headers: { host: hostHeader, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect(parseResult(res.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
    const page = await raw(host.url, { path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
    expect(desk.calls).toEqual([]);
  });

  it('accepts localhost:<port> as Host', async () => {
    const res = await raw(host.url, { path: '/', headers: { host: `localhost:${host.port}` } });
    expect(res.status).toBe(200);
  });

  it('refuses API calls from a foreign Origin', async () => {
    desk.calls = [];
    const res = await fetch(`${host.url}/api/call/desk.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const same = await fetch(`${host.url}/api/call/desk.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: host.url },
      body: '{}',
    });
    expect(same.status).toBe(200);
    expect(desk.calls).toHaveLength(1);
    // Nor by a path the router decodes into /api/ (%61 is 'a'), or an absolute-form request line.
    for (const path of ['/%61pi/call/desk.status', `${host.url}/api/call/desk.status`]) {
      const bypass = await raw(host.url, {
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          origin: 'http://evil.example',
          host: `127.0.0.1:${host.port}`,
        },
        body: '{}',
      });
      expect([path, bypass.status]).toEqual([path, 403]);
    }
    expect(desk.calls).toHaveLength(1);
  });

  it('puts the security headers on every kind of response', async () => {
    const responses = [
      await fetch(`${host.url}/`),
      await fetch(`${host.url}/assets/app-1234.js`),
      await fetch(`${host.url}/missing.png`),
      await fetch(`${host.url}/api/call/desk.status`, { method: 'POST' }),
      await fetch(`${host.url}/api/call/nope`, { method: 'POST' }),
      await fetch(`${host.url}/api/call/desk.status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
    ];
    for (const res of responses) {
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      await res.arrayBuffer();
    }
  });

  it("answers the router's own refusal (a path that is not valid percent-encoding) in the clerk's language, with the headers and without echoing the path", async () => {
    for (const [lang, word] of [
      ['zh-CN', /请求无效/],
      ['en', /request was invalid/],
    ] as const) {
      const res = await fetch(`${host.url}/api/call/%E0%A4%A`, {
        method: 'POST',
        headers: { 'accept-language': lang },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body.ok).toBe(false);
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toMatch(word);
      expect(JSON.stringify(body)).not.toContain('%E0');
    }
  });
});

describe('static renderer', () => {
  it('serves files with their types and falls back to index.html for app routes', async () => {
    const js = await fetch(`${host.url}/assets/app-1234.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toBe('console.log("hi");');

    for (const p of ['/', '/cases/123', '/settings?tab=staff']) {
      const res = await fetch(`${host.url}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Loopdesk test');
    }
    const missing = await fetch(`${host.url}/assets/missing.js`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it('never serves files outside the static folder', async () => {
    for (const p of [
      '/../loopdesk-outside-secret.txt',
      '/%2e%2e/loopdesk-outside-secret.txt',
      '/assets/..%2f..%2floopdesk-outside-secret.txt',
      '/..%5cloopdesk-outside-secret.txt',
    ]) {
      const res = await raw(host.url, { path: p, headers: { host: `127.0.0.1:${host.port}` } });
      expect(res.body).not.toContain('secret');
    }
  });

  it('answers a plain page naming the build command when the renderer is not built', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-empty-'));
    const h = await startHost({ desk: new FakeDesk(), port: 0, staticDir: empty });
    try {
      const res = await fetch(`${h.url}/`);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('npm run build:renderer');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      await h.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('GET /api/events', () => {
  it('streams desk events, sends heartbeats and unsubscribes on disconnect', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.url}/api/events?session=${SESSION}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pred: (t: string) => boolean): Promise<void> => {
      while (!pred(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended; got: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil((t) => t.includes(': connected'));
    expect(desk.listeners.size).toBe(1);
    desk.emit({ type: 'case.changed', caseId: 'c-1' });
    await readUntil((t) => t.includes('data: '));
    const dataLine = text.split('\n').find((l) => l.startsWith('data: '));
    expect(JSON.parse(dataLine!.slice(6))).toEqual({ type: 'case.changed', caseId: 'c-1' });
    await readUntil((t) => t.includes(': heartbeat'));

    controller.abort();
    await reader.cancel().catch(() => undefined);
    const deadline = Date.now() + 5000;
    while (desk.listeners.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(desk.listeners.size).toBe(0);
  });

  it('ends the stream at the first event after its session ended, and sends that event to no one', async () => {
    const res = await fetch(`${host.url}/api/events?session=${SESSION}`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': connected'))
      text += decoder.decode((await reader.read()).value, { stream: true });
    const before = desk.listeners.size;
    desk.ended.add(SESSION); // signed out or disabled, while the client keeps the stream open
    try {
      desk.emit({ type: 'case.changed', caseId: 'c-secret' });
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      expect(text).not.toContain('c-secret');
      expect(desk.listeners.size).toBe(before - 1);
    } finally {
      desk.ended.delete(SESSION);
    }
  });

  it('refuses the stream without a valid session (401) and opens it with one, by query or header', async () => {
    const before = desk.listeners.size;
    for (const url of [
      `${host.url}/api/events`,
      `${host.url}/api/events?session=`,
      `${host.url}/api/events?session=made-up`,
    ]) {
      const res = await fetch(url);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(body.error.message).toContain('登录');
    }
    const header = await fetch(`${host.url}/api/events`, {
      headers: { authorization: 'Bearer made-up', 'accept-language': 'en' },
    });
    expect(header.status).toBe(401);
    expect(((await header.json()) as { error: { message: string } }).error.message).toMatch(/Sign in/);
    expect(desk.listeners.size).toBe(before);

    const controller = new AbortController();
    const ok = await fetch(`${host.url}/api/events`, {
      headers: { authorization: `Bearer ${SESSION}` },
      signal: controller.signal,
    });
    expect(ok.status).toBe(200);
    const reader = ok.body!.getReader();
    await reader.read();
    expect(desk.listeners.size).toBe(before + 1);
    desk.emit({ type: 'case.changed', caseId: 'c-2' });
    let text = '';
    while (!text.includes('c-2')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });

  it('close() ends open event streams instead of hanging', async () => {
    const d = new FakeDesk();
    const h = await startHost({ desk: d, port: 0, staticDir });
    const res = await fetch(`${h.url}/api/events?session=${SESSION}`);
    const reader = res.body!.getReader();
    await reader.read();
    expect(d.listeners.size).toBe(1);
    await h.close();
    let done = false;
    while (!done) ({ done } = await reader.read().catch(() => ({ done: true, value: undefined })));
    expect(d.listeners.size).toBe(0);
  });
});
