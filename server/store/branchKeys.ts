/**
 * A branch's credential keys at head office (decision 0021): what a desk
 * sends at enrolment is kept (each key checked against its id), and the desk
 * gets every key of its branch back with the branch key, the oldest one: the
 * first desk's own key, so the first desk never has to hash anything again.
 * Keys live in `branch_keys`, never in the event log, and leave only in an
 * enrolment answer (one-time code), never to a device token.
 */
import type { Kysely } from 'kysely';
import { isGenuineKey, type CredentialKey } from '../../shared/domain/staff/keys';
import type { ServerDB } from './schema';

export interface BranchKeys {
  keys: CredentialKey[];
  currentKey: string | undefined;
}

/** Stores the keys a desk offered (its current one first) and returns the branch's. Inside the enrolment transaction. */
export async function exchangeBranchKeys(
  tx: Kysely<ServerDB>,
  branch: string,
  offered: readonly CredentialKey[],
  offeredCurrent: string | undefined,
  now: number,
): Promise<BranchKeys> {
  // A desk always sends its own key; a caller that sends none (an older desk, a tool) gets none.
  if (offered.length === 0) return { keys: [], currentKey: undefined };
  const genuine = offered.filter(isGenuineKey);
  // The desk's current key sorts first among what it sends, so it becomes the branch key of a new branch.
  genuine.sort((a, b) => Number(b.id === offeredCurrent) - Number(a.id === offeredCurrent));
  for (const [i, k] of genuine.entries()) {
    await tx
      .insertInto('branch_keys')
      .values({ branch, key_id: k.id, secret: k.key, added_at: now + i })
      .onConflict((oc) => oc.columns(['branch', 'key_id']).doNothing())
      .execute();
  }
  const rows = await tx
    .selectFrom('branch_keys')
    .select(['key_id', 'secret'])
    .where('branch', '=', branch)
    .orderBy('added_at')
    .orderBy('key_id')
    .execute();
  return { keys: rows.map((r) => ({ id: r.key_id, key: r.secret })), currentKey: rows[0]?.key_id };
}
