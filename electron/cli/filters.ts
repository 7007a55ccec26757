/**
 * What the CLI's file-making verbs (`export` as CSV/XLSX, ./export.ts, and
 * as PDF, ./pdf.ts) parse alike: their common options, the case list's
 * filters (`--from`/`--to` as local dates, `--status`, `--category`,
 * `--severity`, `--text`), the data folder, `--out` and the language.
 * A usage error is a UsageError; the verb adds its help and exits 2.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CASE_STATUSES, type CaseStatus } from '../../shared/domain/cases/payloads';
import type { Locale } from '../../shared/domain/kernel/locale';
import { offsetAt } from '../../shared/domain/deadlines/zone';
import { instantOfWall } from '../../shared/domain/kernel/time';
import { defaultDataDir } from '../desk';
import { fail } from './jobLoop';

export class UsageError extends Error {}

/** The case list's filters a verb takes from its options. */
export interface CaseFilters {
  from?: string;
  to?: string;
  status?: CaseStatus;
  category?: string;
  severity?: string;
  text?: string;
}

export const FILTER_KEYS = ['from', 'to', 'status', 'category', 'severity', 'text'] as const;

const FILE_VERB_OPTIONS = {
  data: { type: 'string', short: 'd' },
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  from: { type: 'string' },
  to: { type: 'string' },
  status: { type: 'string' },
  category: { type: 'string' },
  severity: { type: 'string' },
  text: { type: 'string' },
} as const;

const WITH_CASE = { ...FILE_VERB_OPTIONS, case: { type: 'string' } } as const;

/** A file verb's options as given. */
export interface FileVerbOptions {
  data?: string;
  help?: boolean;
  lang?: string;
  format?: string;
  out?: string;
  /** Only where the verb takes it (`withCase`): a PDF dossier's case number. */
  case?: string;
  from?: string;
  to?: string;
  status?: string;
  category?: string;
  severity?: string;
  text?: string;
}

/** A file verb's options (the common ones, and `--case` when `withCase`), or a UsageError. */
export function parseFileVerbOptions(argv: string[], withCase = false): FileVerbOptions {
  try {
    return withCase
      ? parseArgs({ args: argv, options: WITH_CASE, strict: true, allowPositionals: false }).values
      : parseArgs({ args: argv, options: FILE_VERB_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(`参数有误 / Bad arguments: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The verb's arguments from `parse`; on `--help`, prints `help` and returns
 * null; on a usage error, says it with `help` and exits 2.
 */
export function argsOrHelp<A>(parse: () => A | 'help', help: string): A | null {
  let args: A | 'help';
  try {
    args = parse();
  } catch (e) {
    if (e instanceof UsageError) fail(`${e.message}\n\n${help}`, 2);
    throw e;
  }
  if (args !== 'help') return args;
  process.stdout.write(`${help}\n`);
  return null;
}

/** `--out`, which must be given, and `--data`, which must not be empty when given. */
export function checkOutAndData(v: { out?: string; data?: string }): string {
  if (v.out === undefined || v.out.trim() === '') {
    throw new UsageError('请用 --out 指定输出文件。 / Give the output file with --out.');
  }
  if (v.data !== undefined && v.data.trim() === '')
    throw new UsageError('--data 不能为空 / --data must not be empty.');
  return v.out;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Midnight of the day "YYYY-MM-DD" (plus `days`) in `timeZone`, the branch
 * calendar's zone that every time in an export is written in, as an ISO
 * instant; null when it is no date.
 */
export function dayStartIn(text: string, timeZone: string, days = 0): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = new Date(Date.UTC(y, mo, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo || date.getUTCDate() !== d) return null;
  return new Date(instantOfWall(Date.UTC(y, mo, d + days), (t) => offsetAt(timeZone, t))).toISOString();
}

/**
 * The filters the options give: `--from` and `--to` are days in `timeZone`
 * (`--to`'s day included, `--from` not after it). Usage errors do not depend
 * on the zone: an argument parser checks with any zone before the desk opens,
 * and the verb takes the filters in the branch's zone once it has.
 */
export function parseFilters(
  v: { [K in (typeof FILTER_KEYS)[number]]?: string },
  timeZone: string,
): CaseFilters {
  const filters: CaseFilters = {};
  if (v.from !== undefined) {
    const from = dayStartIn(v.from, timeZone);
    if (!from)
      throw new UsageError(
        `--from 应为 YYYY-MM-DD 日期：${v.from} / --from must be a YYYY-MM-DD date: ${v.from}`,
      );
    filters.from = from;
  }
  if (v.to !== undefined) {
    const to = dayStartIn(v.to, timeZone, 1);
    if (!to)
      throw new UsageError(`--to 应为 YYYY-MM-DD 日期：${v.to} / --to must be a YYYY-MM-DD date: ${v.to}`);
    filters.to = to;
  }
  if (filters.from !== undefined && filters.to !== undefined && filters.from >= filters.to) {
    throw new UsageError('--from 不能晚于 --to。 / --from must not be after --to.');
  }
  if (v.status !== undefined) {
    if (!(CASE_STATUSES as readonly string[]).includes(v.status)) {
      throw new UsageError(
        `--status 应为 ${CASE_STATUSES.join('|')} / --status must be one of ${CASE_STATUSES.join('|')}`,
      );
    }
    filters.status = v.status as CaseStatus;
  }
  if (v.category !== undefined) filters.category = v.category;
  if (v.severity !== undefined) filters.severity = v.severity;
  if (v.text !== undefined) filters.text = v.text;
  return filters;
}

/** Values `--lang` takes: en or zh-CN (any case, with or without a region: en-US, zh_cn). */
const CLI_LANG = /^(en|zh)([-_][a-z]{2,4})?$/i;

/** A usage error when `--lang` was given something other than en or zh-CN. */
export function checkLang(lang: string | undefined): void {
  if (lang !== undefined && !CLI_LANG.test(lang.trim())) {
    throw new UsageError(
      `--lang 只能是 en 或 zh-CN（收到“${lang}”） / --lang takes en or zh-CN (got "${lang}").`,
    );
  }
}

/** The language of `--lang` (checked), else of LANG: English when it starts with "en", else zh-CN. */
export function cliLocale(lang: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  checkLang(lang);
  return (lang ?? env.LANG ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** `--data`, else the default data folder, as an absolute path. */
export function dataDirOf(data: string | undefined): string {
  return path.resolve(data ?? defaultDataDir());
}

/** The filters in a zone, checked now (a usage error before the desk opens). */
export function filtersIn(v: { [K in (typeof FILTER_KEYS)[number]]?: string }): (
  timeZone: string,
) => CaseFilters {
  parseFilters(v, 'UTC');
  return (timeZone) => parseFilters(v, timeZone);
}
