/**
 * Desk status and the signed-in session. The token lives in sessionStorage so a
 * reload keeps the clerk signed in, while closing the window signs them out.
 */
import { create } from 'zustand';
import type { DeskStatus, StaffSummary } from '../../../shared/contract/methods/staff';
import type { InputOf } from '../../../shared/contract/api';
import type { ApiError, Result } from '../../../shared/contract/result';
import { getDeskApi } from '../bridge';
import { clearDraftCache, flushDrafts, loadDrafts } from './drafts';

const STORAGE_KEY = 'loopdesk.session';

export type Phase = 'loading' | 'unreachable' | 'setup' | 'signin' | 'ready';

interface StoredSession {
  token: string;
  staff: StaffSummary;
}

function readStored(): StoredSession | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<StoredSession>;
    return typeof v.token === 'string' && v.staff && typeof v.staff.id === 'string'
      ? (v as StoredSession)
      : null;
  } catch {
    return null;
  }
}

function writeStored(s: StoredSession | null): void {
  try {
    if (s) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: the session lasts until reload */
  }
}

interface SessionState {
  phase: Phase;
  status: DeskStatus | null;
  bootError: ApiError | null;
  token: string | null;
  staff: StaffSummary | null;
  boot(): Promise<void>;
  setup(input: InputOf<'desk.setup'>): Promise<Result<unknown>>;
  signIn(login: string, secret: string): Promise<Result<unknown>>;
  signOut(): Promise<void>;
  /** Called when the desk answers `unauthenticated`: the session has ended. */
  expire(): void;
}

export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  status: null,
  bootError: null,
  token: null,
  staff: null,

  async boot() {
    const desk = getDeskApi();
    set({ phase: 'loading', bootError: null });
    const status = await desk.call('desk.status', {});
    if (!status.ok) {
      set({ phase: 'unreachable', bootError: status.error });
      return;
    }
    if (!status.value.initialized) {
      writeStored(null);
      desk.setSession(null);
      set({ phase: 'setup', status: status.value, token: null, staff: null });
      return;
    }
    const stored = readStored();
    if (stored) {
      desk.setSession(stored.token);
      const me = await desk.call('auth.me', {});
      if (me.ok) {
        await loadDrafts(me.value.id);
        set({ phase: 'ready', status: status.value, token: stored.token, staff: me.value });
        writeStored({ token: stored.token, staff: me.value });
        return;
      }
      if (me.error.code !== 'unauthenticated' && me.error.code !== 'forbidden') {
        // The desk went away between the two calls: keep the session and offer a retry.
        set({ phase: 'unreachable', bootError: me.error });
        return;
      }
      desk.setSession(null);
      writeStored(null);
    }
    set({ phase: 'signin', status: status.value, token: null, staff: null });
  },

  async setup(input) {
    const desk = getDeskApi();
    const r = await desk.call('desk.setup', input);
    if (!r.ok) return r;
    desk.setSession(r.value.token);
    writeStored(r.value);
    await loadDrafts(r.value.staff.id);
    const status = await desk.call('desk.status', {});
    set({
      phase: 'ready',
      token: r.value.token,
      staff: r.value.staff,
      status: status.ok ? status.value : get().status,
    });
    return r;
  },

  async signIn(login, secret) {
    const desk = getDeskApi();
    const r = await desk.call('auth.signIn', { login, secret });
    if (!r.ok) return r;
    desk.setSession(r.value.token);
    writeStored(r.value);
    await loadDrafts(r.value.staff.id);
    set({ phase: 'ready', token: r.value.token, staff: r.value.staff });
    return r;
  },

  async signOut() {
    const desk = getDeskApi();
    // What this clerk typed reaches the desk for their next sign-in, then leaves memory.
    await flushDrafts();
    await desk.call('auth.signOut', {});
    desk.setSession(null);
    clearDraftCache();
    writeStored(null);
    set({ phase: 'signin', token: null, staff: null });
  },

  expire() {
    getDeskApi().setSession(null);
    clearDraftCache();
    writeStored(null);
    set({ phase: 'signin', token: null, staff: null });
  },
}));

/** Supervisors and administrators may override the script (early close, reopen). */
export function canOverride(staff: StaffSummary | null): boolean {
  return staff?.role === 'supervisor' || staff?.role === 'admin';
}

export function canHandle(staff: StaffSummary | null): boolean {
  return staff?.role === 'counter' || staff?.role === 'supervisor' || staff?.role === 'admin';
}
