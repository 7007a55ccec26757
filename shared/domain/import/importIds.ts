/**
 * The ids an imported historical case will be written under (decision 0035,
 * "Writing"; the writing itself is round 2): UUIDv7s whose timestamp is the
 * case's receipt, so they sort with the branch's other cases, and whose other
 * 74 bits come from sha256(branch, purpose, row content key), so importing
 * the same rows again, from a re-saved file or on another desk of the branch,
 * makes the same ids and the event store's and sync's duplicate checks add
 * nothing. Runtime-neutral and pure.
 */
import { nobleSha256Hex, type Sha256Hex } from '../kernel/hash';

/** The last instant a UUIDv7's 48-bit timestamp holds (ms since 1970). */
const MAX_MS = 0xffffffffffff;

/**
 * A UUIDv7 with timestamp `ms` and its random bits from `hex` (at least 19
 * hex digits). The row check refuses receipts before 1990 and after now
 * (./rows.ts), so no other instant should come here; one that does (before
 * 1970, none at all) is written at the nearest end of the range rather than
 * failing the import: the ids stay deterministic, only their order is off.
 */
function uuidV7From(ms: number, hex: string): string {
  const at = Number.isNaN(ms) ? 0 : Math.min(Math.max(Math.floor(ms), 0), MAX_MS);
  const t = at.toString(16).padStart(12, '0');
  const variant = ((parseInt(hex.charAt(3), 16) & 0x3) | 0x8).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex.slice(0, 3)}-${variant}${hex.slice(4, 7)}-${hex.slice(7, 19)}`;
}

export interface ImportIds {
  /** The case's id (its stream is `case:<caseId>`). */
  caseId: string;
  /** The id of the one event that brings the case in. */
  eventId: string;
}

/** The ids of the historical case with content key `contentKey` (./rows.ts) received at `receivedMs`, in `branch`. */
export function importIds(
  branch: string,
  contentKey: string,
  receivedMs: number,
  sha256Hex: Sha256Hex = nobleSha256Hex,
): ImportIds {
  const of = (purpose: string): string =>
    uuidV7From(receivedMs, sha256Hex(`${branch}\u0000${purpose}\u0000${contentKey}`));
  return { caseId: of('case'), eventId: of('event') };
}
