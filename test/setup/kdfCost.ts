/**
 * Vitest setup (vitest.config.ts `setupFiles`): staff secrets are hashed at a
 * lower scrypt cost inside the test workers.
 *
 * Production hashes every PIN and password at N = 2^15, r = 8, p = 3 (about
 * 0.3 s of CPU a hash on the build machines), and a test desk hashes one for
 * every person it creates and every sign-in and signature it checks: before
 * this file, scrypt was most of the integration tests' time. Here `scrypt`
 * runs with N divided by 64, every other parameter as asked, so:
 *
 * - the records keep the cost production writes (N = 32768, p = 3), and every
 *   check of that cost, the schema's bounds and the re-hash of old records
 *   still runs on them;
 * - a record made with other parameters still fails to verify (the mapping is
 *   one to one), so wrong, tampered and old-cost records behave as they do in
 *   production;
 * - the desk's code is untouched: nothing in `electron/` can lower its cost.
 *
 * `test/integration/staff-kdf-cost.test.ts` turns this off and proves that a
 * record is the real scrypt at the recorded cost. A file that times a hash
 * (desk-signatures), or whose people sign in at the CLI, a process of its own
 * at full cost (desk-cli-staff, desk-cli-import-write), turns it off too.
 * Set LOOPDESK_TEST_KDF=real to run the whole suite at production cost.
 */
import type * as Crypto from 'node:crypto';
import { vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  if (process.env.LOOPDESK_TEST_KDF === 'real') return real;
  /** The same options with N 64 times smaller (at least 2, still a power of two). */
  const cheaper = (options: Crypto.ScryptOptions | undefined): Crypto.ScryptOptions | undefined => {
    const n = options?.N ?? options?.cost;
    if (options === undefined || n === undefined) return options;
    const { cost: _cost, N: _n, ...rest } = options;
    return { ...rest, N: Math.max(2, n / 64) };
  };
  function scrypt(
    password: Crypto.BinaryLike,
    salt: Crypto.BinaryLike,
    keylen: number,
    optionsOrCallback: Crypto.ScryptOptions | ((err: Error | null, key: Buffer) => void),
    callback?: (err: Error | null, key: Buffer) => void,
  ): void {
    if (typeof optionsOrCallback === 'function') {
      real.scrypt(password, salt, keylen, optionsOrCallback);
      return;
    }
    real.scrypt(password, salt, keylen, cheaper(optionsOrCallback) ?? {}, callback!);
  }
  function scryptSync(
    password: Crypto.BinaryLike,
    salt: Crypto.BinaryLike,
    keylen: number,
    options?: Crypto.ScryptOptions,
  ): Buffer {
    return real.scryptSync(password, salt, keylen, cheaper(options));
  }
  return { ...real, default: { ...real, scrypt, scryptSync }, scrypt, scryptSync };
});
