/** Branch key ids (shared/domain/staff/keys.ts) agree with node:crypto, and a key sent with a wrong id is not genuine. */
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CredentialKey, credentialKeyId, isGenuineKey } from '../../shared/domain/staff/keys';

describe('credential key ids', () => {
  it('are the first 16 hex digits of the key bytes’ SHA-256', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const key = Buffer.from(bytes).toString('base64');
        const expected = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
        expect(credentialKeyId(key)).toBe(expected);
      }),
    );
  });

  it('tell a genuine key from one sent under another id', () => {
    const key = randomBytes(32).toString('base64');
    const other = randomBytes(32).toString('base64');
    expect(isGenuineKey({ id: credentialKeyId(key), key })).toBe(true);
    expect(isGenuineKey({ id: credentialKeyId(other), key })).toBe(false);
    expect(CredentialKey.safeParse({ id: credentialKeyId(key), key: key.slice(0, 40) }).success).toBe(false);
  });
});
