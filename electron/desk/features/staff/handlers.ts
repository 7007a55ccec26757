/** The staff feature's DeskApi handlers: desk.status, desk.setup, auth.*, staff.* */
import type { Session, StaffSummary, staffMethods } from '../../../../shared/contract/methods/staff';
import { ok, type Result } from '../../../../shared/contract/result';
import { StaffCreatedPayload } from '../../../../shared/domain/staff/payloads';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { type Role } from '../../../../shared/domain/kernel/roles';
import { newId } from '../../../../shared/domain/kernel/ids';
import {
  dummyCredential,
  hashSecret,
  secretProblem,
  verifySecret,
  type Credential,
  type SecretKind,
} from './credentials';
import type { StaffRecord } from '../../kernel/directory';
import { staffByLogin } from './queries';
import { messages } from './messages';
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

function summary(s: Pick<StaffRecord, 'id' | 'name' | 'login' | 'role'>): StaffSummary {
  return { id: s.id, name: s.name, login: s.login, role: s.role };
}

function session(ctx: HandlerContext, s: StaffRecord): Session {
  const token = ctx.desk.sessions.create({ staffId: s.id, role: s.role });
  return { token, staff: summary(s) };
}

/** Hashes the secret and writes staff.created; returns the new record. Call inside a transaction. */
function appendStaff(
  ctx: HandlerContext,
  staffId: string,
  actorId: string,
  data: { name: string; login: string; role: Role },
  credential: Credential,
): StaffRecord {
  const e = ctx.desk.makeEvent(streamOf('staff', staffId), 'staff.created', { ...data, credential }, actorId);
  ctx.desk.appendLocal([e]);
  return { id: staffId, ...data, credential: JSON.stringify(credential) };
}

function checkSecret(
  ctx: HandlerContext,
  kind: SecretKind,
  secret: string,
  path: string,
): Record<string, string> | null {
  const problem = secretProblem(kind, secret);
  return problem ? { [path]: msg(ctx.locale, problem) } : null;
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
    const bad = checkSecret(ctx, input.admin.secretKind, input.admin.secret, 'admin.secret');
    if (bad) return invalidFields(ctx, bad);
    const credential = await hashSecret(input.admin.secretKind, input.admin.secret);
    const adminId = newId();
    const created = ctx.desk.tx((): StaffRecord | null => {
      if (ctx.desk.meta.identity()) return null; // another setup won while we were hashing
      ctx.desk.setIdentity({
        deviceId: newId(),
        deviceCode: input.deviceCode,
        branchCode: input.branchCode,
        branchName: input.branchName,
      });
      return appendStaff(
        ctx,
        adminId,
        adminId,
        { name: input.admin.name, login: input.admin.login, role: 'admin' },
        credential,
      );
    });
    if (!created) return fail(ctx, 'already_initialized');
    return ok(session(ctx, created));
  },

  'auth.signIn': async (input, ctx) => {
    const wait = ctx.desk.limiter.retryAfter(input.login);
    if (wait > 0) return fail(ctx, 'rate_limited', undefined, { seconds: Math.ceil(wait / 1000) });
    const staff = staffByLogin(ctx.desk.d, input.login);
    let credential: Credential | null = null;
    if (staff) {
      const parsed = StaffCreatedPayload.shape.credential.safeParse(JSON.parse(staff.credential));
      if (parsed.success) credential = parsed.data;
    }
    // Unknown logins cost the same scrypt work as known ones.
    const matches = await verifySecret(input.secret, credential ?? (await dummyCredential()));
    if (!staff || !credential || !matches) {
      ctx.desk.limiter.failed(input.login);
      return fail(ctx, 'bad_credentials');
    }
    ctx.desk.limiter.succeeded(input.login);
    return ok(session(ctx, staff));
  },

  'auth.signOut': (_input, ctx) => {
    if (ctx.token) ctx.desk.sessions.revoke(ctx.token);
    return ok({});
  },

  'auth.me': (_input, ctx) => ok(summary(actor(ctx))),

  'staff.create': async (input, ctx): Promise<Result<StaffSummary>> => {
    const admin = actor(ctx);
    const bad = checkSecret(ctx, input.secretKind, input.secret, 'secret');
    if (bad) return invalidFields(ctx, bad);
    const taken = (): boolean => staffByLogin(ctx.desk.d, input.login) !== undefined;
    const conflict = () =>
      failWith(
        ctx,
        'conflict',
        'loginTaken',
        { login: input.login },
        { login: msg(ctx.locale, 'loginTaken', { login: input.login }) },
      );
    if (taken()) return conflict();
    const credential = await hashSecret(input.secretKind, input.secret);
    const created = ctx.desk.tx((): StaffRecord | null => {
      if (taken()) return null;
      return appendStaff(
        ctx,
        newId(),
        admin.id,
        { name: input.name, login: input.login, role: input.role },
        credential,
      );
    });
    if (!created) return conflict();
    return ok(summary(created));
  },

  'staff.list': (_input, ctx) => {
    const rows = ctx.desk.d.all(
      ctx.desk.d.db.selectFrom('staff').select(['id', 'name', 'login', 'role']).orderBy('pos'),
    );
    return ok(rows.map((r) => summary({ ...r, role: r.role as Role })));
  },
};
