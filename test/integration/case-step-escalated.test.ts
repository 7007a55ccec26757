/**
 * Step 5's "escalated" box and its root cause are read-only (issue 12;
 * shared/domain/cases/scriptPrefill.ts `readOnly`, docs/escalation-and-malice.md):
 * the desk core records the case's escalation in the step's event whatever
 * the caller sends, so the box is never a separate fact a clerk ticks. A
 * ticked box on a case that is not escalated is recorded unticked (and the
 * case may still be resolved at first contact); an escalated case's step 5
 * says so, with the latest escalation's root cause, also when re-recorded.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { STEP_FIELDS, createCase, recordSteps } from './desk-fixtures';
import { clerkAndBoss, deskPerTest } from './case-desk-fixtures';

const openDesk = deskPerTest();

const escalation = (caseId: string, level: string, rootCause: string) => ({
  caseId,
  level,
  canEmployeeSolve: false,
  canSolveOnSite: false,
  rootCause,
  reason: '超出柜面权限，需要调整资费政策',
});

/** The fields of the latest `case.step_recorded` of step 5 in the case's timeline. */
function stepFiveEvent(d: CaseDetail): Record<string, unknown> | undefined {
  const payloads = d.timeline
    .filter((x) => x.type === 'case.step_recorded')
    .map((x) => x.payload as { step: number; fields: Record<string, unknown> });
  return payloads.filter((p) => p.step === 5).at(-1)?.fields;
}

describe('step 5 escalated, from the case', () => {
  it('records a ticked box on a case that is not escalated as unticked, without a cause', async () => {
    const desk = await openDesk();
    const { clerk } = await clerkAndBoss(desk);
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 4);
    const d = await desk.must<CaseDetail>(
      'case.recordStep',
      { caseId: c.id, step: 5, fields: { ...STEP_FIELDS[5], escalated: true, escalationCause: 'policy' } },
      clerk.token,
    );
    expect(d.steps['5']).toMatchObject({ escalated: false });
    expect(d.steps['5']).not.toHaveProperty('escalationCause');
    expect(stepFiveEvent(d)).toMatchObject({ escalated: false });
    expect(stepFiveEvent(d)).not.toHaveProperty('escalationCause');
    expect(d.escalation).toBeNull();
    // The box alone is not an escalation: the case can still be resolved at first contact.
    await desk.must('case.recordStep', { caseId: c.id, step: 6, fields: STEP_FIELDS[6] }, clerk.token);
    const closed = await desk.must<CaseDetail>('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    expect(closed.fcr).toBe(true);
  });

  it('records the case’s escalation and its latest root cause, whatever is sent; a re-record follows it', async () => {
    const desk = await openDesk();
    const { clerk, boss } = await clerkAndBoss(desk);
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 4);
    await desk.must('case.escalate', escalation(c.id, 'supervisor', 'policy'), clerk.token);
    const d = await desk.must<CaseDetail>(
      'case.recordStep',
      { caseId: c.id, step: 5, fields: { ...STEP_FIELDS[5], escalated: false } },
      clerk.token,
    );
    expect(d.steps['5']).toMatchObject({ escalated: true, escalationCause: 'policy' });
    expect(stepFiveEvent(d)).toMatchObject({ escalated: true, escalationCause: 'policy' });

    await desk.must('case.escalate', escalation(c.id, 'region', 'process'), boss.token);
    const again = await desk.must<CaseDetail>(
      'case.recordStep',
      // Sent without the box or the cause at all (and a cause the case does not have).
      { caseId: c.id, step: 5, fields: { ...STEP_FIELDS[5], escalationCause: 'skill' } },
      clerk.token,
    );
    expect(again.steps['5']).toMatchObject({ escalated: true, escalationCause: 'process' });
    expect(stepFiveEvent(again)).toMatchObject({ escalated: true, escalationCause: 'process' });
    await desk.must('case.recordStep', { caseId: c.id, step: 6, fields: STEP_FIELDS[6] }, clerk.token);
    const closed = await desk.must<CaseDetail>('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    expect(closed.fcr).toBe(false);
  });
});
