/**
 * The staff projection: one `staff` row per staff id, from its
 * `staff.created`. Two `staff.created` for one id: the first in fold order
 * wins, whatever the arrival order. staff.pos is the seq of the first one to
 * arrive, so a rebuild gives the same rows.
 */
import type Database from 'better-sqlite3';
import { isFoldable } from '../../../../shared/domain/events';
import { streamId, type EventEnvelope } from '../../../../shared/domain/kernel/envelope';
import { compareFoldKeys, foldKey } from '../../../../shared/domain/kernel/foldKey';
import { fastCanonicalJson } from '../../../../shared/domain/kernel/hash';
import { STAFF_STREAM, StaffCreatedPayload } from '../../../../shared/domain/staff/payloads';
import type { ProjectionContext, Projector } from '../../kernel/projectors';

export function staffProjector(ctx: ProjectionContext): Projector {
  const s = ctx.d.sqlite;
  const st = {
    staffById: s.prepare('SELECT pos, created_key FROM staff WHERE id = ?') as Database.Statement<
      [string],
      { pos: number; created_key: string }
    >,
    insertStaff: s.prepare(
      `INSERT INTO staff (pos, id, name, login, login_norm, role, credential, created_key)
       VALUES (@pos, @id, @name, @login, @login_norm, @role, @credential, @created_key)`,
    ),
    updateStaff: s.prepare(
      `UPDATE staff SET name = @name, login = @login, login_norm = @login_norm, role = @role,
         credential = @credential, created_key = @created_key WHERE pos = @pos`,
    ),
  };

  /** Writes the staff row of a `staff.created` at once; true when a row changed. */
  function apply(e: EventEnvelope, seq: number): boolean {
    if (e.type !== 'staff.created' || !isFoldable(e)) return false;
    const p = StaffCreatedPayload.safeParse(e.payload);
    if (!p.success) return false;
    const id = streamId(e.stream);
    const key = foldKey(e);
    const row = {
      id,
      name: p.data.name,
      login: p.data.login,
      login_norm: p.data.login.toLowerCase(),
      role: p.data.role,
      credential: fastCanonicalJson(p.data.credential),
      created_key: key,
    };
    const existing = st.staffById.get(id);
    if (!existing) {
      st.insertStaff.run({ ...row, pos: seq });
      return true;
    }
    if (compareFoldKeys(key, existing.created_key) < 0) {
      st.updateStaff.run({ ...row, pos: existing.pos });
      return true;
    }
    return false;
  }

  return {
    kind: STAFF_STREAM,
    clear: () => s.exec('DELETE FROM staff;'),
    begin() {
      const changed: string[] = [];
      return {
        apply: (e, seq) => {
          if (apply(e, seq)) changed.push(streamId(e.stream));
        },
        flush: () => changed.splice(0),
      };
    },
  };
}
