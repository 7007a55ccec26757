/**
 * Stream kind -> projector, composed from the features' own projectors: the
 * one registry both the desk (openDesk) and the rebuild thread
 * (rebuildWorker.ts) fold with.
 */
import { STREAM_KINDS } from '../../shared/domain/events';
import * as cases from './features/cases';
import * as staff from './features/staff';
import { ProjectorRegistry, type ProjectionContext } from './kernel/projectors';
import type { RoleOracle } from '../../shared/domain/cases/authority';

/**
 * ROLE ORACLE WIRING (issue 8): the role the case fold judges restricted acts
 * by (shared/domain/cases/authority.ts). Today: the actor's role in the staff
 * projection, which staff.created alone writes, so a role never changes and
 * the fold key is not needed; an actor the desk does not know has no
 * authority. The staff event of a desk's clerk always reaches another desk
 * before that clerk's case events (both travel in the order they were
 * written). To connect the staff fold's role history, replace this function.
 */
function roleOracle(ctx: ProjectionContext): RoleOracle {
  const directory = staff.directory(ctx.d);
  return (actorId) => directory.staffById(actorId)?.role ?? null;
}

export function projectors(): ProjectorRegistry {
  const registry = new ProjectorRegistry([
    ['case', (ctx) => cases.projector(ctx, { roleAt: roleOracle(ctx) })],
    ['staff', staff.projector],
  ]);
  registry.assertCovers(STREAM_KINDS);
  return registry;
}
