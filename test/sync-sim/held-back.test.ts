/**
 * Issue 7 item 11: the clock warning survives a restart, and records head
 * office holds back as "too far in the future" are explained in words (which
 * records, why, what to do) in the caller's language, in `sync.status` and in
 * the `sync.status` events every window receives, whatever language another
 * window last asked in. Clocks are moved by the test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../shared/contract/api';
import type { SyncStatus } from '../../shared/contract/methods/sync';
import { until } from './harness';
import { enrolledDesk, lineToHeadOffice, recordCase, type Cleanup } from './lineFixtures';

const cleanup: Cleanup = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const MIN = 60_000;
const clock = { t: Date.parse('2026-11-25T09:00:00+08:00') };

describe('the clerk is told why records wait (issue 7 item 11)', () => {
  it('keeps the clock warning across a restart, before any new contact', async () => {
    const line = await lineToHeadOffice(cleanup, {}, () => clock.t);
    const d = await enrolledDesk(line, cleanup, '01', { timers: false }, () => clock.t + 3 * MIN);
    const first = await d.syncNow();
    expect(first).toMatchObject({ state: 'online', clockWarning: true, clockSkewMs: 3 * MIN });
    line.proxy.setLaneMode(d.name, 'down');
    await d.reopen();
    expect(await d.status()).toMatchObject({ clockWarning: true, clockSkewMs: 3 * MIN });
  });

  it('says which records wait, why and what to do when head office refuses them as in the future', async () => {
    const line = await lineToHeadOffice(cleanup, {}, () => clock.t);
    // This desk was set up, and its first records written, with its clock 7 minutes fast.
    const d = await enrolledDesk(line, cleanup, '02', { timers: false }, () => clock.t + 7 * MIN);
    await recordCase(d);
    await recordCase(d);
    const s = await d.syncNow();
    expect(s.state).toBe('online');
    expect(s.pending).toBeGreaterThanOrEqual(3); // setup's staff record and the two cases
    expect(s.heldBack).toMatchObject({ count: s.pending, reason: 'clock_ahead' });
    const zh = s.heldBack?.message ?? '';
    expect(zh).toContain(`${s.pending} 条记录`);
    expect(zh).toContain('快约 7 分钟');
    expect(zh).toContain('校正本机时钟');
    expect(zh).toContain('自动上传');
    const en = (await d.call('sync.status', {}, d.session.token, 'en')) as { ok: true; value: SyncStatus };
    expect(en.value.heldBack?.message).toContain(`${s.pending} record(s) are waiting`);
    expect(en.value.heldBack?.message).toContain('about 7 min fast');
    expect(en.value.heldBack?.message).toContain('Correct this computer');

    // A status read in English changes nothing: events still carry every language.
    const events: DeskEvent[] = [];
    const off = d.core.subscribe((e) => events.push(e));
    await recordCase(d);
    const event = await until('a sync.status event', () =>
      events.find((e): e is Extract<DeskEvent, { type: 'sync.status' }> => e.type === 'sync.status'),
    );
    off();
    expect(event.status.heldBack?.message).toContain('条记录');
    expect(event.byLocale['zh-CN'].heldBack?.message).toContain('条记录');
    expect(event.byLocale.en.heldBack?.message).toContain('record(s) are waiting');

    // After a restart the explanation is still there.
    await d.reopen();
    expect((await d.status()).heldBack?.reason).toBe('clock_ahead');

    // Head office's time catches up: the records upload by themselves, the explanation goes.
    clock.t += 3 * MIN;
    const later = await d.syncNow();
    expect(later).toMatchObject({ state: 'online', pending: 0, heldBack: null });
  });
});
