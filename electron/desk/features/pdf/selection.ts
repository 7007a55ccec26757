/**
 * A listing's selection in words, printed under its title: the period and
 * every filter the list had, each in the reader's language as the case list
 * names it, so a filed listing says what it lists. Every filter of the list
 * has its words here (FILTER_WORDS is typed over them all): a listing that
 * read as "every case" while it held a few was the defect this guards.
 */
import type { AnalysisDrill, DrillDimension } from '../../../../shared/domain/analysis/drill';
import { DIMENSION_WORDS } from '../../../../shared/domain/analysis/dimensionWords';
import type { Taxonomy } from '../../../../shared/domain/cases/script';
import { categoryPathLabel } from '../../../../shared/domain/cases/scriptRules';
import { QUALITY_GAP_WORDS } from '../../../../shared/domain/cases/tagsDescribe';
import { localize, type Locale } from '../../../../shared/domain/kernel/locale';
import { listItemName, type AnalysisLists } from '../../../../shared/domain/settings/lists';
import type { PdfFilters } from './service';
import {
  DUE_WORDS,
  GENDER_WORDS,
  LEVEL_WORDS,
  MALICE_WORDS,
  NATURE_WORDS,
  STATUS_WORDS,
  t,
  wordOf,
  type Words,
} from './words';

/** The names a selection's values are shown by, besides the taxonomy. */
export interface SelectionNames {
  /** Staff names by id (the owner filter, a drill's owner or person held responsible). */
  staffNames?: ReadonlyMap<string, string>;
  /** The organisation's analysis lists in force (regions, customer levels, failure points); else the default ones. */
  lists?: AnalysisLists;
}

interface Ctx extends SelectionNames {
  f: PdfFilters;
  l: Locale;
  taxonomy: Taxonomy;
  time: (iso: string) => string;
}

const labelled = (label: string, value: string, l: Locale) => t('labelled', l, { label, value });
const staffName = (c: Ctx, id: string) => c.staffNames?.get(id) ?? id;

function received(c: Ctx): string {
  const { f } = c;
  return `${t('received', c.l)} ${f.from ? c.time(f.from) : '…'} – ${f.to ? c.time(f.to) : '…'}`;
}

function severityLabel(c: Ctx, value: string): string {
  const s = c.taxonomy.severities.find((x) => x.value === value);
  return s ? localize(s.label, c.l) : value;
}

/** The list's filters in the order they are printed, each with its words. */
const FILTER_WORDS: {
  readonly [K in keyof Required<PdfFilters>]: (v: NonNullable<PdfFilters[K]>, c: Ctx) => string[];
} = {
  from: (_, c) => [received(c)],
  to: (_, c) => (c.f.from === undefined ? [received(c)] : []),
  status: (v, c) => [wordOf(STATUS_WORDS, v, c.l)],
  category: (v, c) => [categoryPathLabel(c.taxonomy, v, c.l)],
  severity: (v, c) => [severityLabel(c, v)],
  text: (v) => [`“${v}”`],
  owner: (v, c) => [labelled(t('owner', c.l), staffName(c, v), c.l)],
  due: (v, c) => [labelled(t('due', c.l), wordOf(DUE_WORDS, v, c.l), c.l)],
  repeat: (v, c) => [t(v ? 'repeatOnly' : 'firstOnly', c.l)],
  nature: (v, c) => [labelled(t('nature', c.l), wordOf(NATURE_WORDS, v, c.l), c.l)],
  fcr: (v, c) => [labelled(t('fcr', c.l), t(v ? 'yes' : 'no', c.l), c.l)],
  escalation: (v, c) => [
    v === 'escalated'
      ? t('escalated', c.l)
      : v === 'unreviewed'
        ? t('unreviewed', c.l)
        : t('escalatedToLevel', c.l, { level: wordOf(LEVEL_WORDS, v, c.l) }),
  ],
  malice: (v, c) => [
    labelled(t('malice', c.l), v === 'flagged' ? t('flagged', c.l) : wordOf(MALICE_WORDS, v, c.l), c.l),
  ],
  analysis: (v, c) => drillWords(v, c),
};

const FILTER_KEYS = Object.keys(FILTER_WORDS) as (keyof PdfFilters)[];

export function selectionWords(
  f: PdfFilters,
  locale: Locale,
  taxonomy: Taxonomy,
  time: (iso: string) => string,
  names: SelectionNames = {},
): string {
  const c: Ctx = { ...names, f, l: locale, taxonomy, time };
  const parts: string[] = [];
  for (const key of FILTER_KEYS) {
    const v = f[key];
    if (v === undefined || v === null || v === '') continue;
    const say = FILTER_WORDS[key] as (v: unknown, c: Ctx) => string[];
    parts.push(...say(v, c));
  }
  return parts.length ? parts.join(' · ') : t('every', locale);
}

// ---- the analysis drill-down

/** The order a drill's dimensions are named in (as the case list's chip names them; the rest by name). */
const DRILL_ORDER: readonly string[] = ['month', 'mainCategory', 'category'];

/** The day before `day` (`YYYY-MM-DD`): a period's last day, since its end is exclusive. */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** "投诉分析：2026-11-01 至 2026-11-30" and each dimension's value ("大类：保险"). */
function drillWords(d: AnalysisDrill, c: Ctx): string[] {
  const last = dayBefore(d.period.toDay);
  const period =
    last <= d.period.fromDay ? d.period.fromDay : t('dayRange', c.l, { from: d.period.fromDay, to: last });
  const rank = (x: string) => (DRILL_ORDER.includes(x) ? DRILL_ORDER.indexOf(x) : DRILL_ORDER.length);
  const where = (Object.entries(d.where) as [DrillDimension, string | number | null | undefined][])
    .filter((e): e is [DrillDimension, string | number | null] => e[1] !== undefined)
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return [
    t('drill', c.l, { period }),
    ...where.map(([dim, v]) => labelled(wordOf(DIMENSION_WORDS, dim, c.l), drillValue(dim, v, c), c.l)),
  ];
}

/** The dimensions whose values are codes of the organisation's analysis lists. */
const LIST_OF = {
  region: 'regions',
  customerLevel: 'customerLevels',
  failurePoint: 'failurePoints',
} as const;

/** The taxonomy's lists a dimension's values come from. */
const TAXONOMY_LIST = {
  channel: 'channels',
  complainantType: 'complainantTypes',
  nature: 'natures',
} as const satisfies Partial<Record<DrillDimension, keyof Taxonomy>>;

/** Fixed values' words: the case's own words, as the dossier prints them. */
const VALUE_WORDS: Partial<Record<DrillDimension, Readonly<Record<string, Words>>>> = {
  status: STATUS_WORDS,
  nature: NATURE_WORDS,
  gender: GENDER_WORDS,
  escalationLevel: LEVEL_WORDS,
  qualityGap: QUALITY_GAP_WORDS,
};

/** A drill value by the name the analysis shows it by; a code nobody names shows as itself. */
function drillValue(dim: DrillDimension, key: string | number | null, c: Ctx): string {
  if (key === null) return t(dim === 'escalationLevel' ? 'notEscalated' : 'notRecorded', c.l);
  const v = String(key);
  switch (dim) {
    case 'mainCategory':
    case 'category':
      return categoryPathLabel(c.taxonomy, v, c.l);
    case 'severity':
      return severityLabel(c, v);
    case 'owner':
      return staffName(c, v);
    case 'responsible':
      return v === '' ? t('nobody', c.l) : staffName(c, v);
    case 'region':
    case 'customerLevel':
    case 'failurePoint':
      return listItemName(c.lists, LIST_OF[dim], v, c.l);
    case 'returning':
      return v === '1' ? t('returningCustomer', c.l) : v === '0' ? t('newCustomer', c.l) : v;
    case 'sharedCustomer':
      return v === '1' ? t('yes', c.l) : v === '0' ? t('no', c.l) : v;
    case 'channel':
    case 'complainantType':
    case 'nature': {
      const item = c.taxonomy[TAXONOMY_LIST[dim]].find((o) => o.value === v);
      if (item) return localize(item.label, c.l);
      break;
    }
  }
  const words = VALUE_WORDS[dim];
  return words ? wordOf(words, v, c.l) : v;
}
