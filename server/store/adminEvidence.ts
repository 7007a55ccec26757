/**
 * Head office's view of a case's evidence (issue 12, review finding 9): the
 * files a case's folded state lists (name, kind, size, sha256, mime, who
 * added it and when), for the admin views (./adminEscalations.ts), and the
 * recorded name of one file for head office's download
 * (GET /v1/admin/attachments/:sha256?case=, server/routes/attachments.ts),
 * which is served as its detected type under a sanitised name
 * (shared/domain/cases/evidenceType.ts). Runtime-neutral.
 */
import type { AdminEvidence } from '../../shared/contract/adminEscalations';
import type { CaseState } from '../../shared/domain/cases/state';
import { isoOfHlc } from '../../shared/domain/kernel/time';
import type { StoreContext } from './context';

/** The staff ids a page of states names as evidence adders. */
export function evidenceActors(states: readonly CaseState[]): string[] {
  return states.flatMap((s) => (s.evidence ?? []).map((e) => e.actor));
}

/** A case's evidence as head office lists it, oldest first; `names` maps staff ids to names. */
export function adminEvidenceOf(
  s: CaseState,
  branch: string,
  names: ReadonlyMap<string, string>,
): AdminEvidence[] {
  return (s.evidence ?? []).map((e) => ({
    sha256: e.sha256,
    name: e.name,
    kind: e.kind,
    size: e.size,
    mime: e.mime,
    note: e.note,
    addedBy: e.actor,
    addedByName: names.get(e.actor) ?? '',
    addedAt: isoOfHlc(e.addedHlc),
    download: `/v1/admin/attachments/${e.sha256}?branch=${encodeURIComponent(branch)}&case=${encodeURIComponent(s.id)}`,
  }));
}

/**
 * The name case `caseId` recorded for its evidence `sha256`, when the case
 * is in `branch` (null: any branch, for an admin token); null otherwise.
 */
export async function adminEvidenceName(
  c: StoreContext,
  caseId: string,
  sha256: string,
  branch: string | null,
): Promise<string | null> {
  const row = await c.db
    .selectFrom('cases')
    .select(['state'])
    .where('id', '=', caseId)
    .$if(branch !== null, (q) => q.where('branch', '=', branch ?? ''))
    .executeTakeFirst();
  if (!row) return null;
  const s = JSON.parse(row.state) as CaseState;
  return (s.evidence ?? []).find((e) => e.sha256 === sha256)?.name ?? null;
}
