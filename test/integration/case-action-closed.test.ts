/**
 * A closed case takes no new action (as it takes no step, note or field): the
 * desk refuses it, and its first-contact resolution stays what the close made
 * it. The fold counts only actions added up to the close
 * (test/unit/caseNatureFcr.test.ts), so another desk's late action cannot
 * change it either.
 */
import { describe, expect, it } from 'vitest';
import type { CaseListPage } from '../../shared/contract/methods/cases';
import { createCase, recordSteps } from './desk-fixtures';
import { clerkAndBoss, deskPerTest, eventCount, refused } from './case-desk-fixtures';

const open = deskPerTest();

describe('a closed case takes no new action', () => {
  it('refuses case.action.add on a closed case, stores nothing, and the close keeps its first-contact resolution', async () => {
    const d = await open();
    const { clerk } = await clerkAndBoss(d);
    const c = await createCase(d, clerk.token);
    await recordSteps(d, clerk.token, c.id, 6);
    await d.must('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    const fcr = async () =>
      (await d.must<CaseListPage>('case.list', {}, clerk.token)).items.find((i) => i.id === c.id)?.fcr;
    expect(await fcr()).toBe(true);
    const before = eventCount(d);
    const due = new Date(Date.now() + 3600_000).toISOString();
    const input = { caseId: c.id, what: '后补措施', owner: { kind: 'department', name: '卡部' }, dueAt: due };
    const e = await refused(d, 'case.action.add', input, clerk.token);
    expect(e.code).toBe('invalid_state');
    expect(eventCount(d)).toBe(before);
    expect(await fcr()).toBe(true);
  });
});
