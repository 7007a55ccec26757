/**
 * Stream kind -> projector, composed from the features' own projectors: the
 * one registry both the desk (openDesk) and the rebuild thread
 * (rebuildWorker.ts) fold with.
 */
import { STREAM_KINDS } from '../../shared/domain/events';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import * as cases from './features/cases';
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
 * the same case rows for the same events.
 */
function caseAuthority(ctx: ProjectionContext): RoleOracle {
  const directory = staff.directory(ctx.d);
  return (actorId, key) => directory.roleAt(actorId, key);
}

export function projectors(): ProjectorRegistry {
  const registry = new ProjectorRegistry([
    ['case', (ctx) => cases.projector(ctx, caseAuthority(ctx))],
    ['staff', staff.projector],
  ]).dependsOn('case', 'staff');
  registry.assertCovers(STREAM_KINDS);
  return registry;
}
