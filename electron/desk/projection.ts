/**
 * Stream kind -> projector, composed from the features' own projectors: the
 * one registry both the desk (openDesk) and the rebuild thread
 * (rebuildWorker.ts) fold with.
 */
import { STREAM_KINDS } from '../../shared/domain/events';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import * as cases from './features/cases';
import * as settings from './features/settings';
import * as staff from './features/staff';
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
 * likewise (`dependsOn('settings', 'staff')`).
 */
function roleOracle(ctx: ProjectionContext): RoleOracle {
  const directory = staff.directory(ctx.d);
  return (actorId, key) => directory.roleAt(actorId, key);
}

export function projectors(): ProjectorRegistry {
  const registry = new ProjectorRegistry([
    ['case', (ctx) => cases.projector(ctx, roleOracle(ctx))],
    ['staff', staff.projector],
    // After staff: its fold asks the staff book who was an administrator.
    ['settings', (ctx) => settings.projector(ctx, roleOracle(ctx))],
  ])
    // Settings first: a projector that reads the settings (the case deadlines) refreshes after them.
    .dependsOn('settings', 'staff')
    .dependsOn('case', 'staff');
  registry.assertCovers(STREAM_KINDS);
  return registry;
}
