/**
 * Staff credentials: a secret (PIN or password) is hashed with scrypt
 * (N=16384, r=8, p=1, 16-byte salt, 32-byte key) and compared with
 * timingSafeEqual. Only the hash record is stored (in the staff.created
 * event); the secret never is.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { StaffCreatedPayload } from '../../../../shared/domain/staff/payloads';
import type { MessageKey } from '../../kernel/messages';
import type { z } from 'zod';

export type Credential = z.infer<typeof StaffCreatedPayload>['credential'];
export type SecretKind = Credential['kind'];

export const SCRYPT_PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

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
