/**
 * Staff credentials, sessions and sign-in throttling.
 *
 * - Secrets (PIN or password) are hashed with scrypt (N=16384, r=8, p=1, 16-byte
 *   salt, 32-byte key) and compared with timingSafeEqual. Only the hash record
 *   is stored (in the staff.created event); the secret never is.
 * - Sessions are random 32-byte tokens held in memory; they expire after 12 h
 *   without use (and when the desk restarts).
 * - After 5 failed sign-ins for one login, that login is refused for 60 s.
 *   Unknown logins are hashed against a dummy record and counted the same way,
 *   so neither the answer nor the timing tells whether a login exists.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PayloadOf } from '../../../shared/domain/events';
import type { Role } from '../../../shared/domain/kernel/roles';
import type { MessageKey } from './messages';

export type Credential = PayloadOf<'staff.created'>['credential'];
export type SecretKind = Credential['kind'];

export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILED_SIGNINS = 5;
export const LOCKOUT_MS = 60 * 1000;

function scrypt(secret: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(secret.normalize('NFC'), salt, keyLength, options, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

/** Why a secret is not acceptable for its kind (message key), or null. */
export function secretProblem(kind: SecretKind, secret: string): MessageKey | null {
  if (kind === 'pin') return /^[0-9]{4,12}$/.test(secret) ? null : 'pinFormat';
  // Counted in UTF-16 units like the contract's zod limits, so one limit means one thing.
  return secret.length >= 8 && secret.length <= 128 ? null : 'passwordLength';
}

export async function hashSecret(kind: SecretKind, secret: string): Promise<Credential> {
  const salt = randomBytes(SCRYPT_PARAMS.saltLength);
  const { N, r, p, keyLength } = SCRYPT_PARAMS;
  const key = await scrypt(secret, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return { kind, algo: 'scrypt', salt: salt.toString('base64'), hash: key.toString('base64'), N, r, p };
}

export async function verifySecret(secret: string, cred: Credential): Promise<boolean> {
  const expected = Buffer.from(cred.hash, 'base64');
  if (expected.length === 0) return false;
  const key = await scrypt(secret, Buffer.from(cred.salt, 'base64'), expected.length, {
    N: cred.N,
    r: cred.r,
    p: cred.p,
    maxmem: 256 * cred.N * cred.r + 16 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<Credential> | null = null;
/** A credential no secret matches in practice; verifying against it costs the same as a real one. */
export function dummyCredential(): Promise<Credential> {
  dummy ??= hashSecret('password', randomBytes(24).toString('base64'));
  return dummy;
}

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
