/**
 * The desk's staff book: the staff fold (shared/domain/staff/directory.ts)
 * over every staff event in the log, held in memory per database. The staff
 * projector refolds it whenever staff events arrive (there are hundreds, not
 * millions, and authority depends on the whole branch's order, so a late
 * event can change what an earlier one did); sign-in, the dispatcher and the
 * authority oracle read it without a query.
 */
import { foldStaffDirectory, type StaffDirectory } from '../../../../shared/domain/staff/directory';
import { STAFF_STREAM } from '../../../../shared/domain/staff/payloads';
import type { EventEnvelope } from '../../../../shared/domain/kernel/envelope';
import type { DeskDatabase } from '../../db/open';

export interface StaffEventRead {
  seq: number;
  event: EventEnvelope;
}

export interface StaffBook {
  directory: StaffDirectory;
  /** seq of each event id, for the projection's row positions. */
  seqOf: Map<string, number>;
}

const books = new WeakMap<DeskDatabase, StaffBook>();

export function foldBook(events: readonly StaffEventRead[]): StaffBook {
  return {
    directory: foldStaffDirectory(events.map((r) => r.event)),
    seqOf: new Map(events.map((r) => [r.event.id, r.seq])),
  };
}

export function setStaffBook(d: DeskDatabase, book: StaffBook): void {
  books.set(d, book);
}

/** The staff book of a database; its projector folds it when the event store opens. */
export function staffBook(d: DeskDatabase): StaffBook {
  const book = books.get(d);
  if (!book) throw new Error(`the ${STAFF_STREAM} projector has not folded this database's staff yet`);
  return book;
}
