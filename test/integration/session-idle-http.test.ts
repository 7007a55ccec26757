/**
 * The session's idle limit (4 h, docs/security.md) through the browser
 * transport: the screens' polls and their refreshes after desk events are
 * sent as background calls (CallOptions.background, header
 * `x-loopdesk-background: 1`) and do not count as use, so a desk left alone
 * with its window open still signs out; a call the person makes does count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_HEADER } from '../../shared/contract/api';
import type { Result } from '../../shared/contract/result';
import type { Session } from '../../shared/contract/methods/staff';
import { openDesk, type DeskCore } from '../../electron/desk';

import { startHost, type HostHandle } from '../../electron/host/server';
import { SESSION_IDLE_MS } from '../../electron/desk/kernel/sessions';

const MIN = 60_000;
let clock = Date.parse('2026-03-10T02:00:00Z');
let dataDir: string;
let desk: DeskCore;
let host: HostHandle;

async function call(method: string, input: unknown, token: string | null, background = false) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-language': 'en' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (background) headers[BACKGROUND_HEADER] = '1';
  const res = await fetch(`${host.url}/api/call/${method}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(input),
  });
  return (await res.json()) as Result<unknown>;
}

async function signIn(): Promise<string> {
  const r = (await call(
    'auth.signIn',
    { login: 'admin', secret: 'Admin-pass-2024' },
    null,
  )) as Result<Session>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value.token;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-idle-'));
  desk = openDesk({ dataDir, sync: false, now: () => clock });
  host = await startHost({ desk, port: 0, host: '127.0.0.1', logLevel: 'error', heartbeatMs: 1000 });
  const admin = { name: '王经理', login: 'admin', secretKind: 'password', secret: 'Admin-pass-2024' };
  const r = await call(
    'desk.setup',
    { branchCode: 'GZ', branchName: '广州天河支行', deviceCode: '01', admin },
    null,
  );
  expect(r.ok).toBe(true);
});

afterAll(async () => {
  await host?.close();
  desk?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the idle limit', () => {
  it('signs out a desk whose only calls for 4 hours were background polls; a call the person makes keeps it', async () => {
    const left = await signIn(); // the window left open: its polls run
    const used = await signIn(); // the window someone uses now and then
    const start = clock;
    const end = clock + SESSION_IDLE_MS + 30 * MIN;
    let step = 0;
    let refused = '';
    while (clock < end) {
      clock += 30_000;
      step++;
      const polled = await call('sync.status', {}, left, true);
      // Answered while the idle limit runs; once past it, the poll itself is refused.
      expect(polled.ok).toBe(clock - start <= SESSION_IDLE_MS);
      if (!polled.ok && refused === '') refused = polled.error.message;
      await call('alert.list', { includeAcked: false, limit: 50 }, used, true);
      if (step % 240 === 0) expect((await call('case.list', {}, used)).ok).toBe(true); // every 2 h
    }
    expect(refused).toBe('Your session has expired. Please sign in again.');
    // The first refused poll ended the session: the next call is told to sign in.
    const gone = await call('auth.me', {}, left);
    expect(gone.ok ? 'still signed in' : gone.error.code).toBe('unauthenticated');
    expect((await call('auth.me', {}, used)).ok).toBe(true);
  });
});
