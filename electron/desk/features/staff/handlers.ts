/**
 * The staff feature's DeskApi handlers: desk.status, desk.setup, auth.* and
 * staff.*. Every act here is also checked by the staff fold
 * (shared/domain/staff/directory.ts), so an event another desk forges cannot
 * do what these handlers refuse; the handlers add what only the acting desk
 * can know (the current secret, the last administrator, clear errors).
 */
import type {
  Session,
  StaffDetail,
  StaffSummary,
  staffMethods,
} from '../../../../shared/contract/methods/staff';
import { ok, type Result } from '../../../../shared/contract/result';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { SUPERVISING_ROLES, type Role } from '../../../../shared/domain/kernel/roles';
import { newId } from '../../../../shared/domain/kernel/ids';
import type { StaffMember } from '../../../../shared/domain/staff/directory';
import type { StaffEventType } from '../../../../shared/domain/staff/payloads';
import type { PayloadOf } from '../../../../shared/domain/events';
import {
  dummyCredential,
  hashSecret,
  HashQueueFullError,
  secretProblem,
  verifySecret,
  type SecretKind,
} from './credentials';
import { recordOf, staffBookView, staffByLogin, staffMember } from './queries';
import { messages, type StaffMessageKey } from './messages';
import {
  actor,
  fail,
  failWithFrom,
  invalidFields,
  type HandlerContext,
  type HandlersFor,
} from '../../kernel/handler';

const msg = messages.msg;
const failWith = failWithFrom(messages);

function summary(s: Pick<StaffMember, 'id' | 'name' | 'login' | 'role'>): StaffSummary {
  return { id: s.id, name: s.name, login: s.login, role: s.role };
}

function detail(ctx: HandlerContext, m: StaffMember): StaffDetail {
  const shared = staffByLogin(ctx.desk.d, m.login).some((o) => o.id !== m.id && o.enabled);
  return { ...summary(m), enabled: m.enabled, secretKind: m.credential.kind, loginShared: shared };
}

function session(ctx: HandlerContext, s: StaffMember): Session {
  const token = ctx.desk.sessions.create({ staffId: s.id, role: s.role });
  return { token, staff: summary(s) };
}

/** Appends one staff event (inside the caller's transaction). */
function appendStaffEvent<T extends StaffEventType>(
  ctx: HandlerContext,
  staffId: string,
  type: T,
  payload: PayloadOf<T>,
  by: string,
) {
  ctx.desk.appendLocal([ctx.desk.makeEvent(streamOf('staff', staffId), type, payload, by)]);
}

function secretField(
  ctx: HandlerContext,
  kind: SecretKind,
  secret: string,
  role: Role,
  path: string,
): Record<string, string> | null {
  const problem = secretProblem(kind, secret, role);
  return problem ? { [path]: msg(ctx.locale, problem) } : null;
}

function enabledAdmins(ctx: HandlerContext): StaffMember[] {
  return staffBookView(ctx.desk.d).members.filter((m) => m.enabled && m.role === 'admin');
}

/** The record an admin acts on, or the error to return. Not oneself for disable and role change. */
function target(
  ctx: HandlerContext,
  staffId: string,
  notSelf: boolean,
): StaffMember | ReturnType<typeof failWith> {
  const m = staffMember(ctx.desk.d, staffId);
  if (!m) return failWith(ctx, 'not_found', 'staffNotFound');
  if (notSelf && m.id === actor(ctx).id) return failWith(ctx, 'forbidden', 'notOnYourself');
  return m;
}

function isErr(x: StaffMember | { ok: false }): x is { ok: false } & ReturnType<typeof failWith> {
  return 'ok' in x;
}

/** Refuses to take away the last enabled administrator. */
function keepsAnAdmin(ctx: HandlerContext, m: StaffMember): boolean {
  return !(m.enabled && m.role === 'admin' && enabledAdmins(ctx).length <= 1);
}

/** The record after an act, as the fold now has it. */
function after(ctx: HandlerContext, id: string): Result<StaffDetail> {
  const m = staffMember(ctx.desk.d, id);
  return m ? ok(detail(ctx, m)) : failWith(ctx, 'not_found', 'staffNotFound');
}

async function hashOrBusy(ctx: HandlerContext, kind: SecretKind, secret: string) {
  try {
    return await hashSecret(kind, secret);
  } catch (e) {
    if (e instanceof HashQueueFullError) return failWith(ctx, 'busy', 'signInBusy');
    throw e;
  }
}

export const staffHandlers: HandlersFor<typeof staffMethods> = {
  'desk.status': (_input, ctx) => {
    const id = ctx.desk.identity();
    return ok({
      initialized: id !== null,
      appVersion: ctx.desk.appVersion,
      branchCode: id?.branchCode ?? null,
      branchName: id?.branchName ?? null,
      deviceCode: id?.deviceCode ?? null,
      scriptVersion: ctx.desk.resources.script.version,
    });
  },

  'desk.setup': async (input, ctx) => {
    if (ctx.desk.identity()) return fail(ctx, 'already_initialized');
    const bad = secretField(ctx, input.admin.secretKind, input.admin.secret, 'admin', 'admin.secret');
    if (bad) return invalidFields(ctx, bad);
    const credential = await hashOrBusy(ctx, input.admin.secretKind, input.admin.secret);
    if ('ok' in credential) return credential;
    const adminId = newId();
    const done = ctx.desk.tx((): boolean => {
      if (ctx.desk.meta.identity()) return false; // another setup won while we were hashing
      ctx.desk.setIdentity({
        deviceId: newId(),
        deviceCode: input.deviceCode,
        branchCode: input.branchCode,
        branchName: input.branchName,
      });
      // The founding administrator: created by itself, the one record this device may found.
      const payload = {
        name: input.admin.name,
        login: input.admin.login,
        role: 'admin' as const,
        credential,
      };
      appendStaffEvent(ctx, adminId, 'staff.created', payload, adminId);
      return true;
    });
    const admin = staffMember(ctx.desk.d, adminId);
    if (!done || !admin) return fail(ctx, 'already_initialized');
    return ok(session(ctx, admin));
  },

  'auth.signIn': async (input, ctx) => {
    const attempt = ctx.desk.limiter.begin(input.login);
    if ('retryAfterMs' in attempt) {
      return fail(ctx, 'rate_limited', undefined, { seconds: Math.ceil(attempt.retryAfterMs / 1000) });
    }
    try {
      // Every enabled record with this login (two desks set up apart may both have an `admin`).
      const candidates = staffByLogin(ctx.desk.d, input.login).slice(0, 4);
      let match: StaffMember | null = null;
      if (candidates.length === 0) await verifySecret(input.secret, await dummyCredential());
      for (const c of candidates) {
        if (await verifySecret(input.secret, c.credential)) {
          match = c;
          break;
        }
      }
      // Read again: the record may have been disabled while the hash ran.
      const current = match ? staffMember(ctx.desk.d, match.id) : undefined;
      if (!current) {
        attempt.failed();
        return fail(ctx, 'bad_credentials');
      }
      if (!current.enabled) {
        // Only someone who knows the secret learns that the account is disabled.
        attempt.succeeded();
        return failWith(ctx, 'unauthenticated', 'accountDisabled');
      }
      attempt.succeeded();
      return ok(session(ctx, current));
    } catch (e) {
      attempt.failed();
      if (e instanceof HashQueueFullError) return failWith(ctx, 'busy', 'signInBusy');
      throw e;
    }
  },

  'auth.signOut': (_input, ctx) => {
    if (ctx.token) ctx.desk.sessions.revoke(ctx.token);
    return ok({});
  },

  'auth.me': (_input, ctx) => ok(summary(actor(ctx))),

  'auth.changeSecret': async (input, ctx) => {
    const me = staffMember(ctx.desk.d, actor(ctx).id);
    if (!me || !me.enabled) return failWith(ctx, 'unauthenticated', 'accountDisabled');
    const bad = secretField(ctx, input.secretKind, input.secret, me.role, 'secret');
    if (bad) return invalidFields(ctx, bad);
    const attempt = ctx.desk.limiter.begin(me.login);
    if ('retryAfterMs' in attempt) {
      return fail(ctx, 'rate_limited', undefined, { seconds: Math.ceil(attempt.retryAfterMs / 1000) });
    }
    let right: boolean;
    try {
      right = await verifySecret(input.current, me.credential);
    } catch (e) {
      attempt.failed();
      if (e instanceof HashQueueFullError) return failWith(ctx, 'busy', 'signInBusy');
      throw e;
    }
    if (!right) {
      attempt.failed();
      const text = msg(ctx.locale, 'currentSecretWrong');
      return failWith(ctx, 'bad_credentials', 'currentSecretWrong', undefined, { current: text });
    }
    attempt.succeeded();
    const credential = await hashOrBusy(ctx, input.secretKind, input.secret);
    if ('ok' in credential) return credential;
    ctx.desk.tx(() => appendStaffEvent(ctx, me.id, 'staff.secretChanged', { credential }, me.id));
    return ok({});
  },

  'staff.create': async (input, ctx): Promise<Result<StaffSummary>> => {
    const admin = actor(ctx);
    const bad = secretField(ctx, input.secretKind, input.secret, input.role, 'secret');
    if (bad) return invalidFields(ctx, bad);
    const taken = (): boolean => staffByLogin(ctx.desk.d, input.login).length > 0;
    const conflict = () =>
      failWith(
        ctx,
        'conflict',
        'loginTaken',
        { login: input.login },
        { login: msg(ctx.locale, 'loginTaken', { login: input.login }) },
      );
    if (taken()) return conflict();
    const credential = await hashOrBusy(ctx, input.secretKind, input.secret);
    if ('ok' in credential) return credential;
    const id = newId();
    const created = ctx.desk.tx((): boolean => {
      if (taken()) return false;
      const payload = { name: input.name, login: input.login, role: input.role, credential };
      appendStaffEvent(ctx, id, 'staff.created', payload, admin.id);
      return true;
    });
    const m = created ? staffMember(ctx.desk.d, id) : undefined;
    if (!m) return conflict();
    return ok(summary(m));
  },

  'staff.list': (_input, ctx) =>
    ok(
      staffBookView(ctx.desk.d)
        .members.filter((m) => m.enabled)
        .map(summary),
    ),

  'staff.admin.list': (_input, ctx) => {
    const view = staffBookView(ctx.desk.d);
    return ok({
      staff: view.members.map((m) => detail(ctx, m)),
      flags: view.flags.map((f) => ({
        ...f,
        at: f.hlc,
        reason: f.reason === 'bad_payload' ? 'bad_credential' : f.reason,
      })),
    });
  },

  'staff.disable': (input, ctx) => {
    const m = target(ctx, input.staffId, true);
    if (isErr(m)) return m;
    if (!m.enabled) return failWith(ctx, 'invalid_state', 'alreadyInState');
    if (!keepsAnAdmin(ctx, m)) return failWith(ctx, 'invalid_state', 'lastAdmin');
    // Their sessions end at their next call (the dispatcher checks the record), with a message that says why.
    ctx.desk.tx(() => appendStaffEvent(ctx, m.id, 'staff.disabled', { reason: input.reason }, actor(ctx).id));
    return after(ctx, m.id);
  },

  'staff.enable': (input, ctx) => {
    const m = target(ctx, input.staffId, true);
    if (isErr(m)) return m;
    if (m.enabled) return failWith(ctx, 'invalid_state', 'alreadyInState');
    ctx.desk.tx(() => appendStaffEvent(ctx, m.id, 'staff.enabled', {}, actor(ctx).id));
    return after(ctx, m.id);
  },

  'staff.changeRole': async (input, ctx) => {
    const m = target(ctx, input.staffId, true);
    if (isErr(m)) return m;
    if (m.role === input.role) return failWith(ctx, 'invalid_state', 'alreadyInState');
    if (input.role !== 'admin' && !keepsAnAdmin(ctx, m)) return failWith(ctx, 'invalid_state', 'lastAdmin');
    // A promotion to a supervising role comes with a secret that meets that role's rule.
    const promoting = SUPERVISING_ROLES.includes(input.role) && !SUPERVISING_ROLES.includes(m.role);
    let credential = null;
    if (promoting) {
      if (!input.secretKind || !input.secret)
        return invalidFields(ctx, { secret: msg(ctx.locale, 'roleNeedsSecret') });
      const bad = secretField(ctx, input.secretKind, input.secret, input.role, 'secret');
      if (bad) return invalidFields(ctx, bad);
      const hashed = await hashOrBusy(ctx, input.secretKind, input.secret);
      if ('ok' in hashed) return hashed;
      credential = hashed;
    }
    const by = actor(ctx).id;
    ctx.desk.tx(() => {
      appendStaffEvent(ctx, m.id, 'staff.roleChanged', { role: input.role }, by);
      if (credential) appendStaffEvent(ctx, m.id, 'staff.secretReset', { credential }, by);
    });
    ctx.desk.sessions.revokeStaff(m.id);
    return after(ctx, m.id);
  },

  'staff.resetSecret': async (input, ctx) => {
    const m = target(ctx, input.staffId, false);
    if (isErr(m)) return m;
    const bad = secretField(ctx, input.secretKind, input.secret, m.role, 'secret');
    if (bad) return invalidFields(ctx, bad);
    const credential = await hashOrBusy(ctx, input.secretKind, input.secret);
    if ('ok' in credential) return credential;
    ctx.desk.tx(() => appendStaffEvent(ctx, m.id, 'staff.secretReset', { credential }, actor(ctx).id));
    if (m.id !== actor(ctx).id) ctx.desk.sessions.revokeStaff(m.id);
    return after(ctx, m.id);
  },
};

export type { StaffMessageKey };
export { recordOf };
