/**
 * A due date set without a supervising role (docs/roles.md): over no due date,
 * or over one set so too, it may bring the result deadline forward but not
 * push it later. The fold gives a later one from another desk no effect on
 * the deadlines (`bounded`, shared/domain/cases/dueFold.ts); here the desk
 * refuses it up front, so the clerk is told instead of seeing a date that
 * does not count.
 */
import { deriveAtReceipt } from '../../../../shared/domain/caseJudgement';
import { isSupervising } from '../../../../shared/domain/cases/authority';
import type { CaseState } from '../../../../shared/domain/cases/state';
import { settingsOf } from '../../kernel/deadlineSettings';
import { actor, type HandlerContext } from '../../kernel/handler';

/**
 * The result deadline (epoch ms) the rules in force give the case, before any
 * due date set on it; null when they give none, undefined without settings.
 */
export function ruleResultDueMs(ctx: HandlerContext, state: CaseState): number | null | undefined {
  const settingsAt = settingsOf(ctx);
  if (!settingsAt) return undefined;
  const derived = deriveAtReceipt({ ...state, dueAt: { key: state.dueAt.key, value: null } }, settingsAt);
  return derived.deadlines.find((d) => d.kind === 'result')?.dueMs ?? null;
}

/** True when the signed-in clerk's due date `value` is later than the case's derived result deadline. */
export function dueBeyondResult(ctx: HandlerContext, state: CaseState, value: string): boolean {
  if (isSupervising(actor(ctx).role)) return false;
  // Over a supervisor's date the clerk may only bring it forward (the extension rule judges that).
  if (state.dueAt.value !== null && state.dueAt.bounded !== true) return false;
  const resultMs = ruleResultDueMs(ctx, state);
  return typeof resultMs === 'number' && Date.parse(value) > resultMs;
}
