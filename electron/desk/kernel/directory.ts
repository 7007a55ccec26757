/**
 * Who is who on this desk, as every feature needs to know it: the signed-in
 * staff member's role and state (the dispatcher's authority check), owner
 * and actor names (timelines, lists), and the role an actor held at a point
 * of the fold order (the authority oracle of other features' folds). The
 * staff feature implements it; the kernel and the other features only see
 * this port.
 */
import type { Role } from '../../../shared/domain/kernel/roles';
import type { DeskDatabase } from '../db/open';

export interface StaffRecord {
  id: string;
  name: string;
  login: string;
  role: Role;
  /** False once disabled: such staff cannot sign in, and their sessions end. */
  enabled: boolean;
}

export interface Directory {
  staffById(id: string): StaffRecord | undefined;
  /** Staff id -> name, for owner and actor names. */
  staffNames(): Map<string, string>;
  /** The role `staffId` held, enabled, just before fold key `key` (null: none, or disabled). */
  roleAt(staffId: string, key: string): Role | null;
}

export type DirectoryFactory = (d: DeskDatabase) => Directory;
