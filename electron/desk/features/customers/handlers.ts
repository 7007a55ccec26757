/** customer.* queries (issue 12 items 3 and 4): a customer's earlier and open cases. */
import type { customerMethods } from '../../../../shared/contract/methods/customers';
import { ok } from '../../../../shared/contract/result';
import { customerKey, MIN_PHONE_DIGITS } from '../../../../shared/domain/cases/customerKey';
import { DEFAULT_REPEAT_WINDOW_DAYS } from '../../../../shared/domain/cases/repeat';
import { repeatWindowDaysOf } from '../../../../shared/domain/deadlines/rules';
import { settingsOf } from '../../kernel/deadlineSettings';
import { failWithFrom, invalidFields, type HandlersFor } from '../../kernel/handler';
import { messages } from './messages';
import { customerHistory, latestAttributes, recordPoint } from './queries';

const failWith = failWithFrom(messages);

export const customerHandlers: HandlersFor<typeof customerMethods> = {
  'customer.history': (input, ctx) => {
    const key = customerKey({ phone: input.phone ?? '', name: input.name ?? '' });
    if (key === null) {
      const text = messages.msg(ctx.locale, 'historyNeedsKey', { digits: MIN_PHONE_DIGITS });
      return invalidFields(ctx, {
        [input.phone !== undefined || input.name === undefined ? 'phone' : 'name']: text,
      });
    }
    const now = ctx.desk.now();
    const settings = settingsOf(ctx);
    const windowAt = (ms: number) =>
      settings ? repeatWindowDaysOf(settings(ms).rules) : DEFAULT_REPEAT_WINDOW_DAYS;
    if (input.before === undefined) {
      const history = customerHistory(ctx.desk.d, key, now, windowAt(now));
      // Issue 14: the intake prefills the attributes of the customer's latest case that has any.
      const attributes = latestAttributes(
        ctx.desk.d,
        history.items.map((i) => i.id),
      );
      return ok({ ...history, attributes });
    }
    // Seen from a case: its own window, the one the case projector judged its repeat flag with.
    const point = recordPoint(ctx.desk.d, input.before);
    if (point === null) return failWith(ctx, 'not_found', 'historyCaseNotFound');
    const windowDays = point.windowDays ?? windowAt(point.receivedMs);
    return ok(customerHistory(ctx.desk.d, key, now, windowDays, point));
  },
};
