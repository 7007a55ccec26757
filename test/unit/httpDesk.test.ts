/**
 * The browser transport (renderer/src/bridge/httpDesk.ts): a background call
 * (a poll, a refresh after a desk event) says so in a header, so the desk does
 * not count it as use of the session (docs/security.md, the idle limit).
 */
import { describe, expect, it } from 'vitest';
import { BACKGROUND_HEADER } from '../../shared/contract/api';
import { createHttpDesk } from '../../renderer/src/bridge/httpDesk';

function recordingFetch() {
  const seen: { url: string; headers: Record<string, string> }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    return new Response(JSON.stringify({ ok: true, value: {} }), {
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { seen, fetchImpl };
}

describe('httpDesk', () => {
  it('marks a background call with its header, and only that call', async () => {
    const { seen, fetchImpl } = recordingFetch();
    const desk = createHttpDesk({ fetchImpl });
    desk.setSession('tok');
    await desk.call('sync.status', {}, { background: true });
    await desk.call('sync.status', {});
    await desk.call('sync.status', {}, { background: false });
    expect(seen.map((s) => s.headers[BACKGROUND_HEADER] ?? null)).toEqual(['1', null, null]);
    expect(seen[0]!.headers.Authorization).toBe('Bearer tok');
  });
});
