/**
 * Work orders for this window (issue 11): the board (order.list: one status
 * at a time, filters, pages by cursor, the count of each status), the
 * templates the desk loaded (order.templates: trades, checklists, readings)
 * and the desk's `order.changed` events. An order changed elsewhere (another
 * window, another desk through sync) reads the shown board again and reaches
 * the open order's screen through `onOrderChanged`.
 */
import { create } from 'zustand';
import type { OrderBoard, OrderSummary } from '../../../shared/contract/methods/orders';
import type { ApiError } from '../../../shared/contract/result';
import type { OrderTemplates } from '../../../shared/domain/orders/template';
import { getDeskApi } from '../bridge';
import { callDesk } from '../lib/desk';

export interface OrderFilters {
  /** null: every status. */
  status: OrderSummary['status'] | null;
  text: string;
  flagged: boolean;
  rework: boolean;
}

export const NO_ORDER_FILTERS: OrderFilters = { status: null, text: '', flagged: false, rework: false };

const PAGE = 100;

interface OrdersState {
  filters: OrderFilters;
  items: OrderSummary[];
  counts: OrderBoard['counts'] | null;
  nextCursor: string | null;
  loaded: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  templates: OrderTemplates | null;
  setFilters(patch: Partial<OrderFilters>): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  loadTemplates(): Promise<OrderTemplates | null>;
  clear(): void;
}

let seq = 0;

function query(f: OrderFilters, cursor?: string) {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    ...(f.flagged ? { flagged: true } : {}),
    ...(f.rework ? { rework: true } : {}),
    ...(cursor ? { cursor } : {}),
    limit: PAGE,
  };
}

export const useOrders = create<OrdersState>((set, get) => ({
  filters: NO_ORDER_FILTERS,
  items: [],
  counts: null,
  nextCursor: null,
  loaded: false,
  loading: false,
  loadingMore: false,
  error: null,
  templates: null,

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().reload();
  },

  async reload() {
    const n = ++seq;
    set({ loading: true });
    const r = await callDesk('order.list', query(get().filters));
    if (n !== seq) return;
    if (r.ok) {
      set({
        items: r.value.items,
        counts: r.value.counts,
        nextCursor: r.value.nextCursor,
        loaded: true,
        loading: false,
        error: null,
      });
    } else set({ loading: false, loaded: true, error: r.error });
  },

  async loadMore() {
    const { nextCursor, loadingMore } = get();
    if (!nextCursor || loadingMore) return;
    const n = seq;
    set({ loadingMore: true });
    const r = await callDesk('order.list', query(get().filters, nextCursor));
    if (n !== seq) return;
    if (r.ok) {
      set((s) => ({
        items: [...s.items, ...r.value.items],
        nextCursor: r.value.nextCursor,
        loadingMore: false,
      }));
    } else set({ loadingMore: false, error: r.error });
  },

  async loadTemplates() {
    const have = get().templates;
    if (have) return have;
    const r = await callDesk('order.templates', {});
    if (!r.ok) return null;
    set({ templates: r.value.templates });
    return r.value.templates;
  },

  clear() {
    seq++;
    set({
      filters: NO_ORDER_FILTERS,
      items: [],
      counts: null,
      nextCursor: null,
      loaded: false,
      loading: false,
      loadingMore: false,
      error: null,
      templates: null,
    });
  },
}));

const listeners = new Set<(orderId: string) => void>();

/** Listens for `order.changed` (any order); returns the stop function. */
export function onOrderChanged(listener: (orderId: string) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Routes the desk's order events while signed in: the shown board is read
 * again once for a burst of them (a sync brings many), and each reaches the
 * listeners (the open order). Returns the stop function, which also forgets
 * the board.
 */
export function startOrderEvents(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = getDeskApi().subscribe((e) => {
    if (e.type !== 'order.changed') return;
    for (const l of [...listeners]) l(e.orderId);
    if (!useOrders.getState().loaded || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void useOrders.getState().reload();
    }, 300);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    listeners.clear();
    useOrders.getState().clear();
  };
}

/** Who may open an order, record consent, desk checks, parts and release (the front desk). */
export function isFrontDesk(role: string | undefined): boolean {
  return role === 'counter' || role === 'supervisor' || role === 'admin';
}

/** Who starts and finishes items (the workshop). */
export function isWorkshop(role: string | undefined): boolean {
  return role === 'lead' || role === 'supervisor';
}

/** Who looks after the flags (conflicts between desks): shown red to them. */
export function watchesFlags(role: string | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}
