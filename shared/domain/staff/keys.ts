/**
 * Branch credential keys ("peppers", decision 0021): a key is 32 random bytes
 * (base64); credentials name it by its id, the first 16 hex digits of its
 * SHA-256, and never carry the key. Desk and head office compute the id the
 * same way, so a key sent at enrolment can be checked against its id.
 * Runtime-neutral.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';

export const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;

/** One branch key as it travels at enrolment (and only then). */
export const CredentialKey = z
  .object({
    id: z.string().regex(KEY_ID_PATTERN),
    /** 32 bytes, base64. */
    key: z
      .string()
      .length(44)
      .regex(/^[A-Za-z0-9+/]{43}=$/),
  })
  .strict();
export type CredentialKey = z.infer<typeof CredentialKey>;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 to bytes (no runtime's atob or Buffer: this module runs everywhere). */
function base64Bytes(b64: string): Uint8Array {
  const clean = b64.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new RangeError('not base64');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** The id of a key: the first 16 hex digits of the SHA-256 of its bytes. */
export function credentialKeyId(keyBase64: string): string {
  return bytesToHex(sha256(base64Bytes(keyBase64))).slice(0, 16);
}

/** True when a key's id is the one its bytes give (a key sent with a wrong id is ignored). */
export function isGenuineKey(k: CredentialKey): boolean {
  return credentialKeyId(k.key) === k.id;
}
