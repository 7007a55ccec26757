/**
 * The device token at rest (electron/desk/sync/secretSealer.ts): the stored
 * text records its sealer, a plain token is resealed by a sealing shell, and
 * a sealed token is never handed out as the token where it cannot be opened.
 */
import { describe, expect, it } from 'vitest';
import {
  openSecret,
  plainSealer,
  storeSecret,
  type SecretSealer,
} from '../../electron/desk/sync/secretSealer';

const TOKEN = 'Qm9ndXMtdG9rZW4tZm9yLXRoZS10ZXN0cy0wMTIzNDU2Nzg'; // base64url, like the server's

/** A stand-in for safeStorage: reversible, and visibly not the plain text. */
function fakeSafeStorage(opts: { failOpen?: boolean; failSeal?: boolean } = {}): SecretSealer {
  return {
    kind: 'safeStorage',
    seal: (plain) => {
      if (opts.failSeal) throw new Error('keychain locked');
      return Buffer.from([...plain].reverse().join('')).toString('base64');
    },
    open: (sealed) => {
      if (opts.failOpen)
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...Buffer.from(sealed, 'base64').toString()].reverse().join('');
    },
  };
}

describe('storeSecret / openSecret', () => {
  it('stores a plain token as it is (the form desks stored before) and opens it', () => {
    expect(storeSecret(plainSealer, TOKEN)).toBe(TOKEN);
    expect(openSecret(plainSealer, TOKEN)).toEqual({ ok: true, value: TOKEN, reseal: null });
  });

  it('stores a safeStorage token marked with its sealer and without the token in it', () => {
    const stored = storeSecret(fakeSafeStorage(), TOKEN);
    expect(stored.startsWith('sealed:safeStorage:')).toBe(true);
    expect(stored).not.toContain(TOKEN);
    expect(openSecret(fakeSafeStorage(), stored)).toEqual({ ok: true, value: TOKEN, reseal: null });
  });

  it('migrates a plain token: a sealing shell opens it and asks for it to be stored sealed', () => {
    const opened = openSecret(fakeSafeStorage(), TOKEN);
    expect(opened).toMatchObject({ ok: true, value: TOKEN });
    if (!opened.ok || opened.reseal === null) throw new Error('expected a reseal');
    expect(opened.reseal.startsWith('sealed:safeStorage:')).toBe(true);
    expect(openSecret(fakeSafeStorage(), opened.reseal)).toMatchObject({ ok: true, value: TOKEN });
  });

  it('keeps a plain token usable (and plain) when sealing fails this time', () => {
    expect(openSecret(fakeSafeStorage({ failSeal: true }), TOKEN)).toEqual({
      ok: true,
      value: TOKEN,
      reseal: null,
    });
  });

  it('never falls back: browser mode refuses a safeStorage token instead of using the sealed text', () => {
    const stored = storeSecret(fakeSafeStorage(), TOKEN);
    const opened = openSecret(plainSealer, stored);
    expect(opened).toMatchObject({ ok: false, sealedBy: 'safeStorage' });
    expect(JSON.stringify(opened)).not.toContain(stored.slice('sealed:safeStorage:'.length));
  });

  it('refuses a sealed token safeStorage cannot open (another user, a new keychain)', () => {
    const stored = storeSecret(fakeSafeStorage(), TOKEN);
    const opened = openSecret(fakeSafeStorage({ failOpen: true }), stored);
    expect(opened).toMatchObject({ ok: false, sealedBy: 'safeStorage' });
    if (!opened.ok) expect(opened.reason).toContain('could not open');
  });

  it('refuses a token sealed by a kind it does not know', () => {
    expect(openSecret(fakeSafeStorage(), 'sealed:tpm:AAAA')).toMatchObject({ ok: false, sealedBy: 'tpm' });
  });

  it('will not store, as plain, a secret that would read back as sealed', () => {
    expect(() => storeSecret(plainSealer, 'sealed:safeStorage:AAAA')).toThrow();
  });
});
