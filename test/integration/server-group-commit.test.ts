/**
 * Group commit (decision 0016), on both engines: pushes that reach the store
 * together are stored in one transaction yet answered as if they had come
 * one after the other; a push that makes its group fail gets its own error
 * while the others are stored; token lookups that arrive together share one
 * query and each gets its own answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../../shared/domain/cases/state';
import { HlcClock } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import { ServerStore } from '../../server/store';
import { TestEnv, caseIdOf, caseNote, caseOpened, engines, rehash, type TestDevice } from './server-fixtures';

async function enrolled(store: ServerStore, branch: string, deviceCode: string): Promise<TestDevice> {
  const now = Date.now();
  const code = await store.createEnrollmentCode(branch, 'counter', now);
  const id = newId();
  const out = await store.enroll({ code, deviceId: id, branchCode: branch, deviceCode, label: '柜台' }, now);
  return {
    id,
    branch,
    deviceCode,
    token: out.token,
    role: 'counter',
    clock: new HlcClock(),
    staffId: newId(),
  };
}

interface DeviceRow extends Record<string, unknown> {
  events_received: number | string;
  events_waiting: number | string | null;
  waiting_at: number | string | null;
  last_push_at: number | string | null;
  newest_hlc: string | null;
}

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`group commit on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let store: ServerStore;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      store = await ServerStore.open({ dataDir: env.dataDir, databaseUrl: env.pgUrl ?? undefined });
    });

    afterAll(async () => {
      await store?.close();
      await env?.dispose();
    });

    const device = async (id: string): Promise<DeviceRow> => {
      const [row] = await env.query<DeviceRow>(
        'SELECT events_received, events_waiting, waiting_at, last_push_at, newest_hlc FROM devices WHERE id = $1',
        [id],
      );
      if (!row) throw new Error(`no device ${id}`);
      return row;
    };

    it('stores pushes that arrive together in one group, answering each as if they came one after the other', async () => {
      const a = await enrolled(store, 'GC', '01');
      const b = await enrolled(store, 'GC', '02');
      const opened = caseOpened(a);
      const caseId = caseIdOf(opened);
      const note1 = caseNote(a, caseId, '第一条');
      const note2 = caseNote(a, caseId, '第二条');
      const twin = rehash({ ...note2, payload: { text: '同一编号，不同内容' } });
      const other = caseOpened(b);
      const groupsBefore = store.groupStats.pushes.groups;
      const t = Date.now();

      const [p1, p2, p3, p4] = await Promise.all([
        store.push({ deviceId: a.id, branch: 'GC', eventsWaiting: 7 }, [opened, note1], t),
        store.push({ deviceId: b.id, branch: 'GC', eventsWaiting: 3 }, [other], t + 1),
        store.push({ deviceId: a.id, branch: 'GC', eventsWaiting: 2 }, [note1, note2], t + 2),
        store.push({ deviceId: a.id, branch: 'GC', eventsWaiting: null }, [twin, { id: 'x' }], t + 3),
      ]);

      const stats = store.groupStats.pushes;
      expect(stats.groups - groupsBefore).toBe(1);
      expect(stats.largest).toBeGreaterThanOrEqual(4);
      expect(p1?.acks.map((x) => x.status)).toEqual(['accepted', 'accepted']);
      expect(p2?.acks.map((x) => x.status)).toEqual(['accepted']);
      // An id stored by an earlier push of the same group is a duplicate for a later one …
      expect(p3?.acks.map((x) => x.status)).toEqual(['duplicate', 'accepted']);
      // … and the same id with other content is refused, as it would be one push later.
      expect(p4?.acks).toEqual([
        { id: twin.id, status: 'rejected', reason: 'conflicting_hash' },
        expect.objectContaining({ id: 'x', status: 'rejected' }),
      ]);
      expect([p1?.accepted, p2?.accepted, p3?.accepted, p4?.accepted]).toEqual([2, 1, 1, 0]);

      // Seqs follow the order of the pushes, without gaps.
      const rows = await env.query<{ server_seq: number | string; id: string; received_at: number | string }>(
        "SELECT server_seq, id, received_at FROM events WHERE branch = 'GC' ORDER BY server_seq",
      );
      expect(rows.map((r) => r.id)).toEqual([opened.id, note1.id, other.id, note2.id]);
      const seqs = rows.map((r) => Number(r.server_seq));
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
      expect(rows.map((r) => Number(r.received_at))).toEqual([t, t, t + 1, t + 2]);

      // Each device's row adds up its own pushes of the group.
      const rowA = await device(a.id);
      expect(Number(rowA.events_received)).toBe(3);
      expect(Number(rowA.events_waiting)).toBe(2);
      expect(Number(rowA.waiting_at)).toBe(t + 2);
      expect(Number(rowA.last_push_at)).toBe(t + 3);
      expect(rowA.newest_hlc).toBe(note2.hlc);
      const rowB = await device(b.id);
      expect(Number(rowB.events_received)).toBe(1);
      expect(Number(rowB.events_waiting)).toBe(3);
      expect(Number(rowB.last_push_at)).toBe(t + 1);
      expect(rowB.newest_hlc).toBe(other.hlc);

      // The case folded all of its events of the group.
      const [c] = await env.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [caseId]);
      const state = JSON.parse(c?.state ?? 'null') as CaseState | null;
      expect(state?.noteCount).toBe(2);
    });

    it('answers a push that makes its group fail with its own error and stores the others', async () => {
      const a = await enrolled(store, 'GF', '01');
      const b = await enrolled(store, 'GF', '02');
      const poisoned = caseOpened(b);
      // A database-level failure on one event of B's push.
      if (engine === 'postgres') {
        await env.exec(
          `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN IF NEW.id = '${poisoned.id}' THEN RAISE EXCEPTION 'poisoned event'; END IF; RETURN NEW; END $$`,
        );
        await env.exec(
          'CREATE TRIGGER poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION poison()',
        );
      } else {
        await env.exec(
          `CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.id = '${poisoned.id}'
           BEGIN SELECT RAISE(ABORT, 'poisoned event'); END`,
        );
      }
      try {
        const first = caseOpened(a);
        const second = caseOpened(a);
        const healthyB = caseOpened(b);
        const groupsBefore = store.groupStats.pushes.groups;
        const t = Date.now();
        const results = await Promise.allSettled([
          store.push({ deviceId: a.id, branch: 'GF' }, [first], t),
          store.push({ deviceId: b.id, branch: 'GF' }, [healthyB, poisoned], t),
          store.push({ deviceId: a.id, branch: 'GF' }, [second], t),
        ]);
        expect(store.groupStats.pushes.groups - groupsBefore).toBe(1);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/poisoned event/);
        const ids = await env.query<{ id: string }>(
          "SELECT id FROM events WHERE branch = 'GF' ORDER BY server_seq",
        );
        expect(ids.map((r) => r.id)).toEqual([first.id, second.id]);
        expect(Number((await device(a.id)).events_received)).toBe(2);
        const rowB = await device(b.id);
        expect(Number(rowB.events_received)).toBe(0);
        expect(rowB.last_push_at).toBeNull();
        expect(await env.count('cases', 'id = $1', [caseIdOf(healthyB)])).toBe(0);
      } finally {
        await env.exec('DROP TRIGGER poison' + (engine === 'postgres' ? ' ON events' : ''));
        if (engine === 'postgres') await env.exec('DROP FUNCTION poison()');
      }
    });

    it('looks up tokens that arrive together in one query and gives each its own answer', async () => {
      const live = await enrolled(store, 'GT', '01');
      const gone = await enrolled(store, 'GT', '02');
      expect(await store.revokeDevice(gone.id, Date.now())).toBe(true);
      const admin = await store.createAdminToken(Date.now(), '测试');
      const before = store.groupStats.tokenLookups.groups;
      const out = await Promise.all([
        store.authenticate(live.token),
        store.authenticate(gone.token),
        store.authenticate('not-a-token-anyone-was-given'),
        store.authenticate(admin),
        store.authenticate(live.token),
      ]);
      expect(store.groupStats.tokenLookups.groups - before).toBe(1);
      const asDevice = { kind: 'device', deviceId: live.id, branch: 'GT', role: 'counter', deviceCode: '01' };
      expect(out[0]).toMatchObject(asDevice);
      expect(out[1]).toBe('revoked');
      expect(out[2]).toBe('unknown');
      expect(out[3]).toEqual({ kind: 'admin' });
      expect(out[4]).toMatchObject(asDevice);
    });
  });
}
