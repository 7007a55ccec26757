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

export interface ContextInput {
  locale: Locale;
  timeZone: string;
  staffNames: ReadonlyMap<string, string>;
  describe: (entry: TimelineEntry, locale: Locale) => string;
}

export function pdfContext(i: ContextInput): DossierContext {
  return {
    locale: i.locale,
    time: timeFormatter(i.timeZone),
    staffName: (id) => i.staffNames.get(id) ?? id,
    describe: (e) => i.describe(e, i.locale),
  };
}
