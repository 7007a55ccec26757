/**
 * The job runner (electron/desk/kernel/jobs.ts) with made-up work: states,
 * progress at a bounded rate, cancel, clerk-readable failures in both
 * languages, one exclusive job at a time, and the list a new window reads.
 */
import { describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../shared/contract/api';
import type { JobProgressEvent } from '../../shared/contract/methods/jobs';
import { JobFailure } from '../../electron/desk/kernel/jobMessages';
import { JobCancelled, JobRunner, type JobContext, type JobKindSpec } from '../../electron/desk/kernel/jobs';

/** Work driven step by step from the test. */
function controlled() {
  let ctx: JobContext | null = null;
  let finish: ((v: { counts: Record<string, number> }) => void) | null = null;
  let fail: ((e: unknown) => void) | null = null;
  const spec: JobKindSpec = {
    exclusive: true,
    busyKey: 'jobBusyRebuild',
    run: (c) =>
      new Promise((resolve, reject) => {
        ctx = c;
        finish = resolve;
        fail = reject;
        c.signal.addEventListener('abort', () => reject(new JobCancelled()));
      }),
  };
  return {
    spec,
    ctx: () => ctx!,
    finish: (counts: Record<string, number>) => finish!({ counts }),
    fail: (e: unknown) => fail!(e),
  };
}

function setup(spec: JobKindSpec, clock?: () => number) {
  const events: JobProgressEvent[] = [];
  const logged: string[] = [];
  const runner = new JobRunner({
    emit: (e: DeskEvent) => {
      if (e.type === 'progress') events.push(e);
    },
    kinds: { rebuild: spec },
    now: () => Date.parse('2026-11-29T08:00:00Z'),
    clock,
    progressIntervalMs: 100,
    keepFinished: 2,
    log: (l) => logged.push(l),
  });
  return { runner, events, logged };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('JobRunner', () => {
  it('runs a job through queued, running and done, with progress at a bounded rate', async () => {
    const w = controlled();
    let now = 0;
    const { runner, events } = setup(w.spec, () => now);
    const started = runner.submit('rebuild', 'zh-CN');
    if (!started.ok) throw new Error('refused');
    expect(started.value).toMatchObject({ kind: 'rebuild', state: 'queued', startedAt: null, result: null });
    await tick();
    for (let i = 1; i <= 10; i++) {
      now += 30; // 30 ms apart: only every fourth update may be sent
      w.ctx().progress(i * 10, 100, 'fold');
    }
    expect(runner.get(started.value.id, 'en')?.progress).toEqual({ done: 100, total: 100, phase: 'fold' });
    w.finish({ events: 100 });
    const end = await runner.whenSettled(started.value.id, 'en');
    expect(end).toMatchObject({
      state: 'done',
      result: { counts: { events: 100 } },
      startedAt: '2026-11-29T08:00:00.000Z',
      finishedAt: '2026-11-29T08:00:00.000Z',
      error: null,
    });
    const states = events.map((e) => `${e.state}:${e.done}`);
    expect(states[0]).toBe('queued:0');
    expect(states[1]).toBe('running:0');
    expect(states.at(-1)).toBe('done:100');
    const during = events.filter((e) => e.state === 'running' && e.done > 0);
    expect(during.length).toBeLessThanOrEqual(3);
    expect(during.length).toBeGreaterThan(0);
  });

  it('cancel ends the job as cancelled; unknown ids are not found', async () => {
    const w = controlled();
    const { runner } = setup(w.spec);
    const s = runner.submit('rebuild', 'en');
    if (!s.ok) throw new Error('refused');
    await tick();
    const asked = runner.cancel(s.value.id, 'en');
    expect(asked.ok && asked.value.cancelRequested).toBe(true);
    expect((await runner.whenSettled(s.value.id, 'en'))?.state).toBe('cancelled');
    const missing = runner.cancel('0196f3a0-0000-7000-8000-000000000000', 'en');
    expect(missing).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'That job could not be found (jobs are kept only until the desk program closes).',
      },
    });
  });

  it('a job cancelled before it began never runs its work', async () => {
    let ran = false;
    const { runner } = setup({
      exclusive: false,
      busyKey: 'jobBusyRebuild',
      run: () => {
        ran = true;
        return Promise.resolve({});
      },
    });
    const s = runner.submit('rebuild', 'en');
    if (!s.ok) throw new Error('refused');
    runner.cancel(s.value.id, 'en');
    expect((await runner.whenSettled(s.value.id, 'en'))?.state).toBe('cancelled');
    expect(ran).toBe(false);
  });

  it('a failure reads as a clerk message in each language; the technical detail goes to the log', async () => {
    const w = controlled();
    const { runner, logged } = setup(w.spec);
    const s = runner.submit('rebuild', 'zh-CN');
    if (!s.ok) throw new Error('refused');
    await tick();
    w.fail(new JobFailure('busy', 'jobDatabaseBusy', 'SqliteError: database is locked'));
    const zh = await runner.whenSettled(s.value.id, 'zh-CN');
    expect(zh?.state).toBe('failed');
    expect(zh?.error).toEqual({
      code: 'busy',
      message:
        '数据库正被其他程序占用（例如另一个 Loopdesk 或命令行工具），重建没有进行，数据未改动。请关闭其他程序后再试。',
    });
    expect(runner.get(s.value.id, 'en')?.error?.message).toMatch(
      /^The database is in use by another program/,
    );
    expect(logged).toEqual([expect.stringContaining('SqliteError: database is locked')]);

    // Anything unexpected: the generic message, never the stack.
    const w2 = controlled();
    const other = setup(w2.spec);
    const s2 = other.runner.submit('rebuild', 'en');
    if (!s2.ok) throw new Error('refused');
    await tick();
    w2.fail(new TypeError('x is undefined'));
    const en = await other.runner.whenSettled(s2.value.id, 'en');
    expect(en?.error).toEqual({
      code: 'internal',
      message:
        'The job failed and nothing was changed. Try again; if it keeps failing, tell your administrator (details are in the local log).',
    });
    expect(other.logged[0]).toContain('TypeError: x is undefined');
  });

  it('refuses a second job of an exclusive kind while one runs, and accepts one after', async () => {
    const w = controlled();
    const { runner } = setup(w.spec);
    const first = runner.submit('rebuild', 'en');
    const second = runner.submit('rebuild', 'en');
    expect(first.ok).toBe(true);
    expect(second).toEqual({
      ok: false,
      error: {
        code: 'busy',
        message: 'A rebuild is already running. Wait for it to finish, or cancel it first.',
      },
    });
    await tick();
    w.finish({});
    await runner.idle();
    expect(runner.submit('rebuild', 'en').ok).toBe(true);
  });

  it('lists jobs newest first for a window that opens later, keeping only the last finished ones', async () => {
    const { runner } = setup({ exclusive: false, busyKey: 'jobBusyRebuild', run: () => Promise.resolve({}) });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = runner.submit('rebuild', 'en');
      if (s.ok) ids.push(s.value.id);
    }
    await runner.idle();
    expect(runner.list('en').map((j) => j.id)).toEqual([ids[3], ids[2]]);
  });

  it('stop cancels what runs and refuses new jobs', async () => {
    const w = controlled();
    const { runner } = setup(w.spec);
    const s = runner.submit('rebuild', 'en');
    if (!s.ok) throw new Error('refused');
    await tick();
    runner.stop();
    runner.stop();
    await runner.idle();
    expect(runner.get(s.value.id, 'en')?.state).toBe('cancelled');
    expect(runner.submit('rebuild', 'en')).toMatchObject({ ok: false, error: { code: 'busy' } });
  });
});
