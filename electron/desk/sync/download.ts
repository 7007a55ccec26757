/**
 * Fetching an evidence file another desk of the branch uploaded (issue 12):
 * GET /v1/attachments/<sha256>, hash checked, its type checked again against
 * the evidence allow-list (shared/domain/cases/evidenceType.ts: whatever the
 * adding desk or head office let through, bytes off the list are not kept
 * here), written to the desk's content store (sync/port.ts `files`). Never throws: the outcome says what happened
 * in terms the evidence feature turns into words.
 */
import { sniffEvidence } from '../../../shared/domain/cases/evidenceType';
import { SyncRequestError, type SyncClient } from './client';
import type { SyncPort } from './port';

export type FetchOutcome =
  /** The file is in the content store now (or already was). */
  | 'stored'
  /** This desk is not enrolled with head office. */
  | 'unconfigured'
  /** Head office could not be reached (the line is down, or no answer in time). */
  | 'offline'
  /** Head office has no such file for this branch (not uploaded yet by the desk that added it). */
  | 'not_found'
  /** The bytes are not an allowed evidence type (magic bytes re-checked here): not stored. */
  | 'refused'
  /** Anything else: refused, or the bytes did not hash to the sha256. */
  | 'failed';

export async function fetchAttachment(
  files: SyncPort['files'],
  client: SyncClient | null,
  sha256: string,
  log: (line: string) => void,
): Promise<FetchOutcome> {
  if (files.has(sha256)) return 'stored';
  if (client === null) return 'unconfigured';
  let bytes: Uint8Array | null;
  try {
    bytes = await client.getAttachment(sha256);
  } catch (e) {
    if (e instanceof SyncRequestError && (e.kind === 'unreachable' || e.kind === 'timeout')) return 'offline';
    log(`[sync] evidence ${sha256.slice(0, 12)}… not fetched: ${e instanceof Error ? e.message : String(e)}`);
    return 'failed';
  }
  if (bytes === null) return 'not_found';
  if (sniffEvidence(bytes) === null) {
    log(`[sync] evidence ${sha256.slice(0, 12)}… from head office is not an allowed type: not stored`);
    return 'refused';
  }
  try {
    const stored = files.putBytes(bytes);
    if (stored.sha256 !== sha256) {
      log(
        `[sync] evidence ${sha256.slice(0, 12)}… from head office hashes to ${stored.sha256.slice(0, 12)}…`,
      );
      return 'failed';
    }
  } catch (e) {
    log(`[sync] evidence ${sha256.slice(0, 12)}… not stored: ${e instanceof Error ? e.message : String(e)}`);
    return 'failed';
  }
  return 'stored';
}
