/**
 * The central sync server (DESIGN.md section 4, docs/protocol.md): Fastify 5,
 * zod-validated bodies (shared/contract/sync.ts), pino logs on stderr, and a
 * Kysely store on embedded SQLite or PostgreSQL (server/store).
 *
 * Every answer carries the server's time (header and, with a body, the body);
 * every refusal is a 4xx/5xx with the SyncError body
 * `{ ok:false, error:{ code, message }, serverTime }` whose message a desk can
 * show to a clerk as it is. A refused request stores nothing. Bodies are
 * strict UTF-8 and their text clean (cleanText.ts; push: per event).
 */
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import pino from 'pino';
import {
  ERROR_CODE_HEADER,
  MIN_CLIENT_PROTOCOL,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SERVER_TIME_HEADER,
  SYNC_LIMITS,
  type DeviceRole,
} from '../shared/contract/sync';
import { bearerToken } from '../shared/contract/bearer';
import { checkCleanText, utf8Text } from './cleanText';
import { MESSAGES, SyncHttpError } from './errors';
import {
  clientErrorHandler,
  invalidRequest,
  sendOk,
  stamped,
  syncErrorBody,
  type AuthKind,
  type RouteContext,
} from './http';
import {
  addressKey,
  DEFAULT_ANONYMOUS_LIMIT,
  DEFAULT_ENROLMENT_LIMIT,
  DEFAULT_RATE_LIMIT,
  RateLimiter,
  type RateLimitOptions,
} from './rateLimit';
import { adminRoutes } from './routes/admin';
import { attachmentRoutes } from './routes/attachments';
import { syncRoutes } from './routes/sync';
import { auditRoutes } from './routes/audit';
import {
  DEFAULT_ATTACHMENT_POLICY,
  ServerStore,
  type AttachmentPolicy,
  type EnrollmentCodeOptions,
  type SweepOutcome,
} from './store';
import { tokenHash } from './tokens';

export interface SyncServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Folder of the embedded SQLite store (`<dataDir>/server.db`). */
  dataDir?: string;
  /**
   * postgres://… selects PostgreSQL. When undefined, DATABASE_URL is used if
   * set; pass '' to force the embedded SQLite store.
   */
  databaseUrl?: string;
  /** pino level; default LOOPDESK_LOG_LEVEL or "warn". */
  logLevel?: string;
  /** The server's clock (ms since epoch); tests move it. */
  now?: () => number;
  /** Per-token token bucket; default 50 requests/s, burst 100. false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Per client address (docs/protocol.md §1): `anonymous` for requests
   * without a valid token (default 10/s, burst 60), `enrolment` for
   * POST /v1/enroll (default one every 2 s, burst 30). false turns both off.
   */
  addressRateLimit?: { anonymous?: RateLimitOptions; enrolment?: RateLimitOptions } | false;
  /** Attachments: grace for an unreferenced upload, per-branch cap, sweep interval (./store/attachments.ts). */
  attachments?: Partial<AttachmentPolicy>;
}

export interface SyncServer {
  url: string;
  engine: 'sqlite' | 'postgres';
  close(): Promise<void>;
  /** `opts.reenrolDevice`: a code that re-enrols this known device id (and works for no other). */
  createEnrollmentCode(
    branch: string,
    role?: 'counter' | 'supervisor',
    opts?: EnrollmentCodeOptions,
  ): Promise<string>;
  revokeDevice(deviceId: string): Promise<void>;
  createAdminToken(): Promise<string>;
  /** Runs the attachment sweep now (it also runs every `attachments.sweepEveryMs`). */
  sweepAttachments(): Promise<SweepOutcome>;
}

export function resolveDatabaseUrl(opt: string | undefined): string | undefined {
  const url = opt !== undefined ? opt : process.env.DATABASE_URL;
  return url === undefined || url.trim() === '' ? undefined : url.trim();
}

function fastifyCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** Checks the protocol header of a /v1 request; throws the refusal. */
function checkProtocol(value: string | string[] | undefined): void {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d{1,6}$/.test(text.trim())) {
    throw new SyncHttpError(
      'protocol_unknown',
      `请求缺少同步协议版本（请求头 ${PROTOCOL_HEADER}），服务器无法处理。请更新 Loopdesk。 / The request does not say which sync protocol it speaks (header ${PROTOCOL_HEADER}); update Loopdesk.`,
    );
  }
  const v = Number(text.trim());
  if (v < MIN_CLIENT_PROTOCOL) throw new SyncHttpError('protocol_too_old');
  if (v > PROTOCOL_VERSION) {
    throw new SyncHttpError(
      'protocol_unknown',
      `此柜台使用的同步协议（第 ${v} 版）比服务器新（服务器支持到第 ${PROTOCOL_VERSION} 版），请联系总部升级服务器。 / This desk speaks sync protocol ${v}, newer than this server (up to ${PROTOCOL_VERSION}); ask head office to update the server.`,
    );
  }
}

export async function startSyncServer(opts: SyncServerOptions = {}): Promise<SyncServer> {
  const now = opts.now ?? (() => Date.now());
  const level = opts.logLevel ?? process.env.LOOPDESK_LOG_LEVEL ?? 'warn';
  // Logs go to stderr: stdout is reserved for the CLI's one "ready" line.
  const logger = pino({ level, name: 'loopdesk-server' }, pino.destination({ fd: 2, sync: true }));

  const databaseUrl = resolveDatabaseUrl(opts.databaseUrl);
  if (!databaseUrl && !opts.dataDir) {
    throw new Error('startSyncServer needs dataDir (embedded SQLite) or databaseUrl (PostgreSQL)');
  }
  const store = await ServerStore.open({ dataDir: opts.dataDir, databaseUrl, logger });
  const limiter = opts.rateLimit === false ? null : new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const byAddress = opts.addressRateLimit === false ? null : (opts.addressRateLimit ?? {});
  const anonymousLimiter = byAddress && new RateLimiter(byAddress.anonymous ?? DEFAULT_ANONYMOUS_LIMIT);
  const enrolmentLimiter = byAddress && new RateLimiter(byAddress.enrolment ?? DEFAULT_ENROLMENT_LIMIT);
  const refuseOver = (l: RateLimiter | null, key: string): void => {
    const r = l?.take(key);
    if (r && !r.ok) {
      throw new SyncHttpError('rate_limited', MESSAGES.rate_limited, {
        'retry-after': String(r.retryAfterSec),
      });
    }
  };
  const attachments: AttachmentPolicy = { ...DEFAULT_ATTACHMENT_POLICY, ...opts.attachments };
  const ctx: RouteContext = { store, now, attachments };

  const sendError = (reply: FastifyReply, e: SyncHttpError): FastifyReply => {
    const t = now();
    for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
    return (
      stamped(reply, e.status, t)
        // HEAD answers have no body: the code is in a header as well.
        .header(ERROR_CODE_HEADER, e.code)
        .send(syncErrorBody(e, t))
    );
  };

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // The router's own refusals (a path that is not valid percent-encoding,
    // an over-long parameter) in the SyncError shape too.
    frameworkErrors: (error, req, reply) => {
      if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
        req.log.error({ err: error }, 'sync request failed');
        return sendError(reply, new SyncHttpError('internal'));
      }
      req.log.info({ err: error }, 'bad sync request');
      return sendError(reply, invalidRequest('path: not valid percent-encoding, or too long'));
    },
    clientErrorHandler: clientErrorHandler(now, logger),
    bodyLimit: SYNC_LIMITS.bodyBytes,
    forceCloseConnections: true,
    return503OnClosing: true,
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestTimeout: 120_000,
  });
  app.decorateRequest('caller', null);

  // ---------------------------------------------------------------- body parsing: JSON only, strict UTF-8
  app.removeAllContentTypeParsers();
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  // As bytes, decoded strictly: invalid UTF-8 is a 400, never U+FFFD in the store.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = utf8Text(body);
    } catch (e) {
      done(e as Error, undefined);
      return;
    }
    jsonParser(req, text, done);
  });

  // ---------------------------------------------------------------- protocol, rate limit, token
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const auth: AuthKind = req.routeOptions.config.auth ?? 'none';
    // Gated on the route the router chose, which it found on the decoded path
    // (`/%761/push` is /v1/push); the raw path only for requests that match
    // no route. This hook runs before any body is read.
    const v1 = (req.routeOptions.url ?? req.url).startsWith('/v1/');
    const token = v1 ? bearerToken(req.headers.authorization) : null;
    // Per client address (the socket's: trustProxy is off): what costs no
    // token — health, enrolment, refusals — and enrolment on its own budget.
    const address = addressKey(req.ip);
    if (token === null || auth === 'none') refuseOver(anonymousLimiter, address);
    if (req.routeOptions.url === '/v1/enroll') refuseOver(enrolmentLimiter, address);
    if (!v1) return;
    checkProtocol(req.headers[PROTOCOL_HEADER]);
    // Hashed once: the rate limiter's key and the token's storage key are the same.
    const key = token === null ? null : tokenHash(token);
    if (key !== null && limiter) refuseOver(limiter, key);
    if (auth === 'none') return;
    if (key === null) throw new SyncHttpError('unauthenticated');
    const who = await store.authenticateHash(key);
    if (who === 'unknown' || who === 'revoked') {
      // A token that does not work is an unauthenticated request: it costs the address.
      refuseOver(anonymousLimiter, address);
      throw new SyncHttpError(who === 'unknown' ? 'unauthenticated' : 'token_revoked');
    }
    req.caller = who;
  });

  // ---------------------------------------------------------------- clean text (cleanText.ts)
  app.addHook('preHandler', async (req: FastifyRequest) => {
    // The query parser's objects have a prototype of their own: copied, so the walker reads them.
    if (req.query !== null && typeof req.query === 'object') checkCleanText({ ...req.query }, 'query');
    if (req.routeOptions.config.ownBodyTextCheck !== true) checkCleanText(req.body, 'body');
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader(SERVER_TIME_HEADER)) reply.header(SERVER_TIME_HEADER, String(now()));
    return payload;
  });

  app.setErrorHandler((error: FastifyError | SyncHttpError, req, reply) => {
    if (error instanceof SyncHttpError) {
      if (error.status >= 500) req.log.error({ err: error }, 'sync request failed');
      return sendError(reply, error);
    }
    const code = fastifyCode(error);
    const status = statusOf(error);
    switch (code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, new SyncHttpError('too_large'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, new SyncHttpError('malformed_json'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(
          reply,
          new SyncHttpError(
            'invalid_request',
            '请求的内容类型不受支持：同步请求须为 application/json，附件须为 application/octet-stream。 / Unsupported content type: sync requests are application/json, attachments application/octet-stream.',
            {},
            415,
          ),
        );
    }
    if (status !== undefined && status >= 400 && status < 500) {
      req.log.info({ err: error }, 'bad sync request');
      return sendError(reply, new SyncHttpError('invalid_request', MESSAGES.invalid_request, {}, status));
    }
    req.log.error({ err: error }, 'sync request failed');
    return sendError(reply, new SyncHttpError('internal'));
  });

  app.setNotFoundHandler((_req, reply) => sendError(reply, new SyncHttpError('not_found')));

  // ---------------------------------------------------------------- routes
  app.get('/health', { config: { auth: 'none' } }, async (_req, reply) =>
    sendOk(reply, now, { ok: true, engine: store.engine, protocol: PROTOCOL_VERSION }),
  );
  syncRoutes(app, ctx);
  auditRoutes(app, ctx);
  adminRoutes(app, ctx);
  await app.register(async (scope) => attachmentRoutes(scope, ctx));

  const host = opts.host ?? '127.0.0.1';
  try {
    await app.listen({ port: opts.port ?? 0, host });
  } catch (e) {
    await app.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw e;
  }
  const address = app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : (opts.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  // Uploads no event of their branch refers to within the grace period go.
  const sweep = (): Promise<SweepOutcome> => store.sweepAttachments(now(), attachments.graceMs);
  const sweeper = setInterval(
    () => {
      sweep().then(
        (r) => {
          if (r.dropped > 0) logger.info(r, 'attachment sweep');
        },
        (e: unknown) => logger.error({ err: e }, 'attachment sweep failed'),
      );
    },
    Math.min(Math.max(attachments.sweepEveryMs, 1000), 2 ** 31 - 1),
  );
  sweeper.unref();

  let closed: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    engine: store.engine,
    close(): Promise<void> {
      closed ??= (async () => {
        clearInterval(sweeper);
        await app.close();
        await store.close();
      })();
      return closed;
    },
    createEnrollmentCode: (
      branch: string,
      role: DeviceRole = 'counter',
      codeOpts: EnrollmentCodeOptions = {},
    ) => store.createEnrollmentCode(branch, role, now(), codeOpts),
    async revokeDevice(deviceId: string): Promise<void> {
      const found = await store.revokeDevice(deviceId, now());
      if (!found) throw new Error(`no enrolled device with id ${deviceId}`);
    },
    createAdminToken: () => store.createAdminToken(now()),
    sweepAttachments: sweep,
  };
}
