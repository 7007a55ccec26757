/**
 * Case-library events at head office (issue 12 item 6; docs/protocol.md §3.5):
 * stored from a supervisor desk and relayed to every desk of the branch,
 * whose fold then holds the same library; refused, per event, from a counter
 * desk, wherever such an event claims to be. SQLite always, PostgreSQL when
 * LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/domain/kernel/ids';
import { foldLibrary } from '../../shared/domain/library/fold';
import { LIBRARY_STREAM_NAME } from '../../shared/domain/library/payloads';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseOpened,
  engines,
  enrollDevice,
  makeEvent,
  pullAll,
  pushOk,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

function answerSet(dev: TestDevice, title: string, o: { stream?: string; answerId?: string } = {}) {
  return makeEvent(dev, {
    stream: o.stream ?? LIBRARY_STREAM_NAME,
    type: 'library.answer_set',
    payload: { answerId: o.answerId ?? newId(), category: 'telecom', title, text: '先致歉，再核实。' },
  });
}

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `case-library events at head office on ${engine}${skip ? ` (${skip})` : ''}`,
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

      it('stores library events from a supervisor desk and relays them to the branch’s other desks', async () => {
        const sup = await enrollDevice(server, 'LBA', { role: 'supervisor' });
        const counter = await enrollDevice(server, 'LBA', { role: 'counter' });
        const other = await enrollDevice(server, 'LBB', { role: 'supervisor' });
        const boss = staffCreated(sup, '周主管');
        const a = answerSet(sup, '未订购争议口径');
        const acks = await pushOk(server, sup, [boss, a]);
        expect(acks.map((x) => x.status)).toEqual(['accepted', 'accepted']);
        expect(await env.count('events', 'id = $1', [a.id])).toBe(1);

        // The counter desk of the branch pulls it and folds the same library; another branch sees nothing.
        const { events } = await pullAll(server, counter);
        expect(events.map((e) => e.id)).toContain(a.id);
        const dir = foldStaffDirectory(events);
        const lib = foldLibrary(events, { roleAt: (id, key) => dir.roleAt(id, key) });
        expect(lib.flags).toEqual([]);
        expect([...lib.items.values()].map((i) => i.title)).toEqual(['未订购争议口径']);
        expect(lib.flags).toEqual([]);
        expect((await pullAll(server, other)).events.map((e) => e.id)).not.toContain(a.id);
      });

      it('refuses library events from a counter desk, per event, wherever they claim to be; the rest goes in', async () => {
        const counter = await enrollDevice(server, 'LBC', { role: 'counter' });
        const opened = caseOpened(counter);
        const plain = answerSet(counter, '伪造口径');
        const elsewhere = answerSet(counter, '伪装成投诉', { stream: `case:${newId()}` });
        const future = makeEvent(counter, {
          stream: LIBRARY_STREAM_NAME,
          type: 'library.something_new',
          schema: 2,
          payload: {},
        });
        const acks = await pushOk(server, counter, [plain, opened, elsewhere, future]);
        expect(acks.map((x) => x.status)).toEqual(['rejected', 'accepted', 'rejected', 'rejected']);
        for (const i of [0, 3]) expect(acks[i]?.reason).toMatch(/^library_forbidden: /);
        // A library type in a case stream is refused before the rules look at it (wrong_stream).
        expect(acks[2]?.reason).toMatch(/^wrong_stream: /);
        expect(await env.count('events', 'branch = $1 AND stream = $2', ['LBC', LIBRARY_STREAM_NAME])).toBe(
          0,
        );
        expect(await env.count('events', 'id = $1', [elsewhere.id])).toBe(0);
        expect(await env.count('events', 'id = $1', [opened.id])).toBe(1);
      });
    },
  );
}
