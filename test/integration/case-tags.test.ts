/**
 * Issue 14 item 7 through DeskApi (electron/desk/features/cases/tags.ts):
 * anyone at the front sets a case's failure point; only a supervisor or an
 * admin its quality gap and the responsibility decision. Refusals in zh-CN
 * and English store nothing; forged events from a clerk's desk are kept
 * without effect, flagged, and a rebuild agrees. The timeline's describer
 * says what happened.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { describeEvent } from '../../shared/domain/describers';
import { createCase, readDeskDb, RemoteDevice } from './desk-fixtures';
import { caseStateOf, clerkAndBoss, deskPerTest, eventCount, refused } from './case-desk-fixtures';

const openDesk = deskPerTest();

async function cast() {
  const desk = await openDesk();
  const { clerk, boss } = await clerkAndBoss(desk);
  const c = await createCase(desk, clerk.token);
  return { desk, clerk, boss, caseId: c.id };
}

describe('failure point and quality gap', () => {
  it('a clerk sets the failure point; a supervisor the quality gap; both show in the detail and the timeline', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    const a = await desk.must<CaseDetail>('case.tag', { caseId, failurePoint: 'billing' }, clerk.token);
    expect(a.tags.failurePoint).toMatchObject({ value: 'billing', by: clerk.staff.id });
    expect(a.tags.qualityGap).toBeNull();
    const b = await desk.must<CaseDetail>(
      'case.tag',
      { caseId, qualityGap: 'standard_not_delivered' },
      boss.token,
    );
    expect(b.tags.failurePoint?.value).toBe('billing');
    expect(b.tags.qualityGap).toMatchObject({ value: 'standard_not_delivered', by: boss.staff.id });
    const tagged = b.timeline.filter((e) => e.type === 'case.tagged');
    expect(tagged).toHaveLength(2);
    const ctx = {
      staffName: (id: string) => id,
      time: (iso: string) => iso,
      timeOfMs: (ms: number) => String(ms),
      label: (_k: string, v: string) => v,
      fieldLabel: (_s: number, k: string) => k,
    };
    expect(describeEvent({ ...tagged[0]!, schema: 1 }, { ...ctx, locale: 'zh-CN' })).toBe('失败点：结算');
    expect(describeEvent({ ...tagged[1]!, schema: 1 }, { ...ctx, locale: 'en' })).toBe(
      'Quality gap: Standard not delivered',
    );
    // Cleared by null.
    const c = await desk.must<CaseDetail>('case.tag', { caseId, failurePoint: null }, clerk.token);
    expect(c.tags.failurePoint).toBeNull();
  });

  it('refuses a clerk’s quality gap, an unknown failure point and an unchanged tag, storing nothing', async () => {
    const { desk, clerk, caseId } = await cast();
    const zh = await refused(desk, 'case.tag', { caseId, qualityGap: 'promise_mismatch' }, clerk.token);
    expect(zh.code).toBe('forbidden');
    expect(zh.message).toContain('主管');
    const en = await refused(
      desk,
      'case.tag',
      { caseId, failurePoint: 'work', qualityGap: 'promise_mismatch' },
      clerk.token,
      'en',
    );
    expect(en.message).toContain('Only a supervisor');
    const unknown = await refused(desk, 'case.tag', { caseId, failurePoint: 'teleport' }, clerk.token, 'en');
    expect(unknown.code).toBe('invalid_input');
    expect(unknown.fields?.failurePoint).toContain('Unknown failure point');
    expect((await refused(desk, 'case.tag', { caseId }, clerk.token)).code).toBe('invalid_input');
    const bad = await refused(desk, 'case.tag', { caseId, failurePoint: 'Bad Code' }, clerk.token);
    expect(bad.code).toBe('invalid_input');
    await desk.must('case.tag', { caseId, failurePoint: 'work' }, clerk.token);
    const same = await refused(desk, 'case.tag', { caseId, failurePoint: 'work' }, clerk.token, 'en');
    expect(same.message).toContain('already recorded');
  });

  it('gives a clerk’s forged quality gap no effect, flags it, and a rebuild agrees', async () => {
    const { desk, clerk, caseId } = await cast();
    const evil = new RemoteDevice('dev-evil', Date.now(), 'GZ', clerk.staff.id);
    const forged = evil.event(`case:${caseId}`, 'case.tagged', {
      failurePoint: 'work',
      qualityGap: 'expectation_unknown',
    });
    expect(desk.core.appendEvents([forged]).accepted).toBe(1);
    const d = await desk.must<CaseDetail>('case.get', { caseId }, clerk.token);
    expect(d.tags).toEqual({ failurePoint: null, qualityGap: null, responsibility: null });
    const flagged = caseStateOf(desk, caseId);
    expect(flagged.flags).toEqual([{ act: 'tag_quality_gap', eventId: forged.id, reason: 'no_authority' }]);
    desk.core.rebuild();
    expect(caseStateOf(desk, caseId)).toEqual(flagged);
  });
});

describe('the responsibility decision', () => {
  it('a supervisor holds a staff member responsible, then decides nobody is; a clerk is refused', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    const held = await desk.must<CaseDetail>(
      'case.decideResponsibility',
      { caseId, responsible: clerk.staff.id, note: '未按规定告知年费' },
      boss.token,
    );
    expect(held.tags.responsibility).toMatchObject({
      responsible: clerk.staff.id,
      responsibleName: 'counter-li',
      note: '未按规定告知年费',
      by: boss.staff.id,
    });
    const nobody = await desk.must<CaseDetail>(
      'case.decideResponsibility',
      { caseId, responsible: null },
      boss.token,
    );
    expect(nobody.tags.responsibility).toMatchObject({ responsible: null, note: '' });
    const r = await refused(
      desk,
      'case.decideResponsibility',
      { caseId, responsible: null },
      clerk.token,
      'en',
    );
    expect(r.code).toBe('forbidden');
    const stranger = await refused(
      desk,
      'case.decideResponsibility',
      { caseId, responsible: '0193a1b2-c3d4-7e5f-8a9b-0000000000ff' },
      boss.token,
      'en',
    );
    expect(stranger.fields?.responsible).toContain('could not be found');
    const ctrl = await refused(
      desk,
      'case.decideResponsibility',
      { caseId, responsible: null, note: 'bad\u0007bell' },
      boss.token,
    );
    expect(ctrl.code).toBe('invalid_input');
    const long = await refused(
      desk,
      'case.decideResponsibility',
      { caseId, responsible: null, note: 'x'.repeat(501) },
      boss.token,
    );
    expect(long.code).toBe('invalid_input');
  });

  it('gives a clerk’s forged decision no effect and keeps the supervisor’s in force', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    await desk.must('case.decideResponsibility', { caseId, responsible: clerk.staff.id }, boss.token);
    const before = eventCount(desk);
    const evil = new RemoteDevice('dev-evil', Date.now() + 60_000, 'GZ', clerk.staff.id);
    const forged = evil.event(`case:${caseId}`, 'case.responsibility_decided', {
      responsible: null,
      note: '',
    });
    expect(desk.core.appendEvents([forged]).accepted).toBe(1);
    expect(eventCount(desk)).toBe(before + 1);
    const d = await desk.must<CaseDetail>('case.get', { caseId }, clerk.token);
    expect(d.tags.responsibility?.responsible).toBe(clerk.staff.id);
    expect(caseStateOf(desk, caseId).flags.map((f) => f.act)).toEqual(['decide_responsibility']);
  });
});

describe('the analysis facts of a tagged case', () => {
  it('the desk’s case_facts row carries the failure point, the quality gap and the decision', async () => {
    const { desk, clerk, boss, caseId } = await cast();
    const facts = () =>
      readDeskDb(desk.dir, (db) =>
        db
          .prepare('SELECT failure_point, quality_gap, responsible FROM case_facts WHERE case_id = ?')
          .get(caseId),
      );
    expect(facts()).toEqual({ failure_point: null, quality_gap: null, responsible: null });
    await desk.must('case.tag', { caseId, failurePoint: 'work' }, clerk.token);
    await desk.must('case.tag', { caseId, qualityGap: 'standard_missing' }, boss.token);
    await desk.must('case.decideResponsibility', { caseId, responsible: null }, boss.token);
    expect(facts()).toEqual({ failure_point: 'work', quality_gap: 'standard_missing', responsible: '' });
    await desk.must('case.decideResponsibility', { caseId, responsible: clerk.staff.id }, boss.token);
    expect(facts()).toMatchObject({ responsible: clerk.staff.id });
    desk.core.rebuild();
    expect(facts()).toEqual({
      failure_point: 'work',
      quality_gap: 'standard_missing',
      responsible: clerk.staff.id,
    });
  });
});

describe('the failure point list', () => {
  it('lists the defaults in order with both names', async () => {
    const { desk, clerk } = await cast();
    const r = await desk.must<{ items: { code: string; zh: string; en: string }[] }>(
      'case.failurePoints',
      {},
      clerk.token,
    );
    expect(r.items.slice(0, 6).map((f) => f.code)).toEqual([
      'reception',
      'diagnosis',
      'estimate',
      'work',
      'delivery',
      'billing',
    ]);
    expect(r.items[0]).toEqual({ code: 'reception', zh: '接待', en: 'Reception' });
  });
});
