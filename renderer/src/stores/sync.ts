/**
 * Where this desk stands with head office (the central sync server): the
 * latest SyncStatus, kept fresh by the desk's `sync.status` events and, as a
 * fallback when an event is missed (event stream reconnecting), by a poll
 * every 30 s. The texts inside the status come from the desk: a call answers
 * in this window's language, an event carries every language and the store
 * takes this window's; the status is re-read when the clerk switches language.
 */
import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract/api';
import type { SyncStatus } from '../../../shared/contract/methods/sync';
import type { Result } from '../../../shared/contract/result';
import { getDeskApi } from '../bridge';
import { i18next, useLocale } from '../i18n';
import { callDesk } from '../lib/desk';
import { showError, showInfo } from '../lib/notify';

const SYNC_POLL_MS = 30_000;

interface SyncStoreState {
  status: SyncStatus | null;
  /** A `sync.now` call is on its way. */
  requesting: boolean;
  /** Starts listening and polling; returns the function that stops both. */
  start(): () => void;
  /** `background`: the poll, not the person's act (CallOptions). */
  refresh(background?: boolean): Promise<void>;
  syncNow(): Promise<Result<SyncStatus>>;
  configure(input: InputOf<'sync.configure'>): Promise<Result<SyncStatus>>;
  disconnect(): Promise<Result<SyncStatus>>;
}

/**
 * Bumped by every status that arrives. An answer to a call made before a newer
 * status arrived is older than what is shown, so it is dropped.
 */
let version = 0;

function accept(set: (patch: Partial<SyncStoreState>) => void, status: SyncStatus, sentAt: number): void {
  if (sentAt !== version) return;
  version++;
  set({ status });
}

export const useSync = create<SyncStoreState>((set, get) => ({
  status: null,
  requesting: false,

  start() {
    const unsubscribe = getDeskApi().subscribe((e) => {
      if (e.type !== 'sync.status') return;
      version++;
      // The event carries the status in every locale; show this window's.
      set({ status: e.byLocale[useLocale.getState().locale] ?? e.status });
    });
    const unwatchLocale = useLocale.subscribe((s, prev) => {
      if (s.locale !== prev.locale) void get().refresh();
    });
    const timer = window.setInterval(() => void get().refresh(true), SYNC_POLL_MS);
    void get().refresh();
    return () => {
      unsubscribe();
      unwatchLocale();
      window.clearInterval(timer);
      version++;
      set({ status: null, requesting: false });
    };
  },

  async refresh(background = false) {
    const sentAt = version;
    const r = await callDesk('sync.status', {}, { background });
    // A failed poll keeps the last known status; the next one tries again.
    if (r.ok) accept(set, r.value, sentAt);
  },

  async syncNow() {
    set({ requesting: true });
    const sentAt = version;
    const r = await callDesk('sync.now', {});
    set({ requesting: false });
    if (r.ok) accept(set, r.value, sentAt);
    return r;
  },

  async configure(input) {
    // The desk also announces the new status as an event; whichever is newer wins.
    const sentAt = version;
    const r = await callDesk('sync.configure', input);
    if (r.ok) accept(set, r.value, sentAt);
    return r;
  },

  async disconnect() {
    const sentAt = version;
    const r = await callDesk('sync.disconnect', {});
    if (r.ok) accept(set, r.value, sentAt);
    return r;
  },
}));

/** "Sync now" from a button: starts a run and says so, or shows why it could not. */
export async function syncNowWithFeedback(): Promise<void> {
  const r = await useSync.getState().syncNow();
  if (r.ok) showInfo(i18next.t('sync.syncStarted'));
  else showError(r.error);
}

/** Who may connect this desk to head office (the settings screen). */
export function canConfigureSync(role: string | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** Who may disconnect it. */
export function canDisconnectSync(role: string | undefined): boolean {
  return role === 'admin';
}
