/**
 * Stream kind -> projector, composed from the features' own projectors: the
 * one registry both the desk (openDesk) and the rebuild thread
 * (rebuildWorker.ts) fold with.
 */
import { STREAM_KINDS } from '../../shared/domain/events';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import * as cases from './features/cases';
import * as library from './features/library';
import * as orders from './features/orders';
import * as rectification from './features/rectification';
import * as settings from './features/settings';
import * as staff from './features/staff';
import * as volume from './features/volume';
import type { SettingsAt, SettingsSource } from '../../shared/domain/deadlines/caseDeadlines';
import type { SettingsState } from '../../shared/domain/settings/fold';
import type { DeskDatabase } from './db/open';
import { ProjectorRegistry, type ProjectionContext } from './kernel/projectors';

/**
 * ROLE ORACLE WIRING (issue 8): the role history the case fold judges
 * restricted acts by (shared/domain/cases/authority.ts, docs/roles.md): the
 * staff directory (`roleAt` of shared/domain/staff/directory.ts) over every
 * staff event the staff book has folded. `roleAt` is a function of fold keys,
 * so once every staff event is known the answer no longer depends on the
 * order they arrived in. A case event judged before a staff event that would
 * change the answer (a promotion, a demotion dated earlier, both in one batch
 * or the staff event days later) is judged again: the case projector records
 * every case whose fold asked (`case_judged`), and `dependsOn('case',
 * 'staff')` makes the store fold those again after every batch whose staff
 * rows changed. So every desk, and a rebuild whatever its chunks, ends with
 * the same case rows for the same events. The settings fold asks the same
 * oracle whether a settings event's actor was an administrator, and refreshes
 * likewise (`dependsOn('settings', 'staff')`). The work-order fold judges
 * every act and signature by the same oracle (shared/domain/orders/
 * authority.ts): the order projector keeps each order's questions and
 * answers (`order_judged`) and `dependsOn('order', 'staff')` re-folds the
 * orders whose answers changed (features/orders/projector.ts). The case
 * library fold (issue 12) counts an event only if its actor was a supervisor
 * or an administrator at its fold key; `dependsOn('library', 'staff')` folds
 * the branch's library again after the staff book changed; so does the
 * business-volume fold (issue 14, `dependsOn('volume', 'staff')`).
 */
function roleOracle(ctx: ProjectionContext): RoleOracle {
  const directory = staff.directory(ctx.d);
  return (actorId, key) => directory.roleAt(actorId, key);
}

/**
 * SETTINGS ORACLE WIRING (issue 9): the branch settings (calendar, deadline
 * rules) in force at an instant, which the case projector derives each case's
 * deadlines (`case_work`) with, at the case's receipt; the work queue, the
 * intake's late-entry rule and the scheduler read the same oracle
 * (electron/desk/index.ts). `dependsOn('case', 'settings')`: after a batch
 * changed the settings, the case projector re-derives every case whose
 * settings in force at receipt changed (features/cases/work.ts). A staff event
 * that changes what a settings event did refreshes the settings first, then
 * the cases (both depend on staff, settings declared first), and the case
 * refresh re-derives those too, since one refresh serves both dependencies.
 */
export function deadlineSettings(d: DeskDatabase): SettingsAt {
  return settings.settingsOracle(d);
}

/** The versioned settings the oracle answers from: the calendars, the rules, each public year. */
function versionLists(state: SettingsState) {
  return [state.calendars, state.rules, ...state.publicYears.values()];
}

/** Every instant a settings version starts at (the settings in force change only there). */
function versionStarts(state: SettingsState): number[] {
  return versionLists(state).flatMap((list) => list.map((v) => v.fromMs));
}

/** The oracle with the instants its answers change at, for the case projector's refresh. */
function deadlineSettingsSource(d: DeskDatabase): SettingsSource {
  return { at: deadlineSettings(d), changesAt: () => versionStarts(settings.settingsBook(d)) };
}

/**
 * What every answer of the settings oracle comes from (the calendar, rule and
 * public-year versions): equal fingerprints, equal answers at every instant.
 */
function settingsFingerprint(d: DeskDatabase): string {
  return versionLists(settings.settingsBook(d))
    .map((list) => list.map((v) => v.eventId).join(','))
    .join('|');
}

export function projectors(): ProjectorRegistry {
  const registry = new ProjectorRegistry([
    ['case', (ctx) => cases.projector(ctx, roleOracle(ctx), deadlineSettingsSource(ctx.d))],
    ['staff', staff.projector],
    // After staff: its fold asks the staff book who was an administrator.
    ['settings', (ctx) => settings.projector(ctx, roleOracle(ctx))],
    // The order fold judges every act and signature by the staff directory's role at its fold key.
    // Its facts for the repair KPIs (issue 14) read the branch calendar: days and the follow-up call's due time.
    [
      'order',
      (ctx) =>
        orders.projector(ctx, roleOracle(ctx), deadlineSettings(ctx.d), () => settingsFingerprint(ctx.d)),
    ],
    // The library fold counts an event only if its actor was a supervisor or an administrator then.
    ['library', (ctx) => library.projector(ctx, roleOracle(ctx))],
    // Issue 14: rectification items, their acts judged by the same oracle (supervisors; the owner's progress).
    ['rect', (ctx) => rectification.projector(ctx, roleOracle(ctx))],
    // Issue 14: the volume fold counts an event only if its actor was a supervisor or an administrator then.
    ['volume', (ctx) => volume.projector(ctx, roleOracle(ctx))],
  ])
    // Settings first: a projector that reads the settings (the case deadlines) refreshes after them.
    .dependsOn('settings', 'staff')
    .dependsOn('case', 'staff')
    .dependsOn('case', 'settings')
    .dependsOn('order', 'staff')
    .dependsOn('order', 'settings')
    .dependsOn('library', 'staff')
    .dependsOn('rect', 'staff')
    .dependsOn('volume', 'staff');
  registry.assertCovers(STREAM_KINDS);
  return registry;
}
