/**
 * Stream kind -> projector, composed from the features' own projectors: the
 * one registry both the desk (openDesk) and the rebuild thread
 * (rebuildWorker.ts) fold with.
 */
import { STREAM_KINDS } from '../../shared/domain/events';
import type { RoleOracle } from '../../shared/domain/cases/authority';
import { foldStaffDirectory, type StaffDirectory } from '../../shared/domain/staff/directory';
import { STAFF_STREAM } from '../../shared/domain/staff/payloads';
import type { DeskDatabase } from './db/open';
import * as cases from './features/cases';
import * as staff from './features/staff';
import { ProjectorRegistry, type ProjectionContext, type Projector } from './kernel/projectors';

/**
 * ROLE ORACLE WIRING (issue 8): the role history the case fold judges
 * restricted acts by (shared/domain/cases/authority.ts, docs/roles.md), as of
 * the case event's arrival: the staff directory's `roleAt` over the staff
 * events that arrived before it. The staff book is folded again when a batch
 * flushes; a staff event that arrived earlier in the batch still open (a
 * supervisor created, then acting, in one pulled page) is folded in here, so
 * a rebuild, whatever its chunks, judges each case event as the incremental
 * path did.
 */
interface OpenStaff {
  /** The staff directory as of the last staff event of the open batch (folded when first asked). */
  asOf: StaffDirectory | null;
  lastSeq: number;
}
const openStaff = new WeakMap<DeskDatabase, OpenStaff>();

function caseAuthority(ctx: ProjectionContext): (seq: number) => RoleOracle {
  const book = staff.directory(ctx.d);
  return (seq) => {
    const open = openStaff.get(ctx.d);
    if (open === undefined || open.lastSeq > seq) return (id, key) => book.roleAt(id, key);
    const asOf = (open.asOf ??= foldStaffDirectory(ctx.readKind(STAFF_STREAM, seq).map((r) => r.event)));
    return (id, key) => asOf.roleAt(id, key);
  };
}

/** The staff projector, noting the staff events of the batch still open for `caseAuthority`. */
function staffProjector(ctx: ProjectionContext): Projector {
  const p = staff.projector(ctx);
  return {
    ...p,
    begin() {
      const batch = p.begin();
      return {
        apply(e, seq) {
          openStaff.set(ctx.d, { asOf: null, lastSeq: seq });
          batch.apply(e, seq);
        },
        flush() {
          const ids = batch.flush();
          openStaff.delete(ctx.d);
          return ids;
        },
      };
    },
  };
}

export function projectors(): ProjectorRegistry {
  const registry = new ProjectorRegistry([
    ['case', (ctx) => cases.projector(ctx, caseAuthority(ctx))],
    ['staff', staffProjector],
  ]);
  registry.assertCovers(STREAM_KINDS);
  return registry;
}
