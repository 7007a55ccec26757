import dayjs from 'dayjs';
import { offsetAt } from '../../../shared/domain/deadlines/zone';

/** "2026-11-22 14:05" in local time; "—" for empty or unreadable values. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : '—';
}

/**
 * `iso` as `YYYY-MM-DD HH:mm` on the wall clock of `timeZone` (the branch's
 * calendar zone), whatever zone the computer is set to: for figures whose
 * label names the zone, as the exports write theirs. The offset is the
 * deadlines' own (shared/domain/deadlines/zone.ts).
 */
export function formatDateTimeIn(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  let offset: number;
  try {
    offset = offsetAt(timeZone, ms);
  } catch {
    return formatDateTime(iso); // a zone this runtime does not know: the computer's
  }
  return new Date(ms + offset).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN').format(n);
}
