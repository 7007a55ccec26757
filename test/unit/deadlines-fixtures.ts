/**
 * Hand-written public holidays and make-up working days (调休) of mainland
 * China for 2025 and 2026, for the business-time tests. Sources: the State
 * Council General Office notices 国务院办公厅关于2025年部分节假日安排的通知
 * (国办发明电〔2024〕12号, 2024-11-12) and 关于2026年部分节假日安排的通知
 * (国办发明电〔2025〕7号, 2025-11); checked date by date against the
 * `chinese-days` package 1.5.7 (dist/years/2025.json, 2026.json).
 */
import type { CalendarInput, PublicYear } from '../../shared/domain/deadlines/calendar';

/** Every date from `from` to `to`, both included. */
function span(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export const CN_2025: PublicYear = {
  year: 2025,
  source: '国办发明电〔2024〕12号',
  daysOff: [
    '2025-01-01', // 元旦
    ...span('2025-01-28', '2025-02-04'), // 春节 (除夕 to 初七)
    ...span('2025-04-04', '2025-04-06'), // 清明
    ...span('2025-05-01', '2025-05-05'), // 劳动节
    ...span('2025-05-31', '2025-06-02'), // 端午
    ...span('2025-10-01', '2025-10-08'), // 国庆 + 中秋
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

export const CN_2026: PublicYear = {
  year: 2026,
  source: '国办发明电〔2025〕7号',
  daysOff: [
    ...span('2026-01-01', '2026-01-03'), // 元旦
    ...span('2026-02-15', '2026-02-23'), // 春节 (腊月二十八 to 初七; 初一 is 02-17)
    ...span('2026-04-04', '2026-04-06'), // 清明
    ...span('2026-05-01', '2026-05-05'), // 劳动节
    ...span('2026-06-19', '2026-06-21'), // 端午
    ...span('2026-09-25', '2026-09-27'), // 中秋
    ...span('2026-10-01', '2026-10-07'), // 国庆
  ],
  makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

const OFFICE = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '17:30' },
];

/** A branch open Mon-Fri 09:00-12:00 and 13:30-17:30 (420 minutes a day), on the national calendar. */
export function officeCalendar(timeZone = 'Asia/Shanghai'): CalendarInput {
  return {
    timeZone,
    week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] },
    makeUpHoursOf: 'mon',
    publicYears: [CN_2025, CN_2026],
    closures: [],
    extraDays: [],
  };
}
