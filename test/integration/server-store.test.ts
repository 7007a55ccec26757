/**
 * The server's store across restarts, on both engines: data and tokens
 * survive, seqs never repeat, a database from a newer server is refused, the
 * projections are folded again after an upgrade, and racing enrolments for
 * one device code cannot both win.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCasesResponse } from '../../shared/contract/sync';
import { newId } from '../../shared/domain/kernel/ids';
import { ServerSchemaTooNewError } from '../../server/store';
import { SERVER_MIGRATIONS } from '../../server/store/migrations';
import {
  TestEnv,
  caseClosed,
  caseIdOf,
  caseOpened,
  engines,
  enrollDevice,
  pullAll,
  pushOk,
  request,
} from './server-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`server store on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
    });

    afterAll(async () => {
      await env?.dispose();
    });

    it('records its migrations and keeps events, tokens and seqs across a restart', async () => {
      let server = await env.start();
      const versions = await env.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(versions.map((v) => Number(v.version))).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
      expect(SERVER_MIGRATIONS.map((m) => m.version)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
      ]);
      const dev = await enrollDevice(server, 'RS', { deviceCode: '01' });
      const first = [caseOpened(dev), caseOpened(dev)];
      await pushOk(server, dev, first);
      const before = await pullAll(server, dev);
      await server.close();

      server = await env.start();
      const after = await pullAll(server, dev);
      expect(after.events).toEqual(before.events);
      expect(after.cursor).toBe(before.cursor);
      const second = [caseOpened(dev)];
      expect((await pushOk(server, dev, [...first, ...second])).map((a) => a.status)).toEqual([
        'duplicate',
        'duplicate',
        'accepted',
      ]);
      const more = await pullAll(server, dev, after.cursor);
      expect(more.events.map((e) => e.id)).toEqual(second.map((e) => e.id));
      expect(more.cursor).toBeGreaterThan(after.cursor);
      await server.close();
    });

    it('refuses to open a database written by a newer server, and changes nothing in it', async () => {
      await env.exec('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        99,
        'from_the_future',
        0,
      ]);
      try {
        const before = await env.count('events');
        const err = await env.start().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ServerSchemaTooNewError);
        expect(String((err as Error).message)).toMatch(/newer Loopdesk server.*Update the server/);
        expect(await env.count('events')).toBe(before);
        expect(await env.count('schema_migrations')).toBe(SERVER_MIGRATIONS.length + 1);
      } finally {
        await env.exec('DELETE FROM schema_migrations WHERE version = $1', [99]);
      }
      const server = await env.start();
      await server.close();
    });

    it('folds the projections again at start-up when the fold changed (events stored raw replay)', async () => {
      let server = await env.start();
      const dev = await enrollDevice(server, 'RB', { deviceCode: '01' });
      const open = caseOpened(dev);
      await pushOk(server, dev, [open, caseClosed(dev, caseIdOf(open))]);
      await server.close();
      // As if an older build had folded: its signature differs and its rows are gone.
      await env.exec("UPDATE meta SET value = 'older-build' WHERE key = 'projection.fold'");
      await env.exec('DELETE FROM cases');
      server = await env.start();
      const admin = await server.createAdminToken();
      const res = await request(server, 'GET', '/v1/admin/cases?branch=RB', { token: admin });
      const page = AdminCasesResponse.parse(res.body);
      expect(page.items.map((c) => [c.id, c.status])).toEqual([[caseIdOf(open), 'closed']]);
      await server.close();
    });

    it('lets only one of two racing enrolments take a device code', async () => {
      const server = await env.start();
      const codes = [await server.createEnrollmentCode('RC'), await server.createEnrollmentCode('RC')];
      const results = await Promise.all(
        codes.map((code) =>
          request(server, 'POST', '/v1/enroll', {
            json: { code, deviceId: newId(), branchCode: 'RC', deviceCode: '05' },
          }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(await env.count('devices', "branch = 'RC' AND revoked_at IS NULL")).toBe(1);
      // The losing code was not used up.
      expect(await env.count('enrollment_codes', "branch = 'RC' AND used_at IS NULL")).toBe(1);
      await server.close();
    });
  });
}
