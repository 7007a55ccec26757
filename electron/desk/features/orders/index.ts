/** The work-order feature's entry: what the desk composes (electron/desk/index.ts, projection.ts). */
import type { orderMethods } from '../../../../shared/contract/methods/orders';
import type { HandlersFor } from '../../kernel/handler';
import { orderHandlers } from './handlers';
import { releaseHandlers } from './release';
import { signedHandlers } from './signed';

/** Every order.* handler: the plain commands and queries, the signed acts, release and rework returns. */
export const handlers: HandlersFor<typeof orderMethods> = {
  ...orderHandlers,
  ...signedHandlers,
  ...releaseHandlers,
};
export { orderProjector as projector } from './projector';
export { OrderTemplatesLoadError, loadOrderTemplatesFile } from './templateLoad';
