/** The case library feature's entry: what the desk composes (electron/desk/index.ts, projection.ts). */
export { libraryHandlers as handlers } from './handlers';
export { libraryProjector as projector } from './projector';
