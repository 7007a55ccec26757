/**
 * The sync model of the deadlines (issue 9): two desks of one branch pause,
 * resume and record contact attempts and actions on the same cases while head
 * office is out of reach; once both have synced, both hold the same
 * `case_work` rows, a rebuild gives the same rows again, and they are the
 * rows head office derives from the events it holds with the same fold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { foldCase } from '../../shared/domain/cases/fold';
import { deriveCaseDeadlines } from '../../shared/domain/caseFacts';
import { foldSettings, settingsAt } from '../../shared/domain/settings/fold';
import { keepsRow, workRowOf, type WorkRow } from '../../electron/desk/features/cases/work';
import { newCaseInput, readDeskDb } from './desk-fixtures';
import {
  engines,
  runCleanup,
  serverEvents,
  syncNowAndWait,
  twoDesksOnline,
  type CleanupList,
  type SyncDesk,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

const MIN = 60_000;

type Row = [caseId: string, ...WorkRow];

function workRows(d: SyncDesk): Row[] {
  return readDeskDb(
    d.dir,
    (db) =>
      db
        .prepare(
          `SELECT c.id, w.kind, w.ref, w.owner, w.due_ms, w.met_ms, w.ended_ms
         FROM case_work w JOIN cases c ON c.pos = w.case_pos ORDER BY c.id, w.kind, w.ref`,
        )
        .raw()
        .all() as Row[],
  );
}

describe.each(engines())('deadlines made offline on two desks (%s)', (engine) => {
  it('converge to the same case_work rows on both desks, after a rebuild, and at head office', async () => {
    const clock = { t: Date.parse('2026-03-10T02:00:00.000Z') }; // Tue 10:00 in Guangzhou
    const { server, proxy, a, b } = await twoDesksOnline(engine, clock, cleanup);
    const c1 = await a.must<CaseDetail>('case.create', newCaseInput());
    const c2 = await b.must<CaseDetail>('case.create', newCaseInput({ severity: 'special' }));
    for (const d of [a, b, a]) await syncNowAndWait(d);

    proxy.mode = 'refuse'; // head office out of reach
    const step = (minutes = 20) => (clock.t += minutes * MIN);
    step();
    await a.must('case.pause', { caseId: c1.id, reason: 'customer', note: 'A 等客户' });
    await b.must('case.contact.record', { caseId: c1.id, channel: 'phone', outcome: 'no_answer' });
    await b.must('case.contact.record', { caseId: c2.id, channel: 'phone', outcome: 'busy' });
    step();
    await b.must('case.pause', { caseId: c1.id, reason: 'parts', note: 'B 等卡片' });
    await a.must('case.contact.record', { caseId: c1.id, channel: 'sms', outcome: 'busy' });
    await a.must('case.pause', { caseId: c2.id, reason: 'third_party', note: 'A 等第三方' });
    step(90);
    await a.must('case.resume', { caseId: c1.id, note: 'A 客户回电' });
    await b.must('case.contact.record', { caseId: c1.id, channel: 'phone', outcome: 'refused' });
    const withAction = await b.must<CaseDetail>('case.action.add', {
      caseId: c2.id,
      what: '补寄对账单',
      owner: { kind: 'department', name: '运营部' },
      dueAt: new Date(clock.t + 24 * 60 * MIN).toISOString(),
    });
    step(200); // under the 4-hour session idle time
    await a.must('case.resume', { caseId: c2.id });
    await b.must('case.resume', { caseId: c1.id });
    await b.must('case.action.done', {
      caseId: c2.id,
      actionId: withAction.actions[0]!.id,
      result: '已寄出',
    });

    proxy.mode = 'forward';
    for (const d of [a, b, a]) expect(await syncNowAndWait(d)).toMatchObject({ state: 'online', pending: 0 });

    const onA = workRows(a);
    expect(workRows(b)).toEqual(onA);
    // c1: three unanswered attempts from both desks together exhaust its contacts
    expect(onA.filter((r) => r[0] === c1.id && r[1] === 'contact')).toEqual([
      [c1.id, 'contact', '', expect.any(String), expect.any(Number), null, expect.any(Number)],
    ]);
    // c1's pause (about 100 working minutes) moved its handling from Tue 17:30 into Wednesday morning
    const c1Handling = onA.find((r) => r[0] === c1.id && r[1] === 'handling')![4]!;
    expect(c1Handling).toBeGreaterThan(Date.parse('2026-03-10T17:30:00+08:00'));
    expect(c1Handling).toBeLessThan(Date.parse('2026-03-11T12:00:00+08:00'));

    a.core.rebuild();
    expect(workRows(a)).toEqual(onA);

    // head office: the same fold and derivation over the events it holds, with the default settings
    const events = await serverEvents(server);
    const settings = settingsAt(foldSettings([]), 0);
    const atHeadOffice: Row[] = [];
    for (const id of [c1.id, c2.id]) {
      const state = foldCase(events.filter((e) => e.stream === `case:${id}`))!;
      const s = settingsAt(foldSettings([]), Date.parse(state.receivedAt));
      expect(s.key).toBe(settings.key);
      for (const d of deriveCaseDeadlines(state, s.calendar, s.rules).filter(keepsRow)) {
        atHeadOffice.push([id, ...workRowOf(d)]);
      }
    }
    const order = (rows: Row[]) =>
      [...rows].sort((x, y) => (`${x[0]}|${x[1]}|${x[2]}` < `${y[0]}|${y[1]}|${y[2]}` ? -1 : 1));
    expect(order(atHeadOffice)).toEqual(order(onA));
  });
});
