/** The rectification feature's entry (issue 14 item 7): what the desk composes (electron/desk/index.ts, projection.ts, reportOutputs.ts). */
export { rectificationHandlers as handlers } from './handlers';
export { rectProjector as projector } from './projector';
export { reportItems } from './queries';
