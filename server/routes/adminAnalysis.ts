/**
 * Head office's analysis (issue 14; docs/protocol.md §8, docs/analysis.md
 * "Head office"): GET /v1/admin/analysis?from&to[&compareFrom&compareTo][&branch][&<dimension>],
 * the figures of shared/domain/analysis/report.ts over every branch's facts,
 * or one branch's. For admin tokens (every branch) and supervisor-role
 * devices (their own branch), as the case list, whose `analysis` parameter
 * is the drill-down to the cases behind a figure.
 */
import type { FastifyInstance } from 'fastify';
import { AdminAnalysisQuery } from '../../shared/contract/adminAnalysis';
import {
  checkBranchInScope,
  describeIssue,
  headOfficeScope,
  invalidRequest,
  sendOk,
  type RouteContext,
} from '../http';

export function adminAnalysisRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, now } = ctx;

  app.get('/v1/admin/analysis', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const parsed = AdminAnalysisQuery.safeParse(req.query);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    const branch = parsed.data.where?.branch;
    checkBranchInScope(scope, typeof branch === 'string' ? branch : undefined);
    const analysis = await store.adminAnalysis(parsed.data, scope, now());
    return sendOk(reply, now, { ok: true, analysis });
  });
}
