/**
 * The device token sealed with Electron's safeStorage (decision 0020). The
 * choice (refusing Linux's `basic_text`) is chooseSealer in ./shellPolicy and
 * the stored form is electron/desk/sync/secretSealer; this only calls Electron.
 * Call after app 'ready'. The synchronous safeStorage calls are deprecated in
 * Electron 45 in favour of async ones, but the desk reads its token inside
 * synchronous store code; see the decision for the way out.
 */
import { safeStorage } from 'electron';
import type { SecretSealer } from '../desk';
import { chooseSealer } from './shellPolicy';

/** The safeStorage sealer, or null (with the reason) when this machine cannot seal. */
export function safeStorageSealer():
  { sealer: SecretSealer; reason?: undefined } | { sealer: null; reason: string } {
  const choice = chooseSealer({
    platform: process.platform,
    available: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
  });
  if (choice.kind === 'plain') return { sealer: null, reason: choice.reason };
  return {
    sealer: {
      kind: 'safeStorage',
      seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
      open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    },
  };
}
