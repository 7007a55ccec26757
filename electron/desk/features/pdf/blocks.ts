/**
 * Small HTML builders the dossier and the listing share. Every text passes
 * through `esc`; callers hand in plain strings, never markup, except where a
 * parameter is named `html`.
 */
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { esc } from './html';
import { t } from './words';

/** What a printed document looks things up in (the branch's zone, staff names, the describers). */
export interface PdfContext {
  readonly locale: Locale;
  /** An instant (ISO-8601) as the reader reads it, e.g. "2026-11-22 14:05" in the branch's zone. */
  time(iso: string): string;
  /** A member of staff's name (the id itself when unknown). */
  staffName(staffId: string): string;
}

/** A label/value list; empty values show a dash. */
export function defList(locale: Locale, rows: ReadonlyArray<readonly [string, string]>): string {
  const items = rows.map(
    ([label, value]) =>
      `<dt>${esc(label)}</dt><dd>${value === '' ? esc(t('empty', locale)) : esc(value)}</dd>`,
  );
  return `<dl>${items.join('')}</dl>`;
}

/**
 * A table with a header row; every cell is text. Columns whose index is in
 * `nowrap` never wrap (numbers, times, phones: they must stay one word).
 */
export function table(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  cls = '',
  nowrap: readonly number[] = [],
): string {
  const cellClass = (i: number) => (nowrap.includes(i) ? 'nowrap' : 'pre');
  const head = `<thead><tr>${headers.map((h, i) => `<th class="${cellClass(i)}">${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td class="${cellClass(i)}">${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${cls ? ` class="${esc(cls)}"` : ''}>${head}<tbody>\n${body}\n</tbody></table>`;
}

/** A section: heading and content (markup), or the "none" line when `html` is empty. */
export function section(locale: Locale, heading: string, html: string): string {
  return `<section><h2>${esc(heading)}</h2>${html || `<p class="empty">${esc(t('none', locale))}</p>`}</section>`;
}
