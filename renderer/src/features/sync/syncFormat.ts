/** Words and colours for the sync status (top-bar indicator, popover, settings). */
import type { SyncState } from '../../../../shared/contract/methods/sync';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { i18next } from '../../i18n';

/** antd Tag colours per state. */
export const SYNC_STATE_COLORS: Record<SyncState, string> = {
  unconfigured: 'default',
  offline: 'warning',
  syncing: 'processing',
  online: 'success',
  error: 'error',
};

/** "刚刚", "3 分钟前", "yesterday"… from now; null for an empty or unreadable instant. */
export function relativeTime(iso: string | null, locale: Locale, now: number = Date.now()): string | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const seconds = Math.round((at - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return i18next.t('sync.justNow');
  const rtf = new Intl.RelativeTimeFormat(locale === 'en' ? 'en' : 'zh-CN', { numeric: 'auto' });
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/** A clock difference in words: "45 秒", "3 分钟", "2 小时 5 分钟", "3 天". */
export function durationWords(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return i18next.t('sync.duration.s', { n: s });
  if (s < 3600) return i18next.t('sync.duration.m', { n: Math.round(s / 60) });
  if (s < 86_400) {
    return i18next.t('sync.duration.h', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  }
  return i18next.t('sync.duration.d', { n: Math.round(s / 86_400) });
}
