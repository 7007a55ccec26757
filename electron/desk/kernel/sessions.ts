/**
 * Sessions and sign-in throttling (credentials: features/staff/credentials.ts).
 *
 * - Sessions are random 32-byte tokens held in memory; they end after 4 h
 *   without use, 12 h after sign-in whatever the use, when the desk restarts,
 *   and when their staff record is disabled (here or by sync). A session
 *   ended by a disable answers 'disabled' once, so its next call says why;
 *   enabling the record again does not bring it back.
 * - Sign-in counts an attempt *before* it verifies it: a login with 5 failed
 *   or pending attempts is refused at once, so parallel guesses cannot slip
 *   past the count while the slow hash runs. After 5 failures the login is
 *   refused for 60 s. Unknown logins are hashed against a dummy record and
 *   counted the same way, so neither the answer nor the timing tells whether
 *   a login exists.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/domain/kernel/roles';

export const SESSION_IDLE_MS = 4 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILED_SIGNINS = 5;
export const LOCKOUT_MS = 60 * 1000;

export interface SessionInfo {
  staffId: string;
  role: Role;
}

interface SessionEntry extends SessionInfo {
  createdAt: number;
  lastSeen: number;
}

/** Past the idle limit since its last use, or past the overall limit since sign-in. */
function lapsed(entry: SessionEntry, now: number): boolean {
  return now - entry.lastSeen > SESSION_IDLE_MS || now - entry.createdAt > SESSION_MAX_MS;
}

export class Sessions {
  private readonly map = new Map<string, SessionEntry>();
  /** Tokens a disable ended, and when: their next use answers 'disabled' (then they are unknown). */
  private readonly disabled = new Map<string, number>();
  constructor(private readonly now: () => number) {}

  create(info: SessionInfo): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.map.set(token, { ...info, createdAt: now, lastSeen: now });
    return token;
  }

  /**
   * The live session for a token (touching it unless `touch` is false: a
   * background call), 'expired' when it lapsed, 'disabled' when a disable of
   * its staff record ended it, or null when unknown.
   */
  use(token: string, touch = true): SessionInfo | 'expired' | 'disabled' | null {
    const entry = this.map.get(token);
    if (!entry) {
      if (!this.disabled.delete(token)) return null;
      return 'disabled';
    }
    const now = this.now();
    if (lapsed(entry, now)) {
      this.map.delete(token);
      return 'expired';
    }
    if (touch) entry.lastSeen = now;
    return { staffId: entry.staffId, role: entry.role };
  }

  /** Whether the token's session is live now, without counting as use (the event stream's check). */
  live(token: string): SessionInfo | null {
    const entry = this.map.get(token);
    if (!entry || lapsed(entry, this.now())) return null;
    return { staffId: entry.staffId, role: entry.role };
  }

  revoke(token: string): void {
    this.map.delete(token);
  }

  /** Ends every session of a staff record (disabled, or their secret reset or role changed). */
  revokeStaff(staffId: string, why?: 'disabled'): void {
    const now = this.now();
    for (const [token, entry] of this.map) {
      if (entry.staffId !== staffId) continue;
      this.map.delete(token);
      if (why === 'disabled') this.disabled.set(token, now);
    }
    // A token nobody used again is forgotten once it would have lapsed anyway.
    for (const [token, at] of this.disabled) if (now - at > SESSION_MAX_MS) this.disabled.delete(token);
  }

  clear(): void {
    this.map.clear();
    this.disabled.clear();
  }
}

interface Attempts {
  failures: number;
  pending: number;
  lockedUntil: number;
}

/** One counted sign-in attempt: settle it with its outcome once the secret is verified. */
export interface SignInAttempt {
  failed(): void;
  succeeded(): void;
}

export class SignInLimiter {
  private readonly map = new Map<string, Attempts>();
  constructor(private readonly now: () => number) {}

  private key(login: string): string {
    return login.trim().toLowerCase();
  }

  /**
   * Counts an attempt for `login` before it is verified: the attempt, or the
   * milliseconds until the login may try again when it is locked or already
   * has MAX_FAILED_SIGNINS failed or pending attempts.
   */
  begin(login: string): SignInAttempt | { retryAfterMs: number } {
    const key = this.key(login);
    const now = this.now();
    let a = this.map.get(key);
    if (a && a.lockedUntil !== 0 && a.lockedUntil <= now) {
      a.failures = 0;
      a.lockedUntil = 0;
    }
    if (a && a.lockedUntil > now) return { retryAfterMs: a.lockedUntil - now };
    if (a && a.failures + a.pending >= MAX_FAILED_SIGNINS) {
      // Attempts still being verified hold the remaining tries; refuse until they settle.
      return { retryAfterMs: 1000 };
    }
    if (!a) {
      a = { failures: 0, pending: 0, lockedUntil: 0 };
      this.map.set(key, a);
      if (this.map.size > 10_000) this.prune();
    }
    const entry = a;
    entry.pending++;
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      entry.pending--;
      if (ok) {
        entry.failures = 0;
        if (entry.pending === 0) this.map.delete(key);
        return;
      }
      entry.failures++;
      if (entry.failures >= MAX_FAILED_SIGNINS) entry.lockedUntil = this.now() + LOCKOUT_MS;
    };
    return { failed: () => settle(false), succeeded: () => settle(true) };
  }

  /**
   * Forgets the failures of `login`: an administrator set a new secret, so
   * guesses at the old one no longer hold the holder out. Attempts still
   * being verified keep counting until they settle.
   */
  forgive(login: string): void {
    const key = this.key(login);
    const a = this.map.get(key);
    if (!a) return;
    a.failures = 0;
    a.lockedUntil = 0;
    if (a.pending === 0) this.map.delete(key);
  }

  private prune(): void {
    const now = this.now();
    for (const [k, a] of this.map) {
      if (a.pending === 0 && (a.lockedUntil === 0 ? a.failures === 0 : a.lockedUntil <= now))
        this.map.delete(k);
    }
  }
}
