/**
 * Head office refusing a desk's audit chain (409 chain_broken on
 * POST /v1/audit) must not stop the desk's sync: docs/protocol.md says
 * events keep syncing while head office investigates. A review found the
 * refusal ended every run before the pull, so the desk never saw the rest of
 * the branch; and the clerk saw a bare code without head office's message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { newCaseInput } from './desk-fixtures';
import {
  disposeDesk,
  newDesk,
  runCleanup,
  serverBehindProxy,
  syncNowAndWait,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterAll(() => runCleanup(cleanup));

const BROKEN = JSON.stringify({
  ok: false,
  error: { code: 'chain_broken', message: 'breaks at dseq 1 / 第 1 条记录接不上' },
});

describe('a refused audit chain', () => {
  it('still pushes and pulls the events, and says what head office said', async () => {
    const { server, proxy, url } = await serverBehindProxy('sqlite', cleanup);
    const a = await newDesk('01');
    const b = await newDesk('02');
    cleanup.push(
      () => disposeDesk(a),
      () => disposeDesk(b),
    );
    await a.must<SyncStatus>('sync.configure', {
      serverUrl: server.url,
      code: await server.code('GZ', 'supervisor'),
    });
    await b.must<SyncStatus>('sync.configure', {
      serverUrl: url,
      code: await server.code('GZ', 'supervisor'),
    });
    proxy.answer = (method, path) =>
      method === 'POST' && path.startsWith('/v1/audit') ? { status: 409, body: BROKEN } : null;

    const fromA = await a.must<CaseDetail>('case.create', newCaseInput());
    expect((await syncNowAndWait(a)).pending).toBe(0);
    const fromB = await b.must<CaseDetail>('case.create', newCaseInput());

    const status = await syncNowAndWait(b);
    expect(proxy.log.some((x) => x.path.startsWith('/v1/audit') && x.status === 409)).toBe(true);
    // B's own case went out, and A's came in.
    expect(status.pending).toBe(0);
    const got = await b.call('case.get', { caseId: fromA.id });
    expect(got.ok).toBe(true);
    expect((await syncNowAndWait(a)).pending).toBe(0);
    expect((await a.call('case.get', { caseId: fromB.id })).ok).toBe(true);
    // The refusal is still reported, with head office's own words.
    expect(status.lastError?.code).toBe('chain_broken');
    expect(status.lastError?.message).toContain('第 1 条记录接不上');
  });
});
