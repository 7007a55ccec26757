/**
 * Signatures at the moment of signing (issue 11, DOMAIN.md section 8): a
 * team lead's self-check, a QC inspector's final check, a hand-over's
 * acceptance. The signer types their own login and PIN (or password) on the
 * desk there and then, whoever is signed in; the desk checks it and writes
 * only who signed, in which role and when (the Signature of
 * shared/domain/orders/payloads.ts). The secret is never stored or logged.
 *
 * A signature is guarded like a sign-in, with the same counter:
 * - the attempt is counted *before* the secret is verified, on the desk's
 *   SignInLimiter under the signer's login, so failed signings and failed
 *   sign-ins add up: five of either kind lock the login for 60 s for both,
 *   and signing cannot be used to guess a PIN faster than the sign-in screen;
 * - the secret is checked by the staff feature's one credential check
 *   (Directory.matchSecret: scrypt under the branch key, a dummy hash for an
 *   unknown login), so a wrong PIN and an unknown login get the same answer
 *   after the same work;
 * - that the signer is disabled, has a role the act does not take, or has
 *   already signed this act is said only after the right secret, as sign-in
 *   says "account disabled" only to someone who gave it.
 * The role judged here is the signer's role now; the fold judges it again
 * with the staff directory's role at the event's place in the log.
 */
import type { ApiError, Err } from '../../../shared/contract/result';
import { err } from '../../../shared/contract/result';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/domain/kernel/locale';
import type { Role } from '../../../shared/domain/kernel/roles';
import type { Signature } from '../../../shared/domain/orders/payloads';
import type { Desk } from './desk';
import type { StaffRecord } from './directory';
import { extendMessages, roleName, type MessageParams } from './messages';

/** What a signer types: their own login and PIN or password. Never stored, never logged. */
export interface SignerCredentials {
  login: string;
  secret: string;
}

export interface SignerNeeds {
  /** The roles that may give this signature (a process check: ['lead'] for one, ['qc'] for the other). */
  roles: readonly Role[];
  /** Staff ids who already signed this act: the signer must be someone else (process check: lead + qc). */
  notBy?: readonly string[];
}

export interface SignerOptions {
  /** The caller's locale for the refusal's message. Default zh-CN. */
  locale?: Locale;
  /**
   * Where the signer's fields sit in the method's input, e.g. `signers.1`:
   * a refusal names `<field>.secret` or `<field>.login` in `error.fields`,
   * so the signing dialog shows it under the right box. Default: `login` and `secret`.
   */
  field?: string;
}

/** Why a signature was refused; the desk's wire code is in `error.code`. */
export type SignerRefusal =
  | 'signer_bad_credentials'
  | 'signer_locked'
  | 'signer_busy'
  | 'signer_disabled'
  | 'signer_wrong_role'
  | 'signer_same_person';

export type SignerOutcome =
  { ok: true; value: Signature; staff: StaffRecord } | { ok: false; refusal: SignerRefusal; error: ApiError };

const messages = extendMessages({
  signerBadCredentials: {
    'zh-CN': '签字人的登录名或密码（PIN）不正确，未签字，请签字人本人重新输入。',
    en: "The signer's login or password (PIN) is not correct. Nothing was signed: the signer must type them again.",
  },
  signerLocked: {
    'zh-CN': '该登录名输错次数过多（登录和签字合计），请 {seconds} 秒后再签字。',
    en: 'Too many wrong attempts for this login (sign-ins and signatures together). Sign again in {seconds} seconds.',
  },
  signerBusy: {
    'zh-CN': '正在核对的密码太多，请稍等几秒再签字。',
    en: 'Too many passwords are being checked at once. Wait a few seconds and sign again.',
  },
  signerDisabled: {
    'zh-CN': '签字人的账号已被停用，不能签字。请由另一名在岗人员签字，或联系管理员。',
    en: "The signer's account has been disabled, so they cannot sign. Ask someone else on duty to sign, or contact an administrator.",
  },
  signerWrongRole: {
    'zh-CN': '这项签字须由{needed}签署，签字人的角色是{role}，未签字。',
    en: "Only the role {needed} may sign this, and the signer's role is {role}. Nothing was signed.",
  },
  signerSamePerson: {
    'zh-CN': '同一人不能在这一项上签两次，请由另一名{needed}签字。',
    en: 'One person cannot sign this twice. Another person in the role {needed} must sign.',
  },
});

/** `a`, `a 或 b` / `a or b`: the roles a signature needs, in the caller's language. */
function rolesText(locale: Locale, roles: readonly Role[]): string {
  return roles.map((r) => roleName(locale, r)).join(locale === 'en' ? ' or ' : '或');
}

/**
 * Checks a signer's own login and secret at this moment and, when they may
 * give this signature, returns it (`signedAt` = `now`). Counts the attempt on
 * the sign-in counter before verifying. Writes nothing: the caller puts the
 * Signature into its event.
 */
export async function verifySigner(
  desk: Desk,
  credentials: SignerCredentials,
  needs: SignerNeeds,
  now: number,
  options: SignerOptions = {},
): Promise<SignerOutcome> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const at = (name: 'login' | 'secret') => (options.field ? `${options.field}.${name}` : name);
  const refuse = (
    refusal: SignerRefusal,
    code: ApiError['code'],
    key: Parameters<typeof messages.msg>[1],
    field: 'login' | 'secret',
    params?: MessageParams,
  ): SignerOutcome => {
    const text = messages.msg(locale, key, params);
    return { ok: false, refusal, error: err(code, text, { [at(field)]: text }).error };
  };

  const attempt = desk.limiter.begin(credentials.login);
  if ('retryAfterMs' in attempt) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    return refuse('signer_locked', 'rate_limited', 'signerLocked', 'secret', { seconds });
  }
  let match: StaffRecord | null | 'busy';
  try {
    match = await desk.directory.matchSecret(credentials.login, credentials.secret);
  } catch (e) {
    attempt.failed();
    throw e;
  }
  // As sign-in: an attempt that could not be checked counts as failed, so a flood gains no tries.
  if (match === 'busy') {
    attempt.failed();
    return refuse('signer_busy', 'busy', 'signerBusy', 'secret');
  }
  if (match === null) {
    attempt.failed();
    return refuse('signer_bad_credentials', 'bad_credentials', 'signerBadCredentials', 'secret');
  }
  attempt.succeeded();
  if (!match.enabled) return refuse('signer_disabled', 'forbidden', 'signerDisabled', 'login');
  const needed = rolesText(locale, needs.roles);
  if (needs.notBy?.includes(match.id) === true) {
    return refuse('signer_same_person', 'invalid_input', 'signerSamePerson', 'login', { needed });
  }
  if (!needs.roles.includes(match.role)) {
    const role = roleName(locale, match.role);
    return refuse('signer_wrong_role', 'forbidden', 'signerWrongRole', 'login', { needed, role });
  }
  const signature: Signature = {
    signer: match.id,
    role: match.role,
    signedAt: new Date(now).toISOString(),
  };
  return { ok: true, value: signature, staff: match };
}

/**
 * Several signatures on one act (a process check: the team lead, then the QC
 * inspector), in order: each signer must be another person than those
 * before, and the first refusal stops the rest (its fields name
 * `<field>.<i>`, `signers.<i>` by default). The needs are per signature, in
 * the same order.
 */
export async function verifySigners(
  desk: Desk,
  signers: readonly SignerCredentials[],
  needs: readonly Pick<SignerNeeds, 'roles'>[],
  now: number,
  options: SignerOptions = {},
): Promise<{ ok: true; value: Signature[] } | Extract<SignerOutcome, { ok: false }>> {
  if (signers.length !== needs.length) {
    throw new Error(`${signers.length} signers for ${needs.length} signatures`);
  }
  const base = options.field ?? 'signers';
  const done: Signature[] = [];
  for (const [i, s] of signers.entries()) {
    const need = needs[i];
    if (need === undefined) break;
    const r = await verifySigner(desk, s, { roles: need.roles, notBy: done.map((d) => d.signer) }, now, {
      ...options,
      field: `${base}.${i}`,
    });
    if (!r.ok) return r;
    done.push(r.value);
  }
  return { ok: true, value: done };
}

/** A refusal as the method's error result (without the internal refusal code). */
export function signerErr(refused: { error: ApiError }): Err {
  return { ok: false, error: refused.error };
}
