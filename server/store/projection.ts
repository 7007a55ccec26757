/**
 * The head-office projections of this build: each feature's projector,
 * registered by stream kind (server/store/projectors.ts routes by kind).
 */
import type { Kysely } from 'kysely';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { caseProjector, type BranchAuthority } from './cases';
import { orderProjector } from './orders';
import { rectProjector } from './rectification';
import { ServerProjectors, type ProjectionGroup } from './projectors';
import type { ServerDB } from './schema';
import { settingsLockName, settingsProjector } from './settings';
import { branchDirectory, staffLockName, staffProjector } from './staff';
import { volumeProjector } from './volume';

/**
 * ROLE ORACLE WIRING (issue 8), as on the desk (electron/desk/projection.ts):
 * head office judges restricted case acts with the staff directory of the
 * case's branch, over its stored staff events and the push group's new ones,
 * folded at most once per branch and group, and only when a case fold asks.
 * A case push holds its branch's staff lock shared (PostgreSQL), so a staff
 * push of that branch and its re-judging never interleave with it; the case
 * projector folds the branch's judged cases again whenever the staff
 * projector rewrote that branch (`dependsOn`).
 */
const oracles = new WeakMap<ProjectionGroup, Map<string, Promise<RoleOracle>>>();
const branchRoles: BranchAuthority = (tx, branch, group) => {
  let byBranch = oracles.get(group);
  if (byBranch === undefined) oracles.set(group, (byBranch = new Map()));
  let oracle = byBranch.get(branch);
  if (oracle === undefined) {
    oracle = branchDirectory(tx, branch, group.events).then((dir) => (id, key) => dir.roleAt(id, key));
    byBranch.set(branch, oracle);
  }
  return oracle;
};

/**
 * SETTINGS WIRING (issue 9, decision 0023): the settings fold asks the same
 * oracle whether a settings event's actor was an administrator, so a
 * settings push holds its branch's staff lock shared and the settings
 * projector folds a branch again when its staff rows changed. The case
 * projector derives each case's deadlines with its branch's settings in
 * force at receipt (the `branch_settings` row), so a case push holds the
 * branch's settings lock shared too, and the case projector re-derives the
 * cases whose settings in force changed after the settings projector
 * rewrote a branch (declared after `('settings','staff')`, so a late staff
 * event that re-judges a settings event reaches the cases in the same push).
 * Registration order is rebuild order: staff, then settings, then cases.
 *
 * ORDER WIRING (issue 11): the work-order fold judges every act and
 * signature with the same oracle (server/store/orders.ts), so an order push
 * holds its branch's staff lock shared and the order projector folds again
 * the orders a branch's staff change can reach (`dependsOn('order','staff')`).
 */
const PROJECTORS = new ServerProjectors([
  staffProjector,
  settingsProjector(branchRoles, (e) => [staffLockName(e.branch)]),
  caseProjector(branchRoles, (e) => [staffLockName(e.branch), settingsLockName(e.branch)]),
  // Its facts (issue 14 repair KPIs) read the branch calendar: the settings lock too.
  orderProjector(branchRoles, (e) => [staffLockName(e.branch), settingsLockName(e.branch)]),
  // Issue 14 item 7: rectification items, judged with the branch's staff directory like orders.
  rectProjector(branchRoles, (e) => [staffLockName(e.branch)]),
  // Issue 14: the volume fold counts an event only if its actor was a supervisor or an administrator then.
  volumeProjector(branchRoles, (e) => [staffLockName(e.branch)]),
])
  .dependsOn('settings', 'staff')
  .dependsOn('case', 'staff')
  .dependsOn('case', 'settings')
  .dependsOn('order', 'staff')
  .dependsOn('rect', 'staff')
  .dependsOn('volume', 'staff');

/** Identifies what this build's folds understand; a change triggers a rebuild at start-up. */
export const FOLD_SIGNATURE = PROJECTORS.signature();
const FOLD_META_KEY = 'projection.fold';

/**
 * Folds new events into the projections. `events` are about to be inserted
 * in this transaction and are not in the log yet (the push folds first and
 * takes the sequencer only for the insert); a re-fold reads the stream's log
 * and adds them. The caller holds the streams' locks (`lockStreams`), so the
 * rows read here cannot change before COMMIT.
 */
export function applyToProjections(
  tx: Kysely<ServerDB>,
  events: readonly EventEnvelope[],
  now: number,
): Promise<void> {
  return PROJECTORS.apply(tx, events, now);
}

/** The advisory-lock names a push group takes before it folds (streams, and what projectors add). */
export function projectionLockNames(events: readonly EventEnvelope[]): {
  exclusive: string[];
  shared: string[];
} {
  return PROJECTORS.lockNames(events);
}

/**
 * Drops and re-folds every projection from the log (after an upgrade that
 * taught the fold new event types). Runs inside the caller's transaction;
 * returns the number of case rows.
 */
export async function rebuildProjections(tx: Kysely<ServerDB>, now: number): Promise<number> {
  const rows = await PROJECTORS.rebuild(tx, now);
  await tx
    .insertInto('meta')
    .values({ key: FOLD_META_KEY, value: FOLD_SIGNATURE })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: FOLD_SIGNATURE }))
    .execute();
  return rows['case'] ?? 0;
}

/** True when the projections were folded by a build with another fold signature (or never). */
export async function projectionsStale(db: Kysely<ServerDB>): Promise<boolean> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', FOLD_META_KEY).executeTakeFirst();
  return row?.value !== FOLD_SIGNATURE;
}
