/**
 * Backups through DeskApi (electron/desk/features/backup): a supervisor sets
 * the folder and keep counts (a counter clerk may not; a bad folder is
 * refused in both languages), `backup.start` makes a backup as a job while
 * the desk runs, the file carries its manifest (facts inside, sha256 beside),
 * a cancelled backup leaves no file, the daily schedule runs through `sweep`
 * and retries a failure an hour later, and rotation keeps the newest ones.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupView } from '../../shared/contract/methods/backup';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import { makeBackup } from '../../electron/desk/features/backup/make';
import { BackupManifest, manifestPathOf } from '../../electron/desk/features/backup/manifest';
import { backupsToKeep, listBackups, rotateBackups } from '../../electron/desk/features/backup/rotation';
import { JobCancelled } from '../../electron/desk/kernel/jobs';
import type { Session } from '../../shared/contract/methods/staff';
import {
  ADMIN,
  createCase,
  openTestDesk,
  removeDir,
  staffSession,
  tempDir,
  type TestDesk,
} from './desk-fixtures';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

async function deskWithFolder(now?: () => number): Promise<{ t: TestDesk; folder: string }> {
  const t = await openTestDesk({ backup: { timers: false }, ...(now ? { now } : {}) });
  const folder = tempDir();
  cleanup.push(
    () => t.close(),
    () => removeDir(folder),
  );
  return { t, folder };
}

async function settled(t: TestDesk, job: JobSummary): Promise<JobSummary> {
  const done = await t.core.jobs.whenSettled(job.id, 'zh-CN');
  if (!done) throw new Error('job vanished');
  return done;
}

function backupFiles(folder: string): string[] {
  return fs.readdirSync(folder).sort();
}

describe('backup settings and the backup job', () => {
  it('lets a supervisor set the folder and back up; refuses a counter clerk and a bad folder in both languages', async () => {
    const { t, folder } = await deskWithFolder();
    const counter = await staffSession(t, 'counter', 'c1');
    const supervisor = await staffSession(t, 'supervisor', 's1');
    const settings = { folder, keepDaily: 7, keepWeekly: 4 };

    const forbidden = await t.call('backup.configure', settings, counter.token);
    expect(forbidden.ok ? null : forbidden.error.code).toBe('forbidden');
    const forbiddenStart = await t.call('backup.start', {}, counter.token);
    expect(forbiddenStart.ok ? null : forbiddenStart.error.code).toBe('forbidden');

    const noFolder = await t.call('backup.start', {}, supervisor.token, 'en');
    expect(noFolder.ok ? null : noFolder.error.message).toMatch(/No backup folder is set/);

    const missing = path.join(folder, 'nope');
    const zh = await t.call('backup.configure', { ...settings, folder: missing }, supervisor.token, 'zh-CN');
    const en = await t.call('backup.configure', { ...settings, folder: missing }, supervisor.token, 'en');
    expect(zh.ok ? null : zh.error.fields?.folder).toContain('不存在或无法写入');
    expect(en.ok ? null : en.error.fields?.folder).toContain('does not exist');
    const relative = await t.call(
      'backup.configure',
      { ...settings, folder: 'backups' },
      supervisor.token,
      'en',
    );
    expect(relative.ok ? null : relative.error.fields?.folder).toMatch(/full path/);
    const inside = await t.call('backup.configure', { ...settings, folder: t.dir }, supervisor.token, 'en');
    expect(inside.ok ? null : inside.error.fields?.folder).toMatch(/inside the desk data folder/);
    expect((await t.must<BackupView>('backup.get', {}, supervisor.token)).settings.folder).toBeNull();
    // A folder given for one backup (the CLI's --out) is held to the same rule by the core.
    fs.mkdirSync(path.join(t.dir, 'bk'));
    const once = t.core.jobs.backup(path.join(t.dir, 'bk'), 'en');
    expect(once.ok ? null : once.error.message).toMatch(/inside the desk data folder/);

    await createCase(t, t.admin.token);
    await createCase(t, t.admin.token);
    const view = await t.must<BackupView>('backup.configure', settings, supervisor.token);
    expect(view.settings).toEqual(settings);
    expect(view.last).toBeNull();

    const job = await t.must<JobSummary>('backup.start', {}, supervisor.token);
    expect(job.kind).toBe('backup');
    const done = await settled(t, job);
    expect(done.state).toBe('done');
    expect(done.progress.total).toBeGreaterThan(0);

    const files = backupFiles(folder);
    expect(files).toHaveLength(2);
    const file = path.join(folder, files.find((f) => f.endsWith('.db')) ?? '');
    expect(path.basename(file)).toMatch(/^loopdesk-GZ01-\d{8}T\d{6}Z\.db$/);
    const manifest = BackupManifest.parse(JSON.parse(fs.readFileSync(manifestPathOf(file), 'utf8')));
    expect(manifest.sha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    expect(manifest.bytes).toBe(fs.statSync(file).size);
    expect(manifest).toMatchObject({ branchCode: 'GZ', deviceCode: '01', appVersion: '0.0.0-dev' });
    expect(manifest.highestCaseNumber).toMatch(/^GZ01-\d{8}-0002$/);
    expect(manifest.highestOrderNumber).toBeNull();

    // The copy is a complete, self-contained database with the facts inside.
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const n = copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
      expect(n.n).toBe(manifest.events);
      const facts = copy.prepare("SELECT value FROM backup_manifest WHERE key = 'facts'").get() as {
        value: string;
      };
      expect(JSON.parse(facts.value)).toMatchObject({ deviceId: manifest.deviceId, events: manifest.events });
    } finally {
      copy.close();
    }

    const after = await t.must<BackupView>('backup.get', {}, supervisor.token);
    expect(after.last).toMatchObject({
      ok: true,
      file,
      scheduled: false,
      message: null,
      events: manifest.events,
    });
    expect(after.lastSuccessAt).toBe(after.last?.at);
    expect(Date.parse(after.nextDueAt ?? '')).toBe(Date.parse(after.last?.at ?? '') + 86_400_000);

    // A supervisor may cancel a backup but not another kind of job.
    const rebuild = t.core.jobs.start('rebuild');
    if (!rebuild.ok) throw new Error('rebuild did not start');
    const notMine = await t.call('backup.cancel', { jobId: rebuild.value.id }, supervisor.token, 'en');
    expect(notMine.ok ? null : notMine.error.message).toMatch(/only cancel backups/);
    await t.core.jobs.idle();
  });

  it('a backup cancelled mid-copy leaves no file, not even a partial one', async () => {
    const { t, folder } = await deskWithFolder();
    for (let i = 0; i < 30; i++) await createCase(t, t.admin.token);
    const identity = { deviceId: '0', deviceCode: '01', branchCode: 'GZ', branchName: 'x' };
    const abort = new AbortController();
    const sqlite = new Database(path.join(t.dir, 'loopdesk.db'));
    cleanup.push(() => sqlite.close());
    let steps = 0;
    const run = makeBackup({ sqlite, identity, appVersion: 't', now: () => Date.now() }, folder, {
      signal: abort.signal,
      progress: () => {
        steps++;
        abort.abort(); // cancel after the first step has written part of the copy
      },
    });
    await expect(run).rejects.toBeInstanceOf(JobCancelled);
    expect(steps).toBeGreaterThan(0);
    expect(backupFiles(folder)).toEqual([]);
  });

  it('a supervisor cancels a running backup through DeskApi: the job ends cancelled and leaves no file', async () => {
    const t = await openTestDesk({ backup: { timers: false }, jobs: { progressIntervalMs: 0 } });
    const folder = tempDir();
    cleanup.push(
      () => t.close(),
      () => removeDir(folder),
    );
    const supervisor = await staffSession(t, 'supervisor', 's1');
    await t.must('backup.configure', { folder, keepDaily: 7, keepWeekly: 4 }, supervisor.token);
    let cancelled: Promise<unknown> | null = null;
    const seen: string[] = [];
    t.core.subscribe((e) => {
      if (e.type !== 'progress' || e.task !== 'backup') return;
      seen.push(`${e.state} ${e.done}/${e.total}`);
      // The first step's report: the copy has begun (its temporary file exists), so cancel now.
      if (cancelled === null && e.state === 'running' && e.total > 0) {
        cancelled = t.call('backup.cancel', { jobId: e.jobId }, supervisor.token);
      }
    });
    const job = await t.must<JobSummary>('backup.start', {}, supervisor.token);
    const done = await settled(t, job);
    expect(await cancelled).toMatchObject({ ok: true });
    expect(done.state).toBe('cancelled');
    expect(seen.some((s) => /^running \d+\/[1-9]/.test(s))).toBe(true);
    expect(backupFiles(folder)).toEqual([]);
    const view = await t.must<BackupView>('backup.get', {}, supervisor.token);
    expect(view.last).toBeNull();
  });

  it('a backup into a folder that vanished fails with a clear message and leaves nothing', async () => {
    const { t, folder } = await deskWithFolder();
    await t.must('backup.configure', { folder, keepDaily: 7, keepWeekly: 0 }, t.admin.token);
    fs.rmSync(folder, { recursive: true });
    const job = await t.must<JobSummary>('backup.start', {}, t.admin.token);
    const done = await settled(t, job);
    expect(done.state).toBe('failed');
    expect(done.error?.message).toContain('备份文件夹不存在或无法写入');
    const view = await t.call('backup.get', {}, t.admin.token, 'en');
    const last = view.ok ? (view.value as BackupView).last : null;
    expect(last).toMatchObject({ ok: false, file: null });
    expect(last?.message).toMatch(/backup folder does not exist/);
  });
});

describe('the daily schedule', () => {
  it('backs up when due, not again within the day, and retries a failure an hour later', async () => {
    const clock = { t: Date.parse('2026-11-30T02:00:00Z') };
    const { t, folder } = await deskWithFolder(() => clock.t);
    /** The backup view, signed in again (the clock jumps past a session's life). */
    const view = async (): Promise<BackupView> => {
      const s = await t.must<Session>('auth.signIn', { login: ADMIN.login, secret: ADMIN.secret });
      return t.must<BackupView>('backup.get', {}, s.token);
    };
    await t.core.sweep();
    expect(backupFiles(folder)).toEqual([]); // no folder set: nothing scheduled
    await t.must('backup.configure', { folder, keepDaily: 2, keepWeekly: 0 }, t.admin.token);
    await t.core.sweep();
    await t.core.jobs.idle();
    expect(backupFiles(folder).filter((f) => f.endsWith('.db'))).toHaveLength(1);
    const first = await view();
    expect(first.last?.scheduled).toBe(true);

    clock.t += 23 * 3_600_000;
    await t.core.sweep();
    await t.core.jobs.idle();
    expect(backupFiles(folder).filter((f) => f.endsWith('.db'))).toHaveLength(1);

    // A day later the folder is gone (a USB drive unplugged): the run fails, and is tried an hour later.
    clock.t += 3_600_000;
    const moved = `${folder}-away`;
    fs.renameSync(folder, moved);
    await t.core.sweep();
    await t.core.jobs.idle();
    const failed = await view();
    expect(failed.last?.ok).toBe(false);
    expect(Date.parse(failed.nextDueAt ?? '')).toBe(clock.t + 3_600_000);
    fs.renameSync(moved, folder);
    clock.t += 30 * 60_000;
    await t.core.sweep();
    await t.core.jobs.idle();
    expect(backupFiles(folder).filter((f) => f.endsWith('.db'))).toHaveLength(1);
    clock.t += 30 * 60_000;
    await t.core.sweep();
    await t.core.jobs.idle();
    expect(backupFiles(folder).filter((f) => f.endsWith('.db'))).toHaveLength(2);

    // Two more days: rotation keeps the newest two days (keepDaily 2).
    for (let day = 0; day < 2; day++) {
      clock.t += 86_400_000;
      await t.core.sweep();
      await t.core.jobs.idle();
    }
    const left = backupFiles(folder);
    expect(left.filter((f) => f.endsWith('.db'))).toHaveLength(2);
    expect(left.filter((f) => f.endsWith('.manifest.json'))).toHaveLength(2);
    expect(left.some((f) => f.includes('20261202') || f.includes('20261203'))).toBe(true);
    expect(left.some((f) => f.includes('20261130'))).toBe(false);
  });

  it('after a cancelled scheduled backup, waits an hour before the next attempt', async () => {
    const clock = { t: Date.parse('2026-11-30T02:00:00Z') };
    const { t, folder } = await deskWithFolder(() => clock.t);
    await t.must('backup.configure', { folder, keepDaily: 2, keepWeekly: 0 }, t.admin.token);
    const backupJobs = (): JobSummary[] => t.core.jobs.list('en').filter((j) => j.kind === 'backup');
    await t.core.sweep();
    const [job] = backupJobs();
    if (!job) throw new Error('no scheduled backup');
    t.core.jobs.cancel(job.id, 'en');
    expect((await settled(t, job)).state).toBe('cancelled');

    clock.t += 1000; // the next timer tick
    await t.core.sweep();
    expect(backupJobs()).toHaveLength(1);
    const view = await t.must<BackupView>('backup.get', {}, t.admin.token);
    expect(Date.parse(view.nextDueAt ?? '')).toBe(clock.t - 1000 + 3_600_000);

    clock.t += 3_600_000;
    await t.core.sweep();
    await t.core.jobs.idle();
    expect(backupJobs().map((j) => j.state)).toEqual(['done', 'cancelled']);
    expect(backupFiles(folder).filter((f) => f.endsWith('.db'))).toHaveLength(1);
  });

  it('after a clock that ran a year ahead is set right, backs up at once, and rotation keeps that backup', async () => {
    const clock = { t: Date.parse('2027-12-01T02:00:00Z') }; // a year ahead
    const { t, folder } = await deskWithFolder(() => clock.t);
    await t.must('backup.configure', { folder, keepDaily: 1, keepWeekly: 0 }, t.admin.token);
    await t.core.sweep();
    await t.core.jobs.idle();
    expect(backupFiles(folder).filter((f) => f.endsWith('.db'))).toHaveLength(1);

    clock.t = Date.parse('2026-12-01T02:00:00Z'); // set right
    const view = await t.must<BackupView>('backup.get', {}, t.admin.token);
    expect(Date.parse(view.nextDueAt ?? '')).toBe(clock.t);
    await t.core.sweep();
    await t.core.jobs.idle();
    const made = backupFiles(folder).filter((f) => f.endsWith('.db'));
    // Today's backup carries the oldest name, yet rotation (one day kept) left it, and it took the
    // one daily slot from the year-ahead name (written earlier, by the wrong clock).
    expect(made).toEqual(['loopdesk-GZ01-20261201T020000Z.db']);
    // And a day later, the next.
    clock.t += 86_400_000;
    await t.core.sweep();
    await t.core.jobs.idle();
    expect(backupFiles(folder).filter((f) => f.endsWith('.db'))).toContain(
      'loopdesk-GZ01-20261202T020000Z.db',
    );
  });
});

describe('rotation', () => {
  const id = { deviceId: 'x', deviceCode: '01', branchCode: 'GZ', branchName: 'x' };

  function touch(folder: string, name: string, manifest = true): void {
    fs.writeFileSync(path.join(folder, name), 'x');
    if (manifest) fs.writeFileSync(manifestPathOf(path.join(folder, name)), '{}');
  }

  it('keeps the newest of the last N days and of W weeks before; never touches other files', () => {
    const folder = tempDir();
    cleanup.push(() => removeDir(folder));
    // Two backups a day over 40 days, plus another device's, a file without a manifest, and an unrelated file.
    const start = Date.parse('2026-10-01T08:00:00Z');
    for (let d = 0; d < 40; d++) {
      for (const h of [0, 6]) {
        const stamp = new Date(start + d * 86_400_000 + h * 3_600_000)
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d+Z$/, 'Z');
        touch(folder, `loopdesk-GZ01-${stamp}.db`);
      }
    }
    touch(folder, 'loopdesk-GZ02-20261001T080000Z.db');
    touch(folder, 'loopdesk-GZ01-20260901T080000Z.db', false);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'keep me');
    const newest = listBackups(folder, id)[0]?.name;
    expect(newest).toBe('loopdesk-GZ01-20261109T140000Z.db');

    const deleted = rotateBackups(folder, id, { keepDaily: 7, keepWeekly: 3 });
    const kept = listBackups(folder, id).map((f) => f.name);
    expect(kept).toHaveLength(10);
    expect(kept[0]).toBe(newest);
    // Seven days, the newest of each (14:00), then one per earlier ISO week.
    expect(kept.slice(0, 7).every((n) => n.includes('T140000Z'))).toBe(true);
    expect(deleted).toHaveLength(80 - 10);
    const names = fs.readdirSync(folder);
    expect(names).toContain('loopdesk-GZ02-20261001T080000Z.db');
    expect(names).toContain('loopdesk-GZ01-20260901T080000Z.db');
    expect(names).toContain('notes.txt');
    expect(names.filter((n) => n.endsWith('.manifest.json'))).toHaveLength(10 + 1);
  });

  it('never deletes the backup just made, though a clock set back gave it the oldest name', () => {
    const folder = tempDir();
    cleanup.push(() => removeDir(folder));
    // Two weeks of daily backups from a clock that ran a year ahead, then today's, made with the right date.
    for (let d = 1; d <= 14; d++)
      touch(folder, `loopdesk-GZ01-202711${String(d).padStart(2, '0')}T080000Z.db`);
    const made = 'loopdesk-GZ01-20261201T080000Z.db';
    touch(folder, made);
    expect(rotateBackups(folder, id, { keepDaily: 1, keepWeekly: 0 })).toContain(made);
    touch(folder, made);
    const deleted = rotateBackups(folder, id, { keepDaily: 1, keepWeekly: 0 }, path.join(folder, made));
    expect(deleted).not.toContain(made);
    expect(fs.existsSync(path.join(folder, made))).toBe(true);
    // The names from the clock that ran ahead rank after the backup just made: it takes the one daily slot.
    expect(listBackups(folder, id).map((f) => f.name)).toEqual([made]);
  });

  it('after a clock that ran a year ahead, keeps the genuine recent days rather than the year-ahead names', () => {
    const folder = tempDir();
    cleanup.push(() => removeDir(folder));
    const stamp = (ms: number) =>
      new Date(ms)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
    const DAY = 86_400_000;
    const real = Date.UTC(2026, 10, 1, 9);
    // A week of backups named a year ahead, then the clock is set right and one backup a day follows.
    for (let i = 0; i < 7; i++) touch(folder, `loopdesk-GZ01-${stamp(real + 365 * DAY + i * DAY)}.db`);
    const genuine: string[] = [];
    for (let i = 0; i < 5; i++) {
      const made = `loopdesk-GZ01-${stamp(real + i * DAY)}.db`;
      touch(folder, made);
      genuine.push(made);
      rotateBackups(folder, id, { keepDaily: 7, keepWeekly: 4 }, path.join(folder, made));
    }
    const left = listBackups(folder, id).map((f) => f.name);
    for (const g of genuine) expect(left).toContain(g);
    // The year-ahead ones fill only what the genuine days leave: 7 daily slots, 5 genuine, 2 of them.
    expect(left.filter((n) => n.includes('-2027'))).toHaveLength(2);
  });

  it('keeps the newest valid backup even with keep counts at their least', () => {
    const found = [
      { name: 'b', key: '2', day: '20261130', week: '2026-W49' },
      { name: 'a', key: '1', day: '20261129', week: '2026-W48' },
    ];
    expect([...backupsToKeep(found, { keepDaily: 0, keepWeekly: 0 })]).toEqual(['b']);
  });
});
