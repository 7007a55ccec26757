/** The case feature's entry: what the desk composes (electron/desk/index.ts). */
import type { caseMethods } from '../../../../shared/contract/methods/cases';
import type { HandlersFor } from '../../kernel/handler';
import { escalationHandlers } from './escalation';
import { followUpHandlers } from './followUp';
import { caseHandlers } from './handlers';
import { natureHandlers } from './nature';
import { maliceHandlers } from './malice';
import { tagHandlers } from './tags';

/** Every case.* handler: intake, steps, fields, close/reopen, queries, the follow-up facts, issue 12's nature and judgments. */
export const handlers: HandlersFor<typeof caseMethods> = {
  ...caseHandlers,
  ...followUpHandlers,
  ...natureHandlers, // issue 12
  ...escalationHandlers, // issue 12
  ...maliceHandlers, // issue 12
  ...tagHandlers, // issue 14
};
export { caseProjector as projector } from './projector';
export { ScriptLoadError, defaultResourcesDir, loadScriptResources } from './scriptLoad';
