/**
 * The staff feature at head office: id -> name of every `staff.created`, for
 * owner names in the admin case list. Two `staff.created` for one id: the
 * first in fold order wins, whatever the arrival order.
 */
import type { Kysely } from 'kysely';
import { isFoldable } from '../../shared/domain/events';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  streamId,
  type EventEnvelope,
} from '../../shared/domain/kernel/envelope';
import { compareFoldKeys, foldKey } from '../../shared/domain/kernel/foldKey';
import { STAFF_STREAM, StaffCreatedPayload } from '../../shared/domain/staff/payloads';
import type { ServerProjector } from './projectors';
import type { ServerDB } from './schema';

async function applyStaff(tx: Kysely<ServerDB>, e: EventEnvelope): Promise<void> {
  if (!isFoldable(e) || e.type !== 'staff.created') return;
  const p = StaffCreatedPayload.safeParse(e.payload);
  if (!p.success) return;
  const id = streamId(e.stream);
  const key = foldKey(e);
  const existing = await tx.selectFrom('staff').select('created_key').where('id', '=', id).executeTakeFirst();
  if (existing && compareFoldKeys(existing.created_key, key) <= 0) return;
  const row = {
    id,
    branch: e.branch,
    name: p.data.name,
    login: p.data.login,
    role: p.data.role,
    created_key: key,
  };
  if (existing) await tx.updateTable('staff').set(row).where('id', '=', id).execute();
  else await tx.insertInto('staff').values(row).execute();
}

export const staffProjector: ServerProjector = {
  kind: STAFF_STREAM,
  apply: async (tx, events) => {
    for (const e of events) await applyStaff(tx, e);
  },
  clear: async (tx) => {
    await tx.deleteFrom('staff').execute();
  },
  rebuild: async (tx) => {
    const rows = await tx
      .selectFrom('events')
      .select(STORED_EVENT_COLUMNS)
      .where('type', '=', 'staff.created')
      .execute();
    for (const r of rows) await applyStaff(tx, envelopeFromStored(r));
    return rows.length;
  },
};
