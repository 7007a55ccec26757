/**
 * Head office's queries say what is wrong with them (docs/protocol.md §8):
 * a day the calendar does not have (2024-02-30) is a 400 naming the query's
 * own field, not an analysis of another period; a limit or pull cursor
 * written other than as a plain whole number (0x2, 2e0, 2.0) is a 400 naming
 * it, where z.coerce took them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseOpened,
  enrollDevice,
  pushOk,
  request,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

describe('head-office queries on sqlite', () => {
  let env: TestEnv;
  let server: SyncServer;
  let admin: string;
  let sup: TestDevice;
  const get = (p: string, token = admin) => request(server, 'GET', p, { token });

  beforeAll(async () => {
    env = await TestEnv.create('sqlite');
    server = await env.start();
    admin = await server.createAdminToken();
    sup = await enrollDevice(server, 'GZ', { deviceCode: '01', role: 'supervisor' });
    await pushOk(server, sup, [staffCreated(sup, '王'), caseOpened(sup), caseOpened(sup)]);
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('refuses a day the calendar does not have, naming the field as the query names it', async () => {
    for (const q of ['from=2024-02-30&to=2024-03-05', 'from=2024-04-01&to=2024-04-31']) {
      const r = await get(`/v1/admin/analysis?${q}`);
      expect(r.status, q).toBe(400);
    }
    const drill = encodeURIComponent(
      JSON.stringify({ period: { fromDay: '2024-02-30', toDay: '2024-03-02' }, where: {} }),
    );
    expect((await get(`/v1/admin/cases?analysis=${drill}`)).status).toBe(400);
    const bad = await get('/v1/admin/analysis?from=2024-13-01&to=2025-01-01');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/\bfrom\b/);
    const backwards = await get('/v1/admin/analysis?from=2024-03-01&to=2024-02-01');
    expect(backwards.status).toBe(400);
    expect(backwards.text).toMatch(/\bto\b/);
    expect(backwards.text).not.toMatch(/period\.toDay/);
    expect((await get('/v1/admin/analysis?from=2024-02-01&to=2024-03-01')).status).toBe(200);
  });

  it('checks every parameter of the attachment download and the branch list, and a cursor whole', async () => {
    const sha = 'a'.repeat(64);
    expect((await get(`/v1/admin/attachments/${sha}?branch=zz`)).status).toBe(400);
    // A misspelt branch was ignored: the admin then downloaded from any branch.
    const typo = await get(`/v1/admin/attachments/${sha}?brnach=GZ`);
    expect(typo.status).toBe(400);
    expect(typo.text).toContain('brnach');
    expect((await get(`/v1/admin/attachments/${sha}?branch=GZ`)).status).toBe(404);
    expect((await get('/v1/admin/branches?branch=SZ', sup.token)).status).toBe(400);
    expect((await get('/v1/admin/branches')).status).toBe(200);
    const first = (await get('/v1/admin/cases?limit=1')).body as { nextCursor: string };
    expect((await get(`/v1/admin/cases?limit=1&cursor=${first.nextCursor}`)).status).toBe(200);
    expect((await get(`/v1/admin/cases?limit=1&cursor=${first.nextCursor}!!`)).status).toBe(400);
  });

  it('takes a limit or a pull cursor only as a plain whole number', async () => {
    for (const l of ['0x2', '2e0', '2.0', '%202%20']) {
      for (const route of ['cases', 'orders', 'escalations']) {
        expect([route, l, (await get(`/v1/admin/${route}?limit=${l}`)).status]).toEqual([route, l, 400]);
      }
      expect([l, (await get(`/v1/pull?cursor=0&limit=${l}`, sup.token)).status]).toEqual([l, 400]);
      expect([l, (await get(`/v1/pull?cursor=${l}`, sup.token)).status]).toEqual([l, 400]);
    }
    expect((await get('/v1/admin/cases?limit=2')).status).toBe(200);
    expect((await get('/v1/pull?cursor=0&limit=2', sup.token)).status).toBe(200);
  });
});
