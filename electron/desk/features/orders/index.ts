/** The work-order feature's entry: what the desk composes (electron/desk/index.ts, projection.ts). */
import type { orderReportMethods } from '../../../../shared/contract/methods/orderReports';
import type { orderMethods } from '../../../../shared/contract/methods/orders';
import type { HandlersFor } from '../../kernel/handler';
import { caseLinkHandlers } from './caseLinkHandlers';
import { orderHandlers } from './handlers';
import { releaseHandlers } from './release';
import { reportHandlers } from './reports';
import { signedHandlers } from './signed';

/**
 * Every order.* handler: the plain commands and queries, the signed acts,
 * release and rework returns, the reports, and the links to complaint cases.
 */
export const handlers: HandlersFor<typeof orderMethods & typeof orderReportMethods> = {
  ...orderHandlers,
  ...signedHandlers,
  ...releaseHandlers,
  ...reportHandlers,
  ...caseLinkHandlers,
};
export { orderProjector as projector } from './projector';
export { OrderTemplatesLoadError, loadOrderTemplatesFile } from './templateLoad';
