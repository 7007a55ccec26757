/**
 * Escalation as a decision through DeskApi (issue 12 item 2; electron/desk/
 * features/cases/escalation.ts): who may escalate to which level, levels only
 * up, a pure skill problem refused with the offer to coach, the first-contact
 * owner unchanged, the level in the list and the detail, reviews once by a
 * supervisor; every refusal in zh-CN and English, with nothing stored.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import type { WorkBoard } from '../../shared/contract/methods/work';
import { createCase, RemoteDevice, staffSession, type TestDesk } from './desk-fixtures';
import { caseStateOf, clerkAndBoss, deskPerTest, refused } from './case-desk-fixtures';

const openDesk = deskPerTest();

const escalation = (caseId: string, level: string, rootCause = 'policy') => ({
  caseId,
  level,
  canEmployeeSolve: false,
  canSolveOnSite: false,
  rootCause,
  reason: '超出柜面权限，需要调整资费政策',
});

interface Cast {
  desk: TestDesk;
  clerk: Session;
  boss: Session;
  caseId: string;
}

async function cast(): Promise<Cast> {
  const desk = await openDesk();
  const { clerk, boss } = await clerkAndBoss(desk);
  const c = await createCase(desk, clerk.token);
  return { desk, clerk, boss, caseId: c.id };
}

/** Calls and expects a refusal that stores nothing; returns the error. */
describe('case.escalate', () => {
  it('a counter clerk escalates to the supervisor; the supervisor on to head office; the owner stays', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    const d1 = await desk.must<CaseDetail>('case.escalate', escalation(caseId, 'supervisor'), clerk.token);
    expect(d1.escalation).toMatchObject({ level: 'supervisor', by: clerk.staff.id });
    expect(d1.escalationLevel).toBe('supervisor');
    const d2 = await desk.must<CaseDetail>(
      'case.escalate',
      escalation(caseId, 'head_office', 'process'),
      boss.token,
    );
    expect(d2.escalation?.steps.map((s) => [s.from, s.level, s.rootCause, s.byName])).toEqual([
      ['counter', 'supervisor', 'policy', 'counter-li'],
      ['supervisor', 'head_office', 'process', 'supervisor-zhou'],
    ]);
    expect(d2.owner).toBe(clerk.staff.id);
    expect(d2.timeline.filter((e) => e.type === 'case.escalated')).toHaveLength(2);

    const list = await desk.must<CaseListPage>('case.list', { escalation: 'head_office' }, clerk.token);
    expect(list.items.map((c) => [c.id, c.escalationLevel])).toEqual([[caseId, 'head_office']]);
    const other = await createCase(desk, clerk.token);
    const all = await desk.must<CaseListPage>('case.list', {}, clerk.token);
    expect(all.items.find((c) => c.id === other.id)?.escalationLevel).toBe('counter');
    expect((await desk.must<CaseListPage>('case.list', { escalation: 'escalated' }, clerk.token)).total).toBe(
      1,
    );
    expect(
      (await desk.must<CaseListPage>('case.list', { escalation: 'unreviewed' }, clerk.token)).total,
    ).toBe(1);
    expect((await desk.must<CaseListPage>('case.list', { escalation: 'region' }, clerk.token)).total).toBe(0);
  });

  it('refuses a level that does not exist, or not above the current one, storing nothing', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    const moon = await refused(desk, 'case.escalate', escalation(caseId, 'moon'), boss.token);
    expect(moon.code).toBe('invalid_input');
    expect(moon.fields?.level).toContain('主管');
    const en = await refused(desk, 'case.escalate', escalation(caseId, 'moon'), boss.token, 'en');
    expect(en.fields?.level).toContain('no such escalation level');

    await desk.must('case.escalate', escalation(caseId, 'region'), boss.token);
    const same = await refused(desk, 'case.escalate', escalation(caseId, 'region'), boss.token);
    expect(same.code).toBe('invalid_input');
    expect(same.message).toContain('区域');
    const down = await refused(desk, 'case.escalate', escalation(caseId, 'supervisor'), clerk.token, 'en');
    expect(down.message).toContain('only goes up');
    expect(down.fields?.level).toBeDefined();
  });

  it('refuses a pure skill problem and offers coaching', async () => {
    const { desk, clerk, caseId } = await cast();
    const zh = await refused(desk, 'case.escalate', escalation(caseId, 'supervisor', 'skill'), clerk.token);
    expect(zh.code).toBe('invalid_input');
    expect(zh.message).toContain('辅导');
    expect(zh.fields?.rootCause).toBeDefined();
    const en = await refused(
      desk,
      'case.escalate',
      escalation(caseId, 'supervisor', 'skill'),
      clerk.token,
      'en',
    );
    expect(en.message).toContain('coach');
  });

  it('refuses a counter clerk past the supervisor, a QC inspector at all, and a decision path not answered no', async () => {
    const { desk, clerk, caseId } = await cast();
    const past = await refused(desk, 'case.escalate', escalation(caseId, 'head_office'), clerk.token);
    expect(past.code).toBe('forbidden');
    expect(past.message).toContain('总部');
    const qc = await staffSession(desk, 'qc', 'qian');
    expect((await refused(desk, 'case.escalate', escalation(caseId, 'supervisor'), qc.token)).code).toBe(
      'forbidden',
    );
    const yes = { ...escalation(caseId, 'supervisor'), canEmployeeSolve: true };
    expect((await refused(desk, 'case.escalate', yes, clerk.token)).fields?.canEmployeeSolve).toBeDefined();
    expect(
      (
        await refused(
          desk,
          'case.escalate',
          { ...escalation(caseId, 'supervisor'), reason: ' ' },
          clerk.token,
        )
      ).code,
    ).toBe('invalid_input');
  });

  it('refuses escalating a closed case', async () => {
    const { desk, boss, caseId } = await cast();
    await desk.must('case.close', { caseId, nature: 'valid', overrideReason: '客户撤诉' }, boss.token);
    expect((await refused(desk, 'case.escalate', escalation(caseId, 'supervisor'), boss.token)).code).toBe(
      'invalid_state',
    );
  });
});

describe('case.reviewEscalation', () => {
  it("lists on the board only what the viewer may review (not a supervisor's own), longest waiting first", async () => {
    const { desk, clerk, boss, caseId: older } = await cast();
    const newer = (await createCase(desk, clerk.token)).id;
    const wu = await staffSession(desk, 'supervisor', 'wu');
    // The newer case is escalated first: it has waited longer.
    await desk.must('case.escalate', escalation(newer, 'supervisor'), clerk.token);
    await desk.must('case.escalate', escalation(older, 'region'), boss.token);
    const board = (s: Session) => desk.must<WorkBoard>('work.board', {}, s.token);

    const mine = (await board(boss)).escalationsToReview;
    expect(mine.items.map((i) => i.caseId)).toEqual([newer]); // zhou's own escalation is not his to review
    expect(mine.count).toBe(1);
    const other = (await board(wu)).escalationsToReview;
    expect(other.items.map((i) => i.caseId)).toEqual([newer, older]);
    expect(other.count).toBe(2);
    const admin = (await board(desk.admin)).escalationsToReview;
    expect(admin.items.map((i) => i.caseId)).toEqual([newer, older]);
    const first = await desk.must<WorkBoard>('work.board', { limit: 1 }, wu.token);
    expect(first.escalationsToReview.items.map((i) => i.caseId)).toEqual([newer]);
    expect(first.escalationsToReview.count).toBe(2);

    // Reviewed by wu, it leaves every board.
    const d = await desk.must<CaseDetail>('case.get', { caseId: older }, wu.token);
    const escalationId = d.escalation?.steps[0]?.eventId ?? '';
    await desk.must(
      'case.reviewEscalation',
      { caseId: older, escalationId, justified: true, comment: '确需区域协调' },
      wu.token,
    );
    expect((await board(wu)).escalationsToReview.items.map((i) => i.caseId)).toEqual([newer]);
    expect((await board(desk.admin)).escalationsToReview.count).toBe(1);
  });

  it('a supervisor reviews each escalation once; a clerk may not; an unknown escalation is refused', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    const d = await desk.must<CaseDetail>('case.escalate', escalation(caseId, 'supervisor'), clerk.token);
    const escalationId = d.escalation?.steps[0]?.eventId ?? '';
    const review = { caseId, escalationId, justified: false, comment: '柜面可以按规定解释，不必升级' };

    expect((await refused(desk, 'case.reviewEscalation', review, clerk.token)).code).toBe('forbidden');
    const board = await desk.must<WorkBoard>('work.board', {}, boss.token);
    expect(board.escalationsToReview).toMatchObject({ count: 1, capped: false });
    expect(board.escalationsToReview.items).toEqual([
      expect.objectContaining({ caseId, escalationId, level: 'supervisor', rootCause: 'policy', waiting: 1 }),
    ]);
    const r = await desk.must<CaseDetail>('case.reviewEscalation', review, boss.token);
    const after = await desk.must<WorkBoard>('work.board', {}, boss.token);
    expect(after.escalationsToReview).toEqual({ items: [], count: 0, capped: false });
    expect(r.escalation?.steps[0]?.review).toMatchObject({ justified: false, byName: 'supervisor-zhou' });
    expect((await desk.must<CaseListPage>('case.list', { escalation: 'unreviewed' }, boss.token)).total).toBe(
      0,
    );

    const again = await refused(desk, 'case.reviewEscalation', review, desk.admin.token);
    expect(again.code).toBe('invalid_state');
    expect(again.message).toContain('只评价一次');
    const unknown = await refused(
      desk,
      'case.reviewEscalation',
      { ...review, escalationId: '0193a1b2-c3d4-7e5f-8a9b-00000000ffff' },
      boss.token,
      'en',
    );
    expect(unknown.fields?.escalationId).toContain('no such escalation');
  });
});

describe('escalations arriving from other desks', () => {
  it('gives a counter clerk’s forged escalation to head office no effect, flags it, and a rebuild agrees', async () => {
    const { desk, clerk, caseId } = await cast();
    const evil = new RemoteDevice('dev-evil', Date.now(), 'GZ', clerk.staff.id);
    const forged = evil.event(`case:${caseId}`, 'case.escalated', {
      level: 'head_office',
      canEmployeeSolve: false,
      canSolveOnSite: false,
      rootCause: 'policy',
      reason: '直接上总部',
    });
    expect(desk.core.appendEvents([forged]).accepted).toBe(1);
    const d = await desk.must<CaseDetail>('case.get', { caseId }, clerk.token);
    expect(d.escalation).toBeNull();
    expect(d.escalationLevel).toBe('counter');
    const flagged = caseStateOf(desk, caseId);
    expect(flagged.flags).toEqual([{ act: 'escalate', eventId: forged.id, reason: 'no_authority' }]);
    desk.core.rebuild();
    expect(caseStateOf(desk, caseId)).toEqual(flagged);
  });
});
