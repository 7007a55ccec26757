/**
 * POST /v1/audit (docs/protocol.md §11): a desk's audit chain rows and signed
 * checkpoints (server/store/audit.ts). A break refuses the whole request with
 * 409 chain_broken and stores nothing.
 */
import type { FastifyInstance } from 'fastify';
import { AuditPushRequest } from '../../shared/contract/audit';
import { describeIssue, deviceCaller, invalidRequest, sendOk, type RouteContext } from '../http';

export function auditRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, now } = ctx;
  app.post('/v1/audit', { config: { auth: 'device' } }, async (req, reply) => {
    const who = deviceCaller(req);
    const parsed = AuditPushRequest.safeParse(req.body);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    try {
      const out = await store.receiveAudit(who.deviceId, parsed.data, now());
      return sendOk(reply, now, { ok: true, head: out.head, acks: out.acks });
    } catch (e) {
      req.log.warn(
        { deviceId: who.deviceId, error: e instanceof Error ? e.message : String(e) },
        'audit: refused',
      );
      throw e;
    }
  });
}
