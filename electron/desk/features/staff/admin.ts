/**
 * The staff feature's administration handlers: staff.* (create, list,
 * disable, enable, change role, reset a secret). Every act is also checked
 * by the staff fold (shared/domain/staff/directory.ts), so an event another
 * desk forges cannot do what these refuse; the handlers add what only the
 * acting desk knows (the last administrator, oneself, clear errors).
 */
import type { StaffSummary, staffMethods } from '../../../../shared/contract/methods/staff';
import { ok, type Result } from '../../../../shared/contract/result';
import { SUPERVISING_ROLES } from '../../../../shared/domain/kernel/roles';
import { newId } from '../../../../shared/domain/kernel/ids';
import { staffBookView, staffByLogin, staffMember } from './queries';
import { actor, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { counterDeskRefusal } from '../../kernel/deskRole';

import {
  adminLapsed,
  after,
  appendStaffEvent,
  detail,
  failWith,
  hashOrBusy,
  isErr,
  keepsAnAdmin,
  msg,
  secretField,
  summary,
  target,
} from './common';

/** Head office takes staff changes from a supervisor desk only (./deskRole.ts): refused up front on a counter desk. */
const counterDesk = (ctx: HandlerContext) => counterDeskRefusal(ctx, 'staff');

export const adminHandlers = {
  'staff.create': async (input, ctx): Promise<Result<StaffSummary>> => {
    const refused = counterDesk(ctx);
    if (refused) return refused;
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
    const lapsed = adminLapsed(ctx);
    if (lapsed) return lapsed;
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
    const refused = counterDesk(ctx);
    if (refused) return refused;
    const m = target(ctx, input.staffId, true);
    if (isErr(m)) return m;
    if (!m.enabled) return failWith(ctx, 'invalid_state', 'alreadyInState');
    if (!keepsAnAdmin(ctx, m)) return failWith(ctx, 'invalid_state', 'lastAdmin');
    ctx.desk.tx(() => appendStaffEvent(ctx, m.id, 'staff.disabled', { reason: input.reason }, actor(ctx).id));
    // Their sessions end now (their next call says the account is disabled), so an enable does not revive them.
    ctx.desk.sessions.revokeStaff(m.id, 'disabled');
    return after(ctx, m.id);
  },

  'staff.enable': (input, ctx) => {
    const refused = counterDesk(ctx);
    if (refused) return refused;
    const m = target(ctx, input.staffId, true);
    if (isErr(m)) return m;
    if (m.enabled) return failWith(ctx, 'invalid_state', 'alreadyInState');
    ctx.desk.tx(() => appendStaffEvent(ctx, m.id, 'staff.enabled', {}, actor(ctx).id));
    return after(ctx, m.id);
  },

  'staff.changeRole': async (input, ctx) => {
    const refused = counterDesk(ctx);
    if (refused) return refused;
    const m = target(ctx, input.staffId, true);
    if (isErr(m)) return m;
    if (m.role === input.role) return failWith(ctx, 'invalid_state', 'alreadyInState');
    if (input.role !== 'admin' && !keepsAnAdmin(ctx, m)) return failWith(ctx, 'invalid_state', 'lastAdmin');
    // A promotion to a supervising role comes with a secret that meets that role's rule; a secret
    // given with any other change is set as well (never dropped unsaid), under the new role's rule.
    const promoting = SUPERVISING_ROLES.includes(input.role) && !SUPERVISING_ROLES.includes(m.role);
    const given = input.secretKind !== undefined || input.secret !== undefined;
    let credential = null;
    if (promoting || given) {
      if (!input.secretKind || !input.secret)
        return invalidFields(ctx, {
          secret: msg(ctx.locale, promoting ? 'roleNeedsSecret' : 'secretIncomplete'),
        });
      const bad = secretField(ctx, input.secretKind, input.secret, input.role, 'secret');
      if (bad) return invalidFields(ctx, bad);
      const hashed = await hashOrBusy(ctx, input.secretKind, input.secret);
      if ('ok' in hashed) return hashed;
      const lapsed = adminLapsed(ctx);
      if (lapsed) return lapsed;
      credential = hashed;
    }
    const by = actor(ctx).id;
    ctx.desk.tx(() => {
      appendStaffEvent(ctx, m.id, 'staff.roleChanged', { role: input.role }, by);
      if (credential) appendStaffEvent(ctx, m.id, 'staff.secretReset', { credential }, by);
    });
    ctx.desk.sessions.revokeStaff(m.id);
    if (credential) ctx.desk.limiter.forgive(m.login);
    return after(ctx, m.id);
  },

  'staff.resetSecret': async (input, ctx) => {
    const refused = counterDesk(ctx);
    if (refused) return refused;
    const m = target(ctx, input.staffId, false);
    if (isErr(m)) return m;
    const bad = secretField(ctx, input.secretKind, input.secret, m.role, 'secret');
    if (bad) return invalidFields(ctx, bad);
    const credential = await hashOrBusy(ctx, input.secretKind, input.secret);
    if ('ok' in credential) return credential;
    const lapsed = adminLapsed(ctx);
    if (lapsed) return lapsed;
    ctx.desk.tx(() => appendStaffEvent(ctx, m.id, 'staff.secretReset', { credential }, actor(ctx).id));
    if (m.id !== actor(ctx).id) ctx.desk.sessions.revokeStaff(m.id);
    // The usual reason for a reset is a holder locked out by wrong guesses: the new secret works at once.
    ctx.desk.limiter.forgive(m.login);
    return after(ctx, m.id);
  },
} satisfies Partial<HandlersFor<typeof staffMethods>>;
