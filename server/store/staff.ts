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
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
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

/** Rewrites a branch's staff rows from its staff events (stored plus `fresh`); returns the rows. */
async function refoldBranch(
  tx: Kysely<ServerDB>,
  branch: string,
  fresh: readonly EventEnvelope[],
): Promise<number> {
  const dir = foldStaffDirectory([...(await storedStaffEvents(tx, branch)), ...fresh]);
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
  lockNames: (e) => [`${STAFF_STREAM}-of-branch:${e.branch}`],
  apply: async (tx, events) => {
    for (const [branch, fresh] of byBranch(events)) await refoldBranch(tx, branch, fresh);
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
