/**
 * Who is who on this desk, as every feature needs to know it: the signed-in
 * staff member's role and state (the dispatcher's authority check), owner
 * and actor names (timelines, lists), the role an actor held at a point
 * of the fold order (the authority oracle of other features' folds), and
 * whose secret a typed PIN is (a signature at the moment of signing). The
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
  /**
   * Whose secret this is: the record with `login` whose PIN or password
   * `secret` is (enabled or not), null when none matches, 'busy' when too many
   * secrets are being hashed at once. The same check as sign-in (an unknown
   * login costs the same hash); it counts nothing: the caller counts the
   * attempt first (SignInLimiter). Used for signatures (./signatures.ts).
   */
  matchSecret(login: string, secret: string): Promise<StaffRecord | null | 'busy'>;
}

export type DirectoryFactory = (d: DeskDatabase) => Directory;
