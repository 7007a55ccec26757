/**
 * `npm run cli -- staff …` as a real process on a desk's data directory: the
 * list, an administrator's acts after proving their secret (read from stdin,
 * never argv) through the same DeskApi calls as the staff screen, and
 * `recover-admin`, refused while an enabled administrator exists and
 * working once the last one was disabled.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Session, StaffDetail, StaffFlag } from '../../shared/contract/methods/staff';
import type { Result } from '../../shared/contract/result';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import { METHODS } from '../../shared/contract/api';
import { eachEvent, openDesk, openReadOnly } from '../../electron/desk/index';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { ADMIN, openTestDesk, RemoteDevice, removeDir, tempDir } from './desk-fixtures';

// The CLI runs in a process of its own, where secrets hash at production's
// cost, so the secrets this file hashes must be at that cost too
// (test/setup/kdfCost.ts lowers it for the other files).
vi.unmock('node:crypto');

const root = path.resolve(import.meta.dirname, '..', '..');
const CLI_MAIN = path.join(root, 'electron', 'cli', 'main.ts');

let dir = '';
let adminId = '';

function runCli(args: string[], stdin = '') {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args, '--data', dir], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'en_US.UTF-8' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

/** Opens the desk for one look (the CLI runs only while nothing else holds it). */
async function withDesk<T>(
  fn: (
    call: (method: string, input: unknown, token?: string | null) => Promise<Result<unknown>>,
  ) => Promise<T>,
): Promise<T> {
  const core = openDesk({ dataDir: dir, sync: false });
  try {
    return await fn((method, input, token = null) =>
      core.call(method, input, { session: token, locale: 'en' }),
    );
  } finally {
    core.close();
  }
}

async function signIn(login: string, secret: string): Promise<Result<Session>> {
  return withDesk((call) => call('auth.signIn', { login, secret }) as Promise<Result<Session>>);
}

/** The staff screen's view, as the recovery administrator `boss` sees it. */
async function adminList(): Promise<{ staff: StaffDetail[]; flags: StaffFlag[] }> {
  return withDesk(async (call) => {
    const s = await call('auth.signIn', { login: 'boss', secret: '97531024' });
    if (!s.ok) throw new Error(s.error.message);
    const r = await call('staff.admin.list', {}, (s.value as Session).token);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { staff: StaffDetail[]; flags: StaffFlag[] };
  });
}

function logEvents(): EventEnvelope[] {
  const store = openReadOnly(dir);
  try {
    return [...eachEvent(store)].flatMap((e) => (e.envelope ? [e.envelope] : []));
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = tempDir();
  const t = await openTestDesk({ dataDir: dir, sync: false });
  adminId = t.admin.staff.id;
  t.core.close();
});

afterAll(() => removeDir(dir));

describe('npm run cli -- staff', () => {
  it('lists the staff of the desk', async () => {
    const r = await runCli(['staff', 'list']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${adminId}  ${ADMIN.name}  admin`);
    expect(r.stdout).toMatch(/enabled/);
  });

  it('refuses a secret given on the command line, and a wrong administrator secret', async () => {
    const argv = await runCli(['staff', 'add', '--as', 'admin', '--secret', '246810'], '');
    expect(argv.code).toBe(2);
    const wrong = await runCli(
      ['staff', 'add', '--as', 'admin', '--name', 'Ann', '--login', 'ann', '--role', 'counter'],
      '000000\n1357\n',
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The login or password (PIN) is not correct');
    expect((await signIn('ann', '1357')).ok).toBe(false);
  });

  it('adds, disables, enables, resets and promotes a clerk as an administrator', async () => {
    const add = await runCli(
      ['staff', 'add', '--as', 'admin', '--name', '张柜员', '--login', 'zhang', '--role', 'counter'],
      `${ADMIN.secret}\n1357\n`,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Added: 张柜员 (zhang)');
    expect((await signIn('zhang', '1357')).ok).toBe(true);

    // Without a reason the disable is bad usage; with one, the clerk can no longer sign in.
    expect(
      (await runCli(['staff', 'disable', '--as', 'admin', '--login', 'zhang'], `${ADMIN.secret}\n`)).code,
    ).toBe(2);
    const off = await runCli(
      ['staff', 'disable', '--as', 'admin', '--login', 'zhang', '--reason', '离职 left'],
      `${ADMIN.secret}\n`,
    );
    expect(off.code).toBe(0);
    const refused = await signIn('zhang', '1357');
    expect(refused.ok ? null : refused.error.message).toBe(
      'This account has been disabled. Contact an administrator.',
    );

    expect(
      (await runCli(['staff', 'enable', '--as', 'admin', '--login', 'zhang'], `${ADMIN.secret}\n`)).code,
    ).toBe(0);
    expect((await signIn('zhang', '1357')).ok).toBe(true);

    const reset = await runCli(
      ['staff', 'reset-secret', '--as', 'admin', '--login', 'zhang'],
      `${ADMIN.secret}\n8642\n`,
    );
    expect(reset.code).toBe(0);
    expect((await signIn('zhang', '1357')).ok).toBe(false);
    expect((await signIn('zhang', '8642')).ok).toBe(true);

    // A promotion to supervisor needs a PIN of at least 6 digits: the core's rule, its message.
    const short = await runCli(
      ['staff', 'role', '--as', 'admin', '--login', 'zhang', '--role', 'supervisor'],
      `${ADMIN.secret}\n1234\n`,
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('secret: Supervisors and administrators need a PIN of 6 to 12 digits');
    const promote = await runCli(
      ['staff', 'role', '--as', 'admin', '--login', 'zhang', '--role', 'supervisor'],
      `${ADMIN.secret}\n123456\n`,
    );
    expect(promote.code).toBe(0);
    const s = await signIn('zhang', '123456');
    expect(s.ok && s.value.staff.role).toBe('supervisor');
  });

  it('lets only an administrator act', async () => {
    const r = await runCli(
      ['staff', 'add', '--as', 'zhang', '--name', 'Li', '--login', 'li', '--role', 'counter'],
      '123456\n2468\n',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('zhang is not an administrator');
    expect((await signIn('li', '2468')).ok).toBe(false);
  });

  it('keeps the recovery off DeskApi: no method reaches it over HTTP or IPC', async () => {
    expect(Object.keys(METHODS).filter((m) => /recover/i.test(m))).toEqual([]);
    const r = await withDesk((call) => call('staff.recoverAdmin', { name: 'X', login: 'x' }));
    expect(r.ok ? null : r.error.code).toBe('unknown_method');
  });

  it('refuses recover-admin while an enabled administrator exists', async () => {
    const before = logEvents().length;
    const r = await runCli(['staff', 'recover-admin', '--name', 'Boss', '--login', 'boss'], '97531024\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('This branch still has an enabled administrator');
    expect(logEvents().length).toBe(before);
  });

  it('makes a recovery administrator once the last one was disabled, and the fold counts it', async () => {
    // The only admin switched themself off (an event from another desk of the branch; the screens refuse it).
    const other = new RemoteDevice('0196f3a0-0000-7000-8000-0000000000d2', Date.now() + 1000, 'GZ', adminId);
    const core = openDesk({ dataDir: dir, sync: false });
    try {
      const r = core.appendEvents([other.event(`staff:${adminId}`, 'staff.disabled', { reason: 'left' })]);
      expect(r.accepted).toBe(1);
      // Sanity: nobody can act as an administrator now.
      const a = await core.call(
        'auth.signIn',
        { login: ADMIN.login, secret: ADMIN.secret },
        { session: null, locale: 'en' },
      );
      expect(a.ok).toBe(false);
    } finally {
      core.close();
    }
    const list = await runCli(['staff', 'list']);
    expect(list.stdout).toContain('No enabled administrator');

    const r = await runCli(
      ['staff', 'recover-admin', '--name', 'Boss', '--login', 'boss', '--kind', 'password'],
      '97531024\n',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Recovery administrator made: Boss (boss)');

    const s = await signIn('boss', '97531024');
    expect(s.ok && s.value.staff.role).toBe('admin');
    const view = await adminList();
    const boss = view.staff.find((m) => m.login === 'boss');
    expect(boss).toMatchObject({ role: 'admin', enabled: true });
    // The fold, run afresh over the log as every replica runs it, counts it as a founding.
    const dirFold = foldStaffDirectory(logEvents());
    const m = dirFold.members.get(boss?.id ?? '');
    expect(m).toMatchObject({ enabled: true, role: 'admin', founding: true });

    // And a second one is refused now that an administrator exists again.
    const again = await runCli(['staff', 'recover-admin', '--name', 'X', '--login', 'x'], '97531024\n');
    expect(again.code).toBe(1);
  });
});
