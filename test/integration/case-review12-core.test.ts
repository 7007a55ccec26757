/**
 * Issue 12 review fixes in the desk core, through DeskApi (/work review
 * findings 1, 3, 8, 4): step 3's 疑似恶意索赔 is a suspicion anyone records;
 * first-contact resolution knows step 5's own action by id; no supervisor
 * reviews their own escalation.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import { createCase, recordSteps, staffSession, STEP_FIELDS } from './desk-fixtures';
import { caseStateOf, clerkAndBoss, deskPerTest, refused } from './case-desk-fixtures';

const openDesk = deskPerTest();

const SUSPECTED = { ...STEP_FIELDS[3], complainantType: 'malicious_claim' };
const suspicions = (d: CaseDetail) => d.timeline.filter((e) => e.type === 'case.malice_suspected');

describe("step 3's suspected malicious claim (疑似恶意索赔)", () => {
  it('is a counter clerk’s to choose, and flags the case as suspected once, in the same write', async () => {
    const desk = await openDesk();
    const { clerk } = await clerkAndBoss(desk);
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 2);
    const d = await desk.must<CaseDetail>(
      'case.recordStep',
      { caseId: c.id, step: 3, fields: SUSPECTED },
      clerk.token,
    );
    expect(d.steps['3']?.complainantType).toBe('malicious_claim');
    expect(d.maliceStatus).toBe('suspected');
    expect(d.malice?.determination).toBeNull();
    expect(suspicions(d)).toHaveLength(1);
    expect((await desk.must<CaseListPage>('case.list', { malice: 'suspected' }, clerk.token)).total).toBe(1);
    // Re-recorded: the case is already flagged, no second suspicion.
    const again = await desk.must<CaseDetail>(
      'case.recordStep',
      { caseId: c.id, step: 3, fields: SUSPECTED },
      clerk.token,
    );
    expect(suspicions(again)).toHaveLength(1);
    // Nothing was flagged as a restricted act.
    expect(again.timeline.length).toBe(d.timeline.length + 1);
  });

  it('adds no suspicion to a case already suspected, and none for another complainant type', async () => {
    const desk = await openDesk();
    const { clerk } = await clerkAndBoss(desk);
    const plain = await createCase(desk, clerk.token);
    const p = await recordSteps(desk, clerk.token, plain.id, 3);
    expect(p.maliceStatus).toBeNull();
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 2);
    await desk.must('case.suspectMalice', { caseId: c.id, note: '多次索要高额款项' }, clerk.token);
    const d = await desk.must<CaseDetail>(
      'case.recordStep',
      { caseId: c.id, step: 3, fields: SUSPECTED },
      clerk.token,
    );
    expect(suspicions(d)).toHaveLength(1);
    expect(d.maliceStatus).toBe('suspected');
  });
});

describe("first-contact resolution and step 5's own action", () => {
  it('stays true when step 5 is re-recorded with edited actions and owner text', async () => {
    const desk = await openDesk();
    const { clerk } = await clerkAndBoss(desk);
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 5);
    const first = caseStateOf(desk, c.id);
    expect(first.actions).toHaveLength(1);
    expect(first.step5ActionId).toBe(first.actions[0]?.id);
    const edited = {
      ...STEP_FIELDS[5],
      actions: '提交卡中心退费申请（已电话告知客户）',
      actionOwner: '卡部',
    };
    await desk.must('case.recordStep', { caseId: c.id, step: 5, fields: edited }, clerk.token);
    await desk.must('case.recordStep', { caseId: c.id, step: 6, fields: STEP_FIELDS[6] }, clerk.token);
    const d = await desk.must<CaseDetail>('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    expect(caseStateOf(desk, c.id).actions).toHaveLength(1);
    expect(d.fcr).toBe(true);
    // A rebuild from the log agrees.
    desk.core.rebuild();
    expect(caseStateOf(desk, c.id).step5ActionId).toBe(first.actions[0]?.id);
    expect((await desk.must<CaseDetail>('case.get', { caseId: c.id }, clerk.token)).fcr).toBe(true);
  });
});

describe('reviewing an escalation', () => {
  const escalation = (caseId: string) => ({
    caseId,
    level: 'region',
    canEmployeeSolve: false,
    canSolveOnSite: false,
    rootCause: 'policy',
    reason: '资费政策须区域审批',
  });

  it('refuses a supervisor reviewing their own escalation, in zh-CN and English, storing nothing', async () => {
    const desk = await openDesk();
    const { clerk, boss } = await clerkAndBoss(desk);
    const c = await createCase(desk, clerk.token);
    const d = await desk.must<CaseDetail>('case.escalate', escalation(c.id), boss.token);
    const escalationId = d.escalation?.steps[0]?.eventId ?? '';
    const review = { caseId: c.id, escalationId, justified: true, comment: '确须区域审批' };
    const zh = await refused(desk, 'case.reviewEscalation', review, boss.token);
    expect(zh.code).toBe('forbidden');
    expect(zh.fields?.escalationId).toContain('不能评价自己发起的升级');
    const en = await refused(desk, 'case.reviewEscalation', review, boss.token, 'en');
    expect(en.message).toContain('may not review an escalation you made yourself');
    // Another supervisor may.
    const other = await staffSession(desk, 'supervisor', 'wu');
    const r = await desk.must<CaseDetail>('case.reviewEscalation', review, other.token);
    expect(r.escalation?.steps[0]?.review).toMatchObject({ justified: true });
  });

  it('lets an admin review their own escalation', async () => {
    const desk = await openDesk();
    const { clerk } = await clerkAndBoss(desk);
    const c = await createCase(desk, clerk.token);
    const d = await desk.must<CaseDetail>('case.escalate', escalation(c.id), desk.admin.token);
    const escalationId = d.escalation?.steps[0]?.eventId ?? '';
    const review = { caseId: c.id, escalationId, justified: true, comment: '确须区域审批' };
    const r = await desk.must<CaseDetail>('case.reviewEscalation', review, desk.admin.token);
    expect(r.escalation?.steps[0]?.review).toMatchObject({ justified: true });
  });
});
