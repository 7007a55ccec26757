/**
 * The work queue through DeskApi (issue 9; docs/deadlines.md), with the desk's
 * clock under control (./work-fixtures.ts): actions and promises, the reply,
 * the case list's deadline state and filters, and settings changes (made here
 * or arriving late from another desk) re-deriving the rows, which a rebuild
 * writes again.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/desk';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import { DEFAULT_DEADLINE_RULES } from '../../shared/domain/deadlines/rules';
import { SETTINGS_STREAM, SETTINGS_STREAM_ID } from '../../shared/domain/settings/payloads';
import { createCase, readDeskDb, RemoteDevice, recordSteps, STEP_FIELDS } from './desk-fixtures';
import { at, closeRigs, ms, ofCase, one, rig } from './work-fixtures';

afterEach(closeRigs);

describe('actions and promises', () => {
  it("an action owned by staff is in that person's work until done; a department's shows overdue on the board", async () => {
    const r = await rig();
    const tech = await r.staff('counter', 'tech1', '技术小张');
    const c = await createCase(r.t, r.clerk.token);
    const withAction = await r.t.must<CaseDetail>(
      'case.action.add',
      {
        caseId: c.id,
        what: '上门检修',
        owner: { kind: 'staff', staffId: tech.staff.id },
        dueAt: '2026-03-11T12:00:00+08:00',
      },
      r.clerk.token,
    );
    const actionId = withAction.actions[0]!.id;
    const techWork = await r.mine(tech);
    expect(techWork.items).toEqual([
      expect.objectContaining({ caseId: c.id, kind: 'action', ref: actionId }),
    ]);
    await r.t.must(
      'case.action.add',
      {
        caseId: c.id,
        what: '卡部退费',
        owner: { kind: 'department', name: '卡部' },
        dueAt: '2026-03-10T16:00:00+08:00',
      },
      r.clerk.token,
    );
    await r.set('2026-03-10T16:05');
    const overdue = (await r.board()).overdue.items.filter((i) => i.kind === 'action');
    expect(overdue).toEqual([expect.objectContaining({ owner: null, ownerName: '' })]);
    await r.t.must('case.action.done', { caseId: c.id, actionId, result: '已修复' }, tech.token);
    expect((await r.mine(tech)).items).toEqual([]);
  });

  it('the result is met when step 5 is recorded and its action done; the reply is due a working day later', async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    const step5 = await recordSteps(r.t, r.clerk.token, c.id, 5); // step 5 adds its action (卡部, due in November)
    let d = await r.deadlines(c.id);
    expect(one(d, 'result').state).toBe('pending');
    expect(d.some((x) => x.kind === 'reply')).toBe(false);
    await r.set('2026-03-11T16:00');
    await r.t.must(
      'case.action.done',
      { caseId: c.id, actionId: step5.actions[0]!.id, result: '已退费' },
      r.clerk.token,
    );
    d = await r.deadlines(c.id);
    expect(one(d, 'result').state).toBe('met');
    // result met Wed 16:00: the reply is due at the end of the next working day
    expect(ms(one(d, 'reply').dueAt)).toBe(at('2026-03-12T17:30'));
    expect(ofCase((await r.mine()).items, c.id, 'reply')).toHaveLength(1);
    await r.set('2026-03-13T09:30');
    expect(one(await r.deadlines(c.id), 'reply').state).toBe('overdue');
    await r.t.must('case.recordStep', { caseId: c.id, step: 6, fields: STEP_FIELDS[6] }, r.clerk.token);
    expect(one(await r.deadlines(c.id), 'reply').state).toBe('met_late');
    expect(ofCase((await r.mine()).items, c.id, 'reply')).toEqual([]);
  });

  it("step 4's promised time is kept by step 6 in time, broken after", async () => {
    const r = await rig();
    const c = await createCase(r.t, r.clerk.token);
    await recordSteps(r.t, r.clerk.token, c.id, 3);
    const step4 = {
      resolvability: 'short_term',
      proposal: '今天下午四点前回复',
      promisedAt: '2026-03-10T16:00:00+08:00',
      customerAnswer: 'accept',
    };
    await r.t.must('case.recordStep', { caseId: c.id, step: 4, fields: step4 }, r.clerk.token);
    expect(one(await r.deadlines(c.id), 'promise')).toMatchObject({ state: 'pending' });
    await r.set('2026-03-10T16:01');
    expect(one(await r.deadlines(c.id), 'promise').state).toBe('overdue');
    await r.set('2026-03-10T16:30');
    for (const step of [5, 6] as const)
      await r.t.must('case.recordStep', { caseId: c.id, step, fields: STEP_FIELDS[step] }, r.clerk.token);
    const d = await r.deadlines(c.id);
    expect(one(d, 'promise').state).toBe('met_late');
  });
});

describe('the case list', () => {
  it('shows the next due time and the deadline state, and filters by them', async () => {
    const r = await rig('2026-03-10T09:00');
    const late = await createCase(r.t, r.clerk.token, { severity: 'urgent' }); // due 09:30
    await r.set('2026-03-10T15:00');
    const soon = await createCase(r.t, r.clerk.token); // due 17:30: due soon at 15:30
    await r.set('2026-03-10T15:30');
    const list = async (due?: string) =>
      (await r.t.must<CaseListPage>('case.list', due ? { due } : {}, r.clerk.token)).items;
    const all = await list();
    expect(all.find((i) => i.id === late.id)).toMatchObject({ deadlineState: 'overdue' });
    expect(ms(all.find((i) => i.id === late.id)!.nextDueAt ?? null)).toBe(at('2026-03-10T09:30'));
    expect(all.find((i) => i.id === soon.id)).toMatchObject({ deadlineState: 'due_soon' });
    expect((await list('overdue')).map((i) => i.id)).toEqual([late.id]);
    expect((await list('due_soon')).map((i) => i.id)).toEqual([soon.id]);
    expect(await list('paused')).toEqual([]);
  });
});

describe('settings', () => {
  it('a rules change re-derives exactly the cases received after it; a rebuild writes the same rows', async () => {
    const r = await rig('2026-03-10T09:30');
    const before = await createCase(r.t, r.clerk.token);
    await r.set('2026-03-10T10:00');
    const rules = (
      await r.t.must<{ rules: Record<string, unknown> }>('settings.rules.get', {}, r.t.admin.token)
    ).rules;
    await r.t.must(
      'settings.rules.set',
      {
        rules: {
          ...rules,
          handling: { ...(rules.handling as object), general: { kind: 'workingMinutes', minutes: 60 } },
        },
      },
      r.t.admin.token,
    );
    await r.set('2026-03-10T10:05');
    const after = await createCase(r.t, r.clerk.token);
    expect(ms(one(await r.deadlines(before.id), 'handling').dueAt)).toBe(at('2026-03-10T17:30'));
    expect(ms(one(await r.deadlines(after.id), 'handling').dueAt)).toBe(at('2026-03-10T11:05'));
    const rows = () =>
      readDeskDb(r.t.dir, (db) => db.prepare('SELECT * FROM case_work ORDER BY case_pos, kind, ref').all());
    const handlingDue = (caseId: string) =>
      readDeskDb(r.t.dir, (db) =>
        db
          .prepare(
            `SELECT w.due_ms FROM case_work w JOIN cases c ON c.pos = w.case_pos WHERE c.id = ? AND w.kind = 'handling'`,
          )
          .pluck()
          .get(caseId),
      );
    expect(handlingDue(after.id)).toBe(at('2026-03-10T11:05'));
    const incremental = rows();
    r.t.core.rebuild();
    expect(rows()).toEqual(incremental);
  });

  it('a rules change made offline elsewhere and arriving late re-derives the cases received after it', async () => {
    const r = await rig('2026-03-10T09:00', 1);
    const early = await createCase(r.t, r.clerk.token); // received 09:00, before the change
    await r.set('2026-03-10T10:00');
    const later = await createCase(r.t, r.clerk.token); // received 10:00, after it
    const handling = async (id: string) => ms(one(await r.deadlines(id), 'handling').dueAt);
    expect(await handling(later.id)).toBe(at('2026-03-10T17:30'));
    // an administrator's change on another desk of the branch, made at 09:30, arrives now
    const other = new RemoteDevice(
      '0196f3a0-0000-7000-8000-0000000000d2',
      at('2026-03-10T09:30') - 1000,
      'GZ',
      r.t.admin.staff.id,
    );
    const rules = {
      ...DEFAULT_DEADLINE_RULES,
      handling: { ...DEFAULT_DEADLINE_RULES.handling, general: { kind: 'workingMinutes', minutes: 45 } },
    };
    const res = r.t.core.appendEvents([
      other.event(`${SETTINGS_STREAM}:${SETTINGS_STREAM_ID}`, 'settings.rules_set', { rules }),
    ]);
    expect(res.rejected).toEqual([]);
    expect(await handling(later.id)).toBe(at('2026-03-10T10:45'));
    expect(await handling(early.id)).toBe(at('2026-03-10T17:30'));
    const rows = () =>
      readDeskDb(r.t.dir, (db) => db.prepare('SELECT * FROM case_work ORDER BY case_pos, kind, ref').all());
    const row = readDeskDb(r.t.dir, (db) =>
      db
        .prepare(
          `SELECT w.due_ms FROM case_work w JOIN cases c ON c.pos = w.case_pos WHERE c.id = ? AND w.kind = 'handling'`,
        )
        .pluck()
        .get(later.id),
    );
    expect(row).toBe(at('2026-03-10T10:45'));
    const incremental = rows();
    r.t.core.rebuild();
    expect(rows()).toEqual(incremental);
    // the rebuild job, on its own thread, one event per chunk: settings and cases in arrival order
    const job = r.t.core.jobs.start('rebuild');
    if (!job.ok) throw new Error(job.error.message);
    expect((await r.t.core.jobs.whenSettled(job.value.id))?.state).toBe('done');
    expect(rows()).toEqual(incremental);
  });
});

describe('counts at scale', () => {
  it('stop at 1,000 and say so (capped), in My work and on the board', async () => {
    const r = await rig();
    const clerkId = r.clerk.staff.id;
    // 1,005 overdue items of the clerk's, written straight into the projection (the counts read only it).
    const db = new Database(path.join(r.t.dir, DB_FILE_NAME));
    try {
      const insert = db.prepare(
        "INSERT INTO case_work (case_pos, kind, ref, owner, due_ms, met_ms, ended_ms) VALUES (?, 'handling', '', ?, ?, NULL, NULL)",
      );
      db.transaction(() => {
        for (let i = 0; i < 1005; i++) insert.run(1_000_000 + i, clerkId, r.clock.t - (i + 1) * 60_000);
      })();
    } finally {
      db.close();
    }
    const board = await r.board();
    expect(board.overdue).toMatchObject({ count: 1000, capped: true });
    expect(board.dueSoon).toMatchObject({ count: 0, capped: false });
    const mine = await r.mine();
    expect(mine.count).toBe(1000);
    expect((mine as { capped?: boolean }).capped).toBe(true);
  });
});
