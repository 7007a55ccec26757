/**
 * What the describers and the row builder look things up in: staff names,
 * the taxonomy's and script's labels in the reader's language, and times as
 * "YYYY-MM-DD HH:mm" in the branch's time zone. Built once per export; each
 * lookup is memoised, because a million rows ask for the same few labels
 * and the same hours again and again.
 */
import { localize, type Locale } from '../../../../shared/domain/kernel/locale';
import { offsetAt } from '../../../../shared/domain/deadlines/zone';
import { categoryPathLabel, optionsFor, stepTitle } from '../../../../shared/domain/cases/scriptRules';
import type { HandlingScript, Taxonomy } from '../../../../shared/domain/cases/script';
import { listItemName, type AnalysisLists } from '../../../../shared/domain/settings/lists';
import type { RowContext } from './rows';

const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
/** "00:00" … "23:59", by minute of the day. */
const CLOCK = Array.from({ length: 1440 }, (_x, m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`);

/**
 * Formats instants (ms) in `timeZone` as "YYYY-MM-DD HH:mm". The zone's
 * offset is looked up once per quarter hour and the date text once per
 * local day; the rest is arithmetic (a million rows' events ask for the
 * same days again and again).
 */
export function msFormatter(timeZone: string): (ms: number) => string {
  const offsets = new Map<number, number>();
  const days = new Map<number, string>();
  let lastQ = NaN;
  let lastOff = 0;
  return (t) => {
    if (!Number.isFinite(t)) return '';
    const q = Math.floor(t / QUARTER_HOUR);
    if (q !== lastQ) {
      let off = offsets.get(q);
      if (off === undefined) {
        if (offsets.size > 50_000) offsets.clear();
        off = offsetAt(timeZone, t);
        offsets.set(q, off);
      }
      lastQ = q;
      lastOff = off;
    }
    const local = t + lastOff;
    const day = Math.floor(local / DAY);
    let date = days.get(day);
    if (date === undefined) {
      if (days.size > 50_000) days.clear();
      const d = new Date(day * DAY);
      date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `;
      days.set(day, date);
    }
    return date + CLOCK[Math.floor((local - day * DAY) / 60_000)]!;
  };
}

/** The same for ISO-8601 text (unreadable text is shown as it is). */
export function timeFormatter(timeZone: string): (iso: string) => string {
  const ofMs = msFormatter(timeZone);
  return (iso) => {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? iso : ofMs(t);
  };
}

export interface ContextInput {
  locale: Locale;
  script: HandlingScript;
  taxonomy: Taxonomy;
  staffNames: ReadonlyMap<string, string>;
  timeZone: string;
  nowMs: number;
  soonMs: number;
  /** Issue 14: the organisation's lists in force, which name regions, customer levels and failure points (the built-in lists when not given). */
  lists?: AnalysisLists;
}

export function rowContext(i: ContextInput): RowContext {
  const l = i.locale;
  const labels = {
    channel: new Map(i.taxonomy.channels.map((c) => [c.value, localize(c.label, l)])),
    severity: new Map(i.taxonomy.severities.map((s) => [s.value, localize(s.label, l)])),
    category: new Map<string, string>(),
    step: new Map<string, string>(),
  };
  // Step -> field key -> label: looked up for every captured field of an export (no key string built).
  const fields = new Map<number, Map<string, string>>();
  // Step -> field key -> how its text values read: a choice's option labels, or a date-time.
  const values = new Map<number, Map<string, ReadonlyMap<string, string> | 'datetime'>>();
  for (const s of i.script.steps) {
    const labelsOf = new Map<string, string>();
    const kinds = new Map<string, ReadonlyMap<string, string> | 'datetime'>();
    for (const f of s.fields) {
      labelsOf.set(f.key, localize(f.label, l));
      if (f.kind === 'datetime') kinds.set(f.key, 'datetime');
      else if (f.kind === 'choice')
        kinds.set(f.key, new Map(optionsFor(f, i.taxonomy).map((o) => [o.value, localize(o.label, l)])));
    }
    fields.set(s.step, labelsOf);
    values.set(s.step, kinds);
  }
  const time = timeFormatter(i.timeZone);
  return {
    locale: l,
    nowMs: i.nowMs,
    soonMs: i.soonMs,
    staffName: (id) => i.staffNames.get(id) ?? id,
    time,
    timeOfMs: msFormatter(i.timeZone),
    label(kind, value) {
      const known = labels[kind].get(value);
      if (known !== undefined) return known;
      let text = value;
      if (kind === 'category') text = categoryPathLabel(i.taxonomy, value, l);
      else if (kind === 'step') text = stepTitle(i.script, Number(value), l);
      else return value;
      labels[kind].set(value, text);
      return text;
    },
    fieldLabel: (step, key) => fields.get(step)?.get(key) ?? key,
    fieldText(step, key, value) {
      const kind = values.get(step)?.get(key);
      if (kind === 'datetime') return time(value);
      return kind?.get(value) ?? value;
    },
    listName: (list, code) => listItemName(i.lists, list, code, l),
  };
}
