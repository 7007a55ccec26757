/**
 * Rectification items' DeskApi handlers (issue 14 item 7,
 * docs/rectification.md). A supervisor or an administrator opens, completes
 * and reopens (the method table); the owner or a supervisor records progress
 * (checked here; the fold checks every act again, so a forged event from a
 * counter's desk changes nothing). Each write is checked whole, then appends
 * one event to the item's stream in one transaction, where the item's state
 * is read; a refusal stores nothing.
 */
import type { rectificationMethods, RectView } from '../../../../shared/contract/methods/rectification';
import { ok, type Err, type Result } from '../../../../shared/contract/result';
import { isSupervising } from '../../../../shared/domain/cases/authority';
import { flattenCategories } from '../../../../shared/domain/cases/scriptRules';
import { QUALITY_GAPS } from '../../../../shared/domain/cases/tags';
import { analysisListsNow } from '../../kernel/analysisLists';
import { wallDay } from '../../../../shared/domain/analysisFacts';
import type { PayloadOf } from '../../../../shared/domain/events';
import { newId } from '../../../../shared/domain/kernel/ids';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import type { RectItem } from '../../../../shared/domain/rectification/fold';
import {
  RECT_PAYLOADS,
  RECT_STREAM,
  type RectEventType,
  type RectScope,
} from '../../../../shared/domain/rectification/payloads';
import { settingsOf } from '../../kernel/deadlineSettings';
import { actor, fail, failWithFrom, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { messages } from './messages';
import { factsRunner, listItems, rectItem, viewOf, type ViewContext } from './queries';

const failWith = failWithFrom(messages);
const DEFAULT_ZONE = 'Asia/Shanghai';

/** Thrown inside the write transaction to roll it back and answer with `err`. */
class Refused extends Error {
  constructor(readonly err: Err) {
    super(err.error.code);
  }
}

function viewContext(ctx: HandlerContext, asOfDay?: string): ViewContext {
  const settingsAt = settingsOf(ctx);
  const zone = (ms: number) => (settingsAt ? settingsAt(ms).calendar.timeZone : DEFAULT_ZONE);
  const nowMs = ctx.desk.now();
  return { nowMs, zone, asOfDay: asOfDay ?? wallDay(nowMs, zone(nowMs)), run: factsRunner(ctx.desk) };
}

function answer(ctx: HandlerContext, id: string): Result<RectView> {
  const item = rectItem(ctx.desk, id);
  return item ? ok(viewOf(ctx.desk, item, viewContext(ctx))) : fail(ctx, 'internal');
}

/** Refuses a scope the branch does not know: a category of its taxonomy, a failure point, a quality gap. */
function scopeProblem(ctx: HandlerContext, scope: RectScope): Err | null {
  const field = (key: Parameters<typeof messages.msg>[1]) =>
    failWith(ctx, 'invalid_input', key, undefined, { 'scope.value': messages.msg(ctx.locale, key) });
  switch (scope.dim) {
    case 'category':
    case 'mainCategory': {
      const flat = flattenCategories(ctx.desk.resources.taxonomy);
      const known = flat.some(
        (c) => c.value === scope.value && (scope.dim === 'category' || !c.value.includes('.')),
      );
      return known ? null : field('unknownCategory');
    }
    case 'failurePoint':
      return analysisListsNow(ctx).failurePoints.some((f) => f.value === scope.value)
        ? null
        : field('unknownFailurePoint');
    case 'qualityGap':
      return (QUALITY_GAPS as readonly string[]).includes(scope.value) ? null : field('unknownQualityGap');
  }
}

/**
 * The write path: in one transaction read the item (for an existing one),
 * let `decide` refuse or name the event, append it; answer the item.
 */
function write<T extends RectEventType>(
  ctx: HandlerContext,
  id: string,
  decide: (item: RectItem | null) => Err | { type: T; payload: PayloadOf<T> },
): Result<RectView> {
  const by = actor(ctx).id;
  let outcome;
  try {
    outcome = ctx.desk.tx(() => {
      const d = decide(rectItem(ctx.desk, id));
      if ('ok' in d) throw new Refused(d);
      // The payload schema is the last word (the same the fold and the server apply).
      if (!RECT_PAYLOADS[d.type].safeParse(d.payload).success) throw new Refused(fail(ctx, 'invalid_input'));
      return ctx.desk.appendLocal([ctx.desk.makeEvent(streamOf(RECT_STREAM, id), d.type, d.payload, by)]);
    });
  } catch (e) {
    if (e instanceof Refused) return e.err;
    throw e;
  }
  ctx.desk.emitChanges(outcome);
  return answer(ctx, id);
}

export const rectificationHandlers: HandlersFor<typeof rectificationMethods> = {
  'rectification.open': (input, ctx) => {
    const scope = scopeProblem(ctx, input.scope);
    if (scope) return scope;
    const owner = ctx.desk.directory.staffById(input.owner);
    if (!owner)
      return failWith(ctx, 'invalid_input', 'unknownOwner', undefined, {
        owner: messages.msg(ctx.locale, 'unknownOwner'),
      });
    if (!owner.enabled)
      return failWith(ctx, 'invalid_input', 'ownerDisabled', undefined, {
        owner: messages.msg(ctx.locale, 'ownerDisabled'),
      });
    if (Date.parse(input.dueAt) < ctx.desk.now())
      return failWith(ctx, 'invalid_input', 'duePast', undefined, {
        dueAt: messages.msg(ctx.locale, 'duePast'),
      });
    const id = newId();
    return write(ctx, id, () => ({
      type: 'rect.opened',
      payload: {
        scope: { dim: input.scope.dim, value: input.scope.value },
        defect: input.defect,
        measure: input.measure,
        owner: input.owner,
        dueAt: new Date(Date.parse(input.dueAt)).toISOString(),
      },
    }));
  },

  'rectification.progress': (input, ctx) =>
    write(ctx, input.id, (item) => {
      if (!item) return failWith(ctx, 'not_found', 'itemNotFound');
      const me = actor(ctx);
      if (me.id !== item.owner && !isSupervising(me.role)) return failWith(ctx, 'forbidden', 'notOwner');
      return { type: 'rect.progressed', payload: { note: input.note } };
    }),

  'rectification.complete': (input, ctx) =>
    write(ctx, input.id, (item) => {
      if (!item) return failWith(ctx, 'not_found', 'itemNotFound');
      if (item.status === 'done') return failWith(ctx, 'invalid_state', 'alreadyDone');
      return { type: 'rect.completed', payload: { evidence: input.evidence } };
    }),

  'rectification.reopen': (input, ctx) =>
    write(ctx, input.id, (item) => {
      if (!item) return failWith(ctx, 'not_found', 'itemNotFound');
      if (item.status !== 'done') return failWith(ctx, 'invalid_state', 'notDone');
      return { type: 'rect.reopened', payload: { reason: input.reason } };
    }),

  'rectification.get': (input, ctx) => {
    const item = rectItem(ctx.desk, input.id);
    if (!item) return failWith(ctx, 'not_found', 'itemNotFound');
    return ok(viewOf(ctx.desk, item, viewContext(ctx, input.asOfDay)));
  },

  'rectification.list': (input, ctx) => {
    const v = viewContext(ctx, input.asOfDay);
    return ok({ items: listItems(ctx.desk, input, v), effectAvailable: v.run !== null });
  },
};
