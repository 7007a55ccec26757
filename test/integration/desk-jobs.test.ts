/**
 * The rebuild job (electron/desk/kernel/jobs.ts, rebuildJob.ts,
 * rebuildWorker.ts) on a real desk: it folds on a worker thread with its own
 * connection and produces exactly what the in-thread rebuild produces; it
 * reports progress events; a cancel leaves the data as it was; writes are
 * refused with a clear "busy" while it holds the database; a window that
 * attaches mid-run finds the job and keeps receiving its progress.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../shared/contract/api';
import type { JobProgressEvent, JobSummary } from '../../shared/contract/methods/jobs';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { openDatabase } from '../../electron/desk/db/open';
import { counts } from '../../electron/desk';
import { DB_FILE_NAME } from '../../electron/desk/index';
import { EventStore } from '../../electron/desk/kernel/eventStore';
import type { JobContext } from '../../electron/desk/kernel/jobs';
import { rebuildJob, type RebuildWorkerData } from '../../electron/desk/kernel/rebuildJob';
import { gramsOf } from '../../electron/desk/features/cases/search';
import { projectors } from '../../electron/desk/projection';
import { caseGenerator } from '../bench/corpus';
import {
  createCase,
  openTestDesk,
  recordSteps,
  staffSession,
  type TestDesk,
  readDeskDb,
} from './desk-fixtures';

const CASES = 600;

/** Every projection row (incl. rowid) and the FTS answer for every token in use (as desk-store.test.ts). */
function dumpProjections(dir: string) {
  return readDeskDb(dir, (db) => {
    const cases = db.prepare('SELECT rowid AS _rowid, * FROM cases ORDER BY rowid').all() as {
      search_text: string;
    }[];
    const staff = db.prepare('SELECT rowid AS _rowid, * FROM staff ORDER BY rowid').all();
    const tokens = new Set<string>();
    for (const c of cases) for (const g of gramsOf(c.search_text)) tokens.add(g);
    const q = db.prepare('SELECT rowid FROM case_search WHERE case_search MATCH ? ORDER BY rowid');
    const fts = [...tokens]
      .sort()
      .map((t) => [t, (q.all(`"${t}"`) as { rowid: number }[]).map((r) => r.rowid)]);
    const ftsRows = (db.prepare('SELECT count(*) AS n FROM case_search').get() as { n: number }).n;
    return { cases, staff, fts, ftsRows };
  });
}

/** Damages the projections (not the log), so a rebuild has real work to do. */
function damageProjections(dir: string): void {
  const db = new Database(path.join(dir, DB_FILE_NAME));
  try {
    db.exec(`DELETE FROM case_search WHERE rowid IN (SELECT pos FROM cases WHERE pos % 3 = 0);
             DELETE FROM cases WHERE pos % 3 = 0;
             UPDATE staff SET name = 'x' || name;`);
  } finally {
    db.close();
  }
}

function eventCount(dir: string): number {
  return readDeskDb(dir, (db) => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
}

function progressOf(events: DeskEvent[], jobId: string): JobProgressEvent[] {
  return events.filter((e): e is JobProgressEvent => e.type === 'progress' && e.jobId === jobId);
}

let t: TestDesk;
let counterToken = '';
let reference: ReturnType<typeof dumpProjections>;

beforeAll(async () => {
  t = await openTestDesk({ jobs: { rebuildChunk: 40, progressIntervalMs: 0 } });
  const counter = await staffSession(t, 'counter', 'c1', '柜员甲');
  counterToken = counter.token;
  for (let i = 0; i < 3; i++) {
    const c = await createCase(t, counter.token, { account: `本地投诉${i}，账单多扣费用` });
    await recordSteps(t, counter.token, c.id, i + 2);
  }
  const gen = caseGenerator({
    deviceId: '0196f3a0-0000-7000-8000-00000000be11',
    deviceCode: '02',
    actor: '0196f3a0-0000-7000-8000-00000000be12',
  });
  const all: EventEnvelope[] = [];
  for (let i = 0; i < CASES; i++) all.push(...gen.next().events);
  for (let i = 0; i < all.length; i += 500) {
    expect(t.core.appendEvents(all.slice(i, i + 500)).rejected).toEqual([]);
  }
  reference = dumpProjections(t.dir);
  expect(reference.cases.length).toBe(CASES + 3);
}, 60_000);

afterAll(async () => {
  await t.core.jobs.idle();
  t.close();
});

describe('rebuild job', () => {
  it('rebuilds on a thread exactly as the in-thread rebuild does, reporting progress', async () => {
    damageProjections(t.dir);
    expect(dumpProjections(t.dir)).not.toEqual(reference);
    const seen: DeskEvent[] = [];
    const off = t.core.subscribe((e) => seen.push(e));
    const started = await t.must<JobSummary>('job.start', { kind: 'rebuild' }, t.admin.token);
    expect(started.state).toBe('queued');
    const done = await t.core.jobs.whenSettled(started.id, 'en');
    off();
    expect(done?.state).toBe('done');
    const total = eventCount(t.dir);
    expect(done?.result?.counts).toEqual({ events: total, cases: CASES + 3, staff: 2 });
    expect(done?.progress).toEqual({ done: total, total, phase: 'fold' });
    expect(dumpProjections(t.dir)).toEqual(reference);

    const progress = progressOf(seen, started.id);
    expect(progress[0]).toMatchObject({ task: 'rebuild', state: 'queued' });
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: total, total });
    const running = progress.filter((p) => p.state === 'running' && p.done > 0);
    expect(running.length).toBeGreaterThan(10); // chunks of 40 events, no rate limit here
    for (let i = 1; i < running.length; i++) expect(running[i]!.done).toBeGreaterThan(running[i - 1]!.done);

    // The same store rebuilt in-thread: the same bytes.
    t.core.rebuild();
    expect(dumpProjections(t.dir)).toEqual(reference);
  }, 60_000);

  it('refuses writes with a clear busy answer while it runs, and only one rebuild at a time', async () => {
    const answers: { create?: unknown; second?: unknown } = {};
    let asked: Promise<void> | null = null;
    const off = t.core.subscribe((e) => {
      if (e.type !== 'progress' || e.state !== 'running' || e.done === 0 || asked !== null) return;
      asked = (async () => {
        answers.create = await t.call('case.create', { ...newCase() }, counterToken, 'en');
        answers.second = await t.call('job.start', { kind: 'rebuild' }, t.admin.token, 'en');
      })();
    });
    const job = t.core.jobs.start('rebuild');
    if (!job.ok) throw new Error(job.error.message);
    await t.core.jobs.whenSettled(job.value.id);
    await asked;
    off();
    expect(answers.create).toEqual({
      ok: false,
      error: {
        code: 'busy',
        message: 'This desk is busy with maintenance (rebuilding the index). Try again when it has finished.',
      },
    });
    expect(answers.second).toEqual({
      ok: false,
      error: {
        code: 'busy',
        message: 'A rebuild is already running. Wait for it to finish, or cancel it first.',
      },
    });
    // Released afterwards.
    const after = await t.call('case.create', newCase(), counterToken);
    expect(after.ok).toBe(true);
    reference = dumpProjections(t.dir);
  }, 60_000);

  it('cancel rolls back: the projections stay exactly as they were', async () => {
    damageProjections(t.dir);
    const damaged = dumpProjections(t.dir);
    // Cancel as soon as the job runs: the thread stops before its first chunk, after it emptied the tables.
    const early = await cancelWhen((p) => p.state === 'running');
    expect(early.state).toBe('cancelled');
    expect(early.cancelRequested).toBe(true);
    expect(dumpProjections(t.dir)).toEqual(damaged);

    // Cancel half-way through the fold.
    let at = 0;
    const mid = await cancelWhen((p) => {
      if (p.state !== 'running' || p.done === 0) return false;
      at = p.done;
      return true;
    });
    expect(mid.state).toBe('cancelled');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(mid.progress.total);
    expect(dumpProjections(t.dir)).toEqual(damaged);

    // A counter clerk may list jobs but not cancel or start them.
    const listed = await t.must<JobSummary[]>('job.list', {}, counterToken);
    expect(listed[0]?.id).toBe(mid.id);
    const refused = await t.call('job.cancel', { jobId: mid.id }, counterToken);
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');

    const fixed = t.core.jobs.start('rebuild');
    if (!fixed.ok) throw new Error(fixed.error.message);
    expect((await t.core.jobs.whenSettled(fixed.value.id))?.state).toBe('done');
    expect(dumpProjections(t.dir)).toEqual(reference);
  }, 60_000);

  it('a window that attaches mid-run lists the running job and keeps receiving its progress', async () => {
    const late: DeskEvent[] = [];
    let listed: JobSummary[] | null = null;
    let offLate: (() => void) | null = null;
    const off = t.core.subscribe((e) => {
      if (e.type !== 'progress' || e.state !== 'running' || e.done === 0 || offLate !== null) return;
      // "Reload": a fresh subscriber, and job.list through DeskApi.
      offLate = t.core.subscribe((x) => late.push(x));
      void t.must<JobSummary[]>('job.list', {}, counterToken).then((l) => (listed = l));
    });
    const job = t.core.jobs.start('rebuild');
    if (!job.ok) throw new Error(job.error.message);
    const end = await t.core.jobs.whenSettled(job.value.id);
    off();
    (offLate as (() => void) | null)?.();
    expect(end?.state).toBe('done');
    const seenByList = (listed as JobSummary[] | null)?.find((j) => j.id === job.value.id);
    expect(seenByList?.state).toBe('running');
    const lateProgress = progressOf(late, job.value.id);
    expect(lateProgress.length).toBeGreaterThan(1);
    expect(lateProgress.at(-1)?.state).toBe('done');
  }, 60_000);

  it('fails with a clerk-readable message when another program holds the database, changing nothing', async () => {
    const busy = await openTestDesk({ jobs: { busyTimeoutMs: 100 } });
    const blocker = new Database(path.join(busy.dir, DB_FILE_NAME));
    try {
      blocker.exec('BEGIN IMMEDIATE');
      const before = dumpProjections(busy.dir);
      const job = busy.core.jobs.start('rebuild', 'zh-CN');
      if (!job.ok) throw new Error(job.error.message);
      const end = await busy.core.jobs.whenSettled(job.value.id, 'zh-CN');
      expect(end?.state).toBe('failed');
      expect(end?.error?.code).toBe('busy');
      expect(end?.error?.message).toMatch(/^数据库正被其他程序占用/);
      expect(busy.core.jobs.list('en')[0]?.error?.message).toMatch(
        /^The database is in use by another program/,
      );
      blocker.exec('ROLLBACK');
      expect(dumpProjections(busy.dir)).toEqual(before);
      // The desk takes writes again once the job has ended.
      const c = await busy.call('case.create', newCase(), busy.admin.token);
      expect(c.ok).toBe(true);
    } finally {
      blocker.close();
      busy.close();
    }
  }, 60_000);
});

describe('rebuild job without its thread', () => {
  async function runWith(spawn: (d: RebuildWorkerData) => Worker): Promise<unknown> {
    const d = openDatabase(path.join(t.dir, DB_FILE_NAME));
    const logged: string[] = [];
    try {
      const spec = rebuildJob({
        file: path.join(t.dir, DB_FILE_NAME),
        inThread: (chunk, hooks) => {
          new EventStore(d, projectors()).rebuild(chunk, hooks);
          return { ...counts(d) };
        },
        holdWrites: () => {},
        spawn,
        log: (l) => logged.push(l),
      });
      const ctx: JobContext = { signal: new AbortController().signal, progress: () => {} };
      return { result: await spec.run(ctx), logged };
    } finally {
      d.close();
    }
  }

  it('rebuilds in this thread, with the same result, when the thread cannot start', async () => {
    damageProjections(t.dir);
    const r = await runWith(() => {
      throw new Error('no threads here');
    });
    expect(r).toMatchObject({ logged: [expect.stringContaining('no threads here')] });
    expect(dumpProjections(t.dir)).toEqual(reference);
  });

  it('dist-electron/rebuildWorker.cjs (built by build-electron) rebuilds like the source', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    execFileSync(process.execPath, [path.join(root, 'scripts/build-electron.mjs')], {
      cwd: root,
      stdio: 'pipe',
    });
    damageProjections(t.dir);
    const bundle = path.join(root, 'dist-electron/rebuildWorker.cjs');
    const r = await runWith((data) => new Worker(bundle, { workerData: data }));
    expect(r).toMatchObject({ logged: [], result: { counts: { cases: reference.cases.length } } });
    expect(dumpProjections(t.dir)).toEqual(reference);
  }, 60_000);
});

function newCase() {
  return {
    customer: { name: '周客户', phone: '13900139000', gender: 'male', returning: false },
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    account: '重建期间登记的投诉',
  };
}

/** Starts a rebuild and cancels it at the first progress event `when` accepts. */
async function cancelWhen(when: (p: JobProgressEvent) => boolean): Promise<JobSummary> {
  let jobId = '';
  let cancelled = false;
  const off = t.core.subscribe((e) => {
    if (cancelled || e.type !== 'progress' || e.jobId !== jobId || !when(e)) return;
    cancelled = true;
    void t.must('job.cancel', { jobId }, t.admin.token);
  });
  const job = t.core.jobs.start('rebuild');
  if (!job.ok) throw new Error(job.error.message);
  jobId = job.value.id;
  const end = await t.core.jobs.whenSettled(jobId);
  off();
  if (!end) throw new Error('job vanished');
  return end;
}
