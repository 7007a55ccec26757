/** Reads of the staff projection: the kernel's Directory, and sign-in's look-up by login. */
import type { DeskDatabase } from '../../db/open';
import type { Directory, StaffRecord } from '../../kernel/directory';

const COLUMNS = ['id', 'name', 'login', 'role', 'credential'] as const;

export function staffDirectory(d: DeskDatabase): Directory {
  return {
    staffById: (id) =>
      d.first(d.db.selectFrom('staff').select(COLUMNS).where('id', '=', id)) as StaffRecord | undefined,
    staffNames: () => {
      const rows = d.all(d.db.selectFrom('staff').select(['id', 'name']));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}

/** Staff with this login (case-insensitive); the first created in fold order wins. */
export function staffByLogin(d: DeskDatabase, login: string): StaffRecord | undefined {
  return d.first(
    d.db
      .selectFrom('staff')
      .select(COLUMNS)
      .where('login_norm', '=', login.trim().toLowerCase())
      .orderBy('created_key')
      .limit(1),
  ) as StaffRecord | undefined;
}
