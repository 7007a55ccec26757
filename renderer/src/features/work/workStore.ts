/**
 * The work queue and the alerts for this window: 我的待办 / My work (the
 * signed-in staff member's open deadlines), the supervisor's board, and the
 * desk's alerts (the top bar's count and popover). Deadline states are the
 * desk's, measured when it answers, so a shown list is read again every
 * minute, when a case changes and when the scheduler raises alerts.
 */
import { create } from 'zustand';
import type { OutputOf } from '../../../../shared/contract/api';
import type { Alert, WorkBoard } from '../../../../shared/contract/methods/work';
import type { ApiError } from '../../../../shared/contract/result';
import { getDeskApi } from '../../bridge';
import { callDesk } from '../../lib/desk';

export type MyWork = OutputOf<'work.mine'>;

/** How often a shown queue and the alert count are read again. */
export const WORK_REFRESH_MS = 60_000;

interface WorkStoreState {
  mine: MyWork | null;
  board: WorkBoard | null;
  alerts: Alert[];
  unacked: number;
  error: ApiError | null;
  /** `background`: a poll or a refresh after a desk event, not the person's act (CallOptions). */
  loadMine(background?: boolean): Promise<void>;
  loadBoard(background?: boolean): Promise<void>;
  loadAlerts(background?: boolean): Promise<Alert[]>;
  ack(alertId: number): Promise<boolean>;
  clear(): void;
}

let seq = { mine: 0, board: 0, alerts: 0 };

export const useWork = create<WorkStoreState>((set, get) => ({
  mine: null,
  board: null,
  alerts: [],
  unacked: 0,
  error: null,

  async loadMine(background = false) {
    const n = ++seq.mine;
    const r = await callDesk('work.mine', { limit: 200 }, { background });
    if (n !== seq.mine) return;
    if (r.ok) set({ mine: r.value, error: null });
    else set({ error: r.error });
  },

  async loadBoard(background = false) {
    const n = ++seq.board;
    const r = await callDesk('work.board', { limit: 50 }, { background });
    if (n !== seq.board) return;
    if (r.ok) set({ board: r.value, error: null });
    else set({ error: r.error });
  },

  async loadAlerts(background = false) {
    const n = ++seq.alerts;
    const r = await callDesk('alert.list', { includeAcked: false, limit: 50 }, { background });
    if (n !== seq.alerts || !r.ok) return get().alerts;
    set({ alerts: r.value.items, unacked: r.value.unacked });
    return r.value.items;
  },

  async ack(alertId) {
    const r = await callDesk('alert.ack', { alertId });
    if (!r.ok) return false;
    set((s) => ({
      alerts: s.alerts.filter((a) => a.id !== alertId),
      unacked: Math.max(0, s.unacked - 1),
    }));
    void get().loadAlerts();
    return true;
  },

  clear() {
    seq = { mine: seq.mine + 1, board: seq.board + 1, alerts: seq.alerts + 1 };
    set({ mine: null, board: null, alerts: [], unacked: 0, error: null });
  },
}));

/** A queue's count as the desk gives it: counting stops at 1,000 (`capped`: more than that). */
export function countText(n: number, capped: boolean, locale: string): string {
  const text = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN').format(n);
  return capped ? `${text}+` : text;
}

/** Who sees the supervisor's board (the core refuses everyone else regardless). */
export function canSeeBoard(role: string | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}

/**
 * Listens for the desk's alert and case events while signed in: a raised
 * alert reads the alerts again and hands the new ones to `onNew` (the toast);
 * both, and a work order's change, read a shown queue again. Returns the stop function.
 */
export function startWorkEvents(onNew: (alerts: Alert[]) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refreshQueues = () => {
    if (timer) return;
    // Many case events arrive together after a sync: read once for all of them.
    timer = setTimeout(() => {
      timer = null;
      const s = useWork.getState();
      if (s.mine) void s.loadMine(true);
      if (s.board) void s.loadBoard(true);
    }, 300);
  };
  const unsubscribe = getDeskApi().subscribe((e) => {
    if (e.type === 'alert.raised') {
      const before = new Set(useWork.getState().alerts.map((a) => a.id));
      void useWork
        .getState()
        .loadAlerts(true)
        .then((items) => {
          const fresh = items.filter((a) => !before.has(a.id));
          if (fresh.length > 0) onNew(fresh);
        });
      refreshQueues();
    } else if (e.type === 'case.changed' || e.type === 'order.changed') {
      // A work order's follow-up call is in both queues too (issue 11).
      refreshQueues();
    }
  });
  void useWork.getState().loadAlerts();
  const poll = setInterval(() => {
    const s = useWork.getState();
    void s.loadAlerts(true);
  }, WORK_REFRESH_MS);
  return () => {
    unsubscribe();
    clearInterval(poll);
    if (timer) clearTimeout(timer);
    useWork.getState().clear();
  };
}
