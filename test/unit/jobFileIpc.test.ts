/**
 * The desktop app's save of a job's file (electron/main/jobFileIpc.ts), in
 * plain Node with a fake core: only the app's own frame may ask; the core's
 * `export.get` decides who may have the file; the finished file is copied
 * where the clerk chose, nothing when they cancelled, and a file the desk no
 * longer holds is said so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handleJobFileSave } from '../../electron/main/jobFileIpc';
import { APP_ORIGIN } from '../../electron/main/policy';
import type { Result } from '../../shared/contract/result';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const JOB = '0192a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const ctx = { session: 'tok', locale: 'en' as const };
const appUrl = `${APP_ORIGIN}/index.html`;

function fakeDesk(answer: Result<unknown>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'loopdesk-jobfile-'));
  dirs.push(dir);
  const made = path.join(dir, 'made.csv');
  writeFileSync(made, '\ufeffcase,number\r\n');
  const calls: { method: string; input: unknown; ctx: unknown }[] = [];
  const desk = {
    exports: {
      file: (id: string) => (id === 'f1' ? { path: made, name: '投诉台账.csv', bytes: 16 } : null),
    },
    call: async (method: string, input: unknown, c: unknown) => {
      calls.push({ method, input, ctx: c });
      return answer;
    },
  };
  return { desk, dir, calls };
}

const done = (fileId: string): Result<unknown> => ({
  ok: true,
  value: { id: JOB, kind: 'export', state: 'done', result: { file: { id: fileId, name: 'x', bytes: 16 } } },
});

describe('job:file-save', () => {
  it('asks export.get with the caller’s session, then copies the file where the clerk chose', async () => {
    const { desk, dir, calls } = fakeDesk(done('f1'));
    const target = path.join(dir, 'saved.csv');
    const asked: string[] = [];
    const r = await handleJobFileSave(desk, appUrl, [{ jobId: JOB }, ctx], async (name) => {
      asked.push(name);
      return target;
    });
    expect(r).toEqual({ ok: true, value: { saved: true } });
    expect(calls).toEqual([{ method: 'export.get', input: { jobId: JOB }, ctx }]);
    expect(asked).toEqual(['投诉台账.csv']);
    expect(readFileSync(target, 'utf8')).toBe('\ufeffcase,number\r\n');
  });

  it('saves nothing when the clerk cancels the dialog', async () => {
    const { desk, dir } = fakeDesk(done('f1'));
    const r = await handleJobFileSave(desk, appUrl, [{ jobId: JOB }, ctx], async () => null);
    expect(r).toEqual({ ok: true, value: { saved: false } });
    expect(existsSync(path.join(dir, 'saved.csv'))).toBe(false);
  });

  it('passes the core’s refusal through and never asks where', async () => {
    const refusal: Result<unknown> = { ok: false, error: { code: 'forbidden', message: 'supervisors only' } };
    const { desk } = fakeDesk(refusal);
    let asked = false;
    const r = await handleJobFileSave(desk, appUrl, [{ jobId: JOB }, ctx], async () => {
      asked = true;
      return '/tmp/x';
    });
    expect(r).toEqual(refusal);
    expect(asked).toBe(false);
  });

  it('says the file is gone when the desk no longer holds it', async () => {
    const { desk } = fakeDesk(done('f-gone'));
    const r = await handleJobFileSave(desk, appUrl, [{ jobId: JOB }, ctx], async () => '/tmp/x');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('not_found');
      expect(r.error.message).toMatch(/Export it again/);
    }
  });

  it('refuses a foreign frame and a malformed request before the core is asked', async () => {
    const { desk, calls } = fakeDesk(done('f1'));
    const foreign = await handleJobFileSave(
      desk,
      'https://evil.example/',
      [{ jobId: JOB }, ctx],
      async () => '/tmp/x',
    );
    expect(foreign.ok ? null : foreign.error.code).toBe('forbidden');
    const bad = await handleJobFileSave(
      desk,
      appUrl,
      [{ jobId: '../../etc/passwd' }, ctx],
      async () => '/tmp/x',
    );
    expect(bad.ok ? null : bad.error.code).toBe('invalid_input');
    const extra = await handleJobFileSave(
      desk,
      appUrl,
      [{ jobId: JOB, path: '/x' }, ctx],
      async () => '/tmp/x',
    );
    expect(extra.ok ? null : extra.error.code).toBe('invalid_input');
    expect(calls).toEqual([]);
  });

  it('says so when the chosen place cannot be written', async () => {
    const { desk, dir } = fakeDesk(done('f1'));
    const r = await handleJobFileSave(desk, appUrl, [{ jobId: JOB }, ctx], async () =>
      path.join(dir, 'no-such-dir', 'x.csv'),
    );
    expect(r.ok ? null : r.error.code).toBe('internal');
  });
});
