/**
 * Issue 7 item 10: two counters of one branch, one clock 4 minutes fast, the
 * other 3 minutes slow. Once both have talked to head office, the edit made
 * later in real time wins a last-writer-wins field, also right after both
 * desks restarted (the measured offset is kept in meta), and each desk's HLC
 * never went backwards although the fast desk's correction set its clock back.
 * Clocks are moved by the test; nothing waits in real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { SYNC_META } from '../../electron/desk/sync/store';
import { lineToHeadOffice, enrolledDesk, recordCase, type Cleanup } from './lineFixtures';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const MIN = 60_000;
/** Head office's clock (real time in this test). */
const clock = { t: Date.parse('2026-11-24T10:00:00+08:00') };

describe('head office time decides last-writer-wins (issue 7 item 10)', () => {
  it('the later edit in real time wins although the other desk clock is fast', async () => {
    const line = await lineToHeadOffice(cleanup, {}, () => clock.t);
    const manual = { timers: false } as const;
    const fast = await enrolledDesk(line, cleanup, '01', manual, () => clock.t + 4 * MIN);
    const slow = await enrolledDesk(line, cleanup, '02', manual, () => clock.t - 3 * MIN);
    for (const d of [fast, slow]) expect((await d.syncNow()).state).toBe('online');

    clock.t += 10 * MIN;
    const c = (await recordCase(fast)) as CaseDetail;
    await fast.syncNow();
    await slow.syncNow();
    expect(await slow.caseIds()).toContain(c.id);

    // Both restart (the offset comes back from meta), then edit the same field, offline from each other.
    await fast.reopen();
    await slow.reopen();
    clock.t += MIN;
    // Both clerks are administrators; a reason is needed if the change lowers severity.
    const reason = '主管复核后调整';
    await fast.must('case.setField', { caseId: c.id, field: 'severity', value: 'major', reason });
    clock.t += MIN; // a minute later in real time, the slow desk's clerk decides otherwise
    await slow.must('case.setField', { caseId: c.id, field: 'severity', value: 'special', reason });

    for (const d of [fast, slow, fast]) expect((await d.syncNow()).pending).toBe(0);
    expect((await fast.getCase(c.id)).severity).toBe('special');
    expect((await slow.getCase(c.id)).severity).toBe('special');
    expect((await line.server.projectionStates('GZ')).get(c.id)).toMatchObject({
      severity: { value: 'special' },
    });

    // The offsets measured against head office were kept in meta (that is what survived the restart).
    expect(Number(fast.meta(SYNC_META.clockSkewMs))).toBe(4 * MIN);
    expect(Number(slow.meta(SYNC_META.clockSkewMs))).toBe(-3 * MIN);

    // Each desk's own HLCs only ever went up (the fast desk's correction did not set them back).
    for (const d of [fast, slow]) {
      const hlcs = d.ownEvents().map((e) => e.hlc);
      expect(hlcs, d.name).toEqual([...hlcs].sort());
      expect(new Set(hlcs).size, d.name).toBe(hlcs.length);
    }
  }, 30_000);
});
