import { describe, expect, it } from 'vitest';
import { alertNotice } from '../../electron/main/alertNotice';

describe('the OS notification for raised deadline alerts (Electron shell)', () => {
  it('notifies with the count in Chinese and English when the window is not in front', () => {
    const one = alertNotice({ type: 'alert.raised', count: 1 }, false);
    expect(one?.body).toContain('有 1 条新的时限提醒');
    expect(one?.body).toContain('1 new deadline alert:');
    const three = alertNotice({ type: 'alert.raised', count: 3 }, false);
    expect(three?.body).toContain('有 3 条');
    expect(three?.body).toContain('3 new deadline alerts');
    expect(three?.title).toContain('时限提醒');
  });

  it('stays quiet when the window is in front (the app shows its own toast), for nothing new, and for other events', () => {
    expect(alertNotice({ type: 'alert.raised', count: 2 }, true)).toBeNull();
    expect(alertNotice({ type: 'alert.raised', count: 0 }, false)).toBeNull();
    expect(alertNotice({ type: 'alert.raised', count: Number.NaN }, false)).toBeNull();
    expect(
      alertNotice({ type: 'case.changed', caseId: '00000000-0000-4000-8000-000000000001' }, false),
    ).toBeNull();
  });
});
