/**
 * How the desk keeps a secret (the sync device token) at rest. The Electron
 * shell provides a sealer backed by the operating system's secret store
 * (safeStorage: Keychain, DPAPI, the Linux keyring); browser mode, the CLI and
 * the tests keep the secret as it is, in the owner-only data directory.
 *
 * The stored text records which sealer made it: a plain secret is stored as
 * it is (the form every desk stored before decision 0020), any other as
 * `sealed:<kind>:<sealed text>`. So a plain secret is sealed the next time a
 * sealing shell opens the desk, and a sealed one is never taken for plain:
 * where it cannot be opened the desk says so and leaves it in place.
 */

export type SealerKind = 'safeStorage' | 'plain';

/** The port. seal and open throw when they cannot do their work. */
export interface SecretSealer {
  readonly kind: SealerKind;
  /** Text safe to store (for safeStorage: base64 of the encrypted bytes). */
  seal(plain: string): string;
  open(sealed: string): string;
}

/** Browser mode, the CLI and tests: the secret is stored as it is. */
export const plainSealer: SecretSealer = {
  kind: 'plain',
  seal: (plain) => plain,
  open: (sealed) => sealed,
};

const SEALED = /^sealed:([A-Za-z]+):([\s\S]*)$/;

/** The stored form of `plain` made by `sealer` (throws when the sealer cannot seal). */
export function storeSecret(sealer: SecretSealer, plain: string): string {
  if (sealer.kind === 'plain') {
    // A secret that looked sealed would later be refused as one: never store such a thing.
    if (SEALED.test(plain)) throw new Error('a plain secret may not look like a sealed one');
    return plain;
  }
  return `sealed:${sealer.kind}:${sealer.seal(plain)}`;
}

export type OpenedSecret =
  | {
      ok: true;
      value: string;
      /** The stored form to write back: the plain secret sealed by a sealing shell; null to leave it. */
      reseal: string | null;
    }
  | { ok: false; sealedBy: string; reason: string };

/** Opens a stored secret with `sealer`; never returns a sealed text as the secret. */
export function openSecret(sealer: SecretSealer, stored: string): OpenedSecret {
  const m = SEALED.exec(stored);
  if (m === null) {
    if (sealer.kind === 'plain') return { ok: true, value: stored, reseal: null };
    let reseal: string | null;
    try {
      reseal = storeSecret(sealer, stored);
    } catch {
      reseal = null; // stays plain this time; the next open tries again
    }
    return { ok: true, value: stored, reseal };
  }
  const sealedBy = m[1] ?? '';
  if (sealedBy !== sealer.kind) {
    return {
      ok: false,
      sealedBy,
      reason: `it was sealed by ${sealedBy}, which this ${sealer.kind === 'plain' ? 'mode (browser mode or the CLI)' : 'shell'} cannot open`,
    };
  }
  try {
    return { ok: true, value: sealer.open(m[2] ?? ''), reseal: null };
  } catch (e) {
    return {
      ok: false,
      sealedBy,
      reason: `${sealedBy} could not open it (${e instanceof Error ? e.message : String(e)})`,
    };
  }
}
