/**
 * Browser mode's upload of a log to import (electron/host/importFiles.ts;
 * issue 13 item 2): raw bytes with a percent-encoded name and a bearer
 * token, staged by the core under <dataDir>/imports/ by sha256. Without a
 * session 401, as a counter clerk 403, past IMPORT_MAX_BYTES 413: nothing
 * kept in any of them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../../electron/host/server';
import { IMPORT_MAX_BYTES } from '../../electron/desk';
import type { StagedImportFile } from '../../shared/contract/methods/import';
import type { Result } from '../../shared/contract/result';
import { csvText, gbk } from '../unit/import-fixtures';
import { openTestDesk, staffSession, type TestDesk } from './desk-fixtures';

let t: TestDesk;
let host: HostHandle;
let boss = '';
let clerk = '';

beforeAll(async () => {
  t = await openTestDesk({ sync: false });
  boss = (await staffSession(t, 'supervisor', 's1', '赵主管')).token;
  clerk = (await staffSession(t, 'counter', 'c1', '柜员甲')).token;
  host = await startHost({ desk: t.core, port: 0, host: '127.0.0.1', logLevel: 'error' });
}, 60_000);

afterAll(async () => {
  await host.close();
  t.close();
});

const staged = () => fs.readdirSync(path.join(t.dir, 'imports')).sort();

function post(body: Uint8Array, name: string, token: string | null, lang = 'zh-CN') {
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'x-loopdesk-name': encodeURIComponent(name),
    'accept-language': lang,
  };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${host.url}/api/import/files`, { method: 'POST', headers, body: Buffer.from(body) });
}

describe('POST /api/import/files', () => {
  const csv = gbk(
    csvText([
      ['投诉日期', '客户姓名'],
      ['2023/3/5', '张三'],
    ]),
  );

  it('refuses without a session (401) and a counter clerk (403); nothing kept', async () => {
    const anon = await post(csv, '台账.csv', null);
    expect(anon.status).toBe(401);
    const asClerk = await post(csv, '台账.csv', clerk);
    expect(asClerk.status).toBe(403);
    expect(((await asClerk.json()) as Result<unknown>).ok).toBe(false);
    expect(staged()).toEqual([]);
  });

  it('refuses a JSON body with 415 before reading it (no 500, no 64 MB parsed without a session)', async () => {
    for (const route of ['/api/import/files', '/api/evidence']) {
      const res = await fetch(`${host.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${boss}` },
        body: JSON.stringify({ a: 'x'.repeat(1000) }),
      });
      expect([route, res.status]).toEqual([route, 415]);
      expect(((await res.json()) as Result<unknown>).ok).toBe(false);
    }
    expect(staged()).toEqual([]);
  });

  it('stages a supervisor’s file by its sha256 and keeps its name', async () => {
    const res = await post(csv, '2023年 台账.csv', boss);
    expect(res.status).toBe(200);
    const r = (await res.json()) as Result<StagedImportFile>;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const sha = createHash('sha256').update(csv).digest('hex');
    expect(r.value).toEqual({ fileId: sha, name: '2023年 台账.csv', bytes: csv.byteLength });
    expect(staged()).toEqual([sha, `${sha}.json`]);
    expect(t.core.imports.preview('nope')).toBeNull();
  });

  it('answers 413 past the 64 MB limit and keeps nothing', async () => {
    const before = staged();
    const big = new Uint8Array(IMPORT_MAX_BYTES + 1024);
    const res = await post(big, '太大.xlsx', boss, 'en');
    expect(res.status).toBe(413);
    expect(staged()).toEqual(before);
  });
});
