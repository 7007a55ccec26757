/** work.* and alert.* queries and the alert acknowledgement. */
import type { workMethods } from '../../../../shared/contract/methods/work';
import { ok } from '../../../../shared/contract/result';
import { SUPERVISING_ROLES } from '../../../../shared/domain/kernel/roles';
import type { CaseState } from '../../../../shared/domain/cases/state';
import type { SettingsAt } from '../../../../shared/domain/deadlines/caseDeadlines';
import { actor, fail, failWithFrom, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { ackAlert, listAlerts, type Viewer } from './alerts';
import { messages } from './messages';
import { escalationReviews } from './escalationReviews';
import { LEVELS_ABOVE, levelCases, levelsOwnedBy } from './levelCases';
import { myOrderCallbacks, orderCallbacks } from './orderCallbacks';
import { caseDeadlines, myWork, workBoard } from './queries';
import { settingsOf, workClock } from '../../kernel/deadlineSettings';

const failWith = failWithFrom(messages);

/** Runs `fn` with the desk's settings oracle (an internal error without one). */
function withSettings<T>(ctx: HandlerContext, fn: (settingsAt: SettingsAt) => T) {
  const settingsAt = settingsOf(ctx);
  return settingsAt ? fn(settingsAt) : fail(ctx, 'internal');
}

const clockOf = (settingsAt: SettingsAt, ctx: HandlerContext) => workClock(settingsAt, ctx.desk.now());

function viewer(ctx: HandlerContext): Viewer {
  const staff = actor(ctx);
  return { staffId: staff.id, supervising: SUPERVISING_ROLES.includes(staff.role) };
}

export const workHandlers: HandlersFor<typeof workMethods> = {
  'work.mine': (input, ctx) =>
    withSettings(ctx, (at) => {
      const clock = clockOf(at, ctx);
      const staff = actor(ctx);
      const me = staff.id;
      const cases = myWork(ctx.desk.d, me, input.limit, clock);
      return ok({
        ...cases,
        orderCallbacks: myOrderCallbacks(ctx.desk.d, me, input.limit, at, clock),
        atMyLevel: levelCases(ctx.desk.d, levelsOwnedBy(staff.role), input.limit), // issue 12
      });
    }),
  'work.board': (input, ctx) =>
    withSettings(ctx, (at) => {
      const clock = clockOf(at, ctx);
      const cases = workBoard(ctx.desk.d, input.limit, clock);
      return ok({
        ...cases,
        orderCallbacksDue: orderCallbacks(ctx.desk.d, input.limit, at, clock),
        escalationsToReview: escalationReviews(ctx.desk.d, input.limit, actor(ctx)), // issue 12
        atMyLevel: levelCases(ctx.desk.d, levelsOwnedBy('supervisor'), input.limit),
        escalatedAbove: levelCases(ctx.desk.d, LEVELS_ABOVE, input.limit),
      });
    }),
  'work.case': (input, ctx) =>
    withSettings(ctx, (at) => {
      const row = ctx.desk.d.first(
        ctx.desk.d.db.selectFrom('cases').select('state').where('id', '=', input.caseId),
      );
      if (!row) return failWith(ctx, 'not_found', 'caseNotFoundForWork');
      const state = JSON.parse(row.state) as CaseState;
      return ok({ deadlines: caseDeadlines(state, at, clockOf(at, ctx)) });
    }),
  'alert.list': (input, ctx) => ok(listAlerts(ctx.desk.d, viewer(ctx), input.includeAcked, input.limit)),
  'alert.ack': (input, ctx) => {
    const v = viewer(ctx);
    const alert = ctx.desk.tx(() => ackAlert(ctx.desk.d, v, input.alertId, ctx.desk.now()));
    return alert ? ok(alert) : failWith(ctx, 'not_found', 'alertNotFound');
  },
};
