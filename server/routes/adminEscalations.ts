/**
 * Head office's escalations (issue 12; docs/protocol.md §8):
 * GET /v1/admin/escalations?level&branch&unreviewed&cursor&limit, for admin
 * tokens (every branch) and supervisor-role devices (their own branch), as
 * the case list.
 */
import type { FastifyInstance } from 'fastify';
import { AdminEscalationsQuery } from '../../shared/contract/adminEscalations';
import {
  checkBranchInScope,
  describeIssue,
  headOfficeScope,
  invalidRequest,
  sendOk,
  type RouteContext,
} from '../http';

export function adminEscalationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, now } = ctx;

  app.get('/v1/admin/escalations', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const parsed = AdminEscalationsQuery.safeParse(req.query);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    checkBranchInScope(scope, parsed.data.branch);
    const page = await store.adminEscalations(parsed.data, scope);
    if (page === 'bad_cursor') throw invalidRequest('cursor: not a cursor from this server');
    return sendOk(reply, now, { ok: true, ...page });
  });
}
