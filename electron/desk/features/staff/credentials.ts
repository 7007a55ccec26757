/**
 * Staff credentials: a secret (PIN or password) is hashed with scrypt at
 * N=2^15, r=8, p=3 (one of OWASP's equivalent minimum settings for scrypt,
 * 32 MiB a hash), with a 16-byte salt and a 32-byte key, and compared with
 * timingSafeEqual. Only the hash record goes into the log; the secret never
 * does. Records read from events are bounded by the payload schema
 * (SCRYPT_BOUNDS), so a forged record cannot make sign-in hash for minutes.
 *
 * At most two hashes run at once on a desk, so a burst of sign-in attempts
 * queues instead of taking all memory; past a short queue they are refused.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Credential } from '../../../../shared/domain/staff/payloads';
import { SUPERVISING_ROLES, type Role } from '../../../../shared/domain/kernel/roles';
import type { StaffMessageKey } from './messages';
import { pepperedSecret, type Pepper } from './peppers';

export type { Credential };
export type SecretKind = Credential['kind'];

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3, keyLength: 32, saltLength: 16 } as const;
/** Digits a PIN needs: clerks at least 4, supervisors and administrators at least 6. */
export const PIN_MIN_DIGITS = { staff: 4, supervising: 6 } as const;

const MAX_RUNNING = 2;
const MAX_WAITING = 32;
let running = 0;
const waiting: (() => void)[] = [];

export class HashQueueFullError extends Error {
  override name = 'HashQueueFullError';
}

/** Runs `work` when one of the MAX_RUNNING hash slots is free. */
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) throw new HashQueueFullError('too many sign-ins at once');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function scrypt(input: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return inSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scryptCb(input, salt, keyLength, options, (e, key) => (e ? reject(e) : resolve(key)));
      }),
  );
}

/** Why a secret is not acceptable for its kind and the holder's role (message key), or null. */
export function secretProblem(kind: SecretKind, secret: string, role: Role): StaffMessageKey | null {
  const supervising = SUPERVISING_ROLES.includes(role);
  if (kind === 'pin') {
    if (supervising) return /^[0-9]{6,12}$/.test(secret) ? null : 'pinFormatSupervising';
    return /^[0-9]{4,12}$/.test(secret) ? null : 'pinFormat';
  }
  // Counted in UTF-16 units like the contract's zod limits, so one limit means one thing.
  return secret.length >= 8 && secret.length <= 128 ? null : 'passwordLength';
}

/** Hashes a secret under the branch key `pepper` (null only for the dummy record). */
export async function hashSecret(
  kind: SecretKind,
  secret: string,
  pepper: Pepper | null,
): Promise<Credential> {
  const salt = randomBytes(SCRYPT_PARAMS.saltLength);
  const { N, r, p, keyLength } = SCRYPT_PARAMS;
  const input = pepperedSecret(secret, pepper);
  const key = await scrypt(input, salt, keyLength, { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 });
  const hash = key.toString('base64');
  const record: Credential = { kind, algo: 'scrypt', salt: salt.toString('base64'), hash, N, r, p };
  return pepper ? { ...record, pepper: pepper.id } : record;
}

/** True when a record was made at today's cost under the key `currentPepperId` (else: hash it again at sign-in). */
export function isCurrent(cred: Credential, currentPepperId: string): boolean {
  return cred.pepper === currentPepperId && cred.N === SCRYPT_PARAMS.N && cred.p === SCRYPT_PARAMS.p;
}

/**
 * True when `secret` matches the record, hashed under `pepper` (the key the
 * record names; null for a record made before keys). The record's cost is
 * bounded by its schema.
 */
export async function verifySecret(
  secret: string,
  cred: Credential,
  pepper: Pepper | null,
): Promise<boolean> {
  const expected = Buffer.from(cred.hash, 'base64');
  if (expected.length === 0 || (cred.pepper ?? null) !== (pepper?.id ?? null)) return false;
  const input = pepperedSecret(secret, pepper);
  const key = await scrypt(input, Buffer.from(cred.salt, 'base64'), expected.length, {
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
  dummy ??= hashSecret('password', randomBytes(24).toString('base64'), null);
  return dummy;
}
