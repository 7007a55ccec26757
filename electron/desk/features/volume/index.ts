/** The business-volume feature's entry (issue 14 item 2): what the desk composes (electron/desk/index.ts, projection.ts). */
export { volumeHandlers as handlers } from './handlers';
export { volumeProjector as projector } from './projector';
export { deskVolumeTotal as volumeTotal } from './queries';
