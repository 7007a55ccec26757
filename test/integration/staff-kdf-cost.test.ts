/**
 * The desk hashes staff secrets at production's scrypt cost. The other test
 * files run scrypt at a 64th of it (test/setup/kdfCost.ts); this file turns
 * that off and checks a record against scrypt loaded with `require`, which no
 * vitest mock reaches, so the check holds even if the unmock failed.
 */
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { hashSecret, SCRYPT_PARAMS, verifySecret } from '../../electron/desk/features/staff/credentials';
import { newPepper, pepperedSecret } from '../../electron/desk/features/staff/peppers';

vi.unmock('node:crypto');

const realCrypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

describe('staff credentials at production cost', () => {
  it('a record is scrypt at N = 2^15, r = 8, p = 3 of the keyed secret, and it verifies', async () => {
    expect(SCRYPT_PARAMS).toMatchObject({ N: 32768, r: 8, p: 3 });
    const pepper = newPepper();
    const record = await hashSecret('pin', '135790', pepper);
    expect(record).toMatchObject({ kind: 'pin', algo: 'scrypt', N: 32768, r: 8, p: 3, pepper: pepper.id });
    const expected = realCrypto.scryptSync(
      pepperedSecret('135790', pepper),
      Buffer.from(record.salt, 'base64'),
      32,
      { N: 32768, r: 8, p: 3, maxmem: 64 * 1024 * 1024 },
    );
    expect(record.hash).toBe(expected.toString('base64'));
    expect(await verifySecret('135790', record, pepper)).toBe(true);
    expect(await verifySecret('135791', record, pepper)).toBe(false);
  });
});
