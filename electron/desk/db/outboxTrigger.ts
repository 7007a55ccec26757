/**
 * The trigger that puts every event written with this desk's own device id
 * into the sync outbox, in the same transaction as the event (migration
 * 0002 explains the outbox).
 *
 * It names the device id as a literal: reading it from `meta` in the
 * trigger's WHEN clause ran a sub-query for every stored event, about 5 % of
 * a bulk append (sync pulls, imports), although the answer never changes.
 * A desk learns its device id once, at first-run setup, which installs the
 * trigger (Meta.setIdentity, in the same transaction as the first events);
 * before that no event can be written on the desk.
 */
import type Database from 'better-sqlite3';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** (Re)creates the outbox trigger for `deviceId`, or drops it when there is none yet. */
export function installOutboxTrigger(db: Database.Database, deviceId: string | null): void {
  db.exec('DROP TRIGGER IF EXISTS events_into_outbox');
  if (deviceId === null) return;
  // Inlined as SQL text: only a well-formed UUID (this desk's own newId()) is accepted.
  if (!UUID.test(deviceId)) throw new Error(`device id ${JSON.stringify(deviceId)} is not a UUID`);
  db.exec(`
    CREATE TRIGGER events_into_outbox AFTER INSERT ON events
      WHEN NEW.device = '${deviceId}'
    BEGIN
      INSERT OR IGNORE INTO outbox (seq) VALUES (NEW.seq);
    END;
  `);
}
