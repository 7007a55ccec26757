/**
 * A stream belongs to one branch at head office (docs/protocol.md): a case or
 * order stream is owned by the branch of its first stored event, and a desk of
 * another branch cannot push into it, whatever it claims (a note, or an
 * opening dated before the real one that would make it the case's first and
 * move the case to its own branch). Nothing refused is stored, and the case
 * row keeps its branch. The streams whose fixed id every branch shares
 * (settings, library, volume) stay open to each: server-settings.test.ts
 * pushes two branches' settings into the one stream id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseIdOf,
  caseNote,
  caseOpened,
  engines,
  enrollDevice,
  makeEvent,
  pushOk,
  type TestDevice,
} from './server-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`streams of another branch on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let gz: TestDevice;
    let gz2: TestDevice;
    let sz: TestDevice;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
      gz = await enrollDevice(server, 'GZ', { deviceCode: '01' });
      gz2 = await enrollDevice(server, 'GZ', { deviceCode: '02' });
      sz = await enrollDevice(server, 'SZ', { deviceCode: '01' });
    });
    afterAll(async () => {
      await env?.dispose();
    });

    it("refuses a note and an earlier opening pushed into another branch's case", async () => {
      const opened = caseOpened(gz, { name: '李女士' });
      expect((await pushOk(server, gz, [opened]))[0]?.status).toBe('accepted');
      const note = caseNote(sz, caseIdOf(opened), '跨网点写入');
      const hijack = makeEvent(sz, {
        stream: opened.stream,
        type: 'case.opened',
        hlc: '000000000000001-00000',
        payload: {
          ...(opened.payload as object),
          number: 'SZ01-20261122-0001',
          customer: { name: '张三', phone: '13900000000', gender: 'male', returning: false },
        },
      });
      const acks = await pushOk(server, sz, [note, hijack]);
      expect(acks.map((a) => [a.status, a.reason])).toEqual([
        ['rejected', 'foreign_stream'],
        ['rejected', 'foreign_stream'],
      ]);
      expect(await env.count('events', 'stream = $1', [opened.stream])).toBe(1);
      const rows = await env.query<{ branch: string; customer_name: string }>(
        'SELECT branch, customer_name FROM cases WHERE id = $1',
        [caseIdOf(opened)],
      );
      expect(rows).toEqual([{ branch: 'GZ', customer_name: '李女士' }]);
      // Another desk of the owning branch still writes to it.
      expect((await pushOk(server, gz2, [caseNote(gz2, caseIdOf(opened))]))[0]?.status).toBe('accepted');
    });

    it('refuses the second branch in one push group too: the first stored event owns a new stream', async () => {
      const opened = caseOpened(gz, { name: '王先生' });
      const theirs = caseNote(sz, caseIdOf(opened), '抢先写入');
      // SZ's note arrives first: the stream is SZ's, and GZ's opening is refused.
      expect((await pushOk(server, sz, [theirs]))[0]?.status).toBe('accepted');
      expect((await pushOk(server, gz, [opened]))[0]).toMatchObject({
        status: 'rejected',
        reason: 'foreign_stream',
      });
    });
  });
}
