/**
 * POST /v1/enroll, POST /v1/push, GET /v1/pull (docs/protocol.md).
 */
import type { FastifyInstance } from 'fastify';
import {
  EnrollRequest,
  parseWaitingHeader,
  PullQuery,
  PushRequest,
  SYNC_LIMITS,
  WAITING_HEADER,
} from '../../shared/contract/sync';
import { SyncHttpError } from '../errors';
import { describeIssue, deviceCaller, invalidRequest, sendOk, stamped, type RouteContext } from '../http';

/** A pull refreshes the device's last-seen time at most this often (a push always does). */
const TOUCH_EVERY_MS = 5_000;

export function syncRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { store, now } = ctx;

  app.post('/v1/enroll', { config: { auth: 'none' } }, async (req, reply) => {
    const parsed = EnrollRequest.safeParse(req.body);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    const out = await store.enroll(parsed.data, now());
    req.log.info(
      { branch: out.branchCode, role: out.role, deviceId: parsed.data.deviceId },
      'device enrolled',
    );
    return sendOk(reply, now, {
      ok: true,
      token: out.token,
      branchCode: out.branchCode,
      role: out.role,
      keys: out.keys,
      ...(out.currentKey ? { currentKey: out.currentKey } : {}),
    });
  });

  // Text is checked per event (store/events.ts), so one bad event never blocks the rest.
  app.post('/v1/push', { config: { auth: 'device', ownBodyTextCheck: true } }, async (req, reply) => {
    const who = deviceCaller(req);
    const body = req.body as { events?: unknown } | null;
    if (
      body &&
      typeof body === 'object' &&
      Array.isArray(body.events) &&
      body.events.length > SYNC_LIMITS.pushBatch
    ) {
      throw new SyncHttpError(
        'too_large',
        `一次最多发送 ${SYNC_LIMITS.pushBatch} 条记录，本次有 ${body.events.length} 条。Loopdesk 会分批重试。 / At most ${SYNC_LIMITS.pushBatch} events per push (this one had ${body.events.length}); Loopdesk will retry in smaller batches.`,
      );
    }
    const parsed = PushRequest.safeParse(req.body);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    const t = now();
    // The desk's own count of what is left after this batch; malformed or absent: not stored.
    const eventsWaiting = parseWaitingHeader(req.headers[WAITING_HEADER]);
    const out = await store.push(
      {
        deviceId: who.deviceId,
        branch: who.branch,
        eventsWaiting,
        role: who.role,
        enrolledAt: who.enrolledAt,
      },
      parsed.data.events,
      t,
    );
    const rejected = out.acks.filter((a) => a.status === 'rejected');
    if (rejected.length > 0) {
      req.log.warn(
        { deviceId: who.deviceId, rejected: rejected.length, first: rejected[0]?.reason },
        'push: some events were rejected',
      );
    }
    return sendOk(reply, now, { ok: true, acks: out.acks });
  });

  app.get('/v1/pull', { config: { auth: 'device' } }, async (req, reply) => {
    const who = deviceCaller(req);
    const parsed = PullQuery.safeParse(req.query);
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    const page = await store.pull(who.branch, parsed.data.cursor, parsed.data.limit);
    const t = now();
    // One write at most, and only when there is news: the last-seen time is
    // due, or the desk's waiting count differs from the one stored.
    const waiting = parseWaitingHeader(req.headers[WAITING_HEADER]);
    const touchDue = who.lastSeenAt === null || t - who.lastSeenAt >= TOUCH_EVERY_MS;
    if (touchDue || (waiting !== null && waiting !== who.eventsWaiting))
      await store.touchDevice(who.deviceId, t, waiting);
    // Built by hand: the payloads are spliced in as stored (see store/events.ts).
    const body = `{"ok":true,"events":${page.eventsJson},"cursor":${page.cursor},"hasMore":${page.hasMore},"serverTime":${t}}`;
    return stamped(reply, 200, t).send(body);
  });
}
