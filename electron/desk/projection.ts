/**
 * Stream kind -> projector, composed from the features' own projectors: the
 * one registry both the desk (openDesk) and the rebuild thread
 * (rebuildWorker.ts) fold with.
 */
import { STREAM_KINDS } from '../../shared/domain/events';
import * as cases from './features/cases';
import * as staff from './features/staff';
import { ProjectorRegistry } from './kernel/projectors';

export function projectors(): ProjectorRegistry {
  const registry = new ProjectorRegistry([
    ['case', cases.projector],
    ['staff', staff.projector],
  ]);
  registry.assertCovers(STREAM_KINDS);
  return registry;
}
