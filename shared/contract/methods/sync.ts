/** DeskApi methods of the sync feature: the desk's link to head office, as the clerk sees it. */
import { z } from 'zod';
import { empty, type MethodTable } from './common';

/** Where the desk stands with the central server (see electron/desk/sync). */
export const SYNC_STATES = ['unconfigured', 'offline', 'syncing', 'online', 'error'] as const;
export const SyncState = z.enum(SYNC_STATES);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.object({
  /**
   * unconfigured: not enrolled with a server; offline: the server could not be
   * reached (or not yet since start), records wait on this desk; syncing: a run
   * is in progress; online: the last run succeeded; error: the server refused
   * the desk and someone must act (see lastError).
   */
  state: SyncState,
  serverUrl: z.string().nullable(),
  /** ISO instant of the last run that completed without error. */
  lastSuccessAt: z.string().nullable(),
  /** Events written on this desk and not yet acknowledged by the server. */
  pending: z.number().int(),
  /** Events the server refused (kept on this desk for a supervisor). */
  rejected: z.number().int(),
  /** Evidence files waiting for upload. */
  pendingAttachments: z.number().int(),
  /**
   * Of those, the files head office refused (too large, its space for the
   * branch full, ...): tried again later and later, at most every six hours;
   * null when none was refused.
   */
  refusedAttachments: z.object({ count: z.number().int(), message: z.string() }).nullable(),
  /**
   * Of those, the files this desk cannot send (their bytes missing here or
   * changed since they were stored), with what to do; null when none.
   */
  unreadableAttachments: z.object({ count: z.number().int(), message: z.string() }).nullable(),
  /**
   * Events received from head office so far in the run in progress (a first
   * sync can bring hundreds of thousands); null when no run is in progress.
   */
  received: z.number().int().nullable(),
  /** The last failure, in words a clerk understands (caller's locale). */
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** This desk's wall clock minus the server's, as last measured (ms). */
  clockSkewMs: z.number().nullable(),
  /** True when |clockSkewMs| exceeds SYNC_LIMITS.warnSkewMs. */
  clockWarning: z.boolean(),
  /**
   * Records head office refuses for now (counted in `pending`): how many, why
   * (`clock_ahead`: dated ahead of head office's clock), and in words what
   * the clerk should do (caller's locale). null when nothing is held back.
   */
  heldBack: z
    .object({ count: z.number().int(), reason: z.enum(['clock_ahead']), message: z.string() })
    .nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** Failure codes that only a new enrollment code clears (the server no longer accepts this desk's token). */
const NEW_CODE_FAILURES: readonly string[] = ['token_revoked', 'unauthenticated', 'forbidden'];

/**
 * True while head office refuses this desk's token. Decided by the last
 * failure, not by `state`: background retries pass through `syncing` and the
 * clerk's reconnect form must not vanish (and lose what they typed) meanwhile.
 */
export function syncNeedsNewCode(status: SyncStatus): boolean {
  return (
    status.serverUrl !== null &&
    status.lastError !== null &&
    NEW_CODE_FAILURES.includes(status.lastError.code)
  );
}

export const syncMethods = {
  'sync.status': { input: empty, output: SyncStatus, auth: 'any' },
  'sync.configure': {
    input: z
      .object({
        /** http:// or https:// address of the central server. */
        serverUrl: z.string().trim().min(1).max(2048),
        /** One-time enrollment code from head office. */
        code: z.string().trim().min(6).max(64),
      })
      .strict(),
    output: SyncStatus,
    auth: ['supervisor', 'admin'],
  },
  'sync.now': { input: empty, output: SyncStatus, auth: 'any' },
  'sync.disconnect': { input: empty, output: SyncStatus, auth: ['admin'] },
} as const satisfies MethodTable;
