/** draft.list / draft.put / draft.drop: the signed-in clerk's own drafts, nobody else's. */
import { DRAFT_LIMITS, type draftMethods } from '../../../../shared/contract/methods/drafts';
import { ok } from '../../../../shared/contract/result';
import { actor, failWithFrom, type HandlersFor } from '../../kernel/handler';
import { messages } from './messages';
import { dropDraft, listDrafts, putDraft } from './store';

const failWith = failWithFrom(messages);

/** Tab and line feed pass the dispatcher's clean-text rule (they belong in text) but not in a name. */
const NOT_PRINTABLE = /[\t\n]/;

export const draftHandlers: HandlersFor<typeof draftMethods> = {
  'draft.list': (_input, ctx) => ok(listDrafts(ctx.desk.d, actor(ctx).id)),
  'draft.put': (input, ctx) => {
    const staffId = actor(ctx).id;
    if (NOT_PRINTABLE.test(input.key)) {
      const fields = { key: messages.msg(ctx.locale, 'draftKeyNotPrintable') };
      return failWith(ctx, 'invalid_input', 'draftKeyNotPrintable', undefined, fields);
    }
    const json = JSON.stringify(input.body);
    if (Buffer.byteLength(json, 'utf8') > DRAFT_LIMITS.bodyBytes) {
      const params = { kib: DRAFT_LIMITS.bodyBytes / 1024 };
      const fields = { body: messages.msg(ctx.locale, 'draftTooLarge', params) };
      return failWith(ctx, 'too_large', 'draftTooLarge', params, fields);
    }
    const now = ctx.desk.now();
    ctx.desk.tx(() => putDraft(ctx.desk.d, staffId, input.key, json, now, DRAFT_LIMITS.perClerk));
    return ok({ key: input.key, updatedAt: new Date(now).toISOString() });
  },
  'draft.drop': (input, ctx) => {
    const staffId = actor(ctx).id;
    const dropped = ctx.desk.tx(() => dropDraft(ctx.desk.d, staffId, input.key));
    return ok({ dropped });
  },
};
