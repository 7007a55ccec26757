/** The import feature's messages, zh-CN first (docs/import.md); the kernel's are included. */
import type { DateProblem } from '../../../../shared/domain/import/dates';
import { FIELD_LABELS, type ImportField } from '../../../../shared/domain/import/fields';
import type { RowProblem } from '../../../../shared/domain/import/rows';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { extendMessages } from '../../kernel/messages';
import type { ImportFileError } from './read';

export const messages = extendMessages({
  // ---- the file ({file} is its name)
  importNotFound: { 'zh-CN': '找不到文件“{file}”。', en: 'File "{file}" was not found.' },
  importTooLarge: {
    'zh-CN': '文件“{file}”有 {mb} MB，超过导入上限 {maxMb} MB。请按年份或月份拆成几个文件再导入。',
    en: 'File "{file}" is {mb} MB, over the {maxMb} MB import limit. Split it by year or month and import each part.',
  },
  importUnsupportedType: {
    'zh-CN': '文件“{file}”（{ext}）不是可导入的格式：请另存为 Excel 工作簿（.xlsx、.xls）或 CSV。',
    en: 'File "{file}" ({ext}) is not a format that can be imported: save it as an Excel workbook (.xlsx, .xls) or CSV.',
  },
  importMacro: {
    'zh-CN': '文件“{file}”含有宏，出于安全原因不导入。请在 Excel 中另存为不含宏的工作簿（.xlsx）再导入。',
    en: 'File "{file}" contains macros and is not imported, for safety. Save it in Excel as a workbook without macros (.xlsx) and import that.',
  },
  importEncrypted: {
    'zh-CN': '文件“{file}”设有打开密码。请在 Excel 中取消密码（文件 > 信息 > 保护工作簿）后另存，再导入。',
    en: 'File "{file}" is password-protected. Remove the password in Excel (File > Info > Protect Workbook), save it and import again.',
  },
  importMalformed: {
    'zh-CN':
      '文件“{file}”已损坏或不完整（可能没有复制完），无法读取。请用 Excel 打开确认后重新保存，再导入。',
    en: 'File "{file}" is damaged or incomplete (perhaps not fully copied) and cannot be read. Open it in Excel, save it again and import that.',
  },
  importMalformedCsv: {
    'zh-CN': '文件“{file}”第 {row} 行的引号没有配对，无法读取。请检查这一行后再导入。',
    en: 'File "{file}", row {row}: a quotation mark is not closed, so the file cannot be read. Check that row and import again.',
  },
  importBadEncoding: {
    'zh-CN':
      '文件“{file}”的文字编码无法识别（不是 UTF-8，也不是 GBK/GB18030）。请在 Excel 中另存为“CSV UTF-8”再导入。',
    en: 'The text encoding of file "{file}" was not recognised (neither UTF-8 nor GBK/GB18030). Save it from Excel as "CSV UTF-8" and import again.',
  },
  importNoSheet: {
    'zh-CN': '文件“{file}”中没有可见的工作表。',
    en: 'File "{file}" has no visible sheet.',
  },
  importSheetNotFound: {
    'zh-CN': '文件“{file}”中没有名为“{sheet}”的工作表。现有：{sheets}。',
    en: 'File "{file}" has no sheet named "{sheet}". It has: {sheets}.',
  },
  importNoHeader: {
    'zh-CN':
      '文件“{file}”工作表“{sheet}”的前 {rows} 行中没有任何文字，找不到表头。请确认选对了工作表，表头在前 {rows} 行内。',
    en: 'File "{file}", sheet "{sheet}": the first {rows} rows hold no text, so there is no header row. Check that this is the right sheet and that its headers are within the first {rows} rows.',
  },
  importRequiredUnmapped: {
    'zh-CN':
      '文件“{file}”工作表“{sheet}”中没有对应“{fields}”的列，未导入任何案件。请在“列对应”中为它选择一列（命令行用 --mapping），重新检查后再导入。',
    en: 'File "{file}", sheet "{sheet}": no column is read as "{fields}", so nothing was imported. Choose its column on the Columns step (the CLI: --mapping), check again and import.',
  },
  // ---- a row ({field} is the field's name, {text} the cell)
  importRowRequired: { 'zh-CN': '“{field}”为空。', en: '"{field}" is empty.' },
  importRowBadDate: {
    'zh-CN': '“{field}”的“{text}”不是日期（{why}）。',
    en: '"{field}": "{text}" is not a date ({why}).',
  },
  importRowEarlyDate: {
    'zh-CN':
      '“{field}”的“{text}”读作 {date}，早于 {min}，不像投诉记录的日期（多半是填错了，或把数字当成了日期）。',
    en: '"{field}": "{text}" reads as {date}, before {min}, too early for a complaint log (most likely a slip, or a number taken for a date).',
  },
  importRowFutureDate: {
    'zh-CN': '“{field}”的“{text}”晚于现在。',
    en: '"{field}": "{text}" is in the future.',
  },
  importRowClosedBeforeReceived: {
    'zh-CN': '结案日期早于投诉日期。',
    en: 'The date closed is before the date received.',
  },
  importRowUnknownValue: {
    'zh-CN': '“{field}”的“{text}”无法对应到系统中的选项，请在对应关系中指定。',
    en: '"{field}": "{text}" matches no option; choose one in the value mapping.',
  },
  importRowTooLong: {
    'zh-CN': '“{field}”超过 {max} 个字。',
    en: '"{field}" is longer than {max} characters.',
  },
  importRowBadPhone: {
    'zh-CN': '“{field}”的“{text}”不像电话号码。',
    en: '"{field}": "{text}" does not look like a phone number.',
  },
  importRowBadText: {
    'zh-CN':
      '“{field}”的第 {position} 个字符（{char}）是不能保存的不可见字符，多见于从其他系统复制来的文字。请在 Excel 中删去它（CLEAN 函数可以）后再导入。',
    en: '"{field}": character {position} ({char}) is an invisible character that cannot be stored, often left by text copied from another system. Delete it in Excel (the CLEAN function does) and import again.',
  },
  importRowFormula: {
    'zh-CN': '“{field}”是公式（{text}）但没有保存计算结果。请在 Excel 中打开并保存一次，或粘贴为数值。',
    en: '"{field}" is a formula ({text}) saved without its value. Open and save the file in Excel once, or paste it as values.',
  },
  importRowErrorValue: {
    'zh-CN': '“{field}”是错误值 {text}。',
    en: '"{field}" holds the error value {text}.',
  },
  importRowDuplicate: {
    'zh-CN': '与第 {of} 行完全相同，只导入一次。',
    en: 'Same as row {of}; imported once.',
  },
  importDateNotADate: { 'zh-CN': '无法识别的写法', en: 'not a form of date Loopdesk reads' },
  importDateNoSuchDate: { 'zh-CN': '日历上没有这一天', en: 'no such day on the calendar' },
  importDateAmbiguousYear: {
    'zh-CN': '年份只有两位，分不清年、月、日的先后，请写成四位年份（如 2024-03-05）',
    en: 'a two-digit year leaves the order of year, month and day unclear: write the year in four digits (2024-03-05)',
  },
  importDatePhantom: {
    'zh-CN': 'Excel 的 1900-02-29 并不存在',
    en: "Excel's 1900-02-29 never existed",
  },
  importDateOutOfRange: { 'zh-CN': '超出 Excel 的日期范围', en: "outside Excel's range of dates" },
  importRowAt: {
    'zh-CN': '“{file}” 工作表“{sheet}” 第 {row} 行：{message}',
    en: '"{file}", sheet "{sheet}", row {row}: {message}',
  },
});

const FILE_KEYS = {
  not_found: 'importNotFound',
  too_large: 'importTooLarge',
  unsupported_type: 'importUnsupportedType',
  macro: 'importMacro',
  encrypted: 'importEncrypted',
  malformed: 'importMalformed',
  bad_encoding: 'importBadEncoding',
  no_sheet: 'importNoSheet',
  sheet_not_found: 'importSheetNotFound',
  no_header: 'importNoHeader',
  required_unmapped: 'importRequiredUnmapped',
} as const;

/** The required fields no column is read as, in the caller's language ("投诉日期、客户姓名"). */
export function requiredFieldsText(locale: Locale, fields: readonly ImportField[]): string {
  return fields.map((f) => FIELD_LABELS[f][locale]).join(locale === 'en' ? '", "' : '”、“');
}

/** A refused file's message, naming it (and the sheet or row where one applies). */
export function fileErrorMessage(locale: Locale, e: ImportFileError): string {
  const key =
    e.problem === 'malformed' && e.params.row !== undefined ? 'importMalformedCsv' : FILE_KEYS[e.problem];
  // required_unmapped carries its fields as ids ("receivedAt,customerName"), said in the caller's language.
  const params: Record<string, string | number> = { file: e.file, ...e.params };
  if (e.problem === 'required_unmapped' && typeof e.params.fields === 'string') {
    params.fields = requiredFieldsText(locale, e.params.fields.split(',') as ImportField[]);
  }
  return messages.msg(locale, key, params);
}

const ROW_KEYS = {
  required: 'importRowRequired',
  bad_date: 'importRowBadDate',
  early_date: 'importRowEarlyDate',
  future_date: 'importRowFutureDate',
  closed_before_received: 'importRowClosedBeforeReceived',
  unknown_value: 'importRowUnknownValue',
  too_long: 'importRowTooLong',
  bad_phone: 'importRowBadPhone',
  bad_text: 'importRowBadText',
  formula_without_value: 'importRowFormula',
  error_value: 'importRowErrorValue',
  duplicate_row: 'importRowDuplicate',
} as const;

const DATE_KEYS: Record<
  DateProblem,
  | 'importDateNotADate'
  | 'importDateNoSuchDate'
  | 'importDatePhantom'
  | 'importDateOutOfRange'
  | 'importDateAmbiguousYear'
> = {
  not_a_date: 'importDateNotADate',
  no_such_date: 'importDateNoSuchDate',
  phantom_leap_day: 'importDatePhantom',
  serial_out_of_range: 'importDateOutOfRange',
  ambiguous_year: 'importDateAmbiguousYear',
};

export const fieldName = (locale: Locale, f: ImportField): string => FIELD_LABELS[f][locale];

/** One row problem as a sentence (without the row: see rowProblemLine). */
export function rowProblemMessage(locale: Locale, p: RowProblem): string {
  const why = typeof p.params.problem === 'string' ? DATE_KEYS[p.params.problem as DateProblem] : undefined;
  return messages.msg(locale, ROW_KEYS[p.code], {
    ...p.params,
    field: p.field === null ? '' : fieldName(locale, p.field),
    ...(why ? { why: messages.msg(locale, why) } : {}),
  });
}

/** "file", sheet "S", row N: message. */
export function rowProblemLine(locale: Locale, file: string, sheet: string, p: RowProblem): string {
  return messages.msg(locale, 'importRowAt', {
    file,
    sheet,
    row: p.row,
    message: rowProblemMessage(locale, p),
  });
}
