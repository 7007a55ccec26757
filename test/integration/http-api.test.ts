/**
 * DeskApi over HTTP end to end: the real desk core (openDesk) on a temporary
 * folder behind the browser-mode host on a random port, driven with fetch the
 * way the renderer's HTTP bridge does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { DeskStatus, Session, StaffSummary } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import { LIMITS } from '../../shared/domain/kernel/limits';
import type { HandlingScript, Taxonomy } from '../../shared/domain/cases/script';
import { openDesk, type DeskCore } from '../../electron/desk';
import { startHost, type HostHandle } from '../../electron/host/server';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/security';

let dataDir: string;
let desk: DeskCore;
let host: HostHandle;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-http-api-'));
  desk = openDesk({ dataDir });
  host = await startHost({ desk, port: 0, host: '127.0.0.1', logLevel: 'error', heartbeatMs: 1000 });
});

afterAll(async () => {
  await host?.close();
  desk?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface CallOptions {
  token?: string | null;
  locale?: 'zh-CN' | 'en';
}

async function callRaw(method: string, input: unknown, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'accept-language': opts.locale ?? 'zh-CN',
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return fetch(`${host.url}/api/call/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
}

async function call<T>(method: string, input: unknown, opts: CallOptions = {}): Promise<Result<T>> {
  const res = await callRaw(method, input, opts);
  expect(res.status, `${method} answered HTTP ${res.status}`).toBe(200);
  return (await res.json()) as Result<T>;
}

async function value<T>(method: string, input: unknown, opts: CallOptions = {}): Promise<T> {
  const r = await call<T>(method, input, opts);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

function errorOf<T>(r: Result<T>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

const ADMIN = { name: '王经理', login: 'admin', secretKind: 'password' as const, secret: 'Admin-pass-2024' };
const COUNTER = {
  name: '李柜员',
  login: 'li.counter',
  role: 'counter' as const,
  secretKind: 'pin' as const,
  secret: '482913',
};

let adminToken: string;
let counterToken: string;
let script: HandlingScript;
let taxonomy: Taxonomy;
let caseId: string;

function firstLeaf(nodes: Taxonomy['categories']): string {
  let node = nodes[0]!;
  while (node.children && node.children.length > 0) node = node.children[0]!;
  return node.value;
}

/** A valid value for every field of a script step, built from the script itself. */
function stepFields(step: number): Record<string, string | number | boolean | null> {
  const s = script.steps[step - 1]!;
  const fields: Record<string, string | number | boolean | null> = {};
  for (const f of s.fields) {
    switch (f.kind) {
      case 'boolean':
        fields[f.key] = true;
        break;
      case 'text':
      case 'longtext':
        fields[f.key] = '客户对扣费有疑问，已耐心倾听并记录。';
        break;
      case 'number':
        fields[f.key] = 1;
        break;
      case 'datetime':
        fields[f.key] = new Date().toISOString();
        break;
      case 'choice': {
        const options = f.options ?? (f.optionsFrom ? taxonomy[f.optionsFrom] : []);
        fields[f.key] = options[0]!.value;
        break;
      }
    }
  }
  return fields;
}

/**
 * What the desk holds, read through DeskApi only: cases, staff and the
 * timeline of the test case. Every recorded event shows up in one of them.
 */
async function snapshot(): Promise<{ cases: number; staff: number; timeline: number }> {
  const page = await value<CaseListPage>('case.list', {}, { token: adminToken });
  const staff = await value<StaffSummary[]>('staff.list', {}, { token: adminToken });
  const detail = caseId ? await value<CaseDetail>('case.get', { caseId }, { token: adminToken }) : null;
  return { cases: page.total, staff: staff.length, timeline: detail?.timeline.length ?? 0 };
}

function rawRequest(opts: { path: string; method?: string; headers: Record<string, string>; body?: string }) {
  const u = new URL(host.url);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: opts.path,
          method: opts.method ?? 'GET',
          headers: opts.headers,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    },
  );
}

describe('DeskApi over HTTP (real desk core)', () => {
  it('reports an uninitialized desk', async () => {
    const status = await value<DeskStatus>('desk.status', {});
    expect(status.initialized).toBe(false);
  });

  it('sets up the desk and signs in', async () => {
    const session = await value<Session>('desk.setup', {
      branchCode: 'GZ',
      branchName: '广州天河支行',
      deviceCode: '01',
      admin: ADMIN,
    });
    expect(session.staff).toMatchObject({ login: 'admin', role: 'admin', name: '王经理' });
    const status = await value<DeskStatus>('desk.status', {});
    expect(status).toMatchObject({
      initialized: true,
      branchCode: 'GZ',
      branchName: '广州天河支行',
      deviceCode: '01',
    });

    const signedIn = await value<Session>('auth.signIn', { login: ADMIN.login, secret: ADMIN.secret });
    adminToken = signedIn.token;
    expect(await value<StaffSummary>('auth.me', {}, { token: adminToken })).toMatchObject({ login: 'admin' });

    await value<StaffSummary>('staff.create', COUNTER, { token: adminToken });
    counterToken = (await value<Session>('auth.signIn', { login: COUNTER.login, secret: COUNTER.secret }))
      .token;
    const got = await value<{ script: HandlingScript; taxonomy: Taxonomy }>('script.get', {});
    script = got.script;
    taxonomy = got.taxonomy;
  });

  it('creates a Chinese case, records step 1 and lists it', async () => {
    const created = await value<CaseDetail>(
      'case.create',
      {
        customer: { name: '张伟', phone: '13800138000', gender: 'male', returning: false },
        channel: taxonomy.channels[0]!.value,
        category: firstLeaf(taxonomy.categories),
        severity: taxonomy.severities[0]!.value,
        account: '客户反映信用卡被重复扣取年费，要求退还并说明原因。',
      },
      { token: counterToken },
    );
    caseId = created.id;
    expect(created.customerName).toBe('张伟');
    expect(created.number).toMatch(/^GZ01-\d{8}-\d{4,}$/);
    expect(created.currentStep).toBe(1);

    const afterStep = await value<CaseDetail>(
      'case.recordStep',
      { caseId, step: 1, fields: stepFields(1) },
      { token: counterToken },
    );
    expect(afterStep.currentStep).toBe(2);
    expect(afterStep.steps['1']).toEqual(stepFields(1));

    const page = await value<CaseListPage>('case.list', { text: '张伟' }, { token: counterToken });
    expect(page.items.map((c) => c.id)).toContain(caseId);
    expect(page.items.find((c) => c.id === caseId)).toMatchObject({
      customerName: '张伟',
      status: 'in_progress',
    });
  });

  it('refuses a wrong token as unauthenticated, in the clerk language', async () => {
    const before = await snapshot();
    const zh = errorOf(await call('case.list', {}, { token: 'not-a-real-token' }));
    expect(zh.code).toBe('unauthenticated');
    expect(zh.message).toMatch(/[\u4e00-\u9fff]/);
    const en = errorOf(await call('case.list', {}, { token: 'not-a-real-token', locale: 'en' }));
    expect(en.code).toBe('unauthenticated');
    expect(en.message).toMatch(/[A-Za-z]/);
    expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect(errorOf(await call('case.list', {})).code).toBe('unauthenticated');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a counter clerk creating staff as forbidden', async () => {
    const before = await snapshot();
    const e = errorOf(
      await call('staff.create', { ...COUNTER, login: 'sneaky', role: 'admin' }, { token: counterToken }),
    );
    expect(e.code).toBe('forbidden');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses wrong types, unknown fields and oversized text as invalid_input with fields', async () => {
    const before = await snapshot();
    const base = {
      customer: { name: '赵敏', phone: '13900139000', gender: 'female', returning: true },
      channel: taxonomy.channels[0]!.value,
      category: firstLeaf(taxonomy.categories),
      severity: taxonomy.severities[0]!.value,
      account: '客户投诉排队时间过长。',
    };
    const wrongType = errorOf(
      await call(
        'case.create',
        { ...base, customer: { ...base.customer, name: 12345 } },
        { token: counterToken },
      ),
    );
    expect(wrongType.code).toBe('invalid_input');
    expect(Object.keys(wrongType.fields ?? {})).toContain('customer.name');

    const unknownField = errorOf(await call('case.create', { ...base, vip: true }, { token: counterToken }));
    expect(unknownField.code).toBe('invalid_input');
    expect(unknownField.fields).toBeDefined();
    expect(Object.keys(unknownField.fields ?? {}).length).toBeGreaterThan(0);

    const tooLong = errorOf(
      await call(
        'case.create',
        { ...base, account: '长'.repeat(LIMITS.longText + 1) },
        { token: counterToken },
      ),
    );
    expect(tooLong.code).toBe('invalid_input');
    expect(Object.keys(tooLong.fields ?? {})).toContain('account');

    const badStep = errorOf(
      await call('case.recordStep', { caseId, step: 7, fields: {} }, { token: counterToken }),
    );
    expect(badStep.code).toBe('invalid_input');
    expect(Object.keys(badStep.fields ?? {})).toContain('step');

    expect(await snapshot()).toEqual(before);
  });

  it('answers malformed JSON with 400 and a Result body', async () => {
    const before = await snapshot();
    const res = await fetch(`${host.url}/api/call/case.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${counterToken}` },
      body: '{"customer": {"name": "张伟",',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Result<unknown>;
    expect(errorOf(body).code).toBe('invalid_input');
    expect(errorOf(body).message).toMatch(/[\u4e00-\u9fff]/);
    expect(await snapshot()).toEqual(before);
  });

  it('answers a body that is not valid UTF-8 with 400 naming the byte, storing nothing (no U+FFFD)', async () => {
    const before = await snapshot();
    const head = new TextEncoder().encode(`{"caseId":"${caseId}","text":"已致电客户`);
    const tail = new TextEncoder().encode('说明进度"}');
    for (const broken of [[0xff], [0xe7, 0x8e], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const res = await fetch(`${host.url}/api/call/case.addNote`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          authorization: `Bearer ${counterToken}`,
          'accept-language': 'en',
        },
        body: new Uint8Array([...head, ...broken, ...tail]),
      });
      expect(res.status).toBe(400);
      const e = errorOf((await res.json()) as Result<unknown>);
      expect(e.code).toBe('invalid_input');
      expect(e.message).toContain(`not valid UTF-8 text (unreadable from byte ${head.length + 1} on)`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses control characters and lone surrogates sent as JSON escapes, naming the field', async () => {
    const before = await snapshot();
    for (const escaped of ['\\u0000', '\\ud800', '\\u001b[2J', '\\r\\n']) {
      const res = await fetch(`${host.url}/api/call/case.addNote`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${counterToken}` },
        body: `{"caseId":"${caseId}","text":"已致电客户${escaped}说明进度"}`,
      });
      expect(res.status).toBe(200);
      const e = errorOf((await res.json()) as Result<unknown>);
      expect(e.code).toBe('invalid_input');
      expect(Object.keys(e.fields ?? {})).toEqual(['text']);
      expect(e.fields?.text).toContain('第 6 个字符');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers a 2 MiB body with 413 too_large', async () => {
    const before = await snapshot();
    const res = await callRaw(
      'case.addNote',
      { caseId, text: '备'.repeat(700 * 1024) }, // ~2 MiB of UTF-8
      { token: counterToken, locale: 'en' },
    );
    expect(res.status).toBe(413);
    const e = errorOf((await res.json()) as Result<unknown>);
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/too large/i);
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown method with 404 unknown_method', async () => {
    const before = await snapshot();
    const res = await callRaw('case.deleteAll', {}, { token: adminToken });
    expect(res.status).toBe(404);
    expect(errorOf((await res.json()) as Result<unknown>).code).toBe('unknown_method');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    const before = await snapshot();
    const res = await rawRequest({
      path: '/api/call/staff.create',
      method: 'POST',
      headers: {
        host: `attacker.example:${host.port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${adminToken}`,
      },
      body: JSON.stringify({ ...COUNTER, login: 'rebound', role: 'admin' }),
    });
    expect(res.status).toBe(403);
    expect(errorOf(JSON.parse(res.body) as Result<unknown>).code).toBe('forbidden');
    expect(await snapshot()).toEqual(before);
  });

  it('sends the strict CSP and the other security headers', async () => {
    const res = await callRaw('desk.status', {});
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    await res.arrayBuffer();
  });
});

describe('GET /api/events (real desk core)', () => {
  it('delivers case.changed when a case is created', async () => {
    const controller = new AbortController();
    // The stream needs a session (issue 8); without one it is refused.
    expect((await fetch(`${host.url}/api/events`)).status).toBe(401);
    const res = await fetch(`${host.url}/api/events?session=${encodeURIComponent(counterToken)}`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': connected')) {
      const { value: chunk, done } = await reader.read();
      if (done) throw new Error('event stream ended early');
      text += decoder.decode(chunk, { stream: true });
    }

    const created = await value<CaseDetail>(
      'case.create',
      {
        customer: { name: '陈静', phone: '13700137000', gender: 'female', returning: false },
        channel: taxonomy.channels[0]!.value,
        category: firstLeaf(taxonomy.categories),
        severity: taxonomy.severities[0]!.value,
        account: '客户反映手机银行转账失败但已扣款。',
      },
      { token: counterToken },
    );

    const events: unknown[] = [];
    const deadline = Date.now() + 5000;
    while (!events.some((e) => (e as { caseId?: string }).caseId === created.id) && Date.now() < deadline) {
      const { value: chunk, done } = await reader.read();
      if (done) break;
      text += decoder.decode(chunk, { stream: true });
      events.length = 0;
      for (const line of text.split('\n')) {
        if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
      }
    }
    expect(events).toContainEqual({ type: 'case.changed', caseId: created.id });
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
