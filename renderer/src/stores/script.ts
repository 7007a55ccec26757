/** The handling script and taxonomy, fetched once per page load. */
import { create } from 'zustand';
import type { HandlingScript, Taxonomy } from '../../../shared/domain/cases/script';
import type { ApiError } from '../../../shared/contract/result';
import { getDeskApi } from '../bridge';

interface ScriptState {
  script: HandlingScript | null;
  taxonomy: Taxonomy | null;
  error: ApiError | null;
  loading: boolean;
  load(): Promise<void>;
}

export const useScript = create<ScriptState>((set, get) => ({
  script: null,
  taxonomy: null,
  error: null,
  loading: false,
  async load() {
    if (get().script || get().loading) return;
    set({ loading: true, error: null });
    const r = await getDeskApi().call('script.get', {});
    if (r.ok) set({ script: r.value.script, taxonomy: r.value.taxonomy, loading: false });
    else set({ error: r.error, loading: false });
  },
}));
