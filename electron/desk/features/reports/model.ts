/**
 * A printed report as data (issue 14 item 5): sections of figures (each with
 * its short definition), charts (ECharts options from the shared builders,
 * shared/domain/analysis/charts.ts) and tables. The PDF's HTML (./html.ts)
 * and the XLSX's sheets (./sheets.ts) are both made from it, so the two
 * files of one report always carry the same figures. Pure.
 *
 * A cell says what kind of figure it holds, not how it is written: a count,
 * a share (0..1), a decimal, a rate with its counts, text, or a figure that is missing, either
 * because no case records it (`not_recorded`: printed 未记录, never 0) or
 * because there is nothing to divide by (`none`: printed —).
 */
import type { ChartOption, ChartText } from '../../../../shared/domain/analysis/charts';
import type { AnalysisResult, Key, Period } from '../../../../shared/domain/analysis/report';
import type { Taxonomy } from '../../../../shared/domain/cases/script';
import { categoryLabel } from '../../../../shared/domain/cases/scriptRules';
import { LEVEL_WORDS, NATURE_WORDS, STATUS_WORDS } from '../../../../shared/domain/cases/describe';
import { QUALITY_GAP_WORDS } from '../../../../shared/domain/cases/tagsDescribe';
import type { Words } from '../../../../shared/domain/kernel/describe';
import { localize, type Locale } from '../../../../shared/domain/kernel/locale';
import {
  listItemName,
  type AnalysisListName,
  type AnalysisLists,
} from '../../../../shared/domain/settings/lists';
import { DIMENSION_WORDS } from '../../../../shared/domain/analysis/dimensionWords';
import { VALUE_WORDS, w } from './words';

export const REPORT_KINDS = ['complaints', 'callbacks', 'promises'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export type Missing = 'not_recorded' | 'no_volume' | 'none';

export type Cell =
  | string
  | number
  | { share: number }
  | { decimal: number }
  /** A rate with its counts: printed "80.0% (4/5)", three columns in the XLSX. */
  | { yes: number; known: number }
  | { missing: Missing };

export interface Figure {
  label: string;
  value: Cell;
  /** E.g. "5 / 7 件" beside a rate. */
  detail?: string;
  definition: string;
}

export interface ReportTable {
  /** The sheet's name in the XLSX, and the table's caption. */
  title: string;
  header: string[];
  rows: Cell[][];
  /** A short definition under the caption. */
  note?: string;
  /** The PDF's column widths for a table of its own shape (./html.ts): the rectification items. */
  layout?: 'rect';
}

export interface ReportChart {
  option: ChartOption;
  width: number;
  height: number;
}

export interface ReportSection {
  heading: string;
  figures: Figure[];
  charts: ReportChart[];
  tables: ReportTable[];
  /** Said instead of the section's tables when no case records what it shows. */
  missing?: string;
}

export interface ReportDoc {
  kind: ReportKind;
  locale: Locale;
  title: string;
  branch: string;
  /** Title-page lines: label and value (period, comparison, filters, printed at). */
  facts: [string, string][];
  sections: ReportSection[];
}

/** What a report is made from, besides the analysis. */
export interface ReportInput {
  analysis: AnalysisResult;
  /** Callback and deadline figures per main category (./extras.ts). */
  byCategory: CategoryFigures[];
  locale: Locale;
  branch: string;
  /** When it was printed, as the reader reads it ("2026-11-30 15:04"). */
  printedAt: string;
  labels: Labels;
  /** The rectification items opened before the period's end, with their effect as of it (the complaint report). */
  rectifications?: readonly RectLine[];
}

/** A rectification item as a report shows it (shared/contract/methods/rectification.ts RectView). */
export interface RectLine {
  scope: { dim: string; value: string };
  defect: string;
  measure: string;
  ownerName: string;
  /** The due date, a branch calendar day. */
  dueDay: string;
  state: 'open' | 'overdue' | 'done';
  /** Complaints in scope before and since it was opened, as of the period's end; null when under a day. */
  effect: { days: number; before: number; after: number; change: number; changeRate: number | null } | null;
}

/** One main category's callback and deadline counts (./extras.ts). */
export interface CategoryFigures {
  key: Key;
  cases: number;
  closed: number;
  reached: number;
  satKnown: number;
  satSum: number;
  entered: [yes: number, known: number];
  handled: [yes: number, known: number];
  result: [yes: number, known: number];
  promises: [yes: number, known: number];
}

/** The dimensions whose values are codes of the organisation's analysis lists. */
const LIST_OF: Readonly<Record<string, AnalysisListName>> = {
  region: 'regions',
  customerLevel: 'customerLevels',
  failurePoint: 'failurePoints',
};

/** How a dimension's value is named in the report's language. */
export type Labels = (dim: string, key: Key) => string;

/** The labeller for one language: the taxonomy's lists, the case words, staff names; else the value itself. */
export function labelsFor(
  taxonomy: Taxonomy,
  staffNames: ReadonlyMap<string, string>,
  locale: Locale,
  analysisLists?: AnalysisLists,
): Labels {
  const lists: Record<string, readonly { value: string; label: { 'zh-CN': string; en: string } }[]> = {
    channel: taxonomy.channels,
    severity: taxonomy.severities,
    complainantType: taxonomy.complainantTypes,
    nature: taxonomy.natures,
  };
  const words: Record<string, Record<string, Words>> = {
    ...VALUE_WORDS,
    escalationLevel: LEVEL_WORDS,
    status: STATUS_WORDS,
    nature: NATURE_WORDS,
  };
  return (dim, key) => {
    // No level is a value of its own: the case stayed at the counter (as on the dashboard).
    if (key === null && dim === 'escalationLevel') return w('notEscalated', locale);
    if (key === null || key === '') return w('notRecorded', locale);
    const k = String(key);
    if (dim === 'mainCategory' || dim === 'category') return categoryLabel(taxonomy, k, locale);
    if (dim === 'owner' || dim === 'responsible') return staffNames.get(k) ?? k;
    // Issue 14: regions, customer levels and failure points by the organisation's names (as the dashboard names them).
    const named = LIST_OF[dim];
    if (named) return listItemName(analysisLists, named, k, locale);
    if (dim === 'qualityGap' && Object.hasOwn(QUALITY_GAP_WORDS, k))
      return QUALITY_GAP_WORDS[k as keyof typeof QUALITY_GAP_WORDS][locale];
    const item = lists[dim]?.find((o) => o.value === k);
    if (item) return localize(item.label, locale);
    const word = words[dim]?.[k];
    return word ? word[locale] : k;
  };
}

export const dimensionName = (dim: string, locale: Locale): string =>
  (DIMENSION_WORDS as Readonly<Record<string, Words | undefined>>)[dim]?.[locale] ?? dim;

/** A rate as a cell: the share, or "—" when nothing could be counted. */
export const rateCell = (r: number | null): Cell => (r === null ? { missing: 'none' } : { share: r });

/** "5 / 7 件" */
export const ofKnown = (yes: number, known: number, l: Locale): string =>
  w('yesOfKnown', l, { yes: String(yes), known: String(known) });

/** The day before `day` (`YYYY-MM-DD`): a period's last day, since its end is exclusive. */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export function periodText(p: Period, l: Locale): string {
  return w('dayRange', l, { from: p.fromDay, to: dayBefore(p.toDay) });
}

/** The title page's lines every report shares. */
export function reportFacts(i: ReportInput): [string, string][] {
  const l = i.locale;
  const a = i.analysis;
  const facts: [string, string][] = [
    [w('branch', l), i.branch],
    [w('period', l), periodText(a.period, l)],
    [w('compare', l), a.compare ? periodText(a.compare, l) : w('none', l)],
  ];
  const where = Object.entries(a.where).filter(([, v]) => v !== undefined);
  if (where.length > 0) {
    facts.push([
      w('filters', l),
      where.map(([d, v]) => `${dimensionName(d, l)}: ${i.labels(d, v ?? null)}`).join('; '),
    ]);
  }
  facts.push([w('printedAt', l), i.printedAt]);
  return facts;
}

/** The words the shared chart builders show, in the report's language. */
export function chartText(i: ReportInput): ChartText {
  const l = i.locale;
  return {
    label: (dim, key) => i.labels(dim, key),
    count: w('cases', l),
    cumulative: w('cumulative', l),
    fcrRate: w('fFcr', l),
    topThree: (share) => `${w('fTopThree', l)} ${share}`,
    withinMain: w('share', l),
  };
}

export function section(heading: string, parts: Partial<Omit<ReportSection, 'heading'>> = {}): ReportSection {
  return { heading, figures: [], charts: [], tables: [], ...parts };
}
