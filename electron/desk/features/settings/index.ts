/** The settings feature's entry: what the desk composes (electron/desk/index.ts, projection.ts). */
import { settingsHandlers } from './handlers';
import { listsHandlers } from './lists';

export const handlers = { ...settingsHandlers, ...listsHandlers };
export { settingsProjector as projector } from './projector';
export { settingsBook, settingsInForce, settingsOracle, type SettingsOracle } from './book';
