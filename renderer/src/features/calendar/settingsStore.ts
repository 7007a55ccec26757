/**
 * The branch settings the calendar and rules screens show: the calendar view
 * (calendar in force, public years, coverage) and the deadline rules, as the
 * desk's settings methods return them. A save answers with the new view, which
 * replaces the one shown; nothing is read again for it.
 */
import { create } from 'zustand';
import type { CalendarView, RulesView } from '../../../../shared/contract/methods/settings';
import type { ApiError } from '../../../../shared/contract/result';
import { callDesk } from '../../lib/desk';

interface SettingsStoreState {
  calendar: CalendarView | null;
  rules: RulesView | null;
  error: ApiError | null;
  loadCalendar(): Promise<void>;
  loadRules(): Promise<void>;
  setCalendar(view: CalendarView): void;
  setRules(view: RulesView): void;
}

export const useBranchSettings = create<SettingsStoreState>((set) => ({
  calendar: null,
  rules: null,
  error: null,

  async loadCalendar() {
    const r = await callDesk('settings.calendar.get', {});
    if (r.ok) set({ calendar: r.value, error: null });
    else set({ error: r.error });
  },

  async loadRules() {
    const r = await callDesk('settings.rules.get', {});
    if (r.ok) set({ rules: r.value, error: null });
    else set({ error: r.error });
  },

  setCalendar(view) {
    set({ calendar: view });
  },

  setRules(view) {
    set({ rules: view });
  },
}));

/** Who may change the calendar and the rules (the core refuses everyone else regardless). */
export function canEditSettings(role: string | undefined): boolean {
  return role === 'admin';
}
