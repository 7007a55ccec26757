/**
 * A pull page is bounded in bytes as well as in events (docs/protocol.md §4):
 * it ends after the event that passes SYNC_LIMITS.pullPageBytes, so no page
 * outgrows what a desk reads (answerBytes), and pulling on with `hasMore`
 * still hands out every event once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_LIMITS } from '../../shared/contract/sync';
import { streamOf } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  engines,
  enrollDevice,
  makeEvent,
  pull,
  pullAll,
  pushOk,
  type TestDevice,
} from './server-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`pull pages in bytes on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let dev: TestDevice;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
      dev = await enrollDevice(server, 'BIG', { deviceCode: '01' });
    });
    afterAll(async () => {
      await env?.dispose();
    });

    it('ends a page past the byte bound and hands out the rest on the next pulls', async () => {
      // Twelve events of about 1 MB each (an unknown type: stored raw), three a push.
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const batch = [0, 1, 2].map((k) =>
          makeEvent(dev, {
            stream: streamOf('case', newId()),
            type: 'future.blob',
            payload: { n: i * 3 + k, blob: 'x'.repeat(1_000_000) },
          }),
        );
        ids.push(...batch.map((e) => e.id));
        expect((await pushOk(server, dev, batch)).map((a) => a.status)).toEqual([
          'accepted',
          'accepted',
          'accepted',
        ]);
      }
      const first = await pull(server, dev, 0, 1000);
      expect(first.status).toBe(200);
      const body = first.body as { events: { id: string }[]; hasMore: boolean };
      expect(body.hasMore).toBe(true);
      expect(body.events.length).toBeGreaterThan(0);
      expect(body.events.length).toBeLessThan(ids.length);
      expect(Buffer.byteLength(first.text)).toBeLessThan(SYNC_LIMITS.pullPageBytes + 2_000_000);
      const all = await pullAll(server, dev, 0, 1000);
      expect(all.events.filter((e) => e.type === 'future.blob').map((e) => e.id)).toEqual(ids);
      expect(all.pages).toBeGreaterThan(1);
    }, 60_000);
  });
}
