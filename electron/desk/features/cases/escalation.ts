/**
 * Escalation as a decision (issue 12; rules in shared/domain/cases/escalation.ts,
 * docs/escalation-and-malice.md): `case.escalate` and `case.reviewEscalation`.
 * Each is one event in one transaction (./handlers.ts writeCase), and refuses
 * with a clear error, storing nothing, exactly what the fold would give no
 * effect (shared/domain/cases/escalationFold.ts), plus a closed case:
 *
 * - a level that does not exist (`unknownLevel`), or not above the case's
 *   level (`levelNotAbove`, naming the current one);
 * - a pure skill problem (`skillNotEscalated`: coach instead);
 * - a counter clerk escalating past the supervisor (forbidden); the
 *   contract's auth keeps other roles out;
 * - a review of an escalation the case does not have, or a second review.
 */
import type { caseJudgmentMethods } from '../../../../shared/contract/methods/cases';
import {
  currentLevel,
  isAbove,
  mayEscalateTo,
  reviewProblem,
  type CaseLevel,
} from '../../../../shared/domain/cases/escalation';
import { ESCALATION_LEVELS, type EscalationLevel } from '../../../../shared/domain/cases/payloads';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { actor, failWithFrom, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { writeCase } from './handlers';
import { messages } from './messages';

const msg = messages.msg;
const failWith = failWithFrom(messages);

type EscalationMethods = Pick<typeof caseJudgmentMethods, 'case.escalate' | 'case.reviewEscalation'>;

function isLevel(level: string): level is EscalationLevel {
  return (ESCALATION_LEVELS as readonly string[]).includes(level);
}

function levelName(locale: Locale, level: CaseLevel): string {
  return msg(locale, `level_${level}`);
}

function refuse(
  ctx: HandlerContext,
  code: 'invalid_input' | 'forbidden',
  key: Parameters<typeof msg>[1],
  field: string,
  params?: Record<string, string>,
) {
  return failWith(ctx, code, key, params, { [field]: msg(ctx.locale, key, params) });
}

export const escalationHandlers: HandlersFor<EscalationMethods> = {
  'case.escalate': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status === 'closed') return failWith(ctx, 'invalid_state', 'caseClosed');
      const level = input.level;
      if (!isLevel(level)) return refuse(ctx, 'invalid_input', 'unknownLevel', 'level');
      if (input.rootCause === 'skill') return refuse(ctx, 'invalid_input', 'skillNotEscalated', 'rootCause');
      const current = currentLevel(state);
      if (!isAbove(level, current)) {
        return refuse(ctx, 'invalid_input', 'levelNotAbove', 'level', {
          current: levelName(ctx.locale, current),
        });
      }
      if (!mayEscalateTo(actor(ctx).role, level)) {
        return refuse(ctx, 'forbidden', 'forbidden_escalate', 'level', {
          level: levelName(ctx.locale, level),
        });
      }
      return {
        type: 'case.escalated',
        payload: {
          level,
          canEmployeeSolve: false,
          canSolveOnSite: false,
          rootCause: input.rootCause,
          reason: input.reason,
        },
      };
    }),

  'case.reviewEscalation': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      const me = actor(ctx);
      const problem = reviewProblem(state, input.escalationId, { actor: me.id, role: me.role });
      if (problem === 'unknown_escalation')
        return refuse(ctx, 'invalid_input', 'unknownEscalation', 'escalationId');
      if (problem === 'already_reviewed') return failWith(ctx, 'invalid_state', 'escalationAlreadyReviewed');
      if (problem === 'own_escalation') return refuse(ctx, 'forbidden', 'ownEscalation', 'escalationId');
      const p = { escalationId: input.escalationId, justified: input.justified, comment: input.comment };
      return { type: 'case.escalation_reviewed', payload: p };
    }),
};
