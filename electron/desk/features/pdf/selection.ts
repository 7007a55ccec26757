/**
 * A listing's selection in words, printed under its title: the period and
 * the filters the list had, so a filed listing says what it lists.
 */
import type { Taxonomy } from '../../../../shared/domain/cases/script';
import { categoryPathLabel } from '../../../../shared/domain/cases/scriptRules';
import { localize, type Locale } from '../../../../shared/domain/kernel/locale';
import type { PdfFilters } from './service';
import { STATUS_WORDS, t, wordOf } from './words';

const ALL = { 'zh-CN': '全部投诉单', en: 'every case' } as const;

export function selectionWords(
  f: PdfFilters,
  locale: Locale,
  taxonomy: Taxonomy,
  time: (iso: string) => string,
): string {
  const parts: string[] = [];
  if (f.from !== undefined || f.to !== undefined) {
    parts.push(`${t('received', locale)} ${f.from ? time(f.from) : '…'} – ${f.to ? time(f.to) : '…'}`);
  }
  if (f.status) parts.push(wordOf(STATUS_WORDS, f.status, locale));
  if (f.category) parts.push(categoryPathLabel(taxonomy, f.category, locale));
  if (f.severity) {
    const s = taxonomy.severities.find((x) => x.value === f.severity);
    parts.push(s ? localize(s.label, locale) : f.severity);
  }
  if (f.text) parts.push(`“${f.text}”`);
  // The rest of the list's filters, by name (rarely printed; named so nothing is silently dropped).
  for (const key of ['owner', 'due', 'repeat', 'nature', 'escalation', 'malice'] as const) {
    const v = f[key];
    if (v !== undefined) parts.push(`${key}=${String(v)}`);
  }
  return parts.length ? parts.join(' · ') : ALL[locale];
}
