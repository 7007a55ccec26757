/**
 * Two desks of one branch pause, resume, record contact attempts and actions
 * on the same case while head office is out of reach; once both sync, both
 * desks show the same follow-up facts, and head office's events fold to the
 * same state (issue 9 part B: one fold on every replica).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { foldCase } from '../../shared/domain/cases/fold';
import { newCaseInput } from './desk-fixtures';
import {
  engines,
  runCleanup,
  serverEvents,
  syncNowAndWait,
  twoDesksOnline,
  type CleanupList,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

const MIN = 60_000;

describe.each(engines())('follow-up facts made offline on two desks (%s)', (engine) => {
  it('converge to one state on both desks and at head office', async () => {
    const clock = { t: Date.now() };
    const { server, proxy, a, b } = await twoDesksOnline(engine, clock, cleanup);
    const c = await a.must<CaseDetail>('case.create', newCaseInput());
    for (const d of [a, b]) await syncNowAndWait(d);

    proxy.mode = 'refuse'; // head office out of reach
    const step = () => (clock.t += 3 * MIN);
    step();
    await a.must('case.pause', { caseId: c.id, reason: 'customer', note: 'A 等客户' });
    await b.must('case.contact.record', { caseId: c.id, channel: 'phone', outcome: 'no_answer' });
    step();
    const onB = await b.must<CaseDetail>('case.action.add', {
      caseId: c.id,
      what: '补寄对账单',
      owner: { kind: 'department', name: '运营部' },
      dueAt: new Date(clock.t + 24 * 60 * MIN).toISOString(),
    });
    await b.must('case.pause', { caseId: c.id, reason: 'parts', note: 'B 等卡片' }); // B has not seen A's pause
    await a.must('case.contact.record', { caseId: c.id, channel: 'sms', outcome: 'busy' });
    step();
    await a.must('case.resume', { caseId: c.id, note: 'A 客户回电' });
    await b.must('case.action.done', { caseId: c.id, actionId: onB.actions[0]!.id, result: '已寄出' });
    step();
    await b.must('case.resume', { caseId: c.id });

    proxy.mode = 'forward';
    for (const d of [a, b, a]) expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0 });

    const onA = await a.must<CaseDetail>('case.get', { caseId: c.id });
    expect(await b.must<CaseDetail>('case.get', { caseId: c.id })).toEqual(onA);
    expect(onA.contacts.map((x) => x.outcome).sort()).toEqual(['busy', 'no_answer']);
    expect(onA.actions).toEqual([expect.objectContaining({ what: '补寄对账单', result: '已寄出' })]);
    // A's pause comes first in fold order, so B's (made while A's was open, unseen) has no effect;
    // A's resume closes A's pause, and B's resume then finds none open.
    expect(onA.pauses).toHaveLength(1);
    expect(onA.pauses[0]).toMatchObject({ reason: 'customer', note: 'A 等客户' });
    expect(onA.pauses[0]?.to).not.toBeNull();

    const events = (await serverEvents(server)).filter((e) => e.stream === `case:${c.id}`);
    const atHeadOffice = foldCase(events)!;
    expect(atHeadOffice.pauses.map((p) => p.note)).toEqual(['A 等客户']);
    expect(atHeadOffice.contacts.map((x) => x.eventId)).toEqual(onA.contacts.map((x) => x.eventId));
    expect(atHeadOffice.actions.map((x) => x.id)).toEqual(onA.actions.map((x) => x.id));
  });
});
