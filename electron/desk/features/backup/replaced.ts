/**
 * The database a restore replaces: read under SQLite's exclusive lock (so
 * reading it is also the "is the desk open?" probe: an open desk, even idle,
 * holds a shared lock on its WAL database), and what of it the restored copy
 * carries forward (docs/backups.md, decision 0034):
 *  - the HLC and the day counters never go back (the later of the two);
 *  - the connection to head office: a desk connected when it was replaced
 *    stays connected, though the backup was made before it was (the token is
 *    sealed on this computer, so it opens here), and keeps the audit signing
 *    key head office registered for it;
 *  - the hold: a desk connected then, or when the backup was made, writes
 *    nothing until it has synced once (`restore.awaitingSync`), since head
 *    office may hold records this device wrote after the backup, with their
 *    places in its audit chain.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { ENROLLED_ROLE_KEY } from '../../kernel/deskRole';
import { META_KEYS } from '../../kernel/meta';

/** Who the backup must belong to (the desk being replaced), when it can be read. */
export interface RestoreTarget {
  branchCode: string;
  deviceId: string;
  deviceCode: string;
}

/** The sync client's meta keys (electron/desk/sync/store.ts SYNC_META; a feature may not import the engine). */
const SYNC = {
  serverUrl: 'sync.serverUrl',
  token: 'sync.token',
  enrolledAt: 'sync.enrolledAt',
  cursor: 'sync.cursor',
  cursorServer: 'sync.cursorServer',
} as const;

/** The keys that make a desk connected to head office (sync/store.ts saveEnrollment). */
const CONNECTION_KEYS = [SYNC.serverUrl, SYNC.token, ENROLLED_ROLE_KEY, SYNC.enrolledAt] as const;

/**
 * The device's audit signing key (kernel/auditTrail.ts), made when first needed (the first sync):
 * head office accepts only the key a device registered first, so a backup made before has none.
 */
const AUDIT_KEYS = ['audit.signingKey', 'audit.publicKey'] as const;

export interface Replaced {
  target: RestoreTarget | null;
  /** meta rows that never go back: hlc.last and the day counters. */
  floors: Map<string, string>;
  /** Its connection to head office (the CONNECTION_KEYS it has), when it was connected. */
  connection: Map<string, string> | null;
  /** Its audit signing key pair (AUDIT_KEYS), when it had one. */
  auditKey: Map<string, string> | null;
}

/** The replaced database, locked until `release` (no lock when there is no readable file). */
export interface LockedReplaced {
  replaced: Replaced;
  release(): void;
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function readMeta(db: Database.Database): Replaced {
  const rows = db
    .prepare(
      `SELECT key, value FROM meta
        WHERE key IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) OR key LIKE 'caseSeq.%' OR key LIKE 'orderSeq.%'`,
    )
    .all(
      META_KEYS.deviceId,
      META_KEYS.branchCode,
      META_KEYS.deviceCode,
      META_KEYS.lastHlc,
      ...CONNECTION_KEYS,
      ...AUDIT_KEYS,
    ) as { key: string; value: string }[];
  const get = (k: string): string | undefined => rows.find((r) => r.key === k)?.value;
  const deviceId = get(META_KEYS.deviceId);
  const branchCode = get(META_KEYS.branchCode);
  const deviceCode = get(META_KEYS.deviceCode);
  const floors = new Map<string, string>();
  for (const r of rows) if (r.key === META_KEYS.lastHlc || r.key.includes('Seq.')) floors.set(r.key, r.value);
  const connected = (get(SYNC.token) ?? '') !== '' && (get(SYNC.serverUrl) ?? '') !== '';
  const connection = new Map<string, string>();
  for (const r of rows)
    if ((CONNECTION_KEYS as readonly string[]).includes(r.key)) connection.set(r.key, r.value);
  return {
    target:
      deviceId !== undefined && branchCode !== undefined && deviceCode !== undefined
        ? { deviceId, branchCode, deviceCode }
        : null,
    floors,
    connection: connected ? connection : null,
    auditKey: AUDIT_KEYS.every((k) => get(k) !== undefined)
      ? new Map(AUDIT_KEYS.map((k) => [k, get(k) ?? '']))
      : null,
  };
}

/**
 * Takes SQLite's exclusive lock on `current` with no wait and reads it.
 * null: a desk has it open. A database that cannot be read gives nothing
 * (no target, no floors, no connection) and holds no lock.
 */
export function lockReplaced(current: string): LockedReplaced | null {
  const none: LockedReplaced = {
    replaced: { target: null, floors: new Map(), connection: null, auditKey: null },
    release: () => {},
  };
  if (!fs.existsSync(current)) return none;
  let db: Database.Database;
  try {
    db = new Database(current, { fileMustExist: true });
  } catch {
    return none;
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    return isBusy(e) ? null : none;
  }
  let replaced: Replaced;
  try {
    replaced = readMeta(db);
  } catch {
    replaced = none.replaced; // unreadable (damaged): restoring is what it needs
  }
  return {
    replaced,
    release: () => {
      try {
        db.exec('COMMIT');
      } finally {
        db.close(); // the last connection: SQLite checkpoints the WAL into the file and removes it
      }
    },
  };
}

/**
 * Makes the restored copy (`db`, the backup) safe to run as this desk: the
 * floors, the connection, and the hold. Returns whether the desk is held
 * until it has synced.
 */
export function carryForward(db: Database.Database, replaced: Replaced, at: string): boolean {
  const get = (key: string): string | null =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ??
    null;
  const set = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  for (const [key, value] of replaced.floors) {
    const mine = get(key);
    // HLC strings sort as text; counters as numbers.
    const later =
      key === META_KEYS.lastHlc ? mine === null || value > mine : Number(value) > Number(mine ?? 0);
    if (later) set.run(key, value);
  }
  const backupConnected = (get(SYNC.token) ?? '') !== '';
  // The key head office knows this device by, when the backup was made before there was one.
  if (replaced.auditKey !== null && AUDIT_KEYS.some((k) => get(k) === null)) {
    for (const [key, value] of replaced.auditKey) set.run(key, value);
  }
  const connection = replaced.connection;
  if (connection !== null) {
    // The replaced desk's connection is the current one (a newer enrolment, or the first).
    for (const key of CONNECTION_KEYS) {
      const value = connection.get(key);
      if (value === undefined) db.prepare('DELETE FROM meta WHERE key = ?').run(key);
      else set.run(key, value);
    }
    const server = connection.get(SYNC.serverUrl) ?? '';
    const cursorServer = get(SYNC.cursorServer);
    if (cursorServer !== server) {
      // The backup's cursor (if any) belongs to no server or another: pull this one's records from the
      // start (they include what this device wrote after the backup), and, as a new enrolment on another
      // server does (sync/store.ts), queue every own record again (head office answers "duplicate").
      set.run(SYNC.cursor, '0');
      set.run(SYNC.cursorServer, server);
      if (cursorServer !== null) {
        db.prepare(
          `INSERT OR IGNORE INTO outbox (seq)
             SELECT seq FROM events
              WHERE device = (SELECT value FROM meta WHERE key = ?)
                AND id NOT IN (SELECT event_id FROM sync_rejected WHERE direction = 'push')`,
        ).run(META_KEYS.deviceId);
      }
    }
  }
  const held = backupConnected || connection !== null;
  if (held) set.run(META_KEYS.restoreAwaitingSync, at);
  return held;
}
