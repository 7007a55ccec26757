/**
 * Who is who on this desk, as every feature needs to know it: the signed-in
 * staff member's role (the dispatcher's authority check), owner and actor
 * names (timelines, lists). The staff feature implements it; the kernel and
 * the other features only see this port.
 */
import type { Role } from '../../../shared/domain/kernel/roles';
import type { DeskDatabase } from '../db/open';

export interface StaffRecord {
  id: string;
  name: string;
  login: string;
  role: Role;
  credential: string;
}

export interface Directory {
  staffById(id: string): StaffRecord | undefined;
  /** Staff id -> name, for owner and actor names. */
  staffNames(): Map<string, string>;
}

export type DirectoryFactory = (d: DeskDatabase) => Directory;
