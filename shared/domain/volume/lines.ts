/**
 * Business volume pasted or imported as text (issue 14 item 2): one figure
 * per line, `period,unit,value` (`2026-03,transactions,12500`), comma, tab
 * or semicolon separated, an optional header line, blank lines skipped. A
 * unit is its code or its name in either language (`业务笔数`); a value may
 * carry thousands separators (`12,500` only when tab or semicolon
 * separated). Every line is checked; any error refuses the whole text
 * (the desk stores nothing), each error naming its line. Pure.
 */
import type { LocalizedText } from '../kernel/locale';
import { VOLUME_UNITS, VolumePeriod, volumeValueProblem, type VolumeUnit } from './payloads';

/** Each unit's name, in both languages (the screen, the import, the reports). */
export const VOLUME_UNIT_LABELS: Record<VolumeUnit, LocalizedText> = {
  premium_10k_yuan: { 'zh-CN': '保费收入（万元）', en: 'Premium income (10,000 yuan)' },
  revenue_10k_yuan: { 'zh-CN': '营业收入（万元）', en: 'Revenue (10,000 yuan)' },
  transactions: { 'zh-CN': '业务笔数', en: 'Transactions' },
  work_orders: { 'zh-CN': '维修工单数', en: 'Work orders' },
  accounts: { 'zh-CN': '客户数', en: 'Customer accounts' },
};

/** Lines at most in one text. */
export const VOLUME_LINES_MAX = 2000;
/** Characters at most in one text. */
export const VOLUME_TEXT_MAX = 100_000;

export interface VolumeLine {
  /** 1-based line number in the text. */
  line: number;
  period: string;
  unit: VolumeUnit;
  value: number;
}

export type VolumeLineProblem =
  | 'columns'
  | 'period'
  | 'unit'
  | 'value'
  | 'negative'
  | 'too_large'
  | 'not_whole'
  | 'too_precise'
  | 'duplicate'
  | 'too_many'
  | 'control';

export interface VolumeLineError {
  line: number;
  problem: VolumeLineProblem;
  /** The line's text (cut to 80 characters). */
  text: string;
}

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_（）()]/g, '');
const UNIT_NAMES = new Map<string, VolumeUnit>();
for (const u of VOLUME_UNITS) {
  UNIT_NAMES.set(norm(u), u);
  UNIT_NAMES.set(norm(VOLUME_UNIT_LABELS[u]['zh-CN']), u);
  UNIT_NAMES.set(norm(VOLUME_UNIT_LABELS[u].en), u);
}
UNIT_NAMES.set(norm('保费'), 'premium_10k_yuan');
UNIT_NAMES.set(norm('营业收入'), 'revenue_10k_yuan');
UNIT_NAMES.set(norm('笔数'), 'transactions');
UNIT_NAMES.set(norm('工单数'), 'work_orders');

/** The unit a text names, or null. */
export function volumeUnitOf(text: string): VolumeUnit | null {
  return UNIT_NAMES.get(norm(text)) ?? null;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const HEADER = /^(period|month|月份|期间)$/;

/** `2026-3`, `2026/03`, `2026年3月` as `2026-03`; the text itself otherwise. */
function periodOf(text: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(text.normalize('NFKC').trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}` : text.trim();
}

/** The text's lines, or every error found (then nothing may be stored). */
export function parseVolumeLines(text: string): { lines: VolumeLine[] } | { errors: VolumeLineError[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const raw = body.split(/\r\n|\n|\r/);
  const lines: VolumeLine[] = [];
  const errors: VolumeLineError[] = [];
  const seen = new Map<string, number>();
  let counted = 0;
  raw.forEach((rawLine, i) => {
    const n = i + 1;
    const line = rawLine.trim();
    if (line === '') return;
    const error = (problem: VolumeLineProblem) => errors.push({ line: n, problem, text: line.slice(0, 80) });
    if (CONTROL.test(line)) return error('control');
    const sep = line.includes('\t') ? '\t' : line.includes(';') ? ';' : line.includes('；') ? '；' : /[,，]/;
    const cells = line.split(sep).map((c) => c.trim());
    if (lines.length === 0 && errors.length === 0 && HEADER.test(norm(cells[0] ?? ''))) return;
    if (++counted > VOLUME_LINES_MAX) {
      if (counted === VOLUME_LINES_MAX + 1) error('too_many');
      return;
    }
    if (cells.length !== 3) return error('columns');
    const period = periodOf(cells[0]!);
    if (!VolumePeriod.safeParse(period).success) return error('period');
    const unit = volumeUnitOf(cells[1]!);
    if (unit === null) return error('unit');
    const valueText = cells[2]!.normalize('NFKC').replace(/[,\s]/g, '');
    if (!/^-?\d+(\.\d+)?$/.test(valueText)) return error('value');
    const value = Number(valueText);
    const problem = volumeValueProblem(unit, value);
    if (problem) return error(problem);
    const key = `${period}|${unit}`;
    if (seen.has(key)) return error('duplicate');
    seen.set(key, n);
    lines.push({ line: n, period, unit, value });
  });
  return errors.length > 0 ? { errors } : { lines };
}
