/** The sync feature's entry: the DeskApi handlers over the sync engine (electron/desk/sync). */
export { syncHandlers as handlers } from './handlers';
