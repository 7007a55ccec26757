/**
 * The business-volume feature at head office (issue 14 item 2; decision
 * 0039): the same volume fold every desk runs (shared/domain/volume/fold.ts),
 * one fold per branch, judged with the branch's staff directory as role
 * oracle (an event counts only if its actor was a supervisor or an
 * administrator just before it), written to `branch_volume` (migration 0016)
 * so the analysis totals one branch's or all branches' volume
 * (`serverVolumeTotal`, the `volume` source of the head-office analysis).
 *
 * Every branch's volume stream has the same id, so everything is scoped by
 * the envelope's `branch` (the lock a push takes, the rows written). A
 * branch's volume is a handful of events a month: any new one refolds the
 * branch whole. The fold reads the staff directory, so the projector folds
 * a branch again when its staff rows changed (`dependsOn('volume', 'staff')`).
 */
import type { Kysely } from 'kysely';
import {
  envelopeFromStored,
  STORED_EVENT_COLUMNS,
  type EventEnvelope,
} from '../../shared/domain/kernel/envelope';
import { figureKey, foldVolume, isVolumeEvent, type VolumeRoleOracle } from '../../shared/domain/volume/fold';
import { VOLUME_STREAM, VOLUME_STREAM_NAME } from '../../shared/domain/volume/payloads';
import { monthsOf } from '../../shared/domain/kernel/time';
import { volumeTotal, type VolumeSum } from '../../shared/domain/volume/total';
import type { ProjectionGroup, ServerProjector } from './projectors';
import type { ServerDB } from './schema';

export type VolumeAuthority = (
  tx: Kysely<ServerDB>,
  branch: string,
  group: ProjectionGroup,
) => Promise<VolumeRoleOracle>;

/** The lock serialising writers of a branch's volume rows. */
export function volumeLockName(branch: string): string {
  return `${VOLUME_STREAM_NAME}@${branch}`;
}

async function refoldBranch(
  tx: Kysely<ServerDB>,
  branch: string,
  group: ProjectionGroup,
  authority: VolumeAuthority | undefined,
): Promise<boolean> {
  const stored = await tx
    .selectFrom('events')
    .select(STORED_EVENT_COLUMNS)
    .where('branch', '=', branch)
    .where('stream', '=', VOLUME_STREAM_NAME)
    .execute();
  const events: EventEnvelope[] = [
    ...stored.map(envelopeFromStored),
    ...group.events.filter((e) => e.branch === branch && isVolumeEvent(e)),
  ];
  const roleAt = authority && events.length > 0 ? await authority(tx, branch, group) : undefined;
  const state = foldVolume(events, roleAt ? { roleAt } : {});
  const have = await tx
    .selectFrom('branch_volume')
    .select(['period', 'unit', 'value', 'event_id'])
    .where('branch', '=', branch)
    .execute();
  let changed = false;
  const kept = new Set<string>();
  for (const r of have) {
    const key = figureKey(r.period, r.unit);
    const f = state.figures.get(key);
    if (f && f.eventId === r.event_id && f.value === Number(r.value)) {
      kept.add(key);
      continue;
    }
    await tx
      .deleteFrom('branch_volume')
      .where('branch', '=', branch)
      .where('period', '=', r.period)
      .where('unit', '=', r.unit)
      .execute();
    changed = true;
  }
  const rows = [...state.figures.entries()]
    .filter(([key]) => !kept.has(key))
    .map(([, f]) => ({
      branch,
      period: f.period,
      unit: f.unit,
      value: f.value,
      event_id: f.eventId,
      actor: f.actor,
      hlc: f.hlc,
    }));
  if (rows.length > 0) {
    await tx.insertInto('branch_volume').values(rows).execute();
    changed = true;
  }
  return changed;
}

async function refoldBranches(
  tx: Kysely<ServerDB>,
  branches: Iterable<string>,
  group: ProjectionGroup,
  authority: VolumeAuthority | undefined,
): Promise<string[]> {
  const changed: string[] = [];
  for (const b of branches) if (await refoldBranch(tx, b, group, authority)) changed.push(b);
  return changed;
}

/** The volume projector at head office; without `authority` every event counts. */
export function volumeProjector(
  authority?: VolumeAuthority,
  sharedLockNames?: (e: EventEnvelope) => string[],
): ServerProjector {
  return {
    kind: VOLUME_STREAM,
    version: 1,
    streamLockName: (e) => volumeLockName(e.branch),
    ...(sharedLockNames ? { sharedLockNames } : {}),
    apply: async (tx, events, _now, group) => ({
      branches: await refoldBranches(tx, new Set(events.map((e) => e.branch)), group, authority),
    }),
    refresh: async (tx, branches, _now, group) => {
      if (authority === undefined) return;
      return { branches: await refoldBranches(tx, branches, group, authority) };
    },
    clear: async (tx) => {
      await tx.deleteFrom('branch_volume').execute();
    },
    rebuild: async (tx) => {
      const rows = await tx
        .selectFrom('events')
        .select('branch')
        .distinct()
        .where('stream', '=', VOLUME_STREAM_NAME)
        .execute();
      return (
        await refoldBranches(
          tx,
          rows.map((r) => r.branch),
          { events: [] },
          authority,
        )
      ).length;
    },
  };
}

/**
 * The business volume of [fromDay, toDay) at head office: one branch's
 * (`branch` given) or all branches' (shared/domain/volume/total.ts has the
 * definition: the unit with the most (branch, month) figures, summed).
 */
export async function serverVolumeTotal(
  db: Kysely<ServerDB>,
  period: { fromDay: string; toDay: string },
  branch?: string | null,
): Promise<VolumeSum | null> {
  const months = monthsOf(period.fromDay, period.toDay);
  if (months.length === 0) return null;
  let q = db
    .selectFrom('branch_volume')
    .select(['branch', 'period', 'unit', 'value'])
    .where('period', 'in', months);
  if (branch !== undefined && branch !== null) q = q.where('branch', '=', branch);
  const rows = await q.execute();
  return volumeTotal(
    rows.map((r) => ({ branch: r.branch, period: r.period, unit: r.unit, value: Number(r.value) })),
    period,
  );
}
