/**
 * The staff screen's data (admin): every record with its state and the staff
 * events kept without effect, as `staff.admin.list` returns them. Every act
 * reads the list again, so the screen shows what the staff fold now says.
 */
import { create } from 'zustand';
import type { InputOf, MethodName, OutputOf } from '../../../../shared/contract/api';
import type { StaffDetail, StaffFlag } from '../../../../shared/contract/methods/staff';
import type { ApiError, Result } from '../../../../shared/contract/result';
import { callDesk } from '../../lib/desk';

interface StaffStoreState {
  staff: StaffDetail[];
  flags: StaffFlag[];
  loading: boolean;
  error: ApiError | null;
  load(): Promise<void>;
  /** Runs one staff act and, when it worked, reads the list again. */
  act<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  clear(): void;
}

let loadSeq = 0;

export const useStaff = create<StaffStoreState>((set, get) => ({
  staff: [],
  flags: [],
  loading: false,
  error: null,

  async load() {
    const seq = ++loadSeq;
    set({ loading: true });
    const r = await callDesk('staff.admin.list', {});
    if (seq !== loadSeq) return; // a newer read is on its way
    if (r.ok) set({ staff: r.value.staff, flags: r.value.flags, loading: false, error: null });
    else set({ loading: false, error: r.error });
  },

  async act(method, input) {
    const r = await callDesk(method, input);
    if (r.ok) await get().load();
    return r;
  },

  clear() {
    loadSeq++;
    set({ staff: [], flags: [], loading: false, error: null });
  },
}));

/** Who may see and use the staff screen (the core refuses everyone else regardless). */
export function canManageStaff(role: string | undefined): boolean {
  return role === 'admin';
}
