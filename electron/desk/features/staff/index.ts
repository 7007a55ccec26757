/** The staff feature's entry: what the desk composes (electron/desk/index.ts). */
export { staffHandlers as handlers } from './handlers';
export { staffProjector as projector } from './projector';
export { staffDirectory as directory } from './queries';
export { recoverAdmin, RecoveryInput } from './recovery';
export { allPeppers, adoptBranchPeppers, currentPepper } from './peppers';
