/**
 * The analysis lists' handlers (issue 14 item 1; decision 0039): the
 * organisation's regions, customer levels and failure points. Anyone signed
 * in reads them (the intake offers them); an administrator replaces them
 * whole (the method table; the settings fold counts the event only from an
 * administrator, so a forged one changes nothing). A refused list stores
 * nothing; the field errors name the item (`lists.regions.2.value`).
 */
import type { ListsView, settingsMethods } from '../../../../shared/contract/methods/settings';
import { ok } from '../../../../shared/contract/result';
import { hlcWallMs } from '../../../../shared/domain/kernel/hlc';
import { versionAt } from '../../../../shared/domain/settings/fold';
import { AnalysisLists, DEFAULT_ANALYSIS_LISTS } from '../../../../shared/domain/settings/lists';
import { SETTINGS_STREAM_NAME } from '../../../../shared/domain/settings/payloads';
import { actor, invalidFields, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { counterDeskRefusal } from '../../kernel/deskRole';
import { issuesToFields } from '../../kernel/validation';
import { settingsBook } from './book';
import { messages } from './messages';

function listsView(ctx: HandlerContext, now = ctx.desk.now()): ListsView {
  const state = settingsBook(ctx.desk.d);
  const v = versionAt(state.lists, now);
  return {
    lists: v?.value ?? DEFAULT_ANALYSIS_LISTS,
    setBy: v
      ? {
          staffId: v.actor,
          name: ctx.desk.directory.staffById(v.actor)?.name ?? null,
          at: new Date(hlcWallMs(v.hlc)).toISOString(),
        }
      : null,
    flags: state.flags.length,
  };
}

type ListMethods = Pick<typeof settingsMethods, 'settings.lists.get' | 'settings.lists.set'>;

export const listsHandlers: HandlersFor<ListMethods> = {
  'settings.lists.get': (_input, ctx) => ok(listsView(ctx)),

  'settings.lists.set': (input, ctx) => {
    const counterDesk = counterDeskRefusal(ctx, 'settings');
    if (counterDesk) return counterDesk;
    const parsed = AnalysisLists.safeParse(input.lists);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const path = ['lists', ...issue.path.map(String)].join('.');
        if (path in fields) continue;
        const last = issue.path[issue.path.length - 1];
        if (issue.message === 'duplicate code') fields[path] = messages.msg(ctx.locale, 'listDuplicate');
        else if (last === 'value') fields[path] = messages.msg(ctx.locale, 'listCode');
        else if (last === 'zh-CN' || last === 'en') fields[path] = messages.msg(ctx.locale, 'listName');
      }
      for (const [p, text] of Object.entries(issuesToFields(parsed.error.issues, input.lists, ctx.locale))) {
        const path = p === '_' ? 'lists' : `lists.${p}`;
        if (!(path in fields)) fields[path] = text;
      }
      return invalidFields(ctx, fields);
    }
    const by = actor(ctx).id;
    const e = ctx.desk.tx(() => {
      const made = ctx.desk.makeEvent(
        SETTINGS_STREAM_NAME,
        'settings.analysis_lists_set',
        { lists: parsed.data },
        by,
      );
      ctx.desk.appendLocal([made]);
      return made;
    });
    return ok(listsView(ctx, Math.max(ctx.desk.now(), hlcWallMs(e.hlc))));
  },
};
