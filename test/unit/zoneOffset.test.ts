/**
 * offsetAt answers from its per-day memo when a UTC day has no transition and
 * asks Intl otherwise: it must give exactly what Intl gives for every instant,
 * including the minutes around daylight-saving changes (whole-hour,
 * half-hour and historical ones).
 */
import { describe, expect, it } from 'vitest';
import { offsetAt } from '../../shared/domain/deadlines/zone';

/** The offset straight from Intl, as the wall clock reads at `t` (whole seconds). */
function intlOffset(timeZone: string, t: number): number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const whole = Math.floor(t / 1000) * 1000;
  const p = Object.fromEntries(f.formatToParts(whole).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - whole;
}

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

describe('offsetAt', () => {
  it('equals Intl at every quarter hour around transitions and at random instants', () => {
    const instants: number[] = [];
    // Around the 2026 changes in New York (Mar 8, Nov 1), London (Mar 29, Oct 25), Lord Howe (Apr 5, Oct 4),
    // and Shanghai's daylight saving of 1986-1991.
    for (const day of [
      '2026-03-08',
      '2026-11-01',
      '2026-03-29',
      '2026-10-25',
      '2026-04-05',
      '2026-10-04',
      '1986-05-04',
      '1986-09-14',
    ]) {
      const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
      for (let t = start; t < start + 3 * 86_400_000; t += 7 * 60_000 + 13_000) instants.push(t);
    }
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      instants.push(Date.UTC(1980, 0, 1) + Math.floor((x / 2147483648) * 50 * 365 * 86_400_000));
    }
    for (const zone of ZONES) {
      for (const t of instants)
        expect(offsetAt(zone, t), `${zone} ${new Date(t).toISOString()}`).toBe(intlOffset(zone, t));
    }
  });
});
