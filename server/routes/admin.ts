/**
 * Head office: GET /v1/admin/branches, /v1/admin/devices, /v1/admin/cases,
 * the work orders (./adminOrders.ts), the escalations (./adminEscalations.ts) and
 * the analysis (./adminAnalysis.ts).
 * For admin tokens (every branch) and supervisor-role devices (own branch).
 */
import type { FastifyInstance } from 'fastify';
import { AdminBranchesQuery, AdminCasesQuery, AdminDevicesQuery } from '../../shared/contract/sync';
import {
  checkBranchInScope,
  describeIssue,
  headOfficeScope,
  invalidRequest,
  sendOk,
  type RouteContext,
} from '../http';
import { adminAnalysisRoutes } from './adminAnalysis';
import { adminEscalationRoutes } from './adminEscalations';
import { adminOrderRoutes } from './adminOrders';

export function adminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, now } = ctx;

  app.get('/v1/admin/branches', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const parsed = AdminBranchesQuery.safeParse(req.query ?? {});
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    const branches = await store.adminBranches(scope);
    return sendOk(reply, now, { ok: true, branches });
  });

  app.get('/v1/admin/devices', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const parsed = AdminDevicesQuery.safeParse(req.query);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    checkBranchInScope(scope, parsed.data.branch);
    const devices = await store.adminDevices(scope, parsed.data.branch);
    return sendOk(reply, now, { ok: true, devices });
  });

  app.get('/v1/admin/cases', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const parsed = AdminCasesQuery.safeParse(req.query);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    checkBranchInScope(scope, parsed.data.branch);
    const page = await store.adminCases(parsed.data, scope, now());
    if (page === 'bad_cursor') throw invalidRequest('cursor: not a cursor from this server');
    return sendOk(reply, now, { ok: true, ...page });
  });

  adminOrderRoutes(app, ctx);
  adminEscalationRoutes(app, ctx); // issue 12
  adminAnalysisRoutes(app, ctx); // issue 14
}
