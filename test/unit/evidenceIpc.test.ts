/**
 * The Electron shell's evidence IPC gate (electron/main/evidenceIpc.ts), in
 * plain Node with a fake core: only the app's own frame may call; the bytes
 * are staged as a file, handed to case.evidence.add by id, and the staged
 * file is removed whatever the answer; a save copies the opened file where
 * the clerk chose, or nothing when they cancelled.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handleEvidenceAdd, handleEvidenceSave } from '../../electron/main/evidenceIpc';
import { APP_ORIGIN } from '../../electron/main/policy';
import type { Result } from '../../shared/contract/result';
import { SYNC_LIMITS } from '../../shared/contract/sync';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SHA = 'a'.repeat(64);
const ctx = { session: 'tok', locale: 'en' as const };
const appUrl = `${APP_ORIGIN}/index.html`;

const OFF_LIST = 'b'.repeat(64);

function fakeDesk(answer: Result<unknown> = { ok: true, value: { added: true } }, openedName = '收据.png') {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-ipc-'));
  dirs.push(dir);
  const stored = path.join(dir, 'stored');
  writeFileSync(stored, 'the stored bytes');
  const calls: { method: string; input: Record<string, unknown>; sawFile: string | null }[] = [];
  let n = 0;
  const desk = {
    evidence: {
      stage: () => ({ id: `id-${++n}`, path: path.join(dir, `staged-${n}`) }),
      discard: (id: string) => rmSync(path.join(dir, `staged-${id.slice(3)}`), { force: true }),
      localPath: (sha: string) => (sha === SHA ? stored : null),
      // The core's serving policy, faked: the stored file is a PNG; OFF_LIST is bytes off the allow-list.
      served: (sha: string, name: string) =>
        sha === SHA ? { path: stored, mime: 'image/png', fileName: name.replace(/\.exe$/, '') } : null,
    },
    call: async (method: string, input: unknown) => {
      const i = input as Record<string, unknown>;
      const staged = typeof i.upload === 'string' ? path.join(dir, `staged-${i.upload.slice(3)}`) : null;
      calls.push({
        method,
        input: i,
        sawFile: staged && existsSync(staged) ? readFileSync(staged, 'utf8') : null,
      });
      if (method === 'case.evidence.open') {
        const sha256 = (i as { sha256: string }).sha256;
        const name = sha256 === SHA ? openedName : 'x.png';
        return { ok: true, value: { sha256, name } } as Result<unknown>;
      }
      return answer;
    },
  };
  return { desk, dir, calls };
}

const addInput = {
  caseId: 'c1',
  kind: 'photo',
  note: '',
  name: 'a.png',
  bytes: new TextEncoder().encode('bytes'),
};

describe('evidence:add', () => {
  it('stages the bytes, calls case.evidence.add with the staged id, then removes the staged file', async () => {
    const { desk, dir, calls } = fakeDesk({
      ok: false,
      error: { code: 'invalid_input', message: 'refused' },
    });
    const r = await handleEvidenceAdd(desk, appUrl, [addInput, ctx]);
    expect(r.ok).toBe(false); // the core's answer, passed through
    expect(calls).toEqual([
      {
        method: 'case.evidence.add',
        input: { caseId: 'c1', kind: 'photo', note: '', name: 'a.png', upload: 'id-1' },
        sawFile: 'bytes',
      },
    ]);
    expect(existsSync(path.join(dir, 'staged-1'))).toBe(false);
  });

  it('refuses a foreign frame, bad arguments and an oversized file without staging or calling', async () => {
    const { desk, dir, calls } = fakeDesk();
    const foreign = await handleEvidenceAdd(desk, 'https://evil.example/', [addInput, ctx]);
    expect(!foreign.ok && foreign.error.code).toBe('forbidden');
    const path_ = await handleEvidenceAdd(desk, appUrl, [{ ...addInput, bytes: '/etc/passwd' }, ctx]);
    expect(!path_.ok && path_.error.code).toBe('invalid_input');
    const extra = await handleEvidenceAdd(desk, appUrl, [{ ...addInput, path: '/etc/passwd' }, ctx]);
    expect(!extra.ok && extra.error.code).toBe('invalid_input');
    const big = await handleEvidenceAdd(desk, appUrl, [
      { ...addInput, bytes: new Uint8Array(SYNC_LIMITS.attachmentBytes + 1) },
      ctx,
    ]);
    expect(!big.ok && big.error.message).toMatch(/too large/);
    expect(calls).toEqual([]);
    expect(existsSync(path.join(dir, 'staged-1'))).toBe(false);
  });
});

describe('evidence:save', () => {
  it('opens through the core, then copies the file where the clerk chose; nothing when cancelled', async () => {
    const { desk, dir, calls } = fakeDesk();
    const target = path.join(dir, 'saved.png');
    let suggested = '';
    const r = await handleEvidenceSave(desk, appUrl, [{ caseId: 'c1', sha256: SHA }, ctx], async (name) => {
      suggested = name;
      return target;
    });
    expect(r).toEqual({ ok: true, value: { saved: true } });
    expect(suggested).toBe('收据.png');
    expect(readFileSync(target, 'utf8')).toBe('the stored bytes');
    expect(calls.map((c) => c.method)).toEqual(['case.evidence.open']);

    const cancelled = await handleEvidenceSave(
      desk,
      appUrl,
      [{ caseId: 'c1', sha256: SHA }, ctx],
      async () => null,
    );
    expect(cancelled).toEqual({ ok: true, value: { saved: false } });
    const foreign = await handleEvidenceSave(
      desk,
      'file:///x',
      [{ caseId: 'c1', sha256: SHA }, ctx],
      async () => target,
    );
    expect(!foreign.ok && foreign.error.code).toBe('forbidden');
  });
});

describe('evidence:save hands out what the bytes are (review finding 5)', () => {
  it('suggests the served name (the detected extension), and refuses a file off the allow-list', async () => {
    const { desk, dir } = fakeDesk(undefined, '收据.png.exe');
    let suggested = '';
    const target = path.join(dir, 'out');
    const r = await handleEvidenceSave(desk, appUrl, [{ caseId: 'c1', sha256: SHA }, ctx], async (name) => {
      suggested = name;
      return target;
    });
    expect(r).toEqual({ ok: true, value: { saved: true } });
    expect(suggested).toBe('收据.png');

    let asked = false;
    const off = await handleEvidenceSave(
      desk,
      appUrl,
      [{ caseId: 'c1', sha256: OFF_LIST }, ctx],
      async () => {
        asked = true;
        return path.join(dir, 'off');
      },
    );
    expect(!off.ok && off.error.code).toBe('invalid_input');
    expect(!off.ok && off.error.message).toMatch(/not an accepted type/);
    expect(asked).toBe(false);
    expect(existsSync(path.join(dir, 'off'))).toBe(false);
  });
});
