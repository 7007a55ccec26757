/** Reads of the staff book: the kernel's Directory port, and sign-in's look-up by login. */
import type { StaffMember } from '../../../../shared/domain/staff/directory';
import type { DeskDatabase } from '../../db/open';
import type { Directory, StaffRecord } from '../../kernel/directory';
import { staffBook } from './book';

export function recordOf(m: StaffMember): StaffRecord {
  return { id: m.id, name: m.name, login: m.login, role: m.role, enabled: m.enabled };
}

export function staffDirectory(d: DeskDatabase): Directory {
  return {
    staffById: (id) => {
      const m = staffBook(d).directory.members.get(id);
      return m ? recordOf(m) : undefined;
    },
    staffNames: () => new Map([...staffBook(d).directory.members.values()].map((m) => [m.id, m.name])),
    roleAt: (staffId, key) => staffBook(d).directory.roleAt(staffId, key),
  };
}

/** Staff with this login (case-insensitive), enabled ones first, each group oldest first. */
export function staffByLogin(d: DeskDatabase, login: string): StaffMember[] {
  return staffBook(d).directory.byLogin(login);
}

/** A record by id (enabled or not). */
export function staffMember(d: DeskDatabase, id: string): StaffMember | undefined {
  return staffBook(d).directory.members.get(id);
}

/** Every record, in creation order, and the staff events kept without effect. */
export function staffBookView(d: DeskDatabase) {
  const dir = staffBook(d).directory;
  return { members: [...dir.members.values()], flags: dir.flags };
}
