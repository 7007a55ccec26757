/**
 * The brute-force reference the deadline property tests check the engine
 * against (businessTime.property.test.ts, caseDeadlines.property.test.ts):
 * walk UTC minute by minute and ask Intl for each minute's wall clock. Plain,
 * slow, obviously right.
 */
import { type CalendarInput, type DayHours, WEEKDAYS } from '../../shared/domain/deadlines/calendar';

export const MIN = 60_000;
export const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
/** Local date "YYYY-MM-DD" and minute of the day shown by the wall clock of `zone` at `t`. */
export function wall(zone: string, t: number): { date: string; minute: number } {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** Minutes after midnight of "HH:MM". */
export const toMin = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** "HH:MM" of minutes after midnight. */
export const hhmm = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A date's working hours, by the calendar's rules in order (calendar.ts). */
export function refHours(c: CalendarInput, date: string): DayHours {
  const extra = c.extraDays.find((x) => x.date === date);
  if (extra) return extra.hours;
  if (c.closures.some((x) => x.date === date)) return [];
  if (c.publicYears.some((y) => y.makeUpWorkdays.includes(date))) return c.week[c.makeUpHoursOf];
  if (c.publicYears.some((y) => y.daysOff.includes(date))) return [];
  return c.week[WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!];
}
