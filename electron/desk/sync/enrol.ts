/**
 * Enrolment: exchanging a one-time code for this desk's device token, and the
 * clerk-readable answer when that fails. The engine (engine.ts) stores the
 * result and starts syncing.
 */
import { err, ok, type Err, type Result } from '../../../shared/contract/result';
import type { Locale } from '../../../shared/domain/kernel/locale';
import { truncateText } from '../../../shared/domain/kernel/text';
import { errorMessage, msg } from '../kernel/messages';
import { normalizeServerUrl, SyncClient, SyncRequestError } from './client';
import type { SyncPort } from './port';
import type { CredentialKey } from '../../../shared/domain/staff/keys';
import { STAFF_STREAM } from '../../../shared/domain/staff/payloads';
import { errorDetail } from '../kernel/errors';
import { SYNC_LIMITS } from '../../../shared/contract/sync';

export interface Enrolled {
  serverUrl: string;
  token: string;
  role: string;
  /** The branch's credential keys and the branch key (decision 0021). */
  keys: CredentialKey[];
  currentKey: string | undefined;
  /** `${branchCode}-${deviceCode}`, for the log. */
  who: string;
}

export interface EnrolOptions {
  timeoutMs: number;
  signal: AbortSignal;
  onClockSkew: (skewMs: number) => void;
  log: (line: string) => void;
}

/** Enrols with the server at `serverUrlInput`; errors come back localized for `locale`. */
export async function enrol(
  port: SyncPort,
  serverUrlInput: string,
  code: string,
  locale: Locale,
  o: EnrolOptions,
): Promise<Result<Enrolled>> {
  const serverUrl = normalizeServerUrl(serverUrlInput);
  if (serverUrl === null) {
    return err('invalid_input', errorMessage(locale, 'invalid_input'), {
      serverUrl: msg(locale, 'serverUrlInvalid'),
    });
  }
  const id = port.identity();
  if (!id) return err('not_initialized', errorMessage(locale, 'not_initialized'));
  const client = new SyncClient({
    baseUrl: serverUrl,
    token: null,
    now: port.now,
    timeoutMs: o.timeoutMs,
    signal: o.signal,
    onClockSkew: o.onClockSkew,
  });
  const ownKeys = port.credentialKeys();
  let enrolled: Awaited<ReturnType<SyncClient['enroll']>>;
  try {
    enrolled = await client.enroll({
      code,
      deviceId: id.deviceId,
      branchCode: id.branchCode,
      deviceCode: id.deviceCode,
      // Never half a character: the server refuses unpaired surrogates.
      label: truncateText(`${id.branchName} ${id.deviceCode}`, 100),
      staffEventIds: ownStaffEventIds(port, id.deviceId),
      keys: ownKeys.keys,
      currentKey: ownKeys.current,
    });
  } catch (e) {
    return enrollError(e, locale, id, o.log);
  }
  if (enrolled.branchCode !== id.branchCode) {
    return err('conflict', msg(locale, 'enrollBranchMismatch', { branchCode: id.branchCode }));
  }
  return ok({
    serverUrl,
    token: enrolled.token,
    role: enrolled.role,
    keys: enrolled.keys ?? [],
    currentKey: enrolled.currentKey,
    who: `${id.branchCode}-${id.deviceCode}`,
  });
}

/**
 * The staff events this desk made itself (its founding administrator, staff
 * added before it was enrolled), oldest first, at most what the server takes:
 * the server lets staff events dated before the enrolment in only when the
 * desk declared them now (docs/protocol.md §2).
 */
export function ownStaffEventIds(port: Pick<SyncPort, 'sqlite'>, deviceId: string): string[] {
  return port.sqlite
    .prepare<[string, string, string, number], string>(
      // The range is the prefix 'staff:' (';' follows ':'), so the stream index serves it.
      `SELECT id FROM events WHERE stream >= ? AND stream < ? AND device = ?
        ORDER BY seq LIMIT ?`,
    )
    .pluck()
    .all(`${STAFF_STREAM}:`, `${STAFF_STREAM};`, deviceId, SYNC_LIMITS.enrolStaffEvents);
}

/** The clerk-readable refusal of a failed enrolment request. */
function enrollError(
  e: unknown,
  locale: Locale,
  id: { branchCode: string; deviceCode: string; deviceId: string },
  log: (line: string) => void,
): Err {
  if (!(e instanceof SyncRequestError)) {
    log(`[sync] enrollment failed: ${errorDetail(e)}`);
    return err('internal', errorMessage(locale, 'internal'));
  }
  log(`[sync] enrollment failed: ${e.kind} ${e.message}`);
  if (e.kind === 'unreachable' || e.kind === 'timeout' || e.kind === 'aborted') {
    return err('unavailable', msg(locale, 'enrollUnreachable'));
  }
  if (e.kind === 'bad_response') return err('unavailable', msg(locale, 'enrollNotLoopdesk'));
  switch (e.code) {
    case 'enrollment_invalid':
    case 'invalid_request': {
      const text = msg(locale, 'enrollCodeInvalid');
      return err('invalid_input', text, { code: text });
    }
    case 'device_known':
      return err('conflict', msg(locale, 'enrollDeviceKnown', { deviceId: id.deviceId }));
    case 'device_code_taken':
      return err('conflict', msg(locale, 'enrollDeviceCodeTaken', { deviceCode: id.deviceCode }));
    case 'branch_mismatch':
      return err('conflict', msg(locale, 'enrollBranchMismatch', { branchCode: id.branchCode }));
    case 'rate_limited':
      return err('rate_limited', msg(locale, 'enrollBusy'));
    case 'protocol_too_old':
      return err('unavailable', msg(locale, 'syncClientTooOld'));
    case 'protocol_unknown':
      return err('unavailable', msg(locale, 'syncServerTooOld'));
    default:
      break;
  }
  const status = e.status ?? 0;
  if (e.code === null && (status === 404 || status === 405)) {
    return err('unavailable', msg(locale, 'enrollNotLoopdesk'));
  }
  if (status === 429) return err('rate_limited', msg(locale, 'enrollBusy'));
  if (status >= 500) return err('unavailable', errorMessage(locale, 'unavailable'));
  return err('unavailable', msg(locale, 'syncRefused', { code: e.code ?? `http_${status}` }));
}
