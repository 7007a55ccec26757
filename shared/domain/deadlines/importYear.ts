/**
 * An administrator's import of one year's official schedule (public holidays
 * and make-up working days, 调休), from a file the State Council notice was
 * turned into: our own `PublicYear` JSON, the `chinese-days` JSON shape
 * (`{ holidays: { "YYYY-MM-DD": ... }, workdays: { ... } }`), or an iCalendar
 * file of all-day VEVENTs. Hostile or broken input gives errors with a code
 * (the desk words them in zh-CN and English), English text and, where known,
 * the line; nothing is stored unless the whole file is one clean year.
 * Runtime-neutral.
 */
import { dayOfDate, PublicYear } from './calendar';

/** Longest text accepted, in characters (1 MiB): a year's schedule is a few kilobytes. */
export const IMPORT_MAX_CHARS = 1024 * 1024;
/** Longest span one iCalendar event may cover (a holiday is at most a couple of weeks). */
const MAX_EVENT_DAYS = 31;

export type ImportErrorCode =
  | 'too_large'
  | 'control_character'
  | 'malformed_json'
  | 'unknown_shape'
  | 'malformed_ics'
  | 'unclassified_event'
  | 'impossible_date'
  | 'mixed_years'
  | 'no_dates'
  | 'off_and_workday'
  | 'invalid_year';

export interface ImportError {
  code: ImportErrorCode;
  /** 1-based line of the text, when one line is to blame. */
  line?: number;
  /** What the message names: a date, a year list, a text. */
  detail?: string;
  /** English text (the desk shows its own zh-CN / en wording by `code`). */
  message: string;
}

export type ImportResult = { ok: PublicYear } | { errors: ImportError[] };

const MAX_ERRORS = 20;

function fail(code: ImportErrorCode, message: string, extra: { line?: number; detail?: string } = {}) {
  return { errors: [{ code, message, ...extra }] };
}

function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// Tab, LF and CR are a file's own; every other control character is refused.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Size and control characters: the checks every format shares. */
function precheck(text: string): { errors: ImportError[] } | null {
  if (text.length > IMPORT_MAX_CHARS)
    return fail('too_large', `the file is larger than ${IMPORT_MAX_CHARS} characters`, {
      detail: String(IMPORT_MAX_CHARS),
    });
  const m = CONTROL.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (m) {
    const at = m.index + (text.charCodeAt(0) === 0xfeff ? 1 : 0);
    const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return fail('control_character', `line ${lineOfIndex(text, at)} contains the control character ${code}`, {
      line: lineOfIndex(text, at),
      detail: code,
    });
  }
  return null;
}

/**
 * Checks the dates of one year and builds the PublicYear: every date real,
 * all in one year, none both off and a working day.
 */
function buildYear(
  source: string,
  daysOff: readonly { date: string; line?: number }[],
  workdays: readonly { date: string; line?: number }[],
  declaredYear?: number,
): ImportResult {
  const errors: ImportError[] = [];
  const push = (e: ImportError) => {
    if (errors.length < MAX_ERRORS) errors.push(e);
  };
  const years = new Set<number>();
  for (const d of [...daysOff, ...workdays]) {
    const lineOpt = d.line === undefined ? {} : { line: d.line };
    if (dayOfDate(d.date) === null) {
      push({ code: 'impossible_date', detail: d.date, ...lineOpt, message: `${d.date} is no real date` });
      continue;
    }
    years.add(Number(d.date.slice(0, 4)));
  }
  if (errors.length > 0) return { errors };
  if (years.size === 0) return fail('no_dates', 'the file lists no days off and no make-up working days');
  if (declaredYear !== undefined) years.add(declaredYear);
  if (years.size > 1) {
    const list = [...years].sort((a, b) => a - b).join(', ');
    return fail('mixed_years', `the file mixes years (${list}): import one year at a time`, { detail: list });
  }
  const year = [...years][0]!;
  const off = new Set(daysOff.map((d) => d.date));
  for (const w of workdays) {
    if (off.has(w.date))
      push({
        code: 'off_and_workday',
        detail: w.date,
        ...(w.line === undefined ? {} : { line: w.line }),
        message: `${w.date} is listed both as a day off and as a make-up working day`,
      });
  }
  if (errors.length > 0) return { errors };
  const candidate = {
    year,
    source: source.slice(0, 200) || `import ${year}`,
    daysOff: [...off].sort(),
    makeUpWorkdays: [...new Set(workdays.map((d) => d.date))].sort(),
  };
  const checked = PublicYear.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return fail('invalid_year', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, {
      detail: issue?.path.join('.') ?? '',
    });
  }
  return { ok: checked.data };
}

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Our PublicYear JSON, or chinese-days' `{ holidays, workdays }` shape (one year). */
export function parseYearJson(text: string): ImportResult {
  const pre = precheck(text);
  if (pre) return pre;
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return fail('malformed_json', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(value)) return fail('unknown_shape', 'expected a JSON object');
  // The line of a date in the text, for the error (the first place it is written).
  const at = (date: string) => {
    const i = text.indexOf(`"${date}"`);
    return i < 0 ? {} : { line: lineOfIndex(text, i) };
  };

  if ('daysOff' in value || 'makeUpWorkdays' in value) {
    const { year, source, daysOff, makeUpWorkdays } = value;
    const extra = Object.keys(value).filter(
      (k) => !['year', 'source', 'daysOff', 'makeUpWorkdays'].includes(k),
    );
    if (
      typeof year !== 'number' ||
      !Number.isInteger(year) ||
      typeof source !== 'string' ||
      !Array.isArray(daysOff) ||
      !Array.isArray(makeUpWorkdays) ||
      ![...daysOff, ...makeUpWorkdays].every((d) => typeof d === 'string') ||
      extra.length > 0
    ) {
      return fail(
        'unknown_shape',
        'expected { "year": 2027, "source": "...", "daysOff": ["YYYY-MM-DD", ...], "makeUpWorkdays": [...] }',
      );
    }
    const bad = [...daysOff, ...makeUpWorkdays].find((d) => !DATE_KEY.test(d as string));
    if (bad !== undefined)
      return fail('impossible_date', `${String(bad)} is not a date written YYYY-MM-DD`, {
        detail: String(bad),
        ...at(String(bad)),
      });
    const list = (ds: unknown[]) => ds.map((d) => ({ date: d as string, ...at(d as string) }));
    return buildYear(source.trim(), list(daysOff), list(makeUpWorkdays), year);
  }

  if ('holidays' in value || 'workdays' in value) {
    const { holidays, workdays } = value;
    const extra = Object.keys(value).filter((k) => !['holidays', 'workdays', 'inLieuDays'].includes(k));
    if (!isRecord(holidays ?? {}) || !isRecord(workdays ?? {}) || extra.length > 0)
      return fail('unknown_shape', 'expected { "holidays": { "YYYY-MM-DD": ... }, "workdays": { ... } }');
    const keys = (r: unknown) => Object.keys((r ?? {}) as Record<string, unknown>);
    const bad = [...keys(holidays), ...keys(workdays)].find((d) => !DATE_KEY.test(d));
    if (bad !== undefined)
      return fail('impossible_date', `${bad} is not a date written YYYY-MM-DD`, { detail: bad, ...at(bad) });
    const list = (r: unknown) => keys(r).map((date) => ({ date, ...at(date) }));
    return buildYear('chinese-days JSON', list(holidays), list(workdays));
  }

  return fail('unknown_shape', 'expected a year schedule: { year, source, daysOff, makeUpWorkdays }');
}

/** One content line of an iCalendar file after unfolding, with the line it starts on. */
interface IcsLine {
  name: string;
  params: string;
  value: string;
  line: number;
}

/** Unfolds (RFC 5545 3.1: a line starting with a space or tab continues the previous) and splits. */
function icsLines(text: string): IcsLine[] | { errors: ImportError[] } {
  const raw = text.split(/\r\n|\n|\r/);
  const logical: { text: string; line: number }[] = [];
  raw.forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && logical.length > 0) {
      logical[logical.length - 1]!.text += l.slice(1);
    } else if (l.length > 0) {
      logical.push({ text: l, line: i + 1 });
    }
  });
  const out: IcsLine[] = [];
  for (const { text: l, line } of logical) {
    const colon = l.indexOf(':');
    if (colon <= 0) return fail('malformed_ics', `line ${line} is not NAME:VALUE`, { line });
    const head = l.slice(0, colon);
    const semi = head.indexOf(';');
    out.push({
      name: (semi < 0 ? head : head.slice(0, semi)).toUpperCase(),
      params: semi < 0 ? '' : head.slice(semi + 1).toUpperCase(),
      value: l.slice(colon + 1),
      line,
    });
  }
  return out;
}

const ICS_DATE = /^(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?$/;

function icsDay(value: string): number | null {
  const m = ICS_DATE.exec(value.trim());
  return m ? dayOfDate(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

function unescapeText(v: string): string {
  return v.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));
}

/** Make-up working day (调休上班) or day off, from an event's SUMMARY; null when it says neither. */
export function classifySummary(summary: string): 'workday' | 'off' | null {
  if (/班/.test(summary) || /\bwork\s*-?\s*day\b|\bworking day\b/i.test(summary)) return 'workday';
  if (/[休假]/.test(summary) || /\bholiday\b|\bday off\b/i.test(summary)) return 'off';
  return null;
}

/**
 * iCalendar VEVENTs, all-day: DTSTART;VALUE=DATE:YYYYMMDD, DTEND exclusive
 * (absent: one day). SUMMARY tells a make-up working day (班, 补班, workday)
 * from a day off (休, 假, holiday).
 */
export function parseYearIcs(text: string): ImportResult {
  const pre = precheck(text);
  if (pre) return pre;
  const lines = icsLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if ('errors' in lines) return lines;
  if (!lines.some((l) => l.name === 'BEGIN' && l.value.trim().toUpperCase() === 'VCALENDAR'))
    return fail('malformed_ics', 'no BEGIN:VCALENDAR: not an iCalendar file');

  const off: { date: string; line: number }[] = [];
  const work: { date: string; line: number }[] = [];
  const errors: ImportError[] = [];
  let name = '';
  let ev: { line: number; start?: IcsLine; end?: IcsLine; summary?: string } | null = null;
  const dateOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

  for (const l of lines) {
    const v = l.value.trim();
    if (l.name === 'X-WR-CALNAME' && !ev) name = unescapeText(v);
    if (l.name === 'BEGIN' && v.toUpperCase() === 'VEVENT') {
      if (ev) return fail('malformed_ics', `line ${l.line}: a VEVENT inside a VEVENT`, { line: l.line });
      ev = { line: l.line };
      continue;
    }
    if (!ev) continue;
    if (l.name === 'DTSTART') ev.start = l;
    else if (l.name === 'DTEND') ev.end = l;
    else if (l.name === 'SUMMARY') ev.summary = unescapeText(v);
    else if (l.name === 'END' && v.toUpperCase() === 'VEVENT') {
      const e = ev;
      ev = null;
      const where = { line: e.line };
      if (!e.start) {
        errors.push({ code: 'malformed_ics', ...where, message: `line ${e.line}: an event without DTSTART` });
        continue;
      }
      const from = icsDay(e.start.value);
      if (from === null) {
        errors.push({
          code: 'impossible_date',
          line: e.start.line,
          detail: e.start.value.trim(),
          message: `line ${e.start.line}: ${e.start.value.trim()} is no real date`,
        });
        continue;
      }
      const to = e.end ? icsDay(e.end.value) : from + 1;
      if (to === null || to <= from || to - from > MAX_EVENT_DAYS) {
        const l2 = e.end?.line ?? e.line;
        errors.push({
          code: 'impossible_date',
          line: l2,
          detail: e.end?.value.trim() ?? '',
          message: `line ${l2}: the event must end 1 to ${MAX_EVENT_DAYS} days after it starts`,
        });
        continue;
      }
      const kind = classifySummary(e.summary ?? '');
      if (kind === null) {
        errors.push({
          code: 'unclassified_event',
          ...where,
          detail: (e.summary ?? '').slice(0, 80),
          message: `line ${e.line}: "${(e.summary ?? '').slice(0, 80)}" says neither 休/假/holiday nor 班/workday`,
        });
        continue;
      }
      for (let d = from; d < to; d++) (kind === 'off' ? off : work).push({ date: dateOf(d), line: e.line });
    }
    if (errors.length >= MAX_ERRORS) break;
  }
  if (ev)
    errors.push({ code: 'malformed_ics', line: ev.line, message: `line ${ev.line}: a VEVENT never ends` });
  if (errors.length > 0) return { errors };
  return buildYear(name ? `iCalendar: ${name}` : 'iCalendar import', off, work);
}
