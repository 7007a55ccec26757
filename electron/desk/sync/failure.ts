/**
 * Error wording of the sync engine: a failed run becomes a state (offline or
 * error), a stable code, and the message key a clerk reads (electron/desk/messages.ts).
 */
import { type MessageKey, type MessageParams } from '../kernel/messages';
import { SyncRequestError } from './client';
import { CursorBackwardsError } from './store';
import { errorDetail } from '../kernel/errors';

export type Outcome = 'online' | 'offline' | 'error';

export interface Failure {
  state: Exclude<Outcome, 'online'>;
  code: string;
  key: MessageKey;
  params?: MessageParams;
  /** For the log only. */
  detail: string;
  /** Head office asked the desk to wait this long before the next run (Retry-After). */
  retryAfterMs?: number;
}

/**
 * True when the run failed because head office could not be reached at all
 * (the line is down, or no answer came): cheap probes then tell when it is
 * back. A server that answers with an error is left to the backoff instead.
 */
export function isConnectivityFailure(f: Failure | null): boolean {
  return f !== null && (f.code === 'unreachable' || f.code === 'timeout');
}

/** Maps a failed run to the state and the clerk-readable message it shows. */
export function classifyFailure(e: unknown): Failure {
  const f = classify(e);
  if (e instanceof SyncRequestError && e.kind === 'http' && e.retryAfterMs !== null) {
    return { ...f, retryAfterMs: e.retryAfterMs };
  }
  return f;
}

function classify(e: unknown): Failure {
  if (e instanceof CursorBackwardsError) {
    return { state: 'error', code: 'bad_response', key: 'syncBadResponse', detail: e.message };
  }
  if (!(e instanceof SyncRequestError)) {
    const detail = errorDetail(e);
    return { state: 'error', code: 'internal', key: 'syncInternal', detail };
  }
  const detail = e.message;
  switch (e.kind) {
    case 'unreachable':
    case 'aborted':
      return { state: 'offline', code: 'unreachable', key: 'syncUnreachable', detail };
    case 'timeout':
      return { state: 'offline', code: 'timeout', key: 'syncTimeout', detail };
    case 'bad_response':
      return { state: 'error', code: 'bad_response', key: 'syncBadResponse', detail };
    case 'http':
      break;
  }
  const status = e.status ?? 0;
  switch (e.code) {
    case 'protocol_too_old':
      return { state: 'error', code: e.code, key: 'syncClientTooOld', detail };
    case 'protocol_unknown':
      return { state: 'error', code: e.code, key: 'syncServerTooOld', detail };
    case 'token_revoked':
      return { state: 'error', code: e.code, key: 'syncTokenRevoked', detail };
    case 'unauthenticated':
      return { state: 'error', code: e.code, key: 'syncUnauthenticated', detail };
    case 'forbidden':
      return { state: 'error', code: e.code, key: 'syncForbidden', detail };
    case 'rate_limited':
      return { state: 'offline', code: e.code, key: 'syncBusy', detail };
    case 'chain_broken': {
      // Head office's own words name the record (docs/protocol.md §1: show the message).
      const said = cleanServerWords(e.serverMessage ?? '');
      return { state: 'error', code: e.code, key: 'syncChainBroken', params: { said }, detail };
    }
    default:
      break;
  }
  if (status === 401) return { state: 'error', code: 'unauthenticated', key: 'syncUnauthenticated', detail };
  if (status === 403) return { state: 'error', code: 'forbidden', key: 'syncForbidden', detail };
  if (status === 429) return { state: 'offline', code: 'rate_limited', key: 'syncBusy', detail };
  if (status >= 500 || status === 408) {
    return { state: 'offline', code: 'server_error', key: 'syncServerError', detail };
  }
  const code = e.code ?? `http_${status}`;
  return { state: 'error', code, key: 'syncRefused', params: { code }, detail };
}

/**
 * Head office's words for a message a clerk reads: they come over the wire,
 * so control and bidi characters are dropped and the length bounded; '—' when
 * nothing is left.
 */
function cleanServerWords(text: string): string {
  const clean = text
    // eslint-disable-next-line no-control-regex -- dropping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  return clean === '' ? '—' : clean;
}
