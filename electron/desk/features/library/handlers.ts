/**
 * The case library's DeskApi handlers (issue 12 item 6, docs/library.md).
 * Writing is for supervisors and administrators (the method table; the
 * library fold gives anyone else's event no effect, so a forged one from a
 * counter's desk changes nothing either). Each write is checked whole first
 * (category of the branch's taxonomy, one-line titles, the case closed, the
 * item of the right kind and not retired) and appends one event to the
 * branch's library stream in one transaction; a refusal stores nothing.
 * A desk enrolled as a counter desk refuses every write first: head office
 * would refuse its library events (../../kernel/deskRole.ts).
 */
import type { libraryMethods, LibraryItemView } from '../../../../shared/contract/methods/library';
import { ok, type Err, type Result } from '../../../../shared/contract/result';
import { newId } from '../../../../shared/domain/kernel/ids';
import type { PayloadOf } from '../../../../shared/domain/events';
import {
  LIBRARY_PAYLOADS,
  LIBRARY_STREAM_NAME,
  type LibraryEventType,
  type LibraryKind,
} from '../../../../shared/domain/library/payloads';
import {
  actor,
  fail,
  failWithFrom,
  invalidFields,
  type HandlerContext,
  type HandlersFor,
} from '../../kernel/handler';
import { counterDeskRefusal } from '../../kernel/deskRole';
import { messages, type LibraryMessageKey } from './messages';
import { forCategory, knownCategory, libraryItem, searchLibrary, viewOf } from './queries';

const failWith = failWithFrom(messages);

type Fields = Record<string, string>;

/** Field checks of the texts: one-line ones, required ones, long ones (no tabs). */
function checkTexts(
  ctx: HandlerContext,
  fields: Fields,
  texts: { oneLine: Record<string, string>; required: Record<string, string>; long: Record<string, string> },
): void {
  const put = (k: string, key: LibraryMessageKey) => {
    if (!(k in fields)) fields[k] = messages.msg(ctx.locale, key);
  };
  for (const [k, v] of Object.entries(texts.oneLine)) {
    if (v.trim() === '') put(k, 'blank');
    else if (/[\t\n]/.test(v)) put(k, 'oneLine');
  }
  for (const [k, v] of Object.entries(texts.required)) if (v.trim() === '') put(k, 'blank');
  for (const [k, v] of Object.entries(texts.long)) if (v.includes('\t')) put(k, 'noTabs');
}

function checkCategory(ctx: HandlerContext, fields: Fields, category: string): void {
  if (!knownCategory(ctx.desk.resources.taxonomy, category)) {
    fields.category = messages.msg(ctx.locale, 'unknownCategory');
  }
}

/** Refuses an edit of an item of another kind or a retired one; null when the write may go ahead. */
function checkExisting(ctx: HandlerContext, itemId: string | undefined, kind: LibraryKind): Err | null {
  if (itemId === undefined) return null;
  const item = libraryItem(ctx.desk, itemId);
  if (item === null) return failWith(ctx, 'not_found', 'itemNotFound');
  if (item.kind !== kind) return failWith(ctx, 'invalid_input', 'wrongKind');
  if (item.retired) return failWith(ctx, 'invalid_state', 'itemRetired');
  return null;
}

/** Appends one library event and answers the item as the projection now holds it. */
function append<T extends LibraryEventType>(
  ctx: HandlerContext,
  type: T,
  payload: PayloadOf<T>,
  itemId: string,
): Result<LibraryItemView> {
  // The payload schema is the last word (the same the fold and the server apply).
  if (!LIBRARY_PAYLOADS[type].safeParse(payload).success) return fail(ctx, 'invalid_input');
  const by = actor(ctx).id;
  const outcome = ctx.desk.tx(() =>
    ctx.desk.appendLocal([ctx.desk.makeEvent(LIBRARY_STREAM_NAME, type, payload, by)]),
  );
  // After the commit: open library views (this window's and others') read again.
  ctx.desk.emitChanges(outcome);
  const item = libraryItem(ctx.desk, itemId);
  return item ? ok(viewOf(ctx.desk, item)) : fail(ctx, 'internal');
}

/**
 * Sets a canned answer or a plan (a one-line title and a text in a category):
 * checked whole, then one event; `id` names the item an edit replaces.
 */
function setTitled(
  ctx: HandlerContext,
  kind: 'answer' | 'plan',
  id: string | undefined,
  input: { category: string; title: string; text: string },
): Result<LibraryItemView> {
  const counterDesk = counterDeskRefusal(ctx, 'library');
  if (counterDesk) return counterDesk;
  const fields: Fields = {};
  checkTexts(ctx, fields, {
    oneLine: { title: input.title },
    required: { text: input.text },
    long: { text: input.text },
  });
  checkCategory(ctx, fields, input.category);
  if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
  const refused = checkExisting(ctx, id, kind);
  if (refused) return refused;
  const itemId = id ?? newId();
  const body = { category: input.category, title: input.title, text: input.text };
  return kind === 'answer'
    ? append(ctx, 'library.answer_set', { answerId: itemId, ...body }, itemId)
    : append(ctx, 'library.plan_set', { planId: itemId, ...body }, itemId);
}

export const libraryHandlers: HandlersFor<typeof libraryMethods> = {
  'library.writeEntry': (input, ctx) => {
    const counterDesk = counterDeskRefusal(ctx, 'library');
    if (counterDesk) return counterDesk;
    const fields: Fields = {};
    checkTexts(ctx, fields, {
      oneLine: { theme: input.theme },
      required: {},
      long: {
        background: input.background,
        details: input.details,
        result: input.result,
        discussion: input.discussion,
      },
    });
    checkCategory(ctx, fields, input.category);
    if (Object.keys(fields).length > 0) return invalidFields(ctx, fields);
    const caseId = input.caseId ?? null;
    // An edit keeping the entry's case is not judged again (the case may have been reopened since).
    const keptCase =
      input.entryId !== undefined &&
      caseId !== null &&
      libraryItem(ctx.desk, input.entryId)?.entry?.caseId === caseId;
    if (caseId !== null && !keptCase) {
      const row = ctx.desk.d.sqlite.prepare('SELECT status FROM cases WHERE id = ?').get(caseId) as
        { status: string } | undefined;
      if (row === undefined) return failWith(ctx, 'not_found', 'caseNotFound');
      if (row.status !== 'closed') {
        return failWith(ctx, 'invalid_state', 'caseNotClosed', undefined, {
          caseId: messages.msg(ctx.locale, 'caseNotClosed'),
        });
      }
    }
    const refused = checkExisting(ctx, input.entryId, 'entry');
    if (refused) return refused;
    const entryId = input.entryId ?? newId();
    return append(
      ctx,
      'library.entry_written',
      {
        entryId,
        caseId,
        theme: input.theme,
        background: input.background,
        details: input.details,
        result: input.result,
        discussion: input.discussion,
        category: input.category,
      },
      entryId,
    );
  },

  'library.setAnswer': (input, ctx) => setTitled(ctx, 'answer', input.answerId, input),

  'library.setPlan': (input, ctx) => setTitled(ctx, 'plan', input.planId, input),

  'library.retire': (input, ctx) => {
    const counterDesk = counterDeskRefusal(ctx, 'library');
    if (counterDesk) return counterDesk;
    const item = libraryItem(ctx.desk, input.itemId);
    if (item === null) return failWith(ctx, 'not_found', 'itemNotFound');
    if (item.retired) return failWith(ctx, 'invalid_state', 'itemRetired');
    return append(ctx, 'library.item_retired', { itemId: input.itemId }, input.itemId);
  },

  'library.search': (input, ctx) => {
    const page = searchLibrary(ctx.desk, ctx.desk.resources.taxonomy, input);
    return page === 'bad_cursor'
      ? fail(ctx, 'invalid_input', { cursor: messages.msg(ctx.locale, 'invalidFormat') })
      : ok(page);
  },

  'library.get': (input, ctx) => {
    const item = libraryItem(ctx.desk, input.itemId);
    return item === null ? failWith(ctx, 'not_found', 'itemNotFound') : ok(viewOf(ctx.desk, item));
  },

  'library.forCategory': (input, ctx) =>
    ok(forCategory(ctx.desk, ctx.desk.resources.taxonomy, input.category)),
};
