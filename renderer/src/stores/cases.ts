/**
 * The case list: filters, text query, pages loaded by cursor, and refresh when
 * a case changes. Responses that arrive after the filters changed again are
 * dropped (generation counter).
 *
 * The filters and what a write may do to the filtered rows are in
 * ./caseFilters.ts (re-exported here).
 *
 * When the list reads again (issue 7, item 6):
 * - This window's own write: its answer patches the row in place (`written`).
 *   The list is read again only if the write may add or drop rows under the
 *   current filters (`mayChangeRows`); rows never move, because the list is
 *   ordered by when a case first reached this desk, which no write changes.
 * - A change made elsewhere (another window, sync): the event names only the
 *   case, which may be new, or may now match or no longer match the filters,
 *   so it may always change the rows. It marks the list stale; while the list
 *   is on screen the stale list is read once per burst of changes (debounced
 *   by REFRESH_MS, and never two reads at once: changes during a read cause
 *   one more read after it). While the list is not on screen nothing is read
 *   until it is shown again.
 */
import { create } from 'zustand';
import type { CaseDetail, CaseSummary } from '../../../shared/contract/methods/cases';
import type { ApiError } from '../../../shared/contract/result';
import { callDesk } from '../lib/desk';
import { LIMITS } from '../../../shared/domain/kernel/limits';
import { mayChangeRows, queryOf, type CaseFilters } from './caseFilters';

export {
  hasActiveFilters,
  judgmentFilterCount,
  JUDGMENT_FILTERS,
  mayChangeRows,
  queryOf,
  type CaseFilters,
  type DueFilter,
  type EscalationFilter,
  type MaliceFilter,
  type NatureFilter,
} from './caseFilters';

export const PAGE_SIZE = 100;
/** Changes made elsewhere within this time are read with one list request. */
export const REFRESH_MS = 300;

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
  /** The list screen is shown. */
  visible: boolean;
  /** Something changed since the list was read that the rows may not show. */
  stale: boolean;
  setFilters(patch: Partial<CaseFilters>): void;
  /**
   * Shows the list with exactly these filters, the others cleared: for links
   * from other screens (the supervisor board's escalations awaiting review:
   * `showOnly({ escalation: 'unreviewed' })`, then go to the list).
   */
  showOnly(filters: Partial<CaseFilters>): void;
  resetFilters(): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  /** The list screen appeared: read it if never read, or stale. */
  shown(): void;
  hidden(): void;
  /** This window wrote a case and got `detail` back. */
  written(detail: CaseDetail, created: boolean): void;
  /** A case changed elsewhere (not by this window's writes). */
  caseChanged(caseId: string): void;
  clear(): void;
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
    // Filled by the desk's list only (a case's own detail does not carry them).
    ...(c.nextDueAt !== undefined ? { nextDueAt: c.nextDueAt } : {}),
    ...(c.deadlineState !== undefined ? { deadlineState: c.deadlineState } : {}),
    // Issue 12, where the desk filled them (list and detail alike).
    ...(c.repeat !== undefined ? { repeat: c.repeat } : {}),
    ...(c.repeatSameCategory !== undefined ? { repeatSameCategory: c.repeatSameCategory } : {}),
    ...(c.nature !== undefined ? { nature: c.nature } : {}),
    ...(c.fcr !== undefined ? { fcr: c.fcr } : {}),
    ...(c.escalationLevel !== undefined ? { escalationLevel: c.escalationLevel } : {}),
    ...(c.maliceStatus !== undefined ? { maliceStatus: c.maliceStatus } : {}),
  };
}

const EMPTY_FILTERS: CaseFilters = { text: '' };

/** The pending debounced refresh, whether one is reading now, and whether to read again after it. */
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let refreshing = false;
let refreshAgain = false;
/** Cases changed elsewhere since the last read: rows below the re-read head are read one by one. */
const changedIds = new Set<string>();

type GetState = () => CasesState;
type SetState = (patch: Partial<CasesState>) => void;

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
  visible: false,
  stale: false,

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().reload();
  },

  showOnly(filters) {
    set({ filters: { ...EMPTY_FILTERS, ...filters } });
    void get().reload();
  },

  resetFilters() {
    set({ filters: EMPTY_FILTERS });
    void get().reload();
  },

  async reload() {
    const generation = get().generation + 1;
    set({ generation, loading: true, error: null, stale: false });
    changedIds.clear();
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
    // Changed while this read was under way: it may not show that.
    if (get().stale) markStale(get, set);
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

  shown() {
    set({ visible: true });
    if (!get().loaded) void get().reload();
    else if (get().stale) void runRefresh(get, set);
  },

  hidden() {
    set({ visible: false });
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
  },

  written(detail, created) {
    const { loaded, items, filters } = get();
    if (!loaded) return;
    const at = items.findIndex((c) => c.id === detail.id);
    const before = at >= 0 ? items[at] : undefined;
    if (before) {
      // The answer is the case as it is now: patch its row, keep the scroll position.
      const next = items.slice();
      // A detail has no deadline summary: the row keeps the one it was read with.
      next[at] = { ...toSummary(before), ...toSummary(detail) };
      set({ items: next });
    }
    if (mayChangeRows(filters, before, detail, created)) markStale(get, set);
  },

  caseChanged(caseId) {
    if (!get().loaded && !get().loading) return; // nothing read yet: the first read will show it
    changedIds.add(caseId);
    markStale(get, set);
  },

  clear() {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = null;
    refreshAgain = false;
    changedIds.clear();
    set({
      filters: EMPTY_FILTERS,
      items: [],
      nextCursor: null,
      total: 0,
      totalCapped: false,
      loaded: false,
      stale: false,
      generation: get().generation + 1,
    });
  },
}));

/** The rows may be out of date: read them soon if the list is shown, else when it is shown. */
function markStale(get: GetState, set: SetState): void {
  set({ stale: true });
  if (!get().visible) return;
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  if (refreshTimer) return; // already coming: this change is read with it
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void runRefresh(get, set);
  }, REFRESH_MS);
}

/** One read of the list's head at a time; changes during it cause one more read after it. */
async function runRefresh(get: GetState, set: SetState): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  if (!get().loaded) return;
  refreshing = true;
  refreshAgain = false;
  set({ stale: false });
  const changed = [...changedIds];
  changedIds.clear();
  let outcome: 'read' | 'failed' | 'superseded' = 'failed';
  try {
    outcome = await refreshHead(get, set, changed);
  } finally {
    refreshing = false;
  }
  if (outcome === 'failed') {
    // Desk unreachable: still stale; read when the next change comes or the list is shown again.
    for (const id of changed) changedIds.add(id);
    set({ stale: true });
  }
  if (refreshAgain) {
    refreshAgain = false;
    if (get().stale) markStale(get, set);
  }
}

/**
 * Re-reads the head of the list (as many rows as are loaded, up to the page
 * limit) without dropping pages further down; of those, rows that `changed`
 * names are read one by one.
 */
async function refreshHead(
  get: GetState,
  set: SetState,
  changed: string[],
): Promise<'read' | 'failed' | 'superseded'> {
  const generation = get().generation;
  const old = get().items;
  const limit = Math.min(Math.max(old.length, PAGE_SIZE), LIMITS.pageSize);
  const r = await callDesk('case.list', { ...queryOf(get().filters), limit });
  if (get().generation !== generation) return 'superseded';
  if (!r.ok) return 'failed';
  if (old.length <= limit) {
    set({
      items: r.value.items,
      nextCursor: r.value.nextCursor,
      total: r.value.total,
      totalCapped: r.value.totalCapped,
    });
    return 'read';
  }
  const head = r.value.items;
  const seen = new Set(head.map((c) => c.id));
  set({
    items: [...head, ...get().items.filter((c) => !seen.has(c.id))],
    total: r.value.total,
    totalCapped: r.value.totalCapped,
  });
  for (const caseId of changed) {
    if (seen.has(caseId) || !get().items.some((c) => c.id === caseId)) continue;
    const one = await callDesk('case.get', { caseId });
    if (get().generation !== generation) return 'superseded';
    if (!one.ok) {
      changedIds.add(caseId);
      set({ stale: true });
      continue;
    }
    const items = get().items.slice();
    const at = items.findIndex((c) => c.id === caseId);
    if (at >= 0) items[at] = toSummary(one.value);
    set({ items });
  }
  return 'read';
}
