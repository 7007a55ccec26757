/** The drafts feature's entry: what the desk composes (electron/desk/index.ts). Decision 0026. */
export { draftHandlers as handlers } from './handlers';
