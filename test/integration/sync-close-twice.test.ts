/**
 * Two counter clerks close the same case on two desks while head office is
 * out of reach, each with a nature. Once both sync, every replica folds the
 * second close as a concurrent duplicate: the first close's nature stands and
 * nothing is flagged `no_authority` (the second clerk re-classified nothing:
 * shared/domain/cases/natureFold.ts, docs/roles.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { foldCase } from '../../shared/domain/cases/fold';
import type { StepNumber } from '../../shared/domain/cases/payloads';
import { foldStaffDirectory, isStaffEvent } from '../../shared/domain/staff/directory';
import { caseStateOf } from './case-desk-fixtures';
import { newCaseInput, STEP_FIELDS } from './desk-fixtures';
import {
  engines,
  runCleanup,
  serverEvents,
  staffSessionOn,
  syncNowAndWait,
  twoDesksOnline,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

describe.each(engines())('two clerks close the same case offline (%s)', (engine) => {
  it('keeps the first close’s nature and flags no one for the second', async () => {
    const clock = { t: Date.now() };
    const { server, proxy, a, b } = await twoDesksOnline(engine, clock, cleanup);
    const chen = await staffSessionOn(a, 'counter', 'chen');
    const wang = await staffSessionOn(b, 'counter', 'wang');
    const c = await a.must<CaseDetail>('case.create', newCaseInput(), chen.token);
    for (let n = 1; n <= 6; n++) {
      await a.must(
        'case.recordStep',
        { caseId: c.id, step: n, fields: STEP_FIELDS[n as StepNumber] },
        chen.token,
      );
    }
    for (const d of [a, b, a]) await syncNowAndWait(d);

    proxy.mode = 'refuse'; // head office out of reach
    clock.t += 60_000;
    await a.must('case.close', { caseId: c.id, nature: 'valid' }, chen.token);
    clock.t += 60_000; // desk 02 closes a minute later, not having seen desk 01's close
    await b.must('case.close', { caseId: c.id, nature: 'invalid' }, wang.token);

    proxy.mode = 'forward';
    for (const d of [a, b, a]) expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0 });

    const onA = caseStateOf(a, c.id);
    expect(caseStateOf(b, c.id)).toEqual(onA);
    expect(onA.status).toBe('closed');
    expect(onA.flags).toEqual([]);
    // Desk 01's close comes first in fold order: desk 02's classification meets a closed case.
    expect(onA.nature).toMatchObject({ value: 'valid', actor: chen.staff.id });
    expect(await b.must<CaseDetail>('case.get', { caseId: c.id }, wang.token)).toMatchObject({
      status: 'closed',
      nature: 'valid',
    });

    // Head office's events, folded with the branch's staff directory, agree.
    const events = await serverEvents(server);
    const dir = foldStaffDirectory(events.filter(isStaffEvent));
    const atHeadOffice = foldCase(
      events.filter((e) => e.stream === `case:${c.id}`),
      { roleAt: (id, key) => dir.roleAt(id, key) },
    );
    expect(atHeadOffice).toEqual(onA);
  });
});
