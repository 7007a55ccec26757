/**
 * The organisation's analysis lists (issue 14: regions, customer levels,
 * failure points), read once per page load and again after an
 * administrator saves them (settings.lists.*).
 */
import { create } from 'zustand';
import type { ListsView } from '../../../shared/contract/methods/settings';
import type { ListItem } from '../../../shared/domain/settings/lists';
import type { Locale } from '../../../shared/domain/kernel/locale';
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

/** An item's name in `locale`; the code itself for a code taken off the list. */
export function listName(list: readonly ListItem[] | undefined, code: string, locale: Locale): string {
  const item = list?.find((i) => i.value === code);
  return item ? item[locale] : code;
}
