/**
 * A file head office refuses (here: the branch's evidence space is full)
 * stays queued, waits longer after each refusal instead of going again whole
 * with every run, and the sync status says so; a clerk's "sync now" tries it
 * at once. A review found it sent again every 30 seconds, forever, while the
 * status said all was well.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import {
  disposeDesk,
  FaultProxy,
  newDesk,
  runCleanup,
  serverBehindProxy,
  syncNowAndWait,
  TestServer,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterAll(() => runCleanup(cleanup));

describe('a file head office refuses', () => {
  it('waits before going again, is counted in the status, and goes at once on "sync now"', async () => {
    const server = new TestServer('sqlite', undefined, { attachments: { branchQuotaBytes: 1000 } });
    await server.start();
    const proxy = new FaultProxy();
    proxy.target = server.url;
    const url = await proxy.listen();
    cleanup.push(
      () => server.dispose(),
      () => proxy.close(),
    );
    const clock = { t: Date.now() };
    const d = await newDesk('01', { now: () => clock.t });
    cleanup.push(() => disposeDesk(d));
    await d.must<SyncStatus>('sync.configure', {
      serverUrl: url,
      code: await server.code('GZ', 'supervisor'),
    });
    await d.core.syncIdle();
    const puts = () => proxy.log.filter((x) => x.method === 'PUT' && x.path.startsWith('/v1/attachments/'));

    d.core.enqueueAttachment(new Uint8Array(50_000).fill(7));
    let status = await d.core.syncNow(); // a scheduled run, not the clerk's button
    expect(puts().map((x) => x.status)).toEqual([507]);
    expect(status.pendingAttachments).toBe(1);
    expect(status.refusedAttachments?.count).toBe(1);
    expect(status.refusedAttachments?.message).toContain('1 个证据文件总部暂未接收');

    // Runs within the wait leave it alone.
    await d.core.syncNow();
    await d.core.syncNow();
    expect(puts()).toHaveLength(1);
    // A minute later it goes again, and then waits two.
    clock.t += 61_000;
    await d.core.syncNow();
    expect(puts()).toHaveLength(2);
    clock.t += 61_000;
    await d.core.syncNow();
    expect(puts()).toHaveLength(2);

    // The clerk's "sync now" does not wait.
    status = await syncNowAndWait(d);
    expect(puts()).toHaveLength(3);
    expect(status.refusedAttachments?.count).toBe(1);

    // The computer's clock set back a day: a wait longer than the longest backoff is over.
    clock.t -= 86_400_000;
    await d.core.syncNow();
    expect(puts()).toHaveLength(4);
  });

  it('does not count a file whose bytes this desk lost as refused by head office', async () => {
    const server = new TestServer('sqlite');
    await server.start();
    cleanup.push(() => server.dispose());
    const d = await newDesk('02');
    cleanup.push(() => disposeDesk(d));
    await d.must<SyncStatus>('sync.configure', {
      serverUrl: server.url,
      code: await server.code('GZ', 'supervisor'),
    });
    await d.core.syncIdle();
    const { sha256 } = d.core.enqueueAttachment(new Uint8Array(2_000).fill(9));
    fs.rmSync(path.join(d.dir, 'evidence', sha256.slice(0, 2), sha256));
    const status = await d.core.syncNow();
    expect(status.pendingAttachments).toBe(1);
    expect(status.refusedAttachments).toBeNull();
    expect(status.unreadableAttachments?.count).toBe(1);
    expect(status.unreadableAttachments?.message).toContain('1 个证据文件在本机已丢失或被改动');
    const en = await d.call('sync.status', {}, d.admin.token, 'en');
    expect(en.ok && (en.value as SyncStatus).unreadableAttachments?.message).toContain(
      'This desk cannot send 1 evidence file(s)',
    );
  });

  it('a file whose upload meets a server error does not hold back the files after it', async () => {
    const { server, proxy, url } = await serverBehindProxy('sqlite', cleanup);
    const d = await newDesk('03');
    cleanup.push(() => disposeDesk(d));
    await d.must<SyncStatus>('sync.configure', {
      serverUrl: url,
      code: await server.code('GZ', 'supervisor'),
    });
    await d.core.syncIdle();
    const shas = [0, 1, 2, 3]
      .map((i) => d.core.enqueueAttachment(new Uint8Array(3_000).fill(i + 1)).sha256)
      .sort();
    const bad = shas[0]!; // the first in upload order
    // A gateway in front of head office times out on that one file: 502, no Retry-After.
    proxy.answer = (m, p) => (m === 'PUT' && p.includes(bad) ? { status: 502, body: 'Bad Gateway' } : null);
    const status = await syncNowAndWait(d);
    expect(status.pendingAttachments).toBe(1);
    expect(status.refusedAttachments).toBeNull(); // a server error, not a refusal
    expect(status.state).not.toBe('online'); // the run still says head office failed
    const puts = proxy.log.filter((x) => x.method === 'PUT');
    expect(puts.filter((x) => !x.path.includes(bad)).length).toBe(3);
    // The next run (spaced by the run's backoff) tries it again; the gateway has recovered.
    proxy.answer = () => null;
    const next = await d.core.syncNow();
    expect(next.pendingAttachments).toBe(0);
    expect(next.state).toBe('online');
  });
});
