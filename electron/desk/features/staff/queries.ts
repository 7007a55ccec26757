/** Reads of the staff book: the kernel's Directory port (with the credential check), and look-ups by login and id. */
import type { StaffMember } from '../../../../shared/domain/staff/directory';
import type { DeskDatabase } from '../../db/open';
import type { Directory, StaffRecord } from '../../kernel/directory';
import { Meta } from '../../kernel/meta';
import { staffBook } from './book';
import { HashQueueFullError } from './credentials';
import { matchSecret } from './secretMatch';

export function recordOf(m: StaffMember): StaffRecord {
  return { id: m.id, name: m.name, login: m.login, role: m.role, enabled: m.enabled };
}

export function staffDirectory(d: DeskDatabase): Directory {
  const meta = new Meta(d);
  return {
    staffById: (id) => {
      const m = staffBook(d).directory.members.get(id);
      return m ? recordOf(m) : undefined;
    },
    staffNames: () => new Map([...staffBook(d).directory.members.values()].map((m) => [m.id, m.name])),
    roleAt: (staffId, key) => staffBook(d).directory.roleAt(staffId, key),
    matchSecret: async (login, secret) => {
      try {
        const m = await matchSecret(d, meta, login, secret);
        return m ? recordOf(m) : null;
      } catch (e) {
        if (e instanceof HashQueueFullError) return 'busy';
        throw e;
      }
    },
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
