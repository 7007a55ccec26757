/**
 * The Electron shell's import staging IPC (electron/main/importIpc.ts), in
 * plain Node with a fake core: only the app's own frame may call, the bytes
 * and the name reach the core's stage with the caller's session, and a
 * malformed request stages nothing.
 */
import { describe, expect, it } from 'vitest';
import { handleImportStage } from '../../electron/main/importIpc';
import { APP_ORIGIN } from '../../electron/main/policy';
import type { CallContext } from '../../shared/contract/api';
import type { StagedImportFile } from '../../shared/contract/methods/import';
import type { Result } from '../../shared/contract/result';

function fakeDesk() {
  const calls: { name: string; bytes: Uint8Array; ctx: CallContext }[] = [];
  const desk = {
    imports: {
      stage: async (name: string, bytes: Uint8Array, ctx: CallContext): Promise<Result<StagedImportFile>> => {
        calls.push({ name, bytes, ctx });
        return { ok: true, value: { fileId: 'f'.repeat(64), name, bytes: bytes.byteLength } };
      },
      stageFile: async () =>
        ({ ok: false, error: { code: 'internal', message: '' } }) as Result<StagedImportFile>,
      preview: () => null,
    },
  };
  return { desk, calls };
}

const ctx = { session: 'tok', locale: 'en' as const };
const appUrl = `${APP_ORIGIN}/index.html`;

describe('desk:import-stage', () => {
  it('hands the bytes and name to the core with the session', async () => {
    const { desk, calls } = fakeDesk();
    const bytes = new Uint8Array([1, 2, 3]);
    const r = await handleImportStage(desk, appUrl, [{ name: '台账.xlsx', bytes }, ctx]);
    expect(r).toEqual({ ok: true, value: { fileId: 'f'.repeat(64), name: '台账.xlsx', bytes: 3 } });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.ctx).toEqual(ctx);
    expect([...(calls[0]?.bytes ?? [])]).toEqual([1, 2, 3]);
  });

  it('refuses a foreign frame and a malformed request; nothing staged', async () => {
    const { desk, calls } = fakeDesk();
    const bytes = new Uint8Array([1]);
    const foreign = await handleImportStage(desk, 'https://evil.example/', [{ name: 'a.csv', bytes }, ctx]);
    expect(!foreign.ok && foreign.error.code).toBe('forbidden');
    const noBytes = await handleImportStage(desk, appUrl, [{ name: 'a.csv', bytes: 'AAEC' }, ctx]);
    expect(!noBytes.ok && noBytes.error.code).toBe('invalid_input');
    const extra = await handleImportStage(desk, appUrl, [{ name: 'a.csv', bytes }, ctx, 'x']);
    expect(!extra.ok && extra.error.code).toBe('invalid_input');
    expect(calls).toEqual([]);
  });
});
