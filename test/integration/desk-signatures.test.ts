/**
 * Signatures at the moment of signing (issue 11, part O2): a signer types
 * their own login and PIN on a desk where someone else is signed in; the desk
 * checks it with sign-in's credential check, counts the attempt on sign-in's
 * counter first, refuses a disabled signer, a wrong role and the same person
 * twice, and returns only who signed, in which role and when. The secret
 * goes nowhere: not the log, not the database, not the logs.
 *
 * No DeskApi method signs yet (a later part wires the order methods), so the
 * test builds the desk from the kernel and drives sign-in and staff
 * administration through the dispatcher over the staff feature's handlers,
 * on the same Desk (and so the same counter) that signs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Session, StaffSummary } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import type { Locale } from '../../shared/domain/kernel/locale';
import { Signature } from '../../shared/domain/orders/payloads';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import { loadScriptResources } from '../../electron/desk/features/cases';
import { directory, handlers as staffHandlers } from '../../electron/desk/features/staff';
import { Desk } from '../../electron/desk/kernel/desk';
import { createDispatcher } from '../../electron/desk/kernel/dispatcher';
import type { HandlerTable } from '../../electron/desk/kernel/handler';
import { LOCKOUT_MS } from '../../electron/desk/kernel/sessions';
import { verifySigner, verifySigners, type SignerOutcome } from '../../electron/desk/kernel/signatures';
import { projectors } from '../../electron/desk/projection';
import { removeDir, tempDir } from './desk-fixtures';

// This file measures what a hash costs (an unknown login must cost one), so it
// hashes at production's cost, not the other tests' (test/setup/kdfCost.ts).
vi.unmock('node:crypto');

const dispatch = createDispatcher(staffHandlers as HandlerTable);

const ADMIN = { name: '王管理员', login: 'admin', secretKind: 'pin' as const, secret: '246810' };
/** Secrets are passwords with letters, so a search of the database's bytes cannot meet them by chance in digits. */
const WRONG = 'Wrong-guess-4412';

type SigningRole = 'counter' | 'lead' | 'qc' | 'supervisor' | 'admin';

interface Person {
  id: string;
  name: string;
  login: string;
  secret: string;
}

interface Bench {
  desk: Desk;
  database: DeskDatabase;
  dir: string;
  clock: { now: number };
  call(method: string, input: unknown, token?: string | null, locale?: Locale): Promise<Result<unknown>>;
  must<T>(method: string, input: unknown, token?: string | null): Promise<T>;
  admin: Session;
}

/** One desk for the file (each hash costs a real scrypt); every test makes its own people, so counters never meet. */
let bench: Bench | null = null;
let made = 0;

beforeAll(async () => {
  const dir = tempDir();
  const database = openDatabase(path.join(dir, 'loopdesk.db'));
  const clock = { now: Date.parse('2026-11-30T09:00:00+08:00') };
  const desk = new Desk(
    database,
    loadScriptResources(),
    () => clock.now,
    '0.0.0-test',
    projectors(),
    directory,
  );
  const call = (method: string, input: unknown, token: string | null = null, locale: Locale = 'zh-CN') =>
    dispatch(desk, method, input, { session: token, locale });
  const must = async <T>(method: string, input: unknown, token: string | null = null): Promise<T> => {
    const r = await call(method, input, token);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const admin = await must<Session>('desk.setup', {
    branchCode: 'GZ',
    branchName: '广州天河汽修',
    deviceCode: '01',
    admin: ADMIN,
  });
  bench = { desk, database, dir, clock, call, must, admin };
});

afterAll(() => {
  if (!bench) return;
  bench.desk.checker.close();
  bench.database.close();
  removeDir(bench.dir);
  bench = null;
});

function b(): Bench {
  if (!bench) throw new Error('no bench');
  return bench;
}

/** A new staff member with a password of their own. */
async function person(role: SigningRole, name: string): Promise<Person> {
  made++;
  const login = `${role}.${made}`;
  const secret = `${role[0]?.toUpperCase() ?? 'X'}${role.slice(1)}-signs-${1000 + made * 37}`;
  const { id } = await b().must<StaffSummary>(
    'staff.create',
    { name, login, role, secretKind: 'password', secret },
    b().admin.token,
  );
  return { id, name, login, secret };
}

const sign = (
  login: string,
  secret: string,
  roles: readonly SigningRole[],
  opts: { locale?: Locale; field?: string } = {},
) => verifySigner(b().desk, { login, secret }, { roles }, b().clock.now, opts);

function refusalOf(o: SignerOutcome) {
  if (o.ok) throw new Error(`expected a refusal, got a signature by ${o.value.signer}`);
  return o;
}

function eventCount(): number {
  return (b().database.sqlite.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
}

describe('a signature at the moment of signing', () => {
  it('the right PIN gives a Signature naming signer, role and time, on a desk where someone else is signed in', async () => {
    const { clock, call, admin } = b();
    const qc = await person('qc', '钱质检');
    const counter = await person('counter', '李柜员');
    // The counter clerk is the one signed in at the desk; the QC inspector signs there.
    const clerk = await b().must<Session>('auth.signIn', { login: counter.login, secret: counter.secret });
    const before = eventCount();
    const o = await sign(qc.login.toUpperCase(), qc.secret, ['qc']); // logins are case-insensitive, as at sign-in
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.value).toEqual({ signer: qc.id, role: 'qc', signedAt: new Date(clock.now).toISOString() });
    expect(Signature.safeParse(o.value).success).toBe(true);
    expect(o.staff).toMatchObject({ id: qc.id, name: qc.name, enabled: true });
    // Signing writes nothing and leaves every session as it was.
    expect(eventCount()).toBe(before);
    expect((await call('auth.me', {}, clerk.token)).ok).toBe(true);
    expect((await call('auth.me', {}, admin.token)).ok).toBe(true);
  });

  it('a wrong PIN is refused with a clear error, counted, and nothing is stored', async () => {
    const qc = await person('qc', '钱质检');
    const before = eventCount();
    const zh = refusalOf(await sign(qc.login, WRONG, ['qc']));
    expect(zh.refusal).toBe('signer_bad_credentials');
    expect(zh.error.code).toBe('bad_credentials');
    expect(zh.error.message).toBe('签字人的登录名或密码（PIN）不正确，未签字，请签字人本人重新输入。');
    expect(zh.error.fields).toEqual({ secret: zh.error.message });
    const en = refusalOf(await sign(qc.login, WRONG, ['qc'], { locale: 'en', field: 'signers.1' }));
    expect(en.error.message).toMatch(/signer's login or password \(PIN\) is not correct/);
    expect(Object.keys(en.error.fields ?? {})).toEqual(['signers.1.secret']);
    expect(eventCount()).toBe(before);
    // Two failures counted: three more lock the login, and then even the right secret is refused.
    for (let i = 0; i < 3; i++) await sign(qc.login, WRONG, ['qc']);
    expect(refusalOf(await sign(qc.login, qc.secret, ['qc'])).refusal).toBe('signer_locked');
  });

  it('locks out after five failures for 60 s, and the counter is sign-in’s: each adds to the other', async () => {
    const { clock, call } = b();
    const qc = await person('qc', '钱质检');
    const lead = await person('lead', '赵班长');
    const other = await person('qc', '孙质检');
    // Three failed sign-ins and two failed signatures: five failures on one login.
    for (let i = 0; i < 3; i++) {
      const r = await call('auth.signIn', { login: qc.login, secret: WRONG });
      expect(r.ok ? null : r.error.code).toBe('bad_credentials');
    }
    for (let i = 0; i < 2; i++) {
      expect(refusalOf(await sign(qc.login, WRONG, ['qc'])).refusal).toBe('signer_bad_credentials');
    }
    // Now the right secret is refused both ways.
    const locked = refusalOf(await sign(qc.login, qc.secret, ['qc']));
    expect(locked.refusal).toBe('signer_locked');
    expect(locked.error.code).toBe('rate_limited');
    expect(locked.error.message).toBe('该登录名输错次数过多（登录和签字合计），请 60 秒后再签字。');
    expect(locked.error.fields).toEqual({ secret: locked.error.message });
    const signIn = await call('auth.signIn', { login: qc.login, secret: qc.secret });
    expect(signIn.ok ? null : signIn.error.code).toBe('rate_limited');

    // Failed signatures alone lock sign-in too.
    for (let i = 0; i < 5; i++) await sign(lead.login, WRONG, ['lead']);
    const leadIn = await call('auth.signIn', { login: lead.login, secret: lead.secret });
    expect(leadIn.ok ? null : leadIn.error.code).toBe('rate_limited');
    // Another login is not affected.
    expect((await sign(other.login, other.secret, ['qc'])).ok).toBe(true);

    clock.now += LOCKOUT_MS + 1_000;
    expect((await sign(qc.login, qc.secret, ['qc'])).ok).toBe(true);
    expect((await call('auth.signIn', { login: lead.login, secret: lead.secret })).ok).toBe(true);
  });

  it('counts each attempt before its secret is checked: 20 signatures at once, 5 are checked', async () => {
    const qc = await person('qc', '钱质检');
    const checks = vi.spyOn(b().desk.directory, 'matchSecret');
    try {
      const all = await Promise.all(Array.from({ length: 20 }, () => sign(qc.login, WRONG, ['qc'])));
      const refusals = all.map((o) => refusalOf(o).refusal);
      expect(refusals.filter((r) => r === 'signer_bad_credentials')).toHaveLength(5);
      expect(refusals.filter((r) => r === 'signer_locked')).toHaveLength(15);
      expect(refusalOf(await sign(qc.login, qc.secret, ['qc'])).refusal).toBe('signer_locked');
      // Only the five counted attempts were hashed; the refused ones never reached the check.
      expect(checks).toHaveBeenCalledTimes(5);
    } finally {
      checks.mockRestore();
    }
  });

  it('a right signature settles the count as a right sign-in does', async () => {
    const { call } = b();
    const lead = await person('lead', '赵班长');
    for (let i = 0; i < 4; i++) await call('auth.signIn', { login: lead.login, secret: WRONG });
    expect((await sign(lead.login, lead.secret, ['lead'])).ok).toBe(true);
    // The four failures are forgotten: four more still do not lock.
    for (let i = 0; i < 4; i++) await sign(lead.login, WRONG, ['lead']);
    expect((await call('auth.signIn', { login: lead.login, secret: lead.secret })).ok).toBe(true);
  });

  it('an unknown login cannot be told from a wrong PIN, and is counted the same way', async () => {
    const qc = await person('qc', '钱质检');
    const ghost = `ghost.${made}`;
    const wrong = refusalOf(await sign(qc.login, WRONG, ['qc']));
    const unknown = refusalOf(await sign(ghost, WRONG, ['qc']));
    expect(unknown).toEqual(wrong);
    const wrongEn = refusalOf(await sign(qc.login, WRONG, ['qc'], { locale: 'en' }));
    const unknownEn = refusalOf(await sign(ghost, WRONG, ['qc'], { locale: 'en' }));
    expect(unknownEn).toEqual(wrongEn);
    // An unknown login costs a real scrypt (tens of ms at least), not a fast path (well under 1 ms).
    const t0 = performance.now();
    await sign(`nobody.${made}`, WRONG, ['qc']);
    expect(performance.now() - t0).toBeGreaterThan(10);
    // ghost has two failures; three more lock it as they would a real login.
    for (let i = 0; i < 3; i++) await sign(ghost, WRONG, ['qc']);
    expect(refusalOf(await sign(ghost, WRONG, ['qc'])).refusal).toBe('signer_locked');
  });

  it('a disabled signer is refused, but only after the right secret', async () => {
    const { admin, must } = b();
    const qc = await person('qc', '钱质检');
    await must('staff.disable', { staffId: qc.id, reason: '离职' }, admin.token);
    const wrong = refusalOf(await sign(qc.login, WRONG, ['qc']));
    expect(wrong.refusal).toBe('signer_bad_credentials');
    const zh = refusalOf(await sign(qc.login, qc.secret, ['qc']));
    expect(zh.refusal).toBe('signer_disabled');
    expect(zh.error.code).toBe('forbidden');
    expect(zh.error.message).toBe('签字人的账号已被停用，不能签字。请由另一名在岗人员签字，或联系管理员。');
    expect(zh.error.fields).toEqual({ login: zh.error.message });
    const en = refusalOf(await sign(qc.login, qc.secret, ['qc'], { locale: 'en' }));
    expect(en.error.message).toBe(
      "The signer's account has been disabled, so they cannot sign. Ask someone else on duty to sign, or contact an administrator.",
    );
  });

  it('a signer whose role the act does not take is refused (an administrator does not sign QC)', async () => {
    const lead = await person('lead', '赵班长');
    const counter = await person('counter', '李柜员');
    const wrongLead = refusalOf(await sign(lead.login, lead.secret, ['qc']));
    expect(wrongLead.refusal).toBe('signer_wrong_role');
    expect(wrongLead.error.code).toBe('forbidden');
    expect(wrongLead.error.message).toBe('这项签字须由质检签署，签字人的角色是班组长，未签字。');
    expect(wrongLead.error.fields).toEqual({ login: wrongLead.error.message });
    const admin = refusalOf(await sign(ADMIN.login, ADMIN.secret, ['qc'], { locale: 'en' }));
    expect(admin.refusal).toBe('signer_wrong_role');
    expect(admin.error.message).toBe(
      "Only the role QC may sign this, and the signer's role is administrator. Nothing was signed.",
    );
    const wrongCounter = refusalOf(await sign(counter.login, counter.secret, ['lead', 'supervisor']));
    expect(wrongCounter.error.message).toBe('这项签字须由班组长或主管签署，签字人的角色是柜面，未签字。');
    // The role judged is the signer's own (the admin is the one signed in here).
    expect((await sign(lead.login, lead.secret, ['lead'])).ok).toBe(true);
  });

  it('the second signer of one act must be another person (process check: team lead, then QC)', async () => {
    const { clock } = b();
    const lead = await person('lead', '赵班长');
    const qc = await person('qc', '钱质检');
    const other = await person('qc', '孙质检');
    const at = new Date(clock.now).toISOString();
    const both = await verifySigners(
      b().desk,
      [
        { login: lead.login, secret: lead.secret },
        { login: qc.login, secret: qc.secret },
      ],
      [{ roles: ['lead'] }, { roles: ['qc'] }],
      clock.now,
    );
    expect(both).toEqual({
      ok: true,
      value: [
        { signer: lead.id, role: 'lead', signedAt: at },
        { signer: qc.id, role: 'qc', signedAt: at },
      ],
    });

    // The same QC inspector typed twice where two QC signatures are needed.
    const twice = await verifySigners(
      b().desk,
      [
        { login: qc.login, secret: qc.secret },
        { login: qc.login.toUpperCase(), secret: qc.secret },
      ],
      [{ roles: ['qc'] }, { roles: ['qc'] }],
      clock.now,
    );
    expect(twice.ok).toBe(false);
    if (twice.ok) return;
    expect(twice.refusal).toBe('signer_same_person');
    expect(twice.error.code).toBe('invalid_input');
    expect(twice.error.message).toBe('同一人不能在这一项上签两次，请由另一名质检签字。');
    expect(Object.keys(twice.error.fields ?? {})).toEqual(['signers.1.login']);

    // Directly: a signer named in notBy is refused even with the right role and secret.
    const direct = refusalOf(
      await verifySigner(
        b().desk,
        { login: qc.login, secret: qc.secret },
        { roles: ['qc'], notBy: [qc.id] },
        clock.now,
      ),
    );
    expect(direct.refusal).toBe('signer_same_person');

    // The first refusal stops the rest: a wrong second PIN names the second signer's field.
    const badSecond = await verifySigners(
      b().desk,
      [
        { login: lead.login, secret: lead.secret },
        { login: other.login, secret: WRONG },
      ],
      [{ roles: ['lead'] }, { roles: ['qc'] }],
      clock.now,
      { locale: 'en' },
    );
    expect(badSecond.ok ? null : [badSecond.refusal, Object.keys(badSecond.error.fields ?? {})]).toEqual([
      'signer_bad_credentials',
      ['signers.1.secret'],
    ]);
  });

  it('the secret reaches neither the event log, nor the database files, nor any log line', async () => {
    const { database, dir, call } = b();
    const qc = await person('qc', '钱质检');
    const lead = await person('lead', '赵班长');
    const secrets = [qc.secret, lead.secret, WRONG];
    const lines: string[] = [];
    const keep = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' '));
    };
    const spies = [
      vi.spyOn(console, 'log').mockImplementation(keep),
      vi.spyOn(console, 'info').mockImplementation(keep),
      vi.spyOn(console, 'warn').mockImplementation(keep),
      vi.spyOn(console, 'error').mockImplementation(keep),
      vi.spyOn(console, 'debug').mockImplementation(keep),
    ];
    const out = vi.spyOn(process.stdout, 'write');
    const errOut = vi.spyOn(process.stderr, 'write');
    try {
      expect((await sign(qc.login, qc.secret, ['qc'])).ok).toBe(true);
      await sign(qc.login, WRONG, ['qc']);
      await sign(`ghost.${made}`, WRONG, ['qc']);
      await sign(lead.login, lead.secret, ['qc']);
      await call('auth.signIn', { login: qc.login, secret: WRONG });
      for (const c of [...out.mock.calls, ...errOut.mock.calls]) lines.push(String(c[0]));
    } finally {
      for (const spy of spies) spy.mockRestore();
      out.mockRestore();
      errOut.mockRestore();
    }
    const logged = lines.join('\n');
    for (const secret of secrets) expect(logged).not.toContain(secret);

    const payloads = database.sqlite.prepare('SELECT payload FROM events').all() as { payload: string }[];
    expect(payloads.length).toBeGreaterThan(0);
    for (const p of payloads) for (const secret of secrets) expect(p.payload).not.toContain(secret);

    // Every byte of the database, its write-ahead log and shared memory, in UTF-8 and UTF-16.
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('loopdesk.db'));
    expect(files).toContain('loopdesk.db');
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(dir, f));
      for (const secret of secrets) {
        expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
    }
  });
});
