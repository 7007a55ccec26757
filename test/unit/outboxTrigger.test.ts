/**
 * The outbox trigger names the desk's device id (migration 0003): local
 * events enter the outbox, others do not, on a new desk and on one upgraded
 * from the sub-query trigger of migration 0002.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../electron/desk/db/migrate';
import { MIGRATIONS } from '../../electron/desk/db/migrations';
import { installOutboxTrigger } from '../../electron/desk/db/outboxTrigger';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function db(): Database.Database {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopdesk-outbox-'));
  dirs.push(dir);
  return new Database(path.join(dir, 'loopdesk.db'));
}

const OWN = '0196f3a0-0000-7000-8000-0000000000a1';
const OTHER = '0196f3a0-0000-7000-8000-0000000000b2';
let n = 0;
function insertEvent(d: Database.Database, device: string): number {
  n++;
  const id = `0196f3a0-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const info = d
    .prepare(
      `INSERT INTO events (id, stream, type, schema, hlc, device, branch, actor, payload, hash, known)
       VALUES (?, ?, 'x.y', 1, '000000000000001-00000', ?, 'GZ', 'a', '{}', ?, 0)`,
    )
    .run(id, `x:${id}`, device, 'f'.repeat(64));
  return Number(info.lastInsertRowid);
}
const outbox = (d: Database.Database) =>
  (d.prepare('SELECT seq FROM outbox ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
const triggerSql = (d: Database.Database) =>
  (
    d
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_into_outbox'")
      .get() as { sql: string } | undefined
  )?.sql;

describe('the outbox trigger', () => {
  it('does not exist before setup, and then takes exactly the own device events', () => {
    const d = db();
    migrate(d);
    expect(triggerSql(d)).toBeUndefined();
    d.transaction(() => installOutboxTrigger(d, OWN))();
    expect(triggerSql(d)).toContain(`NEW.device = '${OWN}'`);
    const own = insertEvent(d, OWN);
    insertEvent(d, OTHER);
    expect(outbox(d)).toEqual([own]);
    d.close();
  });

  it('is rewritten with the literal id when a desk set up under migration 0002 upgrades', () => {
    const d = db();
    migrate(d, MIGRATIONS.slice(0, 2));
    d.prepare("INSERT INTO meta (key, value) VALUES ('device.id', ?)").run(OWN);
    const before = insertEvent(d, OWN); // the old sub-query trigger
    expect(triggerSql(d)).toContain('SELECT value FROM meta');
    migrate(d);
    expect(triggerSql(d)).toContain(`NEW.device = '${OWN}'`);
    expect(triggerSql(d)).not.toContain('SELECT value FROM meta');
    const after = insertEvent(d, OWN);
    insertEvent(d, OTHER);
    expect(outbox(d)).toEqual([before, after]);
    d.close();
  });

  it('refuses a device id that is not a UUID (it is written into the SQL)', () => {
    const d = db();
    migrate(d);
    expect(() => installOutboxTrigger(d, "x'; DROP TABLE events; --")).toThrow('is not a UUID');
    expect(d.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'events'").get()).toEqual({
      n: 1,
    });
    d.close();
  });
});
