/**
 * The sync status in words. The engine takes one snapshot of its state and
 * renders it per locale, so a status query changes nothing and every window
 * reads the status in its own language (issue 7 item 3): `sync.status`
 * answers in the caller's locale, and the `sync.status` desk event carries
 * the status in every locale (`byLocale`).
 */
import type { DeskEvent } from '../../../shared/contract/api';
import type { SyncStatus } from '../../../shared/contract/methods/sync';
import { SYNC_LIMITS } from '../../../shared/contract/sync';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../../shared/domain/kernel/locale';
import { msg } from '../kernel/messages';
import type { Failure } from './failure';
import type { HeldTooFar } from './store';

export interface StatusSnapshot {
  state: SyncStatus['state'];
  serverUrl: string | null;
  lastSuccessAt: string | null;
  pending: number;
  rejected: number;
  pendingAttachments: number;
  /** Queued files head office refused at least once, and those whose bytes this desk lost or finds changed (./attachmentQueue.ts). */
  attachmentFailures: { refused: number; unreadable: number };
  received: number | null;
  failure: Failure | null;
  skewMs: number | null;
  held: HeldTooFar | null;
  /** The desk's wall clock when the snapshot was taken (ms). */
  nowMs: number;
}

const MINUTE = 60_000;

/** A count of waiting files with what the clerk should do about them; null when there are none. */
function fileNote(
  n: number,
  key: 'syncFilesRefused' | 'syncFilesUnreadable',
  locale: Locale,
): { count: number; message: string } | null {
  return n > 0 ? { count: n, message: msg(locale, key, { n }) } : null;
}

export function renderStatus(s: StatusSnapshot, locale: Locale): SyncStatus {
  const f = s.failure;
  return {
    state: s.state,
    serverUrl: s.serverUrl,
    lastSuccessAt: s.lastSuccessAt,
    pending: s.pending,
    rejected: s.rejected,
    pendingAttachments: s.pendingAttachments,
    refusedAttachments: fileNote(s.attachmentFailures.refused, 'syncFilesRefused', locale),
    unreadableAttachments: fileNote(s.attachmentFailures.unreadable, 'syncFilesUnreadable', locale),
    received: s.received,
    lastError: f ? { code: f.code, message: msg(locale, f.key, f.params) } : null,
    clockSkewMs: s.skewMs,
    clockWarning: s.skewMs !== null && Math.abs(s.skewMs) > SYNC_LIMITS.warnSkewMs,
    heldBack: heldBack(s, locale),
  };
}

/** The `sync.status` desk event: the status in every locale. */
export function statusEvent(s: StatusSnapshot): Extract<DeskEvent, { type: 'sync.status' }> {
  const byLocale = Object.fromEntries(LOCALES.map((l) => [l, renderStatus(s, l)])) as Record<
    Locale,
    SyncStatus
  >;
  return { type: 'sync.status', status: byLocale[DEFAULT_LOCALE], byLocale };
}

/**
 * Records held back because their HLC is ahead of head office's clock: how
 * many, how far the clock is (or was) fast, and about when head office's time
 * catches up with the latest of them (then they upload by themselves).
 */
function heldBack(s: StatusSnapshot, locale: Locale): SyncStatus['heldBack'] {
  const held = s.held;
  if (held === null || held.count === 0 || s.pending === 0) return null;
  const count = Math.min(held.count, s.pending);
  const serverNow = s.nowMs - (s.skewMs ?? 0);
  const aheadMs = held.latestMs - serverNow;
  const wait = Math.max(1, Math.ceil((aheadMs - SYNC_LIMITS.maxDriftMs) / MINUTE));
  const clockFast = s.skewMs !== null && s.skewMs > SYNC_LIMITS.warnSkewMs;
  const minutes = Math.max(1, Math.round((clockFast ? (s.skewMs ?? 0) : aheadMs) / MINUTE));
  return {
    count,
    reason: 'clock_ahead',
    message: msg(locale, clockFast ? 'syncHeldClockAhead' : 'syncHeldWaiting', { count, minutes, wait }),
  };
}
