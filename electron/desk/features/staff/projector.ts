/**
 * The staff projection: the staff book (book.ts) and one `staff` row per
 * record that exists, for the queries that join owner names. Whenever a batch
 * holds staff events, the whole book is folded again from the log up to the
 * batch's last seq: authority depends on the order of all staff events, so a
 * late-arriving event may change what an earlier one did. staff.pos is the
 * seq of the `staff.created` that counts, so a rebuild gives the same rows.
 */
import { STAFF_STREAM } from '../../../../shared/domain/staff/payloads';
import { fastCanonicalJson } from '../../../../shared/domain/kernel/hash';
import { streamId } from '../../../../shared/domain/kernel/envelope';
import type { ProjectionContext, Projector } from '../../kernel/projectors';
import { foldBook, setStaffBook, type StaffBook } from './book';

/** Version of the staff rows: 2 since issue 8 (authority in the fold, `enabled`). */
export const STAFF_PROJECTION_VERSION = 2;

export function staffProjector(ctx: ProjectionContext): Projector {
  const s = ctx.d.sqlite;
  const st = {
    clear: s.prepare('DELETE FROM staff'),
    insert: s.prepare(
      `INSERT INTO staff (pos, id, name, login, login_norm, role, credential, created_key, enabled)
       VALUES (@pos, @id, @name, @login, @login_norm, @role, @credential, @created_key, @enabled)`,
    ),
  };

  const refold = (maxSeq?: number): StaffBook => {
    const book = foldBook(ctx.readKind(STAFF_STREAM, maxSeq));
    setStaffBook(ctx.d, book);
    return book;
  };
  refold();

  const write = (book: StaffBook) => {
    st.clear.run();
    for (const m of book.directory.members.values()) {
      st.insert.run({
        pos: book.seqOf.get(m.createdEventId) ?? 0,
        id: m.id,
        name: m.name,
        login: m.login,
        login_norm: m.login.toLowerCase(),
        role: m.role,
        credential: fastCanonicalJson(m.credential),
        created_key: m.createdKey,
        enabled: m.enabled ? 1 : 0,
      });
    }
  };

  return {
    kind: STAFF_STREAM,
    version: STAFF_PROJECTION_VERSION,
    clear: () => {
      st.clear.run();
      setStaffBook(ctx.d, foldBook([]));
    },
    reload: () => {
      refold();
    },
    begin() {
      const touched = new Set<string>();
      let maxSeq = 0;
      return {
        apply: (e, seq) => {
          touched.add(streamId(e.stream));
          if (seq > maxSeq) maxSeq = seq;
        },
        flush: () => {
          if (touched.size === 0) return [];
          write(refold(maxSeq));
          const ids = [...touched];
          touched.clear();
          return ids;
        },
      };
    },
  };
}
