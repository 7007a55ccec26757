/**
 * The lookups a printed document makes: instants as "YYYY-MM-DD HH:mm" in
 * the branch's time zone, staff names, and each timeline entry's line.
 */
import type { TimelineEntry } from '../../../../shared/contract/methods/cases';
import { offsetAt } from '../../../../shared/domain/deadlines/zone';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { DossierContext } from './dossier';

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Formats ISO instants in `timeZone`; text that is no instant is shown as it is. */
export function timeFormatter(timeZone: string): (iso: string) => string {
  return (iso) => {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return iso;
    const d = new Date(t + offsetAt(timeZone, t));
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
}

/** Whom one document's timeline lines are for: the reader's language, the branch's zone, staff names. */
export interface DescribeFor {
  locale: Locale;
  timeZone: string;
  staffNames: ReadonlyMap<string, string>;
}

/**
 * Makes one document's line for each timeline entry: the features'
 * describers (shared/domain/describers.ts), composed in by the desk with the
 * exports' describe context, so the dossier says what the export's thread says.
 */
export type TimelineDescriber = (c: DescribeFor) => (entry: TimelineEntry) => string;

export interface ContextInput extends DescribeFor {
  describer: TimelineDescriber;
}

export function pdfContext(i: ContextInput): DossierContext {
  return {
    locale: i.locale,
    time: timeFormatter(i.timeZone),
    staffName: (id) => i.staffNames.get(id) ?? id,
    describe: i.describer(i),
  };
}
