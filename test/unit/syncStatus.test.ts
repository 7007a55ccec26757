import { describe, expect, it } from 'vitest';
import { syncNeedsNewCode, type SyncStatus } from '../../shared/contract/methods/sync';

const base: SyncStatus = {
  state: 'error',
  serverUrl: 'https://hq.example',
  lastSuccessAt: null,
  pending: 0,
  rejected: 0,
  pendingAttachments: 0,
  refusedAttachments: null,
  unreadableAttachments: null,
  received: null,
  lastError: null,
  clockSkewMs: null,
  clockWarning: false,
  heldBack: null,
};

function failing(code: string, state: SyncStatus['state'] = 'error'): SyncStatus {
  return { ...base, state, lastError: { code, message: code } };
}

describe('syncNeedsNewCode', () => {
  it('asks for a new code when head office refuses the token, also while a retry runs', () => {
    for (const code of ['token_revoked', 'unauthenticated', 'forbidden']) {
      expect(syncNeedsNewCode(failing(code))).toBe(true);
      expect(syncNeedsNewCode(failing(code, 'syncing'))).toBe(true);
    }
  });

  it('does not for failures a new code cannot fix', () => {
    for (const code of ['unreachable', 'timeout', 'server_error', 'protocol_too_old', 'bad_response']) {
      expect(syncNeedsNewCode(failing(code))).toBe(false);
    }
    expect(syncNeedsNewCode({ ...base, state: 'online' })).toBe(false);
    expect(syncNeedsNewCode({ ...failing('token_revoked'), serverUrl: null })).toBe(false);
  });
});
