/**
 * `npm run cli -- staff …`: staff records of a desk, run on the machine itself
 * with its data directory (docs in README "Staff").
 *
 * - `staff list` reads the log (read-only) and folds it as the desk does.
 * - add / disable / enable / role / reset-secret act as an administrator who
 *   first proves their secret (`--as <login>`), through the same DeskApi calls
 *   as the staff screen (core.call), so the same rules apply.
 * - `recover-admin` writes a recovery administrator when the branch has no
 *   enabled one left (core.recoverAdmin); the staff fold refuses it otherwise.
 *
 * Secrets are read from the terminal without echo, or one per line of stdin;
 * never from the command line.
 */
import type { StaffDetail, StaffSummary } from '../../shared/contract/methods/staff';
import type { ApiError, Result } from '../../shared/contract/result';
import type { Locale } from '../../shared/domain/kernel/locale';
import { ROLES, Role, SUPERVISING_ROLES } from '../../shared/domain/kernel/roles';
import { foldStaffDirectory } from '../../shared/domain/staff/directory';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { parseHlc } from '../../shared/domain/kernel/hlc';
import { eachEvent, openDesk, openReadOnly, type DeskCore } from '../desk';
import { NoSecretError, secretReader, type SecretReader } from './secrets';

export interface StaffOptions {
  as?: string;
  name?: string;
  login?: string;
  id?: string;
  role?: string;
  reason?: string;
  kind?: string;
  lang?: string;
}

export const STAFF_USAGE = `  staff list                                   列出员工及被搁置的员工事件 / List staff and staff events kept without effect
  staff add --as <管理员> --name <姓名> --login <登录名> --role <角色> [--kind pin|password]
  staff disable --as <管理员> (--login <登录名> | --id <编号>) --reason <原因>
  staff enable --as <管理员> (--login <登录名> | --id <编号>)
  staff role --as <管理员> (--login <登录名> | --id <编号>) --role <角色> [--kind pin|password]
  staff reset-secret --as <管理员> (--login <登录名> | --id <编号>) [--kind pin|password]
  staff recover-admin --name <姓名> --login <登录名> [--kind pin|password]
            本网点已没有启用的管理员时，新建一名恢复管理员 / Make a recovery administrator when none is left
            角色 / roles: ${ROLES.join(', ')}
            密码和 PIN 从终端（不回显）或标准输入逐行读取，绝不写在命令行上。
            Secrets are read from the terminal (not echoed) or one per line of stdin, never from the command line.`;

const ROLE_LABEL: Record<Role, string> = {
  counter: '柜台 counter',
  lead: '班组长 lead',
  qc: '质检员 qc',
  supervisor: '主管 supervisor',
  admin: '管理员 admin',
};

const FLAG_LABEL: Record<string, string> = {
  no_authority: '操作人无此权限 / actor lacked the authority',
  duplicate: '重复创建 / created twice',
  unknown_staff: '员工不存在 / no such staff record',
  bad_payload: '内容无效 / invalid content',
};

/** A refusal the CLI reports and exits 1 (2 for bad usage). */
export class CliExit extends Error {
  constructor(
    message: string,
    readonly code: 1 | 2,
  ) {
    super(message);
  }
}

const usage = (message: string): never => {
  throw new CliExit(message, 2);
};
const refuse = (message: string): never => {
  throw new CliExit(message, 1);
};

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function localeOf(opts: StaffOptions): Locale {
  const lang = opts.lang ?? process.env.LANG ?? '';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

function describe(e: ApiError): string {
  const fields = Object.entries(e.fields ?? {}).map(([k, v]) => `\n  ${k}: ${v}`);
  return `${e.message}${fields.join('')}`;
}

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') usage(`缺少 --${flag} / Missing --${flag}.`);
  return (value ?? '').trim();
}

function roleOf(value: string | undefined): Role {
  const r = Role.safeParse(need(value, 'role'));
  if (!r.success) usage(`角色应为 / The role must be one of: ${ROLES.join(', ')}.`);
  return r.data as Role;
}

function kindOf(value: string | undefined): 'pin' | 'password' {
  const k = value ?? 'pin';
  if (k !== 'pin' && k !== 'password') usage('--kind 应为 pin 或 password / --kind must be pin or password.');
  return k as 'pin' | 'password';
}

async function readSecret(reader: SecretReader, prompt: string): Promise<string> {
  try {
    return await reader.read(prompt);
  } catch (e) {
    if (e instanceof NoSecretError) refuse('没有读到密码或 PIN。 / No secret was given on stdin.');
    throw e;
  }
}

/** A new secret; typed twice at a terminal, to rule out a typo. */
async function readNewSecret(reader: SecretReader, kind: 'pin' | 'password', whose: string): Promise<string> {
  const what = kind === 'pin' ? '新 PIN / New PIN' : '新密码 / New password';
  const secret = await readSecret(reader, `${what} (${whose}): `);
  if (reader.interactive) {
    const again = await readSecret(reader, `再输入一次 / Repeat it: `);
    if (again !== secret) refuse('两次输入不一致，未作更改。 / The two entries differ; nothing was changed.');
  }
  return secret;
}

/** The wall-clock part of an HLC, as UTC ISO time (the raw HLC when unreadable). */
function hlcTime(hlc: string): string {
  try {
    return new Date(parseHlc(hlc).ms).toISOString();
  } catch {
    return hlc;
  }
}

export function listStaff(dataDir: string): void {
  const store = openReadOnly(dataDir);
  const events: EventEnvelope[] = [];
  try {
    for (const e of eachEvent(store))
      if (e.envelope && e.stream.startsWith('staff:')) events.push(e.envelope);
  } finally {
    store.close();
  }
  const dir = foldStaffDirectory(events);
  const members = [...dir.members.values()];
  out(`员工 / Staff: ${members.length}`);
  for (const m of members) {
    const shared = m.enabled && dir.byLogin(m.login).some((o) => o.id !== m.id && o.enabled);
    const state = m.enabled ? '启用 enabled' : '已停用 disabled';
    out(
      `${m.id}  ${m.name}  ${m.login}  ${ROLE_LABEL[m.role]}  ${state}${shared ? '  ⚠ 登录名与另一启用记录相同 / login shared with another enabled record' : ''}`,
    );
  }
  if (!members.some((m) => m.enabled && m.role === 'admin')) {
    out(
      '⚠ 没有启用的管理员：可用 staff recover-admin 新建一名。 / No enabled administrator: staff recover-admin can make one.',
    );
  }
  if (dir.flags.length > 0) {
    out(`\n被搁置的员工事件（未生效） / Staff events kept without effect: ${dir.flags.length}`);
    const names = new Map(members.map((m) => [m.id, `${m.name} (${m.login})`]));
    for (const f of dir.flags) {
      out(
        `${hlcTime(f.hlc)}  ${f.type}  对象 staff ${names.get(f.staffId) ?? f.staffId}  操作人 actor ${names.get(f.actor) ?? f.actor}  设备 device ${f.device}  ${FLAG_LABEL[f.reason] ?? f.reason}`,
      );
    }
  }
}

function unwrap<T>(r: Result<unknown>): T {
  if (!r.ok) refuse(describe(r.error));
  return (r as { value: T }).value;
}

/** Opens the desk, signs in as the administrator `--as`, runs `act`, signs out and closes. */
async function asAdmin(
  dataDir: string,
  opts: StaffOptions,
  reader: SecretReader,
  act: (call: (method: string, input: unknown) => Promise<Result<unknown>>, desk: DeskCore) => Promise<void>,
): Promise<void> {
  const login = need(opts.as, 'as');
  const locale = localeOf(opts);
  const secret = await readSecret(
    reader,
    `管理员 ${login} 的密码或 PIN / Password or PIN of administrator ${login}: `,
  );
  const desk = openDesk({ dataDir, sync: false });
  try {
    const session = unwrap<{ token: string; staff: StaffSummary }>(
      await desk.call('auth.signIn', { login, secret }, { session: null, locale }),
    );
    const call = (method: string, input: unknown) =>
      desk.call(method, input, { session: session.token, locale });
    try {
      if (session.staff.role !== 'admin') {
        refuse(`${login} 不是管理员。 / ${login} is not an administrator.`);
      }
      await act(call, desk);
    } finally {
      await call('auth.signOut', {});
    }
  } finally {
    desk.close();
  }
}

async function findTarget(
  call: (method: string, input: unknown) => Promise<Result<unknown>>,
  opts: StaffOptions,
): Promise<StaffDetail> {
  const list = unwrap<{ staff: StaffDetail[] }>(await call('staff.admin.list', {})).staff;
  if (opts.id) {
    const m = list.find((s) => s.id === opts.id);
    return m ?? refuse(`找不到编号为 ${opts.id} 的员工。 / No staff record with id ${opts.id}.`);
  }
  const login = need(opts.login, 'login').toLowerCase();
  const found = list.filter((s) => s.login.toLowerCase() === login);
  if (found.length === 0)
    refuse(`找不到登录名为 ${opts.login} 的员工。 / No staff record with login ${opts.login}.`);
  if (found.length > 1) {
    refuse(
      `有 ${found.length} 条记录使用登录名 ${opts.login}，请用 --id 指定： / ${found.length} records use the login ${opts.login}; pick one with --id:\n${found
        .map((s) => `  ${s.id}  ${s.name}  ${s.role}  ${s.enabled ? 'enabled' : 'disabled'}`)
        .join('\n')}`,
    );
  }
  return found[0] as StaffDetail;
}

function done(
  what: string,
  s: Pick<StaffDetail, 'id' | 'name' | 'login' | 'role'> & { enabled?: boolean },
): void {
  const state = s.enabled === false ? '已停用 disabled' : '启用 enabled';
  out(`${what}: ${s.name} (${s.login}) ${ROLE_LABEL[s.role]} ${state}  id ${s.id}`);
}

export async function staffCommand(
  sub: string | undefined,
  rest: string[],
  dataDir: string,
  opts: StaffOptions,
): Promise<void> {
  if (rest.length > 0) usage(`多余的参数 / Unexpected arguments: ${rest.join(' ')}`);
  if (sub === 'list') return listStaff(dataDir);
  const reader = secretReader();
  try {
    switch (sub) {
      case 'add': {
        const name = need(opts.name, 'name');
        const login = need(opts.login, 'login');
        const role = roleOf(opts.role);
        const kind = kindOf(opts.kind);
        return await asAdmin(dataDir, opts, reader, async (call) => {
          const secret = await readNewSecret(reader, kind, login);
          const s = unwrap<StaffSummary>(
            await call('staff.create', { name, login, role, secretKind: kind, secret }),
          );
          done('已添加 / Added', s);
        });
      }
      case 'disable': {
        const reason = need(opts.reason, 'reason');
        return await asAdmin(dataDir, opts, reader, async (call) => {
          const m = await findTarget(call, opts);
          done(
            '已停用 / Disabled',
            unwrap<StaffDetail>(await call('staff.disable', { staffId: m.id, reason })),
          );
        });
      }
      case 'enable':
        return await asAdmin(dataDir, opts, reader, async (call) => {
          const m = await findTarget(call, opts);
          done('已启用 / Enabled', unwrap<StaffDetail>(await call('staff.enable', { staffId: m.id })));
        });
      case 'role': {
        const role = roleOf(opts.role);
        return await asAdmin(dataDir, opts, reader, async (call) => {
          const m = await findTarget(call, opts);
          const promoting = SUPERVISING_ROLES.includes(role) && !SUPERVISING_ROLES.includes(m.role);
          let extra = {};
          if (promoting) {
            // Supervisors and administrators need a password or a PIN of at least 6 digits.
            const kind = kindOf(opts.kind);
            extra = { secretKind: kind, secret: await readNewSecret(reader, kind, m.login) };
          }
          const r = unwrap<StaffDetail>(await call('staff.changeRole', { staffId: m.id, role, ...extra }));
          done('已更改角色 / Role changed', r);
        });
      }
      case 'reset-secret': {
        const kind = kindOf(opts.kind);
        return await asAdmin(dataDir, opts, reader, async (call) => {
          const m = await findTarget(call, opts);
          const secret = await readNewSecret(reader, kind, m.login);
          const r = unwrap<StaffDetail>(
            await call('staff.resetSecret', { staffId: m.id, secretKind: kind, secret }),
          );
          done('已重设 / Secret reset', r);
        });
      }
      case 'recover-admin': {
        const name = need(opts.name, 'name');
        const login = need(opts.login, 'login');
        const kind = kindOf(opts.kind);
        const secret = await readNewSecret(reader, kind, login);
        const desk = openDesk({ dataDir, sync: false });
        try {
          const s = unwrap<StaffSummary>(
            await desk.recoverAdmin({ name, login, secretKind: kind, secret }, localeOf(opts)),
          );
          done('已新建恢复管理员 / Recovery administrator made', s);
          out(
            '请用它登录，并在“设置 → 员工”中检查其他账户。 / Sign in with it and review the other accounts in Settings → Staff.',
          );
        } finally {
          desk.close();
        }
        return;
      }
      default:
        usage(`未知的 staff 子命令“${sub ?? ''}”。 / Unknown staff command "${sub ?? ''}".`);
    }
  } finally {
    reader.close();
  }
}
