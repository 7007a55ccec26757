/**
 * Issue 14 item 7 on a case (rules in shared/domain/cases/tags.ts and
 * tagsFold.ts): `case.tag` sets the failure point (anyone at the front) and
 * the quality gap (a supervisor's or an admin's: refused here with its
 * message, and without effect in the fold when forged);
 * `case.decideResponsibility` records the accountability decision (the
 * contract lets only supervisors and admins call it; the fold checks again).
 * Each is one event in one transaction (./handlers.ts writeCase), on an open
 * or a closed case: tagging is mostly done when the case is looked back on.
 *
 * The failure point must be on the organisation's list (the defaults until
 * an administrator sets one); a code later removed stays on the cases it
 * tags. Writing what is already recorded is refused (nothing to save).
 */
import type { caseTagMethods } from '../../../../shared/contract/methods/cases';
import { isSupervising } from '../../../../shared/domain/cases/authority';
import type { FailurePointDef } from '../../../../shared/domain/cases/tags';
import { ok } from '../../../../shared/contract/result';
import { analysisListsNow } from '../../kernel/analysisLists';
import { actor, failWithFrom, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { writeCase } from './handlers';
import { tagMessages } from './tagMessages';

const failWith = failWithFrom(tagMessages);

/** The organisation's failure point list in force (the settings' analysis lists, issue 14 item 1). */
export function failurePointList(ctx: HandlerContext): readonly FailurePointDef[] {
  return analysisListsNow(ctx).failurePoints.map((i) => ({ code: i.value, zh: i['zh-CN'], en: i.en }));
}

type TagMethods = typeof caseTagMethods;

export const tagHandlers: HandlersFor<TagMethods> = {
  'case.tag': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      const { failurePoint, qualityGap } = input;
      if (failurePoint === undefined && qualityGap === undefined)
        return failWith(ctx, 'invalid_input', 'tagNothing');
      if (qualityGap !== undefined && !isSupervising(actor(ctx).role))
        return failWith(ctx, 'forbidden', 'qualityGapSupervisor', undefined, {
          qualityGap: tagMessages.msg(ctx.locale, 'qualityGapSupervisor'),
        });
      if (
        failurePoint !== undefined &&
        failurePoint !== null &&
        !failurePointList(ctx).some((f) => f.code === failurePoint)
      )
        return failWith(ctx, 'invalid_input', 'unknownFailurePoint', undefined, {
          failurePoint: tagMessages.msg(ctx.locale, 'unknownFailurePoint'),
        });
      const payload: { failurePoint?: string | null; qualityGap?: typeof qualityGap } = {};
      if (failurePoint !== undefined && failurePoint !== (state.tags?.failurePoint?.value ?? null))
        payload.failurePoint = failurePoint;
      if (qualityGap !== undefined && qualityGap !== (state.tags?.qualityGap?.value ?? null))
        payload.qualityGap = qualityGap;
      if (Object.keys(payload).length === 0) return failWith(ctx, 'invalid_input', 'tagsUnchanged');
      return { type: 'case.tagged', payload };
    }),

  'case.decideResponsibility': (input, ctx) =>
    writeCase(ctx, input.caseId, () => {
      if (input.responsible !== null && ctx.desk.directory.staffById(input.responsible) === undefined)
        return failWith(ctx, 'invalid_input', 'unknownStaff', undefined, {
          responsible: tagMessages.msg(ctx.locale, 'unknownStaff'),
        });
      return {
        type: 'case.responsibility_decided',
        payload: { responsible: input.responsible, note: input.note },
      };
    }),

  'case.failurePoints': (_input, ctx) => ok({ items: failurePointList(ctx).map((f) => ({ ...f })) }),
};
