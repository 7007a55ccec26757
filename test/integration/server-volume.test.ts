/**
 * Business volume at head office (issue 14 item 2; server migration 0016,
 * server/store/volume.ts): each branch's volume fold, judged with the
 * branch's staff directory as the desks judge it (a clerk's forged figure is
 * kept without effect; a late promotion re-judges), written to
 * `branch_volume`, and totalled for one branch or all (`serverVolumeTotal`).
 * SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { VOLUME_STREAM_NAME } from '../../shared/domain/volume/payloads';
import type { SyncServer } from '../../server/app';
import { openStoreHandle, type StoreHandle } from '../../server/store/open';
import { serverVolumeTotal } from '../../server/store/volume';
import { fakeCredential } from '../fixtures/credentials';
import type { AnalysisResult } from '../../shared/domain/analysis/report';
import {
  TestEnv,
  caseOpened,
  engines,
  enrollDevice,
  makeEvent,
  pushOk,
  request,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

const recorded = (
  dev: TestDevice,
  period: string,
  unit: string,
  value: number | null,
  o: { hlc?: string; actor?: string } = {},
) =>
  makeEvent(dev, {
    stream: VOLUME_STREAM_NAME,
    type: 'volume.recorded',
    payload: { period, unit, value },
    ...o,
  });

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `business volume at head office on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;
      let h: StoreHandle;

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start();
        h = await openStoreHandle(
          engine === 'postgres' ? { databaseUrl: env.databaseUrl } : { dataDir: env.dataDir },
        );
      });

      afterAll(async () => {
        await h?.destroy();
        await env?.dispose();
      });

      const rows = (branch: string) =>
        env.query<{ period: string; unit: string; value: number }>(
          'SELECT period, unit, value FROM branch_volume WHERE branch = $1 ORDER BY period, unit',
          [branch],
        );
      const accepted = (acks: { status: string }[]) =>
        expect(acks.map((a) => a.status)).toEqual(acks.map(() => 'accepted'));

      it('keeps the latest figure per branch, month and unit, and totals one branch or all', async () => {
        const a = await enrollDevice(server, 'VA', { role: 'supervisor' });
        const b = await enrollDevice(server, 'VB', { role: 'supervisor' });
        accepted(await pushOk(server, a, [staffCreated(a, '甲行管理员')]));
        accepted(await pushOk(server, b, [staffCreated(b, '乙行管理员')]));
        accepted(
          await pushOk(server, a, [
            recorded(a, '2026-01', 'transactions', 1000),
            recorded(a, '2026-02', 'transactions', 1200),
            recorded(a, '2026-02', 'transactions', 1250),
            recorded(a, '2026-01', 'premium_10k_yuan', 50.5),
            recorded(a, '2026-01', 'premium_10k_yuan', null),
          ]),
        );
        accepted(
          await pushOk(server, b, [
            recorded(b, '2026-02', 'transactions', 800),
            recorded(b, '2026-01', 'premium_10k_yuan', 30.25),
          ]),
        );
        expect((await rows('VA')).map((r) => [r.period, r.unit, Number(r.value)])).toEqual([
          ['2026-01', 'transactions', 1000],
          ['2026-02', 'transactions', 1250],
        ]);
        const q = { fromDay: '2026-01-01', toDay: '2026-03-01' };
        expect(await serverVolumeTotal(h.db, q, 'VA')).toMatchObject({ unit: 'transactions', value: 2250 });
        expect(await serverVolumeTotal(h.db, q, 'VB')).toMatchObject({
          unit: 'premium_10k_yuan',
          value: 30.25,
        });
        // All branches: transactions has three (branch, month) figures, premium one; premium is left out.
        expect(await serverVolumeTotal(h.db, q)).toMatchObject({
          unit: 'transactions',
          value: 3050,
          figures: 3,
        });
        expect(await serverVolumeTotal(h.db, { fromDay: '2026-05-01', toDay: '2026-06-01' })).toBeNull();

        // A rebuild folds the same rows.
        const before = await rows('VA');
        await server.close();
        await env.exec("DELETE FROM meta WHERE key = 'projection.fold'");
        server = await env.start();
        expect(await rows('VA')).toEqual(before);
      });

      it('GET /v1/admin/analysis gives complaints per unit of volume, per branch and for all', async () => {
        const a = await enrollDevice(server, 'VD', { role: 'supervisor' });
        const b = await enrollDevice(server, 'VE', { role: 'supervisor' });
        accepted(await pushOk(server, a, [staffCreated(a, '甲行管理员')]));
        accepted(await pushOk(server, b, [staffCreated(b, '乙行管理员')]));
        const received = '2026-04-10T02:00:00.000Z';
        accepted(
          await pushOk(server, a, [
            caseOpened(a, { receivedAt: received }),
            caseOpened(a, { receivedAt: received, phone: '13900000001' }),
            caseOpened(a, { receivedAt: received, phone: '13900000002' }),
            recorded(a, '2026-04', 'transactions', 15000),
          ]),
        );
        accepted(
          await pushOk(server, b, [
            caseOpened(b, { receivedAt: received }),
            recorded(b, '2026-04', 'transactions', 5000),
          ]),
        );
        const admin = await server.createAdminToken();
        const analysis = async (query: string): Promise<AnalysisResult> => {
          const res = await request<{ analysis: AnalysisResult }>(
            server,
            'GET',
            `/v1/admin/analysis?${query}`,
            {
              token: admin,
            },
          );
          if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
          return res.body.analysis;
        };
        const APR = 'from=2026-04-01&to=2026-05-01';
        // One branch: 3 complaints over 15,000 transactions = 2 per 10,000.
        expect((await analysis(`${APR}&branch=VD`)).totals.perVolume).toMatchObject({
          unit: 'transactions',
          per: 10_000,
          volume: 15000,
          rate: 2,
        });
        // All branches (this store also holds the other tests' branches: none has April figures or cases).
        expect((await analysis(APR)).totals.perVolume).toMatchObject({ volume: 20000, rate: 2 });
        const may = await analysis('from=2026-05-01&to=2026-06-01&branch=VD');
        expect(may.totals.perVolume).toBeNull();
        expect(may.unavailable['totals.perVolume']).toBe('no_volume');
      });

      it("gives a clerk's forged figure no effect, and re-judges it when a promotion comes late", async () => {
        const sup = await enrollDevice(server, 'VC', { role: 'supervisor' });
        const other = await enrollDevice(server, 'VC', { role: 'counter' });
        const clerkId = newId();
        const base = env.clock.t - 60_000;
        const at = (s: number) => formatHlc(base + s * 1000, 0);
        const founding = makeEvent(sup, {
          stream: streamOf('staff', sup.staffId),
          type: 'staff.created',
          payload: { name: '管理员', login: 'admin', role: 'admin', credential: fakeCredential() },
          hlc: at(1),
        });
        const clerk = makeEvent(sup, {
          stream: streamOf('staff', clerkId),
          type: 'staff.created',
          payload: { name: '王柜员', login: 'wang', role: 'counter', credential: fakeCredential() },
          hlc: at(2),
        });
        const promotion = makeEvent(sup, {
          stream: streamOf('staff', clerkId),
          type: 'staff.roleChanged',
          payload: { role: 'supervisor' },
          hlc: at(3),
        });
        accepted(
          await pushOk(server, sup, [
            founding,
            clerk,
            recorded(sup, '2026-03', 'transactions', 500, { hlc: at(4) }),
          ]),
        );
        // A counter desk's event by the clerk: stored, but the figure stays the supervisor's.
        accepted(
          await pushOk(server, other, [
            recorded(other, '2026-03', 'transactions', 1, { hlc: at(5), actor: clerkId }),
          ]),
        );
        expect((await rows('VC')).map((r) => Number(r.value))).toEqual([500]);
        // The clerk's promotion, dated before the figure, arrives late: now it counts.
        accepted(await pushOk(server, sup, [promotion]));
        expect((await rows('VC')).map((r) => Number(r.value))).toEqual([1]);
      });
    },
  );
}
