/**
 * The organisation's analysis lists (issue 14: regions, customer levels,
 * failure points), read once per page load and again after an
 * administrator saves them (settings.lists.*).
 */
import { create } from 'zustand';
import type { ListsView } from '../../../shared/contract/methods/settings';
import { callDesk } from '../lib/desk';

interface ListsState {
  view: ListsView | null;
  loading: boolean;
  load(force?: boolean): Promise<void>;
  set(view: ListsView): void;
}

export const useAnalysisLists = create<ListsState>((set, get) => ({
  view: null,
  loading: false,
  async load(force = false) {
    if ((get().view && !force) || get().loading) return;
    set({ loading: true });
    const r = await callDesk('settings.lists.get', {});
    set(r.ok ? { view: r.value, loading: false } : { loading: false });
  },
  set: (view) => set({ view }),
}));
