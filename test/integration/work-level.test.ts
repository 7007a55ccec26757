/**
 * Issue 12, review finding 7: an escalated case is owned at its new level
 * while the first-contact owner stays accountable. Through DeskApi: a case a
 * clerk escalates to the supervisor is in the supervisor's 在我这一级 (board
 * and 我的待办), reviewed or not, until it goes higher (then the board's
 * 上级跟进) or closes; the clerk keeps it in their own queue throughout.
 * The lists read the partial index of escalated cases (query plan checked).
 */
import { describe, expect, it } from 'vitest';
import type { WorkBoard } from '../../shared/contract/methods/work';
import { levelCasesSql } from '../../electron/desk/features/work/levelCases';
import { createCase, readDeskDb } from './desk-fixtures';
import { clerkAndBoss, deskPerTest } from './case-desk-fixtures';

const openDesk = deskPerTest();

const escalation = (caseId: string, level: string) => ({
  caseId,
  level,
  canEmployeeSolve: false,
  canSolveOnSite: false,
  rootCause: 'policy',
  reason: '退费金额超出柜面权限',
});

interface Mine {
  items: { caseId: string }[];
  atMyLevel: WorkBoard['atMyLevel'];
}

describe('an escalated case is owned at its level', () => {
  it('the supervisor has it at their level; the first-contact owner keeps it in their queue', async () => {
    const desk = await openDesk();
    const { clerk, boss } = await clerkAndBoss(desk);
    const c = await createCase(desk, clerk.token);
    const other = await createCase(desk, clerk.token);
    const board = () => desk.must<WorkBoard>('work.board', {}, boss.token);
    const mine = (token: string) => desk.must<Mine>('work.mine', {}, token);

    expect((await board()).atMyLevel).toEqual({ items: [], count: 0, capped: false });
    expect((await mine(clerk.token)).items.some((w) => w.caseId === c.id)).toBe(true);

    const d = await desk.must<{ escalation: { steps: { eventId: string }[] } }>(
      'case.escalate',
      escalation(c.id, 'supervisor'),
      clerk.token,
    );
    const at = (await board()).atMyLevel;
    expect(at).toMatchObject({ count: 1, capped: false });
    expect(at.items).toEqual([
      expect.objectContaining({
        caseId: c.id,
        level: 'supervisor',
        owner: clerk.staff.id,
        ownerName: clerk.staff.name,
        rootCause: 'policy',
        reason: '退费金额超出柜面权限',
        reviewed: false,
      }),
    ]);
    expect((await board()).escalatedAbove.count).toBe(0);
    // 我的待办: the supervisor's lists the case at their level; the clerk's keeps its deadlines and no level list.
    expect((await mine(boss.token)).atMyLevel.items.map((i) => i.caseId)).toEqual([c.id]);
    const clerks = await mine(clerk.token);
    expect(clerks.items.some((w) => w.caseId === c.id)).toBe(true);
    expect(clerks.atMyLevel).toEqual({ items: [], count: 0, capped: false });

    // Reviewed, still open: still at the supervisor's level (no longer among the escalations to review).
    await desk.must(
      'case.reviewEscalation',
      {
        caseId: c.id,
        escalationId: d.escalation.steps[0]?.eventId,
        justified: true,
        comment: '确需主管处理',
      },
      desk.admin.token,
    );
    const reviewed = await board();
    expect(reviewed.escalationsToReview.count).toBe(0);
    expect(reviewed.atMyLevel.items).toEqual([expect.objectContaining({ caseId: c.id, reviewed: true })]);

    // Escalated on to head office: out of the supervisor's level, into the follow-up list.
    await desk.must('case.escalate', escalation(c.id, 'head_office'), boss.token);
    await desk.must('case.escalate', escalation(other.id, 'region'), boss.token);
    const above = await board();
    expect(above.atMyLevel.count).toBe(0);
    expect((await mine(boss.token)).atMyLevel.count).toBe(0);
    expect(above.escalatedAbove).toMatchObject({ count: 2, capped: false });
    expect(above.escalatedAbove.items.map((i) => [i.caseId, i.level, i.owner])).toEqual([
      [c.id, 'head_office', clerk.staff.id],
      [other.id, 'region', clerk.staff.id],
    ]);
    expect((await mine(clerk.token)).items.some((w) => w.caseId === c.id)).toBe(true);

    // Closed: in no level list.
    await desk.must(
      'case.close',
      { caseId: c.id, nature: 'valid', overrideReason: '总部已答复' },
      boss.token,
    );
    expect((await board()).escalatedAbove.items.map((i) => i.caseId)).toEqual([other.id]);
  });

  it('reads the partial index of escalated cases', async () => {
    const desk = await openDesk();
    for (const n of [1, 2]) {
      const sql = levelCasesSql(n);
      for (const q of [sql.rows, sql.count]) {
        const args = [...['supervisor', 'region'].slice(0, n), ...(q === sql.rows ? [20] : [])];
        const plan = readDeskDb(desk.dir, (db) =>
          (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail),
        );
        expect(plan.join('\n')).toContain('USING INDEX cases_escalated');
        expect(plan.join('\n')).not.toMatch(/SCAN c\b(?! USING)/);
      }
    }
  });
});
