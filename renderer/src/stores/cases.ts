/**
 * The case list: filters, text query, pages loaded by cursor, and refresh when
 * the desk reports a changed case. Responses that arrive after the filters
 * changed again are dropped (generation counter).
 */
import { create } from 'zustand';
import type { CaseListQuery, CaseSummary } from '../../../shared/contract/methods/cases';
import type { ApiError } from '../../../shared/contract/result';
import type { CaseStatus } from '../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../shared/domain/kernel/limits';
import { callDesk } from '../lib/desk';

export interface CaseFilters {
  status?: CaseStatus;
  category?: string;
  severity?: string;
  /** ISO instants: received on/after `from`, before `to`. */
  from?: string;
  to?: string;
  text: string;
}

export const PAGE_SIZE = 100;

interface CasesState {
  filters: CaseFilters;
  items: CaseSummary[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
  loading: boolean;
  loadingMore: boolean;
  loaded: boolean;
  error: ApiError | null;
  generation: number;
  setFilters(patch: Partial<CaseFilters>): void;
  resetFilters(): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  caseChanged(caseId: string): Promise<void>;
  /** Re-read the head of the list (new cases first) without losing loaded pages. */
  refresh(): Promise<void>;
  clear(): void;
}

function queryOf(f: CaseFilters): CaseListQuery {
  const q: CaseListQuery = {};
  if (f.status) q.status = f.status;
  if (f.category) q.category = f.category;
  if (f.severity) q.severity = f.severity;
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  const text = f.text.trim().slice(0, LIMITS.searchText);
  if (text) q.text = text;
  return q;
}

function toSummary(c: CaseSummary): CaseSummary {
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    currentStep: c.currentStep,
    customerName: c.customerName,
    customerPhone: c.customerPhone,
    channel: c.channel,
    category: c.category,
    severity: c.severity,
    owner: c.owner,
    ownerName: c.ownerName,
    assignee: c.assignee,
    receivedAt: c.receivedAt,
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
    dueAt: c.dueAt,
  };
}

const EMPTY_FILTERS: CaseFilters = { text: '' };
let headTimer: ReturnType<typeof setTimeout> | null = null;

export const useCases = create<CasesState>((set, get) => ({
  filters: EMPTY_FILTERS,
  items: [],
  nextCursor: null,
  total: 0,
  totalCapped: false,
  loading: false,
  loadingMore: false,
  loaded: false,
  error: null,
  generation: 0,

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().reload();
  },

  resetFilters() {
    set({ filters: EMPTY_FILTERS });
    void get().reload();
  },

  async reload() {
    const generation = get().generation + 1;
    set({ generation, loading: true, error: null });
    const r = await callDesk('case.list', { ...queryOf(get().filters), limit: PAGE_SIZE });
    if (get().generation !== generation) return;
    if (!r.ok) {
      set({ loading: false, error: r.error });
      return;
    }
    set({
      items: r.value.items,
      nextCursor: r.value.nextCursor,
      total: r.value.total,
      totalCapped: r.value.totalCapped,
      loading: false,
      loaded: true,
    });
  },

  async loadMore() {
    const { nextCursor, loadingMore, loading, generation } = get();
    if (!nextCursor || loadingMore || loading) return;
    set({ loadingMore: true });
    const r = await callDesk('case.list', {
      ...queryOf(get().filters),
      cursor: nextCursor,
      limit: PAGE_SIZE,
    });
    if (get().generation !== generation) return;
    if (!r.ok) {
      set({ loadingMore: false, error: r.error });
      return;
    }
    const seen = new Set(get().items.map((c) => c.id));
    set({
      items: [...get().items, ...r.value.items.filter((c) => !seen.has(c.id))],
      nextCursor: r.value.nextCursor,
      loadingMore: false,
    });
  },

  async caseChanged(caseId) {
    if (!get().loaded) return;
    const index = get().items.findIndex((c) => c.id === caseId);
    if (index >= 0) {
      // A case already on screen: update its row in place, keep the scroll position.
      const generation = get().generation;
      const r = await callDesk('case.get', { caseId });
      if (!r.ok || get().generation !== generation) return;
      const items = get().items.slice();
      const at = items.findIndex((c) => c.id === caseId);
      if (at >= 0) items[at] = toSummary(r.value);
      set({ items });
      return;
    }
    // A case not on screen (usually a new one): refresh the head of the list once
    // things settle, without dropping pages the clerk has already scrolled through.
    if (headTimer) clearTimeout(headTimer);
    headTimer = setTimeout(() => {
      headTimer = null;
      void refreshHead(get, set);
    }, 300);
  },

  refresh() {
    return refreshHead(get, set);
  },

  clear() {
    set({
      filters: EMPTY_FILTERS,
      items: [],
      nextCursor: null,
      total: 0,
      totalCapped: false,
      loaded: false,
      generation: get().generation + 1,
    });
  },
}));

async function refreshHead(get: () => CasesState, set: (patch: Partial<CasesState>) => void): Promise<void> {
  const generation = get().generation;
  const old = get().items;
  const limit = Math.min(Math.max(old.length, PAGE_SIZE), LIMITS.pageSize);
  const r = await callDesk('case.list', { ...queryOf(get().filters), limit });
  if (!r.ok || get().generation !== generation) return;
  if (old.length <= limit) {
    set({
      items: r.value.items,
      nextCursor: r.value.nextCursor,
      total: r.value.total,
      totalCapped: r.value.totalCapped,
    });
    return;
  }
  const head = r.value.items;
  const seen = new Set(head.map((c) => c.id));
  set({
    items: [...head, ...old.filter((c) => !seen.has(c.id))],
    total: r.value.total,
    totalCapped: r.value.totalCapped,
  });
}
