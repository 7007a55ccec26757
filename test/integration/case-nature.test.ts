/**
 * Issue 12 item 5 through DeskApi: a case closes with its nature (written as
 * case.classified with case.closed), a close without one is refused with
 * nothing stored, a supervisor re-classifies with a reason while a counter is
 * refused, a forged re-classification from another desk is kept, flagged and
 * has no effect, and first-contact resolution is derived for each closed case
 * (docs/first-contact-resolution.md).
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage } from '../../shared/contract/methods/cases';
import type { Result } from '../../shared/contract/result';
import { STEP_FIELDS, createCase, recordSteps, RemoteDevice } from './desk-fixtures';
import { caseStateOf, clerkAndBoss, deskPerTest, eventCount } from './case-desk-fixtures';

const openDesk = deskPerTest();

function errorOf(r: Result<unknown>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

async function setup() {
  const desk = await openDesk();
  const { clerk, boss: sup } = await clerkAndBoss(
    desk,
    { login: 'chen', name: '柜员小陈' },
    { login: 'zhou', name: '周主管' },
  );
  return { desk, clerk, sup };
}

describe('the nature at close', () => {
  it('refuses a close without a nature, with a clear field error and nothing stored', async () => {
    const { desk, clerk } = await setup();
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 6);
    const before = eventCount(desk);
    for (const locale of ['zh-CN', 'en'] as const) {
      const e = errorOf(await desk.call('case.close', { caseId: c.id }, clerk.token, locale));
      expect(e.code).toBe('invalid_input');
      expect(e.fields?.nature).toBe(locale === 'en' ? 'Required.' : '必须填写。');
    }
    const bad = errorOf(await desk.call('case.close', { caseId: c.id, nature: 'happy' }, clerk.token));
    expect(bad.fields?.nature).toBeTruthy();
    expect(eventCount(desk)).toBe(before);
    expect((await desk.must<CaseDetail>('case.get', { caseId: c.id }, clerk.token)).status).not.toBe(
      'closed',
    );
  });

  it('closes with the nature, shows it on the case and filters the list by it', async () => {
    const { desk, clerk } = await setup();
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 6);
    const open = await desk.must<CaseDetail>('case.get', { caseId: c.id }, clerk.token);
    expect(open).toMatchObject({ nature: null, fcr: null });
    const closed = await desk.must<CaseDetail>(
      'case.close',
      { caseId: c.id, nature: 'consulting' },
      clerk.token,
    );
    expect(closed).toMatchObject({ status: 'closed', nature: 'consulting' });
    expect(closed.timeline.slice(-2).map((e) => [e.type, e.payload])).toEqual([
      ['case.classified', { nature: 'consulting' }],
      ['case.closed', { overrideReason: null }],
    ]);
    const other = await createCase(desk, clerk.token);
    const listed = await desk.must<CaseListPage>('case.list', { nature: 'consulting' }, clerk.token);
    expect(listed.items.map((i) => i.id)).toEqual([c.id]);
    expect(listed.items[0]).toMatchObject({ nature: 'consulting', fcr: true });
    expect((await desk.must<CaseListPage>('case.list', { nature: 'valid' }, clerk.token)).items).toEqual([]);
    expect(other.nature).toBeNull();
  });
});

describe('re-classification', () => {
  it('refuses a counter, with the act’s message in both languages, and stores nothing', async () => {
    const { desk, clerk } = await setup();
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 6);
    await desk.must('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    const before = eventCount(desk);
    const zh = errorOf(
      await desk.call(
        'case.reclassify',
        { caseId: c.id, nature: 'invalid', reason: '我觉得无效' },
        clerk.token,
      ),
    );
    expect(zh.code).toBe('forbidden');
    expect(zh.message).toContain('只有主管或管理员');
    const en = errorOf(
      await desk.call('case.reclassify', { caseId: c.id, nature: 'invalid', reason: 'x' }, clerk.token, 'en'),
    );
    expect(en.fields?.nature).toContain('only a supervisor or an admin');
    expect(eventCount(desk)).toBe(before);
    expect((await desk.must<CaseDetail>('case.get', { caseId: c.id }, clerk.token)).nature).toBe('valid');
  });

  it('lets a supervisor re-classify a closed case with a reason; refuses no reason, an open case, the same nature', async () => {
    const { desk, clerk, sup } = await setup();
    const c = await createCase(desk, clerk.token);
    const openErr = errorOf(
      await desk.call('case.reclassify', { caseId: c.id, nature: 'invalid', reason: 'r' }, sup.token),
    );
    expect(openErr.code).toBe('invalid_state');
    await recordSteps(desk, clerk.token, c.id, 6);
    await desk.must('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    const noReason = errorOf(
      await desk.call('case.reclassify', { caseId: c.id, nature: 'invalid' }, sup.token),
    );
    expect(noReason.fields?.reason).toBeTruthy();
    const same = errorOf(
      await desk.call('case.reclassify', { caseId: c.id, nature: 'valid', reason: 'r' }, sup.token),
    );
    expect(same.fields?.nature).toBeTruthy();
    const d = await desk.must<CaseDetail>(
      'case.reclassify',
      { caseId: c.id, nature: 'to_improve', reason: '回访发现流程待改进' },
      sup.token,
    );
    expect(d.nature).toBe('to_improve');
    expect(d.timeline.at(-1)?.payload).toEqual({ nature: 'to_improve', reason: '回访发现流程待改进' });
    expect(caseStateOf(desk, c.id).nature).toMatchObject({ value: 'to_improve', actor: sup.staff.id });
  });

  it('keeps a forged re-classification from a counter’s other desk, flags it and gives it no effect; a rebuild agrees', async () => {
    const { desk, clerk } = await setup();
    const c = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, c.id, 6);
    await desk.must('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    const evil = new RemoteDevice('dev-evil', Date.now() + 1000, 'GZ', clerk.staff.id);
    const forged = evil.event(`case:${c.id}`, 'case.classified', { nature: 'invalid', reason: '自己改的' });
    expect(desk.core.appendEvents([forged]).accepted).toBe(1);
    const d = await desk.must<CaseDetail>('case.get', { caseId: c.id }, clerk.token);
    expect(d.nature).toBe('valid');
    expect(d.timeline.map((e) => e.eventId)).toContain(forged.id);
    const s = caseStateOf(desk, c.id);
    expect(s.flags).toEqual([{ act: 'reclassify', eventId: forged.id, reason: 'no_authority' }]);
    desk.core.rebuild();
    expect(caseStateOf(desk, c.id)).toEqual(s);
  });
});

describe('first-contact resolution', () => {
  it('is true for a case its owner closed through the script in time, null while open', async () => {
    const { desk, clerk } = await setup();
    const c = await createCase(desk, clerk.token);
    expect(c.fcr).toBeNull();
    await recordSteps(desk, clerk.token, c.id, 6);
    const d = await desk.must<CaseDetail>('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
    expect(d.fcr).toBe(true);
  });

  it('is false when reopened, closed early by a supervisor, handed off or escalated at step 5', async () => {
    const { desk, clerk, sup } = await setup();
    // Reopened and closed again.
    const a = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, a.id, 6);
    await desk.must('case.close', { caseId: a.id, nature: 'valid' }, clerk.token);
    await desk.must('case.reopen', { caseId: a.id, reason: '客户来电说没解决' }, sup.token);
    const a2 = await desk.must<CaseDetail>('case.close', { caseId: a.id, nature: 'valid' }, clerk.token);
    expect(a2.fcr).toBe(false);
    // Closed early by a supervisor.
    const b = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, b.id, 3);
    const b2 = await desk.must<CaseDetail>(
      'case.close',
      { caseId: b.id, nature: 'help', overrideReason: '客户撤诉' },
      sup.token,
    );
    expect(b2.fcr).toBe(false);
    // Handed off to a department at step 5, and escalated (step 5's box is read-only: it shows
    // the case's escalation, so the case is escalated before step 5).
    for (const extra of [{ handoffDepartment: '卡部' }, { escalated: true, escalationCause: 'policy' }]) {
      const c = await createCase(desk, clerk.token);
      await recordSteps(desk, clerk.token, c.id, 4);
      if ('escalated' in extra) {
        await desk.must(
          'case.escalate',
          {
            caseId: c.id,
            level: 'supervisor',
            canEmployeeSolve: false,
            canSolveOnSite: false,
            rootCause: 'policy',
            reason: '超出柜面权限',
          },
          clerk.token,
        );
      }
      await desk.must(
        'case.recordStep',
        { caseId: c.id, step: 5, fields: { ...STEP_FIELDS[5], ...extra } },
        clerk.token,
      );
      await desk.must('case.recordStep', { caseId: c.id, step: 6, fields: STEP_FIELDS[6] }, clerk.token);
      const done = await desk.must<CaseDetail>('case.close', { caseId: c.id, nature: 'valid' }, clerk.token);
      expect(done.fcr, JSON.stringify(extra)).toBe(false);
    }
    // An action given to a colleague.
    const d = await createCase(desk, clerk.token);
    await recordSteps(desk, clerk.token, d.id, 5);
    await desk.must(
      'case.action.add',
      {
        caseId: d.id,
        what: '联系卡中心',
        owner: { kind: 'staff', staffId: sup.staff.id },
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      clerk.token,
    );
    await desk.must('case.recordStep', { caseId: d.id, step: 6, fields: STEP_FIELDS[6] }, clerk.token);
    expect(
      (await desk.must<CaseDetail>('case.close', { caseId: d.id, nature: 'valid' }, clerk.token)).fcr,
    ).toBe(false);
  });
});
