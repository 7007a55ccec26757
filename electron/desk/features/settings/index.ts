/** The settings feature's entry: what the desk composes (electron/desk/index.ts, projection.ts). */
export { settingsHandlers as handlers } from './handlers';
export { settingsProjector as projector } from './projector';
export { settingsBook, settingsInForce, settingsOracle, type SettingsOracle } from './book';
