/**
 * The nature of a case (issue 12 item 5): a supervisor re-classifies a closed
 * case with a reason. The classification at the close is written by
 * `case.close` (./handlers.ts) with the close itself. The fold gives a
 * re-classification by anyone without a supervising role no effect
 * (shared/domain/cases/fold.ts), and this handler refuses it first, with the
 * act's message (./authority.ts). Its event always carries the reason: that is
 * how the fold tells it from a close's own classification, which meets a
 * closed case only as a concurrent second close (shared/domain/cases/natureFold.ts).
 */
import type { caseNatureMethods } from '../../../../shared/contract/methods/cases';
import { failWithFrom, type HandlersFor } from '../../kernel/handler';
import { authorizeAct, isRefusal } from './authority';
import { writeCase } from './handlers';
import { messages } from './messages';

const failWith = failWithFrom(messages);

export const natureHandlers: HandlersFor<typeof caseNatureMethods> = {
  'case.reclassify': (input, ctx) =>
    writeCase(ctx, input.caseId, (state) => {
      if (state.status !== 'closed') return failWith(ctx, 'invalid_state', 'reclassifyNotClosed');
      const auth = authorizeAct(ctx, 'reclassify', input.reason, 'nature');
      if (isRefusal(auth)) return auth;
      if (state.nature?.value === input.nature)
        return failWith(ctx, 'invalid_input', 'natureUnchanged', undefined, {
          nature: messages.msg(ctx.locale, 'natureUnchanged'),
        });
      return { type: 'case.classified', payload: { nature: input.nature, ...auth } };
    }),
};
