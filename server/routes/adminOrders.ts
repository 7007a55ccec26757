/**
 * Head office's work orders (issue 11; docs/protocol.md §8):
 * GET /v1/admin/orders?branch&status&flagged&flag&kind&rework&text&cursor&limit
 * and GET /v1/admin/orders/:id, for admin tokens (every branch) and
 * supervisor-role devices (their own branch), as the case list.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AdminOrdersQuery } from '../../shared/contract/adminOrders';
import { SyncHttpError } from '../errors';
import {
  checkBranchInScope,
  describeIssue,
  headOfficeScope,
  invalidRequest,
  sendOk,
  type RouteContext,
} from '../http';

/** What these routes say, Chinese first, then English (server/errors.ts). */
export const ORDER_ROUTE_MESSAGES = {
  notFound:
    '总部没有这张施工单：编号有误，或它属于其他网点，或其柜台尚未同步。 / Head office has no such work order: the id is wrong, it belongs to another branch, or its desk has not synced it yet.',
  badCursor: 'cursor: not a cursor from this server',
} as const;

const OrderParams = z.object({ id: z.uuid() }).strict();

export function adminOrderRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, now } = ctx;

  app.get('/v1/admin/orders', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const parsed = AdminOrdersQuery.safeParse(req.query);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    checkBranchInScope(scope, parsed.data.branch);
    const page = await store.adminOrders(parsed.data, scope);
    if (page === 'bad_cursor') throw invalidRequest(ORDER_ROUTE_MESSAGES.badCursor);
    return sendOk(reply, now, { ok: true, ...page });
  });

  app.get('/v1/admin/orders/:id', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const parsed = OrderParams.safeParse(req.params);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    const detail = await store.adminOrder(parsed.data.id, scope);
    if (detail === null) throw new SyncHttpError('not_found', ORDER_ROUTE_MESSAGES.notFound);
    return sendOk(reply, now, { ok: true, ...detail });
  });
}
