/**
 * The staff feature's sign-in handlers: desk.status, desk.setup (which
 * founds the desk's first administrator) and auth.*. Sign-in counts an
 * attempt before it verifies it (kernel/sessions.ts).
 */
import type { staffMethods } from '../../../../shared/contract/methods/staff';
import { ok } from '../../../../shared/contract/result';
import { newId } from '../../../../shared/domain/kernel/ids';
import { HashQueueFullError } from './credentials';
import { staffMember } from './queries';
import { matchSecret } from './secretMatch';
import { actor, fail, invalidFields, type HandlersFor } from '../../kernel/handler';
import { counterDeskRefusal } from '../../kernel/deskRole';

import {
  appendStaffEvent,
  beginAttempt,
  failWith,
  hashOrBusy,
  msg,
  rehashIfOld,
  secretField,
  session,
  summary,
  verifyHere,
} from './common';

export const authHandlers = {
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
    const attempt = beginAttempt(ctx, input.login);
    if ('ok' in attempt) return attempt;
    try {
      // The one credential check (./secretMatch.ts), also behind a signature at the moment of signing.
      const current = await matchSecret(ctx.desk.d, ctx.desk.meta, input.login, input.secret);
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
      await rehashIfOld(ctx, current, input.secret);
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
    if (me.role === 'admin' || me.role === 'supervisor') {
      const counterDesk = counterDeskRefusal(ctx, 'elevatedSecret');
      if (counterDesk) return counterDesk;
    }
    const bad = secretField(ctx, input.secretKind, input.secret, me.role, 'secret');
    if (bad) return invalidFields(ctx, bad);
    const attempt = beginAttempt(ctx, me.login);
    if ('ok' in attempt) return attempt;
    let right: boolean;
    try {
      right = await verifyHere(ctx, input.current, me.credential);
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
} satisfies Partial<HandlersFor<typeof staffMethods>>;
