/**
 * A rebuild that is cancelled (or fails) changes nothing: the rows roll back,
 * and the staff, settings and volume books the desk keeps in memory are read
 * again, so sign-ins and the role checks of the folds work as before. Here the
 * rebuild runs on the desk's own thread (its thread cannot start), where the
 * books it emptied were left empty: every sign-in failed until a restart.
 */
import { describe, expect, it, vi } from 'vitest';
import { createCase, openTestDesk } from './desk-fixtures';

vi.mock('../../electron/desk/kernel/threads', async (original) => {
  const m = await original<typeof import('../../electron/desk/kernel/threads')>();
  return {
    ...m,
    startThread: (...args: Parameters<typeof m.startThread>) => {
      if (args[1] === 'rebuildWorker') throw new Error('no thread here');
      return m.startThread(...args);
    },
  };
});

describe('a cancelled rebuild on the desk thread', () => {
  it('leaves sign-ins and sessions working', async () => {
    const t = await openTestDesk({ sync: false, jobs: { rebuildChunk: 1, progressIntervalMs: 0 } });
    try {
      await t.must(
        'staff.create',
        { name: '柜员', login: 'c1', role: 'counter', secretKind: 'pin', secret: '135790' },
        t.admin.token,
      );
      await createCase(t, t.admin.token);
      const started = t.core.jobs.start('rebuild');
      if (!started.ok) throw new Error(started.error.message);
      const jobId = started.value.id;
      let asked = false;
      const off = t.core.subscribe((e) => {
        if (!asked && e.type === 'progress' && e.jobId === jobId) {
          asked = true;
          t.core.jobs.cancel(jobId);
        }
      });
      expect((await t.core.jobs.whenSettled(jobId))?.state).toBe('cancelled');
      off();
      expect((await t.call('auth.signIn', { login: 'c1', secret: '135790' })).ok).toBe(true);
      expect(t.core.sessionLive(t.admin.token)).toBe(true);
      expect((await t.call('staff.list', {}, t.admin.token)).ok).toBe(true);
    } finally {
      t.close();
    }
  });
});
