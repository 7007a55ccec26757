/**
 * A period whose label names the branch's zone is shown on that zone's wall
 * clock (the QC report's month: 2026-11-01 00:00 to 2026-12-01 00:00 in
 * Asia/Shanghai), whatever zone the computer is set to.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDateTimeIn } from '../../renderer/src/lib/format';

let tz: string | undefined;
beforeEach(() => {
  tz = process.env.TZ;
  process.env.TZ = 'UTC';
});
afterEach(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('formatDateTimeIn', () => {
  it("shows the branch zone's wall clock, not the computer's", () => {
    expect(formatDateTimeIn('2026-10-31T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-01 00:00');
    expect(formatDateTimeIn('2026-11-30T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12-01 00:00');
    expect(formatDateTimeIn('2026-07-01T04:05:00.000Z', 'Europe/Berlin')).toBe('2026-07-01 06:05');
  });

  it('shows a dash for nothing or a date that is not one', () => {
    expect(formatDateTimeIn(null, 'Asia/Shanghai')).toBe('—');
    expect(formatDateTimeIn('not a date', 'Asia/Shanghai')).toBe('—');
  });
});
