/**
 * The ids each case of an import is written under (decision 0035; the
 * deterministic ids of shared/domain/import/importIds.ts), remembered per
 * case: the check and the write both ask. The check thread (./thread.ts)
 * works them out as it hands the cases over, and the desk remembers them
 * for the objects it received (`rememberIds`), so the desk's thread, the
 * import's bottleneck, hashes no content key itself. Touches no database.
 */
import { createHash } from 'node:crypto';
import { importIds, type ImportIds } from '../../../../shared/domain/import/importIds';
import { contentKey, type ImportedCase } from '../../../../shared/domain/import/rows';

export const nodeSha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const idsMemo = new WeakMap<ImportedCase, { branch: string; caseId: string; eventId: string }>();

/** The ids of case `c` in `branch` (worked out once per case object). */
export function caseIdsOf(branch: string, c: ImportedCase): ImportIds {
  const known = idsMemo.get(c);
  if (known !== undefined && known.branch === branch) return known;
  const ids = importIds(branch, contentKey(c), Date.parse(c.receivedAt), nodeSha256Hex);
  idsMemo.set(c, { branch, ...ids });
  return ids;
}

/** Remembers ids worked out elsewhere (the check thread, with this very function) for case `c`. */
export function rememberIds(branch: string, c: ImportedCase, ids: ImportIds): void {
  idsMemo.set(c, { branch, caseId: ids.caseId, eventId: ids.eventId });
}
