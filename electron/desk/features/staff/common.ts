/**
 * What the staff feature's handlers share: summaries, sessions, appending
 * staff events, the secret rules, hashing under the branch key and checking a
 * secret on this desk.
 */
import type { Session, StaffDetail, StaffSummary } from '../../../../shared/contract/methods/staff';
import { err, ok, type Err, type Result } from '../../../../shared/contract/result';
import { msg as kernelMsg, roleName } from '../../kernel/messages';
import type { SignInAttempt } from '../../kernel/sessions';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { type Role } from '../../../../shared/domain/kernel/roles';
import type { StaffMember } from '../../../../shared/domain/staff/directory';
import type { StaffEventType } from '../../../../shared/domain/staff/payloads';
import type { PayloadOf } from '../../../../shared/domain/events';
import {
  hashSecret,
  isCurrent,
  type Credential,
  HashQueueFullError,
  secretProblem,
  type SecretKind,
} from './credentials';
import { staffBookView, staffByLogin, staffMember } from './queries';
import { messages } from './messages';
import { currentPepper } from './peppers';
import { verifyUnderKey } from './secretMatch';
import { actor, fail, failWithFrom, type HandlerContext } from '../../kernel/handler';

export const msg = messages.msg;
export const failWith = failWithFrom(messages);

export function summary(s: Pick<StaffMember, 'id' | 'name' | 'login' | 'role'>): StaffSummary {
  return { id: s.id, name: s.name, login: s.login, role: s.role };
}

export function detail(ctx: HandlerContext, m: StaffMember): StaffDetail {
  const shared = staffByLogin(ctx.desk.d, m.login).some((o) => o.id !== m.id && o.enabled);
  return { ...summary(m), enabled: m.enabled, secretKind: m.credential.kind, loginShared: shared };
}

export function session(ctx: HandlerContext, s: StaffMember): Session {
  const token = ctx.desk.sessions.create({ staffId: s.id, role: s.role });
  return { token, staff: summary(s) };
}

/** Appends one staff event (inside the caller's transaction). */
export function appendStaffEvent<T extends StaffEventType>(
  ctx: HandlerContext,
  staffId: string,
  type: T,
  payload: PayloadOf<T>,
  by: string,
) {
  ctx.desk.appendLocal([ctx.desk.makeEvent(streamOf('staff', staffId), type, payload, by)]);
}

export function secretField(
  ctx: HandlerContext,
  kind: SecretKind,
  secret: string,
  role: Role,
  path: string,
): Record<string, string> | null {
  const problem = secretProblem(kind, secret, role);
  return problem ? { [path]: msg(ctx.locale, problem) } : null;
}

export function enabledAdmins(ctx: HandlerContext): StaffMember[] {
  return staffBookView(ctx.desk.d).members.filter((m) => m.enabled && m.role === 'admin');
}

/** The record an admin acts on, or the error to return. Not oneself for disable and role change. */
export function target(
  ctx: HandlerContext,
  staffId: string,
  notSelf: boolean,
): StaffMember | ReturnType<typeof failWith> {
  const m = staffMember(ctx.desk.d, staffId);
  if (!m) return failWith(ctx, 'not_found', 'staffNotFound');
  if (notSelf && m.id === actor(ctx).id) return failWith(ctx, 'forbidden', 'notOnYourself');
  return m;
}

export function isErr(x: StaffMember | { ok: false }): x is { ok: false } & ReturnType<typeof failWith> {
  return 'ok' in x;
}

/** Refuses to take away the last enabled administrator. */
export function keepsAnAdmin(ctx: HandlerContext, m: StaffMember): boolean {
  return !(m.enabled && m.role === 'admin' && enabledAdmins(ctx).length <= 1);
}

/** The record after an act, as the fold now has it. */
export function after(ctx: HandlerContext, id: string): Result<StaffDetail> {
  const m = staffMember(ctx.desk.d, id);
  return m ? ok(detail(ctx, m)) : failWith(ctx, 'not_found', 'staffNotFound');
}

/**
 * Counts a sign-in attempt for `login` before any secret is checked
 * (kernel/sessions.ts), or the `rate_limited` refusal while the login is locked.
 */
export function beginAttempt(ctx: HandlerContext, login: string): SignInAttempt | Err {
  const attempt = ctx.desk.limiter.begin(login);
  if (!('retryAfterMs' in attempt)) return attempt;
  return fail(ctx, 'rate_limited', undefined, { seconds: Math.ceil(attempt.retryAfterMs / 1000) });
}

/** Hashes a new secret under the branch key this desk uses now. */
export async function hashOrBusy(ctx: HandlerContext, kind: SecretKind, secret: string) {
  try {
    const pepper = ctx.desk.tx(() => currentPepper(ctx.desk.meta));
    return await hashSecret(kind, secret, pepper);
  } catch (e) {
    if (e instanceof HashQueueFullError) return failWith(ctx, 'busy', 'signInBusy');
    throw e;
  }
}

/**
 * The acting administrator's standing after a wait (a secret's hash takes
 * about 0.3 s, longer when the queue is busy): disabled or demoted meanwhile
 * (here, or by an event sync brought), they are refused as the dispatcher
 * would refuse their next call, and nothing is written in their name.
 */
export function adminLapsed(ctx: HandlerContext): Err | null {
  const me = staffMember(ctx.desk.d, actor(ctx).id);
  if (!me?.enabled) return err('unauthenticated', kernelMsg(ctx.locale, 'accountDisabled'));
  if (me.role !== 'admin') {
    return err('forbidden', kernelMsg(ctx.locale, 'forbiddenRole', { role: roleName(ctx.locale, me.role) }));
  }
  return null;
}

/**
 * Checks a secret against a record on this desk: under the branch key the
 * record names, which this desk may not hold (a record made on another desk
 * before it enrolled): then it cannot be checked here.
 */
export function verifyHere(ctx: HandlerContext, secret: string, cred: Credential): Promise<boolean> {
  return verifyUnderKey(ctx.desk.meta, secret, cred);
}

/**
 * After a sign-in, a record made under another key (before this desk
 * enrolled) or at an older cost is hashed again under the current key, as
 * the holder's own change: from then on every desk of the branch can check it.
 */
export async function rehashIfOld(ctx: HandlerContext, m: StaffMember, secret: string): Promise<void> {
  const pepper = ctx.desk.tx(() => currentPepper(ctx.desk.meta));
  if (isCurrent(m.credential, pepper.id)) return;
  const credential = await hashSecret(m.credential.kind, secret, pepper);
  ctx.desk.tx(() => appendStaffEvent(ctx, m.id, 'staff.secretChanged', { credential }, m.id));
}
