/**
 * What test/setup/kdfCost.ts promises the other test files: records keep
 * production's parameters, the lower cost is really in effect, and a record
 * whose parameters were changed still fails to verify.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from '../../electron/desk/features/staff/credentials';
import { newPepper, pepperedSecret } from '../../electron/desk/features/staff/peppers';

const realCrypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

describe.skipIf(process.env.LOOPDESK_TEST_KDF === 'real')('the tests’ cheaper scrypt', () => {
  it('keeps the record’s parameters, hashes at N / 64, and tells changed parameters apart', async () => {
    const pepper = newPepper();
    const record = await hashSecret('pin', '8642', pepper);
    expect(record).toMatchObject({ N: 32768, r: 8, p: 3 });
    const salt = Buffer.from(record.salt, 'base64');
    const input = pepperedSecret('8642', pepper);
    const atTestCost = realCrypto.scryptSync(input, salt, 32, { N: 512, r: 8, p: 3 });
    expect(record.hash).toBe(atTestCost.toString('base64'));
    expect(await verifySecret('8642', record, pepper)).toBe(true);
    expect(await verifySecret('8642', { ...record, N: 16384 }, pepper)).toBe(false);
    expect(await verifySecret('8642', { ...record, p: 2 }, pepper)).toBe(false);
  });
});
