/**
 * The settings feature's messages, zh-CN first; the kernel's are included
 * (kernel/messages.ts). Also the wording of the calendar's own rules and of a
 * refused year import, which the shared schemas and parsers give in English
 * with a path or a code.
 */
import type { z } from 'zod';
import type { ImportError, ImportErrorCode } from '../../../../shared/domain/deadlines/importYear';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { extendMessages } from '../../kernel/messages';
import { issuesToFields } from '../../kernel/validation';

export const messages = extendMessages({
  // issue 14: the analysis lists (shared/domain/settings/lists.ts)
  listCode: {
    'zh-CN': '代码只能用小写英文字母、数字和 _ . -，以字母或数字开头，最多 32 个字符。',
    en: 'A code uses lower-case letters, digits and _ . - only, starts with a letter or digit, at most 32 characters.',
  },
  listDuplicate: {
    'zh-CN': '同一列表中代码不能重复。',
    en: 'Each code may appear only once in a list.',
  },
  listName: {
    'zh-CN': '名称必填，最多 40 个字，不含首尾空格和控制字符。',
    en: 'A name is required, at most 40 characters, without outer spaces or control characters.',
  },
  // the calendar's own rules (shared/domain/deadlines/calendar.ts)
  calTime: {
    'zh-CN': '时间应写成 HH:MM，在 00:00 到 24:00 之间。',
    en: 'A time of day is written HH:MM, from 00:00 to 24:00.',
  },
  calDate: {
    'zh-CN': '日期应写成 YYYY-MM-DD，且必须真实存在（没有 2025-02-30）。',
    en: 'A date is written YYYY-MM-DD and must exist (no 2025-02-30).',
  },
  calIntervalOrder: {
    'zh-CN': '工作时段的结束时间必须晚于开始时间（例如 09:00-12:00）。',
    en: 'A working interval must end after it starts (e.g. 09:00-12:00).',
  },
  calOverlap: {
    'zh-CN': '这一时段与前一时段重叠或排在它之前：请按时间顺序填写，且不要重叠。',
    en: "This interval overlaps or comes before the previous one: list a day's hours in order, without overlap.",
  },
  calTimeZone: {
    'zh-CN': '请填写 IANA 时区，例如 Asia/Shanghai。',
    en: 'Use an IANA time zone such as Asia/Shanghai.',
  },
  calDuplicateDate: {
    'zh-CN': '这一日期已经设为停业日或加班日，不能重复设置。',
    en: 'This date is already closed or an extra working date.',
  },
  // a year's official schedule, imported (shared/domain/deadlines/importYear.ts)
  imp_too_large: {
    'zh-CN': '文件太大（超过 1 MB），一年的节假日安排只有几 KB，请确认选对了文件。',
    en: 'The file is larger than 1 MB; a year’s schedule is a few kilobytes. Check that this is the right file.',
  },
  imp_control_character: {
    'zh-CN': '第 {line} 行含有不可见的控制字符（{detail}），文件可能已损坏。',
    en: 'Line {line} contains an invisible control character ({detail}); the file may be damaged.',
  },
  imp_malformed_json: {
    'zh-CN': '这不是有效的 JSON 文件，请检查文件内容。',
    en: 'This is not valid JSON. Check the file.',
  },
  imp_unknown_shape: {
    'zh-CN':
      'JSON 的结构不对：应为 {year, source, daysOff, makeUpWorkdays}，或 chinese-days 的 {holidays, workdays}。',
    en: 'The JSON has the wrong structure: expected {year, source, daysOff, makeUpWorkdays} or chinese-days’ {holidays, workdays}.',
  },
  imp_malformed_ics: {
    'zh-CN': '第 {line} 行附近不是有效的 iCalendar 内容。',
    en: 'Around line {line} this is not valid iCalendar.',
  },
  imp_unclassified_event: {
    'zh-CN': '第 {line} 行的日程“{detail}”既没有写“休/假”，也没有写“班”，无法判断是放假还是调休上班。',
    en: 'The event at line {line} ("{detail}") says neither holiday (休/假) nor workday (班).',
  },
  imp_impossible_date: {
    'zh-CN': '日期 {detail} 不存在或写法不对{where}。',
    en: 'The date {detail} does not exist or is not written correctly{where}.',
  },
  imp_mixed_years: {
    'zh-CN': '文件里混有多个年份（{detail}），请一次只导入一年。',
    en: 'The file mixes years ({detail}). Import one year at a time.',
  },
  imp_no_dates: {
    'zh-CN': '文件里没有任何放假日或调休上班日。',
    en: 'The file lists no days off and no make-up working days.',
  },
  imp_off_and_workday: {
    'zh-CN': '{detail} 同时被列为放假日和调休上班日，请核对通知原文。',
    en: '{detail} is listed both as a day off and as a make-up working day. Check the notice.',
  },
  imp_invalid_year: {
    'zh-CN': '年份内容不正确（{detail}）。',
    en: 'The year’s schedule is not valid ({detail}).',
  },
  impAtLine: { 'zh-CN': '（第 {line} 行）', en: ' (line {line})' },
  importRefused: {
    'zh-CN': '导入的文件有误，没有保存任何内容：{first}',
    en: 'The file was not imported and nothing was saved: {first}',
  },
});
export type SettingsMessageKey = Parameters<typeof messages.msg>[1];

/** Field errors for a refused year import: `text` carries the first message, `text.<n>` the others. */
export function importErrorFields(locale: Locale, errors: readonly ImportError[]): Record<string, string> {
  const fields: Record<string, string> = {};
  errors.slice(0, 10).forEach((e, i) => {
    fields[i === 0 ? 'text' : `text.${i}`] = importErrorText(locale, e);
  });
  return fields;
}

export function importErrorText(locale: Locale, e: ImportError): string {
  const key = `imp_${e.code}` as `imp_${ImportErrorCode}`;
  const where = e.line === undefined ? '' : messages.msg(locale, 'impAtLine', { line: e.line });
  return messages.msg(locale, key, { line: e.line ?? '?', detail: e.detail ?? '', where });
}

/** The calendar rules' English messages (shared/domain/deadlines/calendar.ts), recognised by their start. */
const CALENDAR_RULES: [RegExp, SettingsMessageKey][] = [
  [/^a time of day is written/, 'calTime'],
  [/^a date is written/, 'calDate'],
  [/^a working interval must end after/, 'calIntervalOrder'],
  [/overlaps or comes before/, 'calOverlap'],
  [/^an IANA time zone/, 'calTimeZone'],
  [/is closed twice$|is already closed or an extra working date$/, 'calDuplicateDate'],
];

/**
 * Field path -> message for a refused calendar, under `prefix`: the
 * calendar's own rules in the clerk's language, the rest as every input.
 */
export function calendarIssueFields(
  locale: Locale,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  prefix: string,
): Record<string, string> {
  const fields: Record<string, string> = {};
  const generic = issuesToFields(issues, input, locale);
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].join('.');
    if (path in fields) continue;
    const rule = issue.code === 'custom' ? CALENDAR_RULES.find(([re]) => re.test(issue.message)) : undefined;
    if (rule) fields[path] = messages.msg(locale, rule[1]);
  }
  for (const [p, text] of Object.entries(generic)) {
    const path = p === '_' ? prefix : `${prefix}.${p}`;
    if (!(path in fields)) fields[path] = text;
  }
  return fields;
}
