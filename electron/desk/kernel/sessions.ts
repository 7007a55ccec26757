/**
 * Sessions and sign-in throttling (credentials: features/staff/credentials.ts).
 *
 * - Sessions are random 32-byte tokens held in memory; they expire after 12 h
 *   without use (and when the desk restarts).
 * - After 5 failed sign-ins for one login, that login is refused for 60 s.
 *   Unknown logins are hashed against a dummy record and counted the same way,
 *   so neither the answer nor the timing tells whether a login exists.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/domain/kernel/roles';

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILED_SIGNINS = 5;
export const LOCKOUT_MS = 60 * 1000;

export interface SessionInfo {
  staffId: string;
  role: Role;
}

interface SessionEntry extends SessionInfo {
  lastSeen: number;
}

export class Sessions {
  private readonly map = new Map<string, SessionEntry>();
  constructor(private readonly now: () => number) {}

  create(info: SessionInfo): string {
    const token = randomBytes(32).toString('base64url');
    this.map.set(token, { ...info, lastSeen: this.now() });
    return token;
  }

  /** The live session for a token (touching it), 'expired' when it lapsed, or null when unknown. */
  use(token: string): SessionInfo | 'expired' | null {
    const entry = this.map.get(token);
    if (!entry) return null;
    const now = this.now();
    if (now - entry.lastSeen > SESSION_IDLE_MS) {
      this.map.delete(token);
      return 'expired';
    }
    entry.lastSeen = now;
    return { staffId: entry.staffId, role: entry.role };
  }

  revoke(token: string): void {
    this.map.delete(token);
  }

  clear(): void {
    this.map.clear();
  }
}

interface Attempts {
  failures: number;
  lockedUntil: number;
}

export class SignInLimiter {
  private readonly map = new Map<string, Attempts>();
  constructor(private readonly now: () => number) {}

  private key(login: string): string {
    return login.trim().toLowerCase();
  }

  /** Milliseconds until `login` may try again, or 0 when it may try now. */
  retryAfter(login: string): number {
    const a = this.map.get(this.key(login));
    if (!a || a.lockedUntil === 0) return 0;
    const left = a.lockedUntil - this.now();
    if (left > 0) return left;
    this.map.delete(this.key(login));
    return 0;
  }

  failed(login: string): void {
    const key = this.key(login);
    const a = this.map.get(key) ?? { failures: 0, lockedUntil: 0 };
    a.failures++;
    if (a.failures >= MAX_FAILED_SIGNINS) a.lockedUntil = this.now() + LOCKOUT_MS;
    this.map.set(key, a);
    if (this.map.size > 10_000) this.prune();
  }

  succeeded(login: string): void {
    this.map.delete(this.key(login));
  }

  private prune(): void {
    const now = this.now();
    for (const [k, a] of this.map) if (a.lockedUntil !== 0 && a.lockedUntil <= now) this.map.delete(k);
  }
}
