/**
 * The desk's side of the case authority rules (shared/domain/cases/authority.ts,
 * docs/roles.md): a restricted act by a role that is not a supervising one is
 * refused (forbidden, naming what is not allowed and who may do it); a
 * supervisor's act needs a reason, which goes into the event. The case fold
 * applies the same rules to events from other desks.
 */
import type { Err } from '../../../../shared/contract/result';
import {
  isSupervising,
  RECEIPT_BACKDATE_WINDOW_MS,
  type RestrictedAct,
} from '../../../../shared/domain/cases/authority';
import { actor, failWithFrom, type HandlerContext } from '../../kernel/handler';
import { messages } from './messages';

const failWith = failWithFrom(messages);

/** What a permitted act adds to its event's payload: the reason, for a restricted act only. */
export type ActReason = { reason?: string };

/**
 * Null act: nothing to check, nothing recorded. A restricted act: refused
 * unless the signed-in role is a supervising one and a reason is given.
 * `field` is the input path the refusal is shown at.
 */
export function authorizeAct(
  ctx: HandlerContext,
  act: RestrictedAct | null,
  reason: string | undefined,
  field: string,
): Err | ActReason {
  if (act === null) return {};
  if (!isSupervising(actor(ctx).role)) {
    const key = `forbidden_${act}` as const;
    const params = { hours: RECEIPT_BACKDATE_WINDOW_MS / 3_600_000 };
    return failWith(ctx, 'forbidden', key, params, { [field]: messages.msg(ctx.locale, key, params) });
  }
  if (reason === undefined) {
    const text = messages.msg(ctx.locale, 'actNeedsReason');
    return failWith(ctx, 'invalid_input', 'actNeedsReason', undefined, { reason: text });
  }
  return { reason };
}

export function isRefusal(r: Err | ActReason): r is Err {
  return 'ok' in r;
}
