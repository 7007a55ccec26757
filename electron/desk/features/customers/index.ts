/**
 * The customers feature's entry (issue 12 item 4): what the desk composes
 * (electron/desk/index.ts). It reads the customer index the case projector
 * keeps (features/cases/repeats.ts) and owns no events or projection.
 */
export { customerHandlers as handlers } from './handlers';
