/** The case feature's entry: what the desk composes (electron/desk/index.ts). */
export { caseHandlers as handlers } from './handlers';
export { caseProjector as projector } from './projector';
export { ScriptLoadError, loadScriptResources } from './scriptLoad';
