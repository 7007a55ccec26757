/**
 * Rectification items at head office (issue 14 item 7; server/store/
 * rectification.ts, server migration 0017): the same fold as the desks,
 * judged with the branch's staff directory (a clerk's completion counts
 * only once a promotion dated before it arrives), kept across a rebuild.
 * SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { foldRectItem, type RectItem } from '../../shared/domain/rectification/fold';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import type { SyncServer } from '../../server/app';
import { fakeCredential } from '../fixtures/credentials';
import {
  TestEnv,
  engines,
  enrollDevice,
  makeEvent,
  pullAll,
  pushOk,
  type TestDevice,
} from './server-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `rectification items at head office on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start();
      });

      afterAll(async () => {
        await env?.dispose();
      });

      async function stored(id: string): Promise<{ status: string; branch: string; item: RectItem } | null> {
        const rows = await env.query<{ status: string; branch: string; item: string }>(
          'SELECT status, branch, item FROM rectifications WHERE id = $1',
          [id],
        );
        const r = rows[0];
        return r ? { status: r.status, branch: r.branch, item: JSON.parse(r.item) as RectItem } : null;
      }

      /** What a desk of the branch folds from what it pulls. */
      async function deskFold(dev: TestDevice, id: string): Promise<RectItem | null> {
        const { events } = await pullAll(server, dev);
        const dir = foldStaffDirectory(events);
        return foldRectItem(
          events.filter((e) => e.stream === streamOf('rect', id)),
          { roleAt: (a, key) => dir.roleAt(a, key) },
        );
      }

      const accepted = (acks: { status: string }[]) =>
        expect(acks.map((a) => a.status)).toEqual(acks.map(() => 'accepted'));

      it('tracks an item as the desks do; a clerk’s completion counts once a promotion dated before it arrives', async () => {
        const sup = await enrollDevice(server, 'RCA', { role: 'supervisor' });
        const counter = await enrollDevice(server, 'RCA', { role: 'counter' });
        const clerkId = newId();
        const id = newId();
        const base = env.clock.t - 60_000;
        const at = (s: number) => formatHlc(base + s * 1000, 0);
        const ev = (dev: TestDevice, type: string, payload: unknown, s: number, actor?: string) =>
          makeEvent(dev, {
            stream: streamOf('rect', id),
            type,
            payload,
            hlc: at(s),
            ...(actor ? { actor } : {}),
          });
        const founding = makeEvent(sup, {
          stream: streamOf('staff', sup.staffId),
          type: 'staff.created',
          payload: { name: '周主管', login: 'zhou', role: 'admin', credential: fakeCredential() },
          hlc: at(1),
        });
        const clerk = makeEvent(sup, {
          stream: streamOf('staff', clerkId),
          type: 'staff.created',
          payload: { name: '李柜员', login: 'li', role: 'counter', credential: fakeCredential() },
          hlc: at(2),
        });
        const opened = ev(
          sup,
          'rect.opened',
          {
            scope: { dim: 'failurePoint', value: 'billing' },
            defect: '账单不清楚',
            measure: '首联账单与大字版账单',
            owner: clerkId,
            dueAt: '2027-01-31T18:00:00+08:00',
          },
          3,
        );
        const progress = ev(counter, 'rect.progressed', { note: '新版账单已印制' }, 4, clerkId);
        const completedByClerk = ev(counter, 'rect.completed', { evidence: '新版账单样张' }, 5, clerkId);
        accepted(await pushOk(server, sup, [founding, clerk, opened]));
        accepted(await pushOk(server, counter, [progress, completedByClerk]));

        let s = await stored(id);
        expect(s?.branch).toBe('RCA');
        expect(s?.status).toBe('open');
        expect(s?.item.progress.map((p) => p.text)).toEqual(['新版账单已印制']);
        expect(s?.item.flags.map((f) => [f.eventId, f.reason])).toEqual([
          [completedByClerk.id, 'no_authority'],
        ]);
        expect(await deskFold(sup, id)).toEqual(s?.item);

        // The clerk's promotion, dated before the completion, arrives late: it counts now, as on a desk.
        const promotion = makeEvent(sup, {
          stream: streamOf('staff', clerkId),
          type: 'staff.roleChanged',
          payload: { role: 'supervisor' },
          hlc: at(4),
        });
        accepted(await pushOk(server, sup, [promotion]));
        s = await stored(id);
        expect(s?.status).toBe('done');
        expect(s?.item.flags).toEqual([]);
        expect(s?.item.completions.map((c) => c.text)).toEqual(['新版账单样张']);
        expect(await deskFold(sup, id)).toEqual(s?.item);

        // A rebuild (after an upgrade) folds the same.
        await server.close();
        await env.exec("DELETE FROM meta WHERE key = 'projection.fold'");
        server = await env.start();
        expect((await stored(id))?.item).toEqual(s?.item);
      });

      it('a clerk’s forged opening opens nothing', async () => {
        const sup = await enrollDevice(server, 'RCB', { role: 'supervisor' });
        const counter = await enrollDevice(server, 'RCB', { role: 'counter' });
        accepted(
          await pushOk(server, sup, [
            makeEvent(sup, {
              stream: streamOf('staff', sup.staffId),
              type: 'staff.created',
              payload: { name: '主管', login: 'boss', role: 'admin', credential: fakeCredential() },
            }),
          ]),
        );
        const id = newId();
        const clerkId = newId();
        accepted(
          await pushOk(server, sup, [
            makeEvent(sup, {
              stream: streamOf('staff', clerkId),
              type: 'staff.created',
              payload: { name: '柜员', login: 'clerk', role: 'counter', credential: fakeCredential() },
            }),
          ]),
        );
        const forged = makeEvent(counter, {
          stream: streamOf('rect', id),
          type: 'rect.opened',
          actor: clerkId,
          payload: {
            scope: { dim: 'category', value: 'banking.fees' },
            defect: 'x',
            measure: 'y',
            owner: clerkId,
            dueAt: '2027-01-31T18:00:00+08:00',
          },
        });
        accepted(await pushOk(server, counter, [forged]));
        expect(await stored(id)).toBeNull();
      });
    },
  );
}
