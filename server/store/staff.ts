/**
 * The staff feature at head office: the same staff fold every desk runs
 * (shared/domain/staff/directory.ts), one fold per branch, so a record only
 * exists here if its creation counted (a forged administrator never gets a
 * row) and owner names in the admin case list come from records that count.
 * Authority depends on the order of all of a branch's staff events, so any
 * new staff event refolds that branch's staff; the push holds the branch's
 * staff lock (`lockNames`) while it does.
 */
import type { Kysely } from 'kysely';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
} from '../../shared/domain/kernel/envelope';
import { foldStaffDirectory, isStaffEvent, type StaffDirectory } from '../../shared/domain/staff/directory';
import { STAFF_STREAM } from '../../shared/domain/staff/payloads';
import type { ServerProjector } from './projectors';
import type { ServerDB } from './schema';

/** The stored staff events of a branch (`staff:` streams), in any order. */
async function storedStaffEvents(tx: Kysely<ServerDB>, branch: string): Promise<EventEnvelope[]> {
  const rows = await tx
    .selectFrom('events')
    .select(STORED_EVENT_COLUMNS)
    .where('branch', '=', branch)
    .where('stream', '>=', `${STAFF_STREAM}:`)
    .where('stream', '<', `${STAFF_STREAM};`)
    .execute();
  return rows.map(envelopeFromStored);
}

/**
 * The staff directory of a branch: the staff fold over its stored staff
 * events and those of `fresh` (new events of a push group, any kind and
 * branch) that belong to it. The role oracle of head office's case fold.
 */
export async function branchDirectory(
  tx: Kysely<ServerDB>,
  branch: string,
  fresh: readonly EventEnvelope[],
): Promise<StaffDirectory> {
  const mine = fresh.filter((e) => e.branch === branch && isStaffEvent(e));
  return foldStaffDirectory([...(await storedStaffEvents(tx, branch)), ...mine]);
}

/** The lock a push takes to refold a branch's staff (and a fold reading that branch's staff holds shared). */
export function staffLockName(branch: string): string {
  return `${STAFF_STREAM}-of-branch:${branch}`;
}

/** Rewrites a branch's staff rows from its staff events (stored plus `fresh`); returns the rows. */
async function refoldBranch(
  tx: Kysely<ServerDB>,
  branch: string,
  fresh: readonly EventEnvelope[],
): Promise<number> {
  const dir = await branchDirectory(tx, branch, fresh);
  await tx.deleteFrom('staff').where('branch', '=', branch).execute();
  const rows = [...dir.members.values()].map((m) => ({
    id: m.id,
    branch,
    name: m.name,
    login: m.login,
    role: m.role,
    created_key: m.createdKey,
  }));
  if (rows.length > 0) await tx.insertInto('staff').values(rows).execute();
  return rows.length;
}

function byBranch(events: readonly EventEnvelope[]): Map<string, EventEnvelope[]> {
  const out = new Map<string, EventEnvelope[]>();
  for (const e of events) out.set(e.branch, [...(out.get(e.branch) ?? []), e]);
  return out;
}

export const staffProjector: ServerProjector = {
  kind: STAFF_STREAM,
  // 2: rows come from the staff fold with authority (issue 8), not from every staff.created.
  version: 2,
  lockNames: (e) => [staffLockName(e.branch)],
  apply: async (tx, events) => {
    const branches = byBranch(events);
    for (const [branch, fresh] of branches) await refoldBranch(tx, branch, fresh);
    // Every refolded branch may have changed who held which role (a late event can change an earlier one).
    return { branches: [...branches.keys()] };
  },
  clear: async (tx) => {
    await tx.deleteFrom('staff').execute();
  },
  rebuild: async (tx) => {
    const branches = await tx
      .selectFrom('events')
      .select('branch')
      .distinct()
      .where('stream', '>=', `${STAFF_STREAM}:`)
      .where('stream', '<', `${STAFF_STREAM};`)
      .execute();
    let rows = 0;
    for (const { branch } of branches) rows += await refoldBranch(tx, branch, []);
    return rows;
  },
};
