/**
 * The analysis dashboard's state (issue 14): the period preset (or custom
 * days), the filters, the last analysis and the staff names its owner and
 * accountability rows are shown with. Kept while the supervisor drills into
 * the case list and comes back. The first visit starts from the case list's
 * own filters (status, category, severity), so a supervisor who narrowed the
 * list sees the analysis of the same cases.
 */
import dayjs from 'dayjs';
import { create } from 'zustand';
import type { ApiError } from '../../../../shared/contract/result';
import type { AnalysisResult, AnalysisWhere, Period } from '../../../../shared/domain/analysis/report';
import { callDesk } from '../../lib/desk';
import type { CaseFilters } from '../../stores/caseFilters';
import { whereOfListFilters } from './drill';
import { presetPeriods, type Periods, type Preset } from './periods';

interface AnalysisState {
  preset: Preset;
  /** The custom period (used when preset is 'custom'). */
  custom: Period | null;
  where: AnalysisWhere;
  /** Whether the filters were seeded from the case list yet. */
  seeded: boolean;
  result: AnalysisResult | null;
  /** The request the result (or the error) answers, to drop answers that arrive late. */
  asked: string;
  loading: boolean;
  error: ApiError | null;
  staffNames: ReadonlyMap<string, string>;
  /** Periods of the current choice, "today" being the desk's local day. */
  periods(): Periods;
  setPreset(preset: Preset, custom?: Period): void;
  setWhere(patch: AnalysisWhere): void;
  /** First visit: the case list's filters become the analysis's. */
  seed(list: CaseFilters): void;
  load(): Promise<void>;
  loadStaff(): Promise<void>;
}

export const useAnalysis = create<AnalysisState>((set, get) => ({
  preset: 'month',
  custom: null,
  where: {},
  seeded: false,
  result: null,
  asked: '',
  loading: false,
  error: null,
  staffNames: new Map(),

  periods() {
    const { preset, custom } = get();
    return presetPeriods(preset, dayjs().format('YYYY-MM-DD'), custom ?? undefined);
  },

  setPreset(preset, custom) {
    set({ preset, ...(custom ? { custom } : {}) });
    void get().load();
  },

  setWhere(patch) {
    const where: AnalysisWhere = { ...get().where };
    for (const [k, v] of Object.entries(patch) as [
      keyof AnalysisWhere,
      AnalysisWhere[keyof AnalysisWhere],
    ][]) {
      if (v === undefined) delete where[k];
      else where[k] = v;
    }
    set({ where });
    void get().load();
  },

  seed(list) {
    if (get().seeded) return;
    set({ seeded: true, where: whereOfListFilters(list) });
  },

  async load() {
    const { period, compare } = get().periods();
    const request = { period, compare, where: get().where };
    const asked = JSON.stringify(request);
    set({ asked, loading: true });
    const r = await callDesk('analysis.run', request);
    if (get().asked !== asked) return;
    if (!r.ok) set({ loading: false, error: r.error });
    else set({ loading: false, error: null, result: r.value });
  },

  async loadStaff() {
    const r = await callDesk('staff.list', {});
    if (r.ok) set({ staffNames: new Map(r.value.map((s) => [s.id, s.name])) });
  },
}));
