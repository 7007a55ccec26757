/** customer.* queries (issue 12 item 4): a customer's earlier and open cases. */
import type { customerMethods } from '../../../../shared/contract/methods/customers';
import { ok } from '../../../../shared/contract/result';
import { customerKey, MIN_PHONE_DIGITS } from '../../../../shared/domain/cases/customerKey';
import { DEFAULT_REPEAT_WINDOW_DAYS } from '../../../../shared/domain/cases/repeat';
import { repeatWindowDaysOf } from '../../../../shared/domain/deadlines/rules';
import { settingsOf } from '../../kernel/deadlineSettings';
import { invalidFields, type HandlersFor } from '../../kernel/handler';
import { messages } from './messages';
import { customerHistory } from './queries';

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
    const windowDays = settings ? repeatWindowDaysOf(settings(now).rules) : DEFAULT_REPEAT_WINDOW_DAYS;
    return ok(customerHistory(ctx.desk.d, key, now, windowDays));
  },
};
