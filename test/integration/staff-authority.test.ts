/**
 * Staff, roles and sign-in that no desk, token or race can subvert (issue 8),
 * through DeskApi and the real sync path: authority is part of the staff
 * fold on every desk and at head office, the lifecycle syncs, and sign-in
 * counts an attempt before it verifies it.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, StaffDetail, StaffFlag } from '../../shared/contract/methods/staff';
import { newId } from '../../shared/domain/kernel/ids';
import { randomBytes, scrypt } from 'node:crypto';
import { hashSecret, verifySecret, type Credential } from '../../electron/desk/features/staff/credentials';
import { ADMIN, openTestDesk, readDeskDb, RemoteDevice, staffSession } from './desk-fixtures';
import {
  disposeDesk,
  engines,
  MANUAL,
  newDesk,
  syncNowAndWait,
  TestServer,
  type SyncDesk,
} from './sync-fixtures';

function readServerDb<T>(dir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dir, 'server.db'), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** A secret hashed as before issue 8: scrypt N = 2^14, r = 8, p = 1 of the bare secret. */
function oldCostCredential(secret: string): Promise<Credential> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, 32, { N: 16384, r: 8, p: 1 }, (e, key) =>
      e
        ? reject(e)
        : resolve({
            kind: 'pin',
            algo: 'scrypt',
            salt: salt.toString('base64'),
            hash: key.toString('base64'),
            N: 16384,
            r: 8,
            p: 1,
          }),
    ),
  );
}

/** The staff events' credentials and the desk's key ring, read from its files. */
function readStaffSecrets(dir: string) {
  return readDeskDb(dir, (db) => {
    const rows = db
      .prepare("SELECT stream, type, payload FROM events WHERE stream LIKE 'staff:%' ORDER BY seq")
      .all() as {
      stream: string;
      type: string;
      payload: string;
    }[];
    const ring = db.prepare("SELECT value FROM meta WHERE key = 'staff.peppers'").pluck().get() as string;
    return {
      payloads: rows
        .map((r) => ({
          staffId: r.stream.slice(6),
          type: r.type,
          credential: (JSON.parse(r.payload) as { credential?: Credential }).credential,
        }))
        .filter(
          (p): p is { staffId: string; type: string; credential: Credential } => p.credential !== undefined,
        ),
      keyring: JSON.parse(ring) as { current: string; keys: Record<string, string> },
    };
  });
}

type AdminList = { staff: StaffDetail[]; flags: StaffFlag[] };

describe('staff authority on one desk', () => {
  it('gives a forged, back-dated admin from another desk no sign-in, and flags it for an admin', async () => {
    const t = await openTestDesk();
    try {
      const clerk = await staffSession(t, 'counter', 'clerk1');
      // A counter clerk's desk forges `admin` with a PIN it knows, dated before the desk existed.
      const evil = new RemoteDevice('dev-evil', Date.parse('2020-01-01T00:00:00Z'), 'GZ', clerk.staff.id);
      const forgedId = newId();
      const credential = await hashSecret('pin', '999999', null);
      const forged = evil.event(`staff:${forgedId}`, 'staff.created', {
        name: '假管理员',
        login: 'admin',
        role: 'admin',
        credential,
      });
      const r = t.core.appendEvents([forged]);
      expect(r.rejected).toEqual([]);

      const stolen = await t.call('auth.signIn', { login: 'admin', secret: '999999' });
      expect(stolen.ok ? 'signed in' : stolen.error.code).toBe('bad_credentials');
      await t.must('auth.signIn', { login: 'admin', secret: ADMIN.secret });
      const list = await t.must<AdminList>('staff.admin.list', {}, t.admin.token);
      expect(list.staff.map((s) => s.id)).not.toContain(forgedId);
      expect(list.flags).toEqual([
        expect.objectContaining({
          eventId: forged.id,
          staffId: forgedId,
          actor: clerk.staff.id,
          reason: 'no_authority',
        }),
      ]);
    } finally {
      t.close();
    }
  });

  it('disables, re-enables, changes roles and secrets, ending sessions where it must', async () => {
    const t = await openTestDesk();
    try {
      const clerk = await staffSession(t, 'counter', 'clerk2');
      const id = clerk.staff.id;
      const disabled = await t.must<StaffDetail>(
        'staff.disable',
        { staffId: id, reason: '离职' },
        t.admin.token,
      );
      expect(disabled.enabled).toBe(false);
      expect(t.core.sessionLive(clerk.token)).toBe(false); // the host's event stream ends with it
      expect(t.core.sessionLive(t.admin.token)).toBe(true);
      const after = await t.call('auth.me', {}, clerk.token, 'en');
      expect(after.ok ? null : after.error).toEqual({
        code: 'unauthenticated',
        message: 'This account has been disabled. Contact an administrator.',
      });
      const refused = await t.call('auth.signIn', { login: 'clerk2', secret: '135790' }, null, 'en');
      expect(refused.ok ? null : refused.error.message).toBe(after.ok ? null : after.error.message);
      const guess = await t.call('auth.signIn', { login: 'clerk2', secret: '000000' });
      expect(guess.ok ? null : guess.error.code).toBe('bad_credentials'); // no hint without the secret

      await t.must('staff.enable', { staffId: id }, t.admin.token);
      // Disabled and enabled again while a window of the clerk made no call: the disable still ended it.
      const idle = await t.must<Session>('auth.signIn', { login: 'clerk2', secret: '135790' });
      await t.must('staff.disable', { staffId: id, reason: '误操作前的停用' }, t.admin.token);
      await t.must('staff.enable', { staffId: id }, t.admin.token);
      const revived = await t.call('auth.me', {}, idle.token, 'en');
      expect(revived.ok ? 'still signed in' : revived.error.message).toBe(
        'This account has been disabled. Contact an administrator.',
      );
      expect((await t.call('auth.me', {}, idle.token)).ok).toBe(false); // said once; then unknown
      const back = await t.must<Session>('auth.signIn', { login: 'clerk2', secret: '135790' });

      // A promotion to supervisor needs a secret fit for the role.
      const noSecret = await t.call(
        'staff.changeRole',
        { staffId: id, role: 'supervisor' },
        t.admin.token,
        'en',
      );
      expect(noSecret.ok ? null : noSecret.error.fields?.secret).toMatch(/promoting/);
      const shortPin = await t.call(
        'staff.changeRole',
        { staffId: id, role: 'supervisor', secretKind: 'pin', secret: '1234' },
        t.admin.token,
        'en',
      );
      expect(shortPin.ok ? null : shortPin.error.fields?.secret).toMatch(/6 to 12 digits/);
      const promoted = await t.must<StaffDetail>(
        'staff.changeRole',
        { staffId: id, role: 'supervisor', secretKind: 'pin', secret: '246802' },
        t.admin.token,
      );
      expect(promoted.role).toBe('supervisor');
      expect((await t.call('auth.me', {}, back.token)).ok).toBe(false); // the old session ended
      const sup = await t.must<Session>('auth.signIn', { login: 'clerk2', secret: '246802' });
      expect(sup.staff.role).toBe('supervisor');

      // Their own secret: the current one is proven first.
      const wrong = await t.call(
        'auth.changeSecret',
        { current: '000000', secretKind: 'password', secret: 'new password 1' },
        sup.token,
      );
      expect(wrong.ok ? null : wrong.error.code).toBe('bad_credentials');
      await t.must(
        'auth.changeSecret',
        { current: '246802', secretKind: 'password', secret: 'new password 1' },
        sup.token,
      );
      expect((await t.call('auth.signIn', { login: 'clerk2', secret: '246802' })).ok).toBe(false);
      await t.must('auth.signIn', { login: 'clerk2', secret: 'new password 1' });

      // A secret given with a move back to the counter is set, not dropped unsaid; half of one is refused.
      const half = await t.call(
        'staff.changeRole',
        { staffId: id, role: 'counter', secret: '975310' },
        t.admin.token,
        'en',
      );
      expect(half.ok ? null : half.error.fields?.secret).toMatch(/choose its kind/);
      const demoted = await t.must<StaffDetail>(
        'staff.changeRole',
        { staffId: id, role: 'counter', secretKind: 'pin', secret: '9753' },
        t.admin.token,
      );
      expect(demoted.role).toBe('counter');
      expect((await t.call('auth.signIn', { login: 'clerk2', secret: 'new password 1' })).ok).toBe(false);
      await t.must('auth.signIn', { login: 'clerk2', secret: '9753' });
      await t.must(
        'staff.changeRole',
        { staffId: id, role: 'supervisor', secretKind: 'password', secret: 'new password 1' },
        t.admin.token,
      );
      const supAgain = await t.must<Session>('auth.signIn', { login: 'clerk2', secret: 'new password 1' });

      // An admin resets a leaked secret; the holder's sessions end.
      await t.must('staff.resetSecret', { staffId: id, secretKind: 'pin', secret: '864200' }, t.admin.token);
      expect((await t.call('auth.me', {}, supAgain.token)).ok).toBe(false);
      await t.must('auth.signIn', { login: 'clerk2', secret: '864200' });

      // Never the last administrator, never oneself.
      const self = await t.call(
        'staff.disable',
        { staffId: t.admin.staff.id, reason: 'x' },
        t.admin.token,
        'en',
      );
      expect(self.ok ? null : self.error.code).toBe('forbidden');
      const other = await t.must<Session>('auth.signIn', { login: 'clerk2', secret: '864200' });
      await t.must(
        'staff.changeRole',
        { staffId: id, role: 'admin', secretKind: 'pin', secret: '864200' },
        t.admin.token,
      );
      const admin2 = await t.must<Session>('auth.signIn', { login: 'clerk2', secret: '864200' });
      expect(other.staff.id).toBe(admin2.staff.id);
      await t.must('staff.disable', { staffId: t.admin.staff.id, reason: '调岗' }, admin2.token);
      const last = await t.call('staff.changeRole', { staffId: id, role: 'counter' }, admin2.token, 'en');
      expect(last.ok ? null : last.error.code).toBe('forbidden'); // oneself
      // The rows the UI lists agree with the fold.
      const list = await t.must<AdminList>('staff.admin.list', {}, admin2.token);
      expect(list.staff.find((s) => s.id === t.admin.staff.id)?.enabled).toBe(false);
    } finally {
      t.close();
    }
  });

  it('writes nothing in the name of an admin disabled while their change was being hashed', async () => {
    const t = await openTestDesk();
    try {
      const secret = 'Second-admin-2024';
      await t.must(
        'staff.create',
        { name: '二号管理员', login: 'admin2', role: 'admin', secretKind: 'password', secret },
        t.admin.token,
      );
      const admin2 = await t.must<Session>('auth.signIn', { login: 'admin2', secret });
      const clerk = await staffSession(t, 'counter', 'clerk3');
      const flagsBefore = (await t.must<{ flags: StaffFlag[] }>('staff.admin.list', {}, t.admin.token)).flags;
      // Both changes wait for their hash; the disable is made meanwhile.
      const [reset, created] = await Promise.all([
        t.call(
          'staff.resetSecret',
          { staffId: clerk.staff.id, secretKind: 'pin', secret: '555550' },
          admin2.token,
          'en',
        ),
        t.call(
          'staff.create',
          { name: '新人', login: 'x0', role: 'counter', secretKind: 'pin', secret: '482913' },
          admin2.token,
          'en',
        ),
        t.must('staff.disable', { staffId: admin2.staff.id, reason: '调岗' }, t.admin.token),
      ]);
      for (const r of [reset, created]) {
        expect(r.ok ? 'done' : r.error).toEqual({
          code: 'unauthenticated',
          message: 'This account has been disabled. Contact an administrator.',
        });
      }
      const list = await t.must<{ staff: StaffDetail[]; flags: StaffFlag[] }>(
        'staff.admin.list',
        {},
        t.admin.token,
      );
      expect(list.staff.map((m) => m.login)).not.toContain('x0');
      expect(list.flags).toEqual(flagsBefore);
      // The clerk's secret is unchanged, and so is the clerk's session.
      expect((await t.call('auth.me', {}, clerk.token)).ok).toBe(true);
      await t.must('auth.signIn', { login: 'clerk3', secret: '135790' });
    } finally {
      t.close();
    }
  });

  it('refuses parallel guesses after the fifth, even while the hashes run', async () => {
    const t = await openTestDesk();
    try {
      const guesses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          t.call('auth.signIn', { login: 'admin', secret: String(100000 + i) }),
        ),
      );
      const codes = guesses.map((g) => (g.ok ? 'ok' : g.error.code));
      expect(codes.filter((c) => c === 'bad_credentials')).toHaveLength(5);
      expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(195);
      // The right secret is refused too while the login is locked.
      const right = await t.call('auth.signIn', { login: 'admin', secret: ADMIN.secret });
      expect(right.ok ? null : right.error.code).toBe('rate_limited');
    } finally {
      t.close();
    }
  }, 60_000);
});

describe.each(engines())('staff across desks and head office (%s)', (engine) => {
  const server = new TestServer(engine);
  const desks: SyncDesk[] = [];

  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    for (const d of desks) disposeDesk(d);
    await server.dispose();
  });

  async function enrolled(code: string, admin = ADMIN): Promise<SyncDesk> {
    const d = await newDesk(code, { sync: MANUAL, admin });
    desks.push(d);
    await d.must('sync.configure', { serverUrl: server.url, code: await server.code('GZ', 'supervisor') });
    return d;
  }

  it('keeps two first-run admins with the same login working on their desks after sync', async () => {
    const a = await enrolled('21');
    const b = await enrolled('22', { ...ADMIN, name: '另一位管理员', secret: '975310' });
    for (let i = 0; i < 2; i++) for (const d of [a, b]) await syncNowAndWait(d);
    for (const [d, secret] of [
      [a, ADMIN.secret],
      [b, '975310'],
    ] as const) {
      const s = await d.must<Session>('auth.signIn', { login: 'admin', secret }, null);
      expect(s.staff.role).toBe('admin');
      const list = await d.must<AdminList>('staff.admin.list', {}, s.token);
      const admins = list.staff.filter((x) => x.login === 'admin');
      expect(admins).toHaveLength(2);
      expect(admins.every((x) => x.loginShared && x.enabled)).toBe(true);
    }
    // B's admin was hashed under B's own key before B enrolled; signing in on B hashed it again
    // under the branch key (A's), so after a sync A can check it too.
    for (const d of [b, a]) await syncNowAndWait(d);
    const bOnA = await a.must<Session>('auth.signIn', { login: 'admin', secret: '975310' }, null);
    expect(bOnA.staff.name).toBe('另一位管理员');
    // The keys never travel in the log: neither desk's events nor head office's hold them.
    const keysOf = (dir: string) => Object.values(readStaffSecrets(dir).keyring.keys);
    expect(keysOf(b.dir)).toEqual(expect.arrayContaining(keysOf(a.dir)));
    if (engine === 'sqlite') {
      const log = readServerDb(server.dataDir, (db) =>
        (db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n'),
      );
      for (const key of keysOf(b.dir)) expect(log).not.toContain(key);
    }
    // Head office keeps both records of the branch (read from its embedded store).
    if (engine === 'sqlite') {
      const names = readServerDb(server.dataDir, (db) =>
        db.prepare("SELECT name FROM staff WHERE login = 'admin' ORDER BY name").pluck().all(),
      );
      expect(names).toEqual([ADMIN.name, '另一位管理员'].sort());
    }
  });

  it('stops a departed clerk from signing in on a second desk once the event arrives', async () => {
    const a = await enrolled('23');
    const b = await enrolled('24');
    await a.must('staff.create', {
      name: '离职柜员',
      login: 'leaver',
      role: 'counter',
      secretKind: 'pin',
      secret: '4321',
    });
    await syncNowAndWait(a);
    await syncNowAndWait(b);
    const onB = await b.must<Session>('auth.signIn', { login: 'leaver', secret: '4321' }, null);
    await a.must('staff.disable', { staffId: onB.staff.id, reason: '离职' });
    await syncNowAndWait(a);
    await syncNowAndWait(b);
    expect((await b.call('auth.me', {}, onB.token)).ok).toBe(false);
    const again = await b.call('auth.signIn', { login: 'leaver', secret: '4321' }, null);
    expect(again.ok ? 'signed in' : again.error.code).toBe('unauthenticated');
    // Enabled again, then disabled and enabled on desk a while a window on b made no call:
    // the disable that passed through b still ended it.
    await a.must('staff.enable', { staffId: onB.staff.id });
    await syncNowAndWait(a);
    await syncNowAndWait(b);
    const idleOnB = await b.must<Session>('auth.signIn', { login: 'leaver', secret: '4321' }, null);
    await a.must('staff.disable', { staffId: onB.staff.id, reason: '离职' });
    await syncNowAndWait(a);
    await syncNowAndWait(b);
    await a.must('staff.enable', { staffId: onB.staff.id });
    await syncNowAndWait(a);
    await syncNowAndWait(b);
    expect((await b.call('auth.me', {}, idleOnB.token)).ok).toBe(false);
  });
});

describe('credentials under the branch key', () => {
  it('cannot be checked from the log alone: the key the record names never enters it', async () => {
    const t = await openTestDesk();
    try {
      const { payloads, keyring } = readStaffSecrets(t.dir);
      expect(payloads).toHaveLength(1);
      const cred = payloads[0]!.credential;
      expect(cred.pepper).toMatch(/^[0-9a-f]{16}$/);
      const key = keyring.keys[cred.pepper!];
      expect(key).toBeTruthy();
      // With the log alone (what a device token pulls, or a copy of head office's events), the right PIN fails…
      expect(await verifySecret(ADMIN.secret, { ...cred, pepper: undefined }, null)).toBe(false);
      // …and only the key, kept in the desk's meta, makes it check.
      expect(await verifySecret(ADMIN.secret, cred, { id: cred.pepper!, key: key! })).toBe(true);
      const log = readDeskDb(t.dir, (db) =>
        (db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n'),
      );
      expect(log).not.toContain(key);
    } finally {
      t.close();
    }
  });

  it('hashes a record made before keys again at its holder’s next sign-in', async () => {
    const t = await openTestDesk();
    try {
      // A clerk record as an older version wrote it: no key, the old cost (N = 2^14, p = 1).
      const id = newId();
      const admin = new RemoteDevice('dev-old', Date.now(), 'GZ', t.admin.staff.id);
      const credential = await oldCostCredential('7531');
      const e = admin.event(`staff:${id}`, 'staff.created', {
        name: '老员工',
        login: 'old',
        role: 'counter',
        credential,
      });
      expect(t.core.appendEvents([e]).rejected).toEqual([]);
      await t.must('auth.signIn', { login: 'old', secret: '7531' });
      const creds = readStaffSecrets(t.dir).payloads.filter((p) => p.staffId === id);
      expect(creds.map((c) => c.type)).toEqual(['staff.created', 'staff.secretChanged']);
      expect(creds[1]?.credential).toMatchObject({
        N: 32768,
        p: 3,
        pepper: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      await t.must('auth.signIn', { login: 'old', secret: '7531' }); // still signs in, under the key now
      expect(readStaffSecrets(t.dir).payloads.filter((p) => p.staffId === id)).toHaveLength(2); // no second rehash
    } finally {
      t.close();
    }
  });
});
