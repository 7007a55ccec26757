/**
 * Dates as hand-kept complaint logs hold them (issue 13 item 5): Excel serial
 * numbers in the 1900 system (with Lotus 1-2-3's phantom 29 February 1900)
 * and the 1904 system, and the texts Excel and people write: 2024/3/5,
 * 2024-03-05 14:30, 2024.3.5, 2024年3月5日 14时30分, 20240305, 3/5/2024 and
 * 3/5/24 (month first, as Excel's en-US display writes it; day first when
 * the first number cannot be a month). A date and time without a zone is
 * the branch's wall time: `wallToIso` turns it into an ISO instant with the
 * branch's offset. A date read says whether it had a time of day
 * (`dateOnly`). Runtime-neutral and pure.
 */

/** A wall-clock date and time, months 1-12. */
export interface WallTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

export type DateProblem =
  'not_a_date' | 'no_such_date' | 'phantom_leap_day' | 'serial_out_of_range' | 'ambiguous_year';

/** `dateOnly`: the cell gave a day and no time (a serial without a fraction, `2024/3/5`): 00:00 is assumed. */
export type DateRead = { ok: true; value: WallTime; dateOnly: boolean } | { ok: false; problem: DateProblem };

/**
 * No complaint log a branch brings in is older than this year: a date before
 * it is a slip (3.5 in a date cell is 3 January 1900; a year 2024 typed into
 * one is 16 July 1905), refused by the row check (./rows.ts).
 */
export const EARLIEST_YEAR = 1990;

const DAY_MS = 86_400_000;
/** Serial 1 in the 1904 system is 1904-01-02; serial 0 is 1904-01-01. */
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** Serials from 61 on count from 1899-12-30 (serial 60 is the phantom 1900-02-29). */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Excel's last date, 9999-12-31, is serial 2,958,465 in the 1900 system. */
const MAX_SERIAL = 2_958_465;

function wallOfUtcMs(ms: number): WallTime {
  const t = new Date(ms);
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    s: t.getUTCSeconds(),
  };
}

/**
 * An Excel serial date-time as wall time. In the 1900 system serials 1-59 are
 * 1900-01-01..1900-02-28, 60 is the 29 February 1900 that never was (refused),
 * and from 61 on they are one day behind the true count (Lotus's bug).
 */
export function fromExcelSerial(serial: number, date1904: boolean): DateRead {
  if (!Number.isFinite(serial) || serial < (date1904 ? 0 : 1) || serial > MAX_SERIAL) {
    return { ok: false, problem: 'serial_out_of_range' };
  }
  const day = Math.floor(serial);
  // Rounded to the second: Excel stores 14:30 as 0.604166…, which is a hair short.
  const secs = Math.round((serial - day) * 86_400);
  const dateOnly = secs === 0;
  if (date1904) return { ok: true, value: wallOfUtcMs(EPOCH_1904 + day * DAY_MS + secs * 1000), dateOnly };
  if (day === 60) return { ok: false, problem: 'phantom_leap_day' };
  const base = day < 60 ? EPOCH_1900 + DAY_MS : EPOCH_1900;
  return { ok: true, value: wallOfUtcMs(base + day * DAY_MS + secs * 1000), dateOnly };
}

function validWall({ w, dateOnly }: Matched): DateRead {
  const ms = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const back = wallOfUtcMs(ms);
  const same = back.y === w.y && back.mo === w.mo && back.d === w.d && w.h < 24 && w.mi < 60 && w.s < 60;
  return same && w.y >= 1900 && w.y <= 9999
    ? { ok: true, value: w, dateOnly }
    : { ok: false, problem: 'no_such_date' };
}

const TIME = String.raw`(?:[ T]+(\d{1,2})(?:[:：时点](?:(\d{1,2})(?:[:：分](\d{1,2})(?:\.\d+)?秒?)?分?)?)?)?`;
/** 2024-03-05, 2024/3/5, 2024.3.5 and 2024年3月5日, each with an optional time. */
const YMD = new RegExp(
  String.raw`^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?${TIME}$`,
);
/** 3/5/2024 and 3/5/24 (month first unless the first number is over 12), with an optional time. */
const MDY = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})${TIME}$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s));

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
/** 5-Mar-24, 5-Mar-2024, 05 Mar 2024 (Excel's d-mmm-yy written out by a CSV save). */
const D_MON_Y = new RegExp(String.raw`^(\d{1,2})[- ]([a-z]{3,9})\.?[- ](\d{4}|\d{2})${TIME}$`, 'i');
/** Mar 5, 2024 and March 5, 2024. */
const MON_D_Y = new RegExp(String.raw`^([a-z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}$`, 'i');
/** A weekday Excel's long date formats add: 星期二, 周二, Tue, Tuesday (with or without brackets or a comma). */
const WEEKDAY =
  /[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?|,?\s*\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?,?/gi;
/** 上午/下午 (Excel's zh-CN time formats) and AM/PM, before or after the time. */
const MERIDIEM = /(上午|早上|凌晨|中午|下午|晚上|\b[ap]\.?m\b\.?)/i;

/** A text's wall time, and whether it gave no time of day. */
interface Matched {
  w: WallTime;
  dateOnly: boolean;
}

function fromParts(m: RegExpExecArray, y: number, mo: number, d: number, first: number): Matched {
  const w = { y, mo, d, h: num(m[first]), mi: num(m[first + 1]), s: num(m[first + 2]) };
  return { w, dateOnly: m[first] === undefined };
}

/**
 * A two-digit year last that cannot be Excel's own m/d/yy: the first number
 * is over 12 (24/03/05), or dots part it (24.03.05, as hand-typed year first
 * in Chinese logs, day first in European ones). Read either way it gives
 * another real date, so it is refused rather than guessed.
 */
const AMBIGUOUS_YEAR = /^(\d{1,2})([-/.])\d{1,2}[-/.]\d{2}(?!\d)/;

function matchDate(text: string): Matched | null | 'ambiguous_year' {
  const amb = AMBIGUOUS_YEAR.exec(text);
  if (amb && (Number(amb[1]) > 12 || amb[2] === '.')) return 'ambiguous_year';
  let m = YMD.exec(text);
  if (m) return fromParts(m, num(m[1]), num(m[2]), num(m[3]), 4);
  m = COMPACT.exec(text);
  if (m) return { w: { y: num(m[1]), mo: num(m[2]), d: num(m[3]), h: 0, mi: 0, s: 0 }, dateOnly: true };
  m = MDY.exec(text);
  if (m) {
    const a = num(m[1]);
    const b = num(m[2]);
    const yy = m[3] ?? '';
    const y = yy.length === 2 ? 2000 + Number(yy) : Number(yy);
    return a > 12 ? fromParts(m, y, b, a, 4) : fromParts(m, y, a, b, 4);
  }
  m = D_MON_Y.exec(text);
  if (m && monthOf(m[2] ?? '') > 0) {
    const yy = m[3] ?? '';
    return fromParts(m, yy.length === 2 ? 2000 + Number(yy) : Number(yy), monthOf(m[2] ?? ''), num(m[1]), 4);
  }
  m = MON_D_Y.exec(text);
  if (m && monthOf(m[1] ?? '') > 0) return fromParts(m, num(m[3]), monthOf(m[1] ?? ''), num(m[2]), 4);
  return null;
}

/** The 24-hour clock's hour of `h` (1-12) said with `meridiem`: 中午 is around noon (中午 11 点, 中午 12 点, 中午 1 点). */
function hourOf(h: number, meridiem: string): number {
  const pm =
    meridiem === 'pm' || meridiem === '下午' || meridiem === '晚上' || (meridiem === '中午' && h !== 11);
  return pm ? (h % 12) + 12 : h % 12;
}

/** A date written as text, read as wall time. */
export function fromDateText(raw: string): DateRead {
  // 2024年3月5日14时30分: 日 ends the day, so a time may follow it without a space.
  let text = raw
    .normalize('NFKC')
    .replace(WEEKDAY, ' ')
    .replace(/日(?=\d)/, '日 ');
  const meridiem = MERIDIEM.exec(text)?.[1]?.toLowerCase().replace(/\./g, '');
  if (meridiem !== undefined) text = text.replace(MERIDIEM, ' ');
  text = text.trim().replace(/\s+/g, ' ');
  const m = matchDate(text);
  if (m === null) return { ok: false, problem: 'not_a_date' };
  if (m === 'ambiguous_year') return { ok: false, problem: 'ambiguous_year' };
  if (meridiem !== undefined) {
    if (m.w.h < 1 || m.w.h > 12) return { ok: false, problem: 'no_such_date' };
    m.w.h = hourOf(m.w.h, meridiem);
  }
  return validWall(m);
}

/**
 * 2024-03-05T06:30:00Z and 2024-03-05T14:30:00+08:00 (what a CRM's or a
 * database's export writes): an instant with its own zone, as UTC ms,
 * 'no_such_date' when its day or time is not on the calendar, or null for
 * any other text. It is not wall time, so the row check shows it on
 * the branch's clock (`wallAt`).
 */
const ZONED = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export function zonedInstant(raw: string): number | 'no_such_date' | null {
  const t = raw.trim();
  if (!ZONED.test(t)) return null;
  // Date.parse rolls 2023-02-29 over to 1 March: the fields must name a day on the calendar.
  const [y, mo, d, h, mi, sec] = (/^(\d+)-(\d+)-(\d+).(\d+):(\d+)(?::(\d+))?/.exec(t) ?? [])
    .slice(1)
    .map(num);
  if (!validWall({ w: { y: y!, mo: mo!, d: d!, h: h!, mi: mi!, s: sec! }, dateOnly: false }).ok)
    return 'no_such_date';
  // Date.parse wants the T, an upper-case Z, an offset with its colon and at most milliseconds.
  const iso = t
    .replace(' ', 'T')
    .replace(/z$/, 'Z')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
    .replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** The wall time at UTC instant `utcMs` in a zone `offsetAt(utcMs)` ms east of UTC. */
export function wallAt(utcMs: number, offsetAt: (utcMs: number) => number): WallTime {
  return wallOfUtcMs(utcMs + offsetAt(utcMs));
}

/**
 * A cell's value as a date: a number is an Excel serial, a text is read as
 * above. A whole number of eight digits is a date typed as 20240305 (Excel
 * keeps it as a number; no serial is that large), read as its text would be.
 */
export function readDateCell(v: string | number, date1904: boolean): DateRead {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 10_000_000 && v <= 99_999_999) return fromDateText(String(v));
    return fromExcelSerial(v, date1904);
  }
  const t = v.trim();
  // A serial that arrived as text (a CSV saved from a sheet whose column was not formatted as a date).
  if (/^\d{5}(\.\d+)?$/.test(t)) return fromExcelSerial(Number(t), date1904);
  return fromDateText(t);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * The ISO instant of a wall time in a zone whose offset at a UTC instant is
 * `offsetAt(ms)` (ms east of UTC), written with that offset: 2024-03-05T14:30:00+08:00.
 */
export function wallToIso(w: WallTime, offsetAt: (utcMs: number) => number): string {
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  let off = offsetAt(asUtc);
  const second = offsetAt(asUtc - off);
  if (second !== off) off = second;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(Math.round(off / 60_000));
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
