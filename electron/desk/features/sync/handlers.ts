/** sync.* — the desk's link to the central server (electron/desk/sync). */
import { ok } from '../../../../shared/contract/result';
import { SyncEngine } from '../../sync/engine';
import type { syncMethods } from '../../../../shared/contract/methods/sync';
import { fail, type HandlerContext, type HandlersFor } from '../../kernel/handler';

/** The engine (null for a desk opened without one). Reading it changes nothing: each answer is in the caller's locale. */
function engineOf(ctx: HandlerContext): SyncEngine | null {
  const engine = ctx.services.sync;
  return engine instanceof SyncEngine ? engine : null;
}

export const syncHandlers: HandlersFor<typeof syncMethods> = {
  'sync.status': (_input, ctx) => {
    const engine = engineOf(ctx);
    return engine ? ok(engine.status(ctx.locale)) : fail(ctx, 'internal');
  },

  'sync.configure': async (input, ctx) => {
    const engine = engineOf(ctx);
    return engine ? engine.configure(input.serverUrl, input.code, ctx.locale) : fail(ctx, 'internal');
  },

  // Starts a run and answers at once: the caller never waits for the network.
  'sync.now': (_input, ctx) => {
    const engine = engineOf(ctx);
    if (!engine) return fail(ctx, 'internal');
    engine.requestNowWithRefusedFiles();
    return ok(engine.status(ctx.locale));
  },

  'sync.disconnect': (_input, ctx) => {
    const engine = engineOf(ctx);
    return engine ? ok(engine.disconnect(ctx.locale)) : fail(ctx, 'internal');
  },
};
