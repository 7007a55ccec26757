/** The case feature's entry: what the desk composes (electron/desk/index.ts). */
import type { caseMethods } from '../../../../shared/contract/methods/cases';
import type { HandlersFor } from '../../kernel/handler';
import { followUpHandlers } from './followUp';
import { caseHandlers } from './handlers';
import { natureHandlers } from './nature';

/** Every case.* handler: intake, steps, fields, close/reopen, queries, and the follow-up facts. */
export const handlers: HandlersFor<typeof caseMethods> = {
  ...caseHandlers,
  ...followUpHandlers,
  ...natureHandlers,
};
export { caseProjector as projector } from './projector';
export { ScriptLoadError, defaultResourcesDir, loadScriptResources } from './scriptLoad';
