/**
 * A report (./model.ts) as workbook sheets: a summary sheet of every figure
 * (section, figure, value, detail, definition), then one sheet per table.
 * Counts stay numbers, shares are numbers shown as percentages, a rate with
 * its counts becomes three columns (met, counted, rate), and a missing
 * figure is the words 未记录 / not recorded (never 0). Written by the exports
 * feature's XLSX writer (composed in electron/desk/reportOutputs.ts). Pure.
 */
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { cellText } from './html';
import type { Cell, ReportDoc } from './model';
import { w } from './words';

/** A cell as the workbook holds it: text, a number, or a share shown as a percentage. */
export type SheetCell = string | number | { share: number };

export interface Sheet {
  name: string;
  header: string[];
  rows: SheetCell[][];
}

/** Excel's rules: at most 31 characters, none of []:*?/\, unique (case-blind). */
export function sheetNames(titles: readonly string[]): string[] {
  const used = new Set<string>();
  return titles.map((t) => {
    const base =
      t
        .replace(/[[\]:*?/\\]/g, ' ')
        .trim()
        .slice(0, 31) || 'Sheet';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++)
      name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

function sheetCell(c: Cell, l: Locale): SheetCell {
  if (typeof c === 'string' || typeof c === 'number') return c;
  if ('share' in c) return { share: c.share };
  if ('decimal' in c) return Math.round(c.decimal * 100) / 100;
  return cellText(c, l);
}

const isRate = (c: Cell | undefined): c is { yes: number; known: number } =>
  typeof c === 'object' && 'yes' in c;

export function reportSheets(doc: ReportDoc): Sheet[] {
  const l = doc.locale;
  const summary: Sheet = {
    name: w('summarySheet', l),
    header: [w('section', l), w('figure', l), w('value', l), w('detail', l), w('definition', l)],
    rows: [
      ...doc.facts.map(([k, v]) => ['', k, v, '', '']),
      ...doc.sections.flatMap((s) =>
        s.figures.map((f) => [s.heading, f.label, sheetCell(f.value, l), f.detail ?? '', f.definition]),
      ),
    ],
  };
  const tables = doc.sections.flatMap((s) => s.tables);
  const names = sheetNames([summary.name, ...tables.map((t) => t.title)]);
  const sheets = tables.map((t, ti): Sheet => {
    // A column of rates with their counts becomes three: met, counted, rate.
    const rateCols = t.header.map((_h, i) => t.rows.some((r) => isRate(r[i])));
    const header = t.header.flatMap((h, i) =>
      rateCols[i] ? [`${h} · ${w('met', l)}`, `${h} · ${w('known', l)}`, `${h} · ${w('rate', l)}`] : [h],
    );
    const rows = t.rows.map((r) =>
      r.flatMap((c, i): SheetCell[] => {
        if (!rateCols[i]) return [sheetCell(c, l)];
        if (!isRate(c)) return [sheetCell(c, l), '', ''];
        return [c.yes, c.known, c.known > 0 ? { share: c.yes / c.known } : w('noValue', l)];
      }),
    );
    return { name: names[ti + 1] ?? t.title, header, rows };
  });
  return [{ ...summary, name: names[0] ?? summary.name }, ...sheets];
}
