/**
 * Rectification items at head office (issue 14 item 7; docs/rectification.md):
 * the same fold every desk runs (shared/domain/rectification/fold.ts), one
 * item per `rect:<uuid>` stream, judged with the staff directory of the
 * branch the item was opened in (supervisors open, complete and reopen; the
 * owner or a supervisor records progress), written to `rectifications`
 * (server migration 0017). A push refolds the streams it touches; a staff
 * change refolds the branch's items (`dependsOn('rect', 'staff')`), so a
 * promotion or demotion arriving late re-judges the acts it decides.
 */
import type { Kysely } from 'kysely';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { compareEvents } from '../../shared/domain/kernel/foldKey';
import { foldRectItem, isRectEvent } from '../../shared/domain/rectification/fold';
import { RECT_STREAM } from '../../shared/domain/rectification/payloads';
import { readStreams, type ProjectionGroup, type ServerProjector } from './projectors';
import type { ServerDB } from './schema';

/** The role oracle of a branch for one push group (or an empty group in a rebuild). */
export type RectAuthority = (
  tx: Kysely<ServerDB>,
  branch: string,
  group: ProjectionGroup,
) => Promise<RoleOracle>;

/** Folds the streams again (stored events plus the group's) and writes their rows; the branches changed. */
async function refold(
  tx: Kysely<ServerDB>,
  streams: Iterable<string>,
  group: ProjectionGroup,
  authority: RectAuthority | undefined,
): Promise<string[]> {
  const list = [...new Set(streams)];
  const stored = await readStreams(tx, list);
  const changed = new Set<string>();
  for (const stream of list) {
    const fresh = group.events.filter((e) => e.stream === stream);
    const events = [...(stored.get(stream) ?? []), ...fresh].sort(compareEvents);
    const first = events[0];
    if (first === undefined) continue;
    // The item's branch: where its stream began (its events are all that branch's).
    const branch = first.branch;
    const roleAt = authority ? await authority(tx, branch, group) : undefined;
    const item = foldRectItem(events, roleAt ? { roleAt } : {});
    const id = stream.slice(RECT_STREAM.length + 1);
    const had = await tx.selectFrom('rectifications').select('item').where('id', '=', id).executeTakeFirst();
    const json = item === null ? null : JSON.stringify(item);
    if ((had?.item ?? null) === json) continue;
    changed.add(branch);
    if (item === null) {
      await tx.deleteFrom('rectifications').where('id', '=', id).execute();
      continue;
    }
    const row = {
      id,
      branch,
      status: item.status,
      owner: item.owner,
      due_at: item.dueAt,
      scope_dim: item.scope.dim,
      scope_value: item.scope.value,
      opened_hlc: item.openedHlc,
      updated_hlc: item.updatedHlc,
      item: json as string,
    };
    const { id: _id, ...update } = row;
    await tx
      .insertInto('rectifications')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(update))
      .execute();
  }
  return [...changed];
}

/** The streams of rectification items of `branches` (or of every branch), from the log. */
async function streamsOf(tx: Kysely<ServerDB>, branches?: readonly string[]): Promise<string[]> {
  let q = tx.selectFrom('events').select('stream').distinct().where('stream', 'like', `${RECT_STREAM}:%`);
  if (branches) q = q.where('branch', 'in', branches);
  return (await q.execute()).map((r) => r.stream);
}

/** The rectification projector; with `authority` acts are judged by the branch's staff directory. */
export function rectProjector(
  authority?: RectAuthority,
  sharedLockNames?: (e: EventEnvelope) => string[],
): ServerProjector {
  return {
    kind: RECT_STREAM,
    version: 2, // 2: an item's due instant kept in UTC (the desk's RECT_PROJECTION_VERSION 2)
    ...(sharedLockNames ? { sharedLockNames } : {}),
    apply: async (tx, events, _now, group) => ({
      branches: await refold(
        tx,
        events.filter(isRectEvent).map((e) => e.stream),
        group,
        authority,
      ),
    }),
    refresh: async (tx, branches, _now, group) => {
      if (authority === undefined || branches.length === 0) return;
      return { branches: await refold(tx, await streamsOf(tx, branches), group, authority) };
    },
    clear: async (tx) => {
      await tx.deleteFrom('rectifications').execute();
    },
    rebuild: async (tx) => {
      const streams = await streamsOf(tx);
      await refold(tx, streams, { events: [] }, authority);
      const n = await tx
        .selectFrom('rectifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return Number(n?.n ?? 0);
    },
  };
}
