/**
 * Secrets the server hands out: device and admin tokens, one-time enrolment
 * codes. Only their sha256 hashes are stored; a lookup by hash needs no
 * constant-time compare (matching a hash requires knowing its preimage).
 */
import { hash, randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so a code read aloud or typed is unambiguous. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_GROUPS = 4;
export const CODE_GROUP_LENGTH = 4;

/** sha256 as hex, with node:crypto's one-shot hash (several times faster than a Hash object for small inputs). */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A bearer token's storage key. */
export function tokenHash(token: string): string {
  return sha256Hex(`loopdesk-token:${token}`);
}

/** A one-time code, e.g. `7K3M-Q9RT-2HXW-B4NP` (80 random bits). */
export function newEnrollmentCode(): string {
  const n = CODE_GROUPS * CODE_GROUP_LENGTH;
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % CODE_GROUP_LENGTH === 0) out += '-';
    // 256 is a multiple of 32: taking the low 5 bits is unbiased.
    out += CODE_ALPHABET[(bytes[i] ?? 0) & 31];
  }
  return out;
}

/**
 * The canonical form of a typed code: upper case, without spaces or dashes,
 * with the look-alikes Crockford allows (O→0, I/L→1). Null when what is left
 * is not a code of the right length.
 */
export function normaliseEnrollmentCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_GROUPS * CODE_GROUP_LENGTH) return null;
  for (const c of s) if (!CODE_ALPHABET.includes(c)) return null;
  return s;
}

export function enrollmentCodeHash(normalised: string): string {
  return sha256Hex(`loopdesk-enrol:${normalised}`);
}
