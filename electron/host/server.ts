/**
 * Browser-mode host: the same DeskApi over HTTP + server-sent events, bound to
 * 127.0.0.1 only.
 *
 *   POST /api/call/<method>   JSON body = input; `Authorization: Bearer <token>`;
 *                             `Accept-Language: zh-CN|en`. The body of every
 *                             answer is a `Result` (see shared/contract/result.ts).
 *   GET  /api/events          text/event-stream of DeskEvent JSON (`data:` lines);
 *                             needs a session: `?session=<token>` or
 *                             `Authorization: Bearer <token>`, else 401
 *   GET  /*                   the built renderer (dist/renderer), SPA fallback
 *                             (./staticFiles.ts)
 *
 * Defences: Host-header check (DNS rebinding), Origin check on /api, JSON-only
 * bodies (so a foreign page cannot send a CORS "simple" request) in strict
 * UTF-8 (utf8Body.ts), 1 MiB body limit, strict CSP and the other security
 * headers on every response. The text inside is checked by the desk core's
 * dispatcher, as for every other caller.
 */
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { bearerToken } from '../../shared/contract/bearer';
import { BACKGROUND_HEADER, isMethodName, type CallContext } from '../../shared/contract/api';
import type { DeskCore } from '../desk';
import { SECURITY_HEADERS } from '../../shared/contract/security';
import { allowedHostHeaders, isAllowedHostHeader, isAllowedRequestOrigin } from './policy';
import { hostText } from './messages';
import { localeOf, transportError } from './replies';
import { defaultStaticDir, serveRenderer } from './staticFiles';
import { InvalidUtf8Error, utf8Body } from './utf8Body';
import { evidenceRoutes } from './evidence';
import { exportRoutes } from './exports';
import { importFileRoutes } from './importFiles';

/** Largest request body accepted (1 MiB). */
export const BODY_LIMIT = 1024 * 1024;
/** Heartbeat comment interval on /api/events. */
export const SSE_HEARTBEAT_MS = 25_000;

export interface StartHostOptions {
  /** `call` and `subscribe`; `evidence` (when given) adds the evidence file routes (./evidence.ts). */
  desk: Pick<DeskCore, 'call' | 'subscribe' | 'sessionLive'> &
    Partial<Pick<DeskCore, 'evidence' | 'exports' | 'imports'>>;
  /** 0 picks a free port. */
  port: number;
  host?: '127.0.0.1';
  /** Built renderer; default `<repo>/dist/renderer`. */
  staticDir?: string;
  /** Override the SSE heartbeat interval (tests). */
  heartbeatMs?: number;
  /** pino level; default LOOPDESK_LOG_LEVEL or "warn". */
  logLevel?: string;
}

export interface HostHandle {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

export { defaultStaticDir };

function errorCodeOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const c = (e as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

function statusCodeOf(e: unknown): number | undefined {
  if (typeof e === 'object' && e !== null && 'statusCode' in e) {
    const s = (e as { statusCode: unknown }).statusCode;
    return typeof s === 'number' ? s : undefined;
  }
  return undefined;
}

/** The `session` query parameter of the event stream, when it is one plausible token. */
function sessionParam(query: unknown): string | null {
  const v = (query as { session?: unknown } | null)?.session;
  return typeof v === 'string' && v.length > 0 && v.length <= 512 ? v : null;
}

export async function startHost(opts: StartHostOptions): Promise<HostHandle> {
  const { desk } = opts;
  const staticDir = path.resolve(opts.staticDir ?? defaultStaticDir());
  const heartbeatMs = opts.heartbeatMs ?? SSE_HEARTBEAT_MS;
  const level = opts.logLevel ?? process.env.LOOPDESK_LOG_LEVEL ?? 'warn';
  // Logs go to stderr so stdout stays reserved for the one "ready" line.
  // Request lines without their query: the event stream's session token may be in it.
  const logger = pino(
    {
      level,
      name: 'loopdesk-host',
      serializers: {
        req: (r: { method?: unknown; url?: unknown }) => ({
          method: r.method,
          url: typeof r.url === 'string' ? r.url.split('?')[0] : r.url,
        }),
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );

  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    return503OnClosing: true,
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // The router's own refusals (a path that is not valid percent-encoding, an over-long
    // parameter) in the desk's error shape, with the headers, not Fastify's echo of the path.
    frameworkErrors: (error, req, reply) => {
      const locale = localeOf(req);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
      if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
        req.log.error({ err: error }, 'unexpected error in the HTTP host');
        return transportError(reply, 500, 'internal', 'internal', locale);
      }
      return transportError(reply, 400, 'invalid_input', 'badRequest', locale);
    },
  });

  const currentPort = (): number => {
    const a = app.server.address();
    return a !== null && typeof a === 'object' ? a.port : opts.port;
  };
  const streams = new Set<ServerResponse>();

  // ---------------------------------------------------------------- guards and headers
  app.addHook('onRequest', async (req, reply) => {
    const locale = localeOf(req);
    const port = currentPort();
    if (!isAllowedHostHeader(req.headers.host, port)) {
      req.log.warn({ host: req.headers.host }, 'refused request with a foreign Host header');
      return transportError(reply, 403, 'forbidden', 'foreignHost', locale, {
        origin: `http://${allowedHostHeaders(port)[0]}`,
      });
    }
    // The routed path, not the raw one: `/%61pi/…` and an absolute-form request line reach the
    // same /api/ routes, and must meet the same guard.
    const api = req.url.startsWith('/api/') || (req.routeOptions.url ?? '').startsWith('/api/');
    if (api && !isAllowedRequestOrigin(req.headers.origin, port)) {
      req.log.warn({ origin: req.headers.origin }, 'refused API request from a foreign origin');
      return transportError(reply, 403, 'forbidden', 'foreignOrigin', locale);
    }
    return undefined;
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    return payload;
  });

  // ---------------------------------------------------------------- body parsing: JSON only
  app.removeAllContentTypeParsers();
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  // As bytes, decoded strictly: invalid UTF-8 is a 400, never U+FFFD in the store.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = utf8Body(body);
    } catch (e) {
      done(e as Error, undefined);
      return;
    }
    // An empty body is the empty input (e.g. desk.status) rather than an error.
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    jsonParser(req, text, done);
  });

  app.setErrorHandler((error, req, reply) => {
    const locale = localeOf(req);
    const code = errorCodeOf(error);
    const status = statusCodeOf(error);
    switch (code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return transportError(reply, 400, 'invalid_input', 'malformedJson', locale);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return transportError(reply, 413, 'too_large', 'tooLarge', locale);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return transportError(reply, 415, 'invalid_input', 'wrongContentType', locale);
    }
    if (error instanceof InvalidUtf8Error) {
      return transportError(reply, 400, 'invalid_input', 'invalidUtf8', locale, {
        offset: String(error.offset + 1),
      });
    }
    if (status === 413) return transportError(reply, 413, 'too_large', 'tooLarge', locale);
    if (status === 415) return transportError(reply, 415, 'invalid_input', 'wrongContentType', locale);
    if (status !== undefined && status >= 400 && status < 500) {
      return transportError(reply, status, 'invalid_input', 'badRequest', locale);
    }
    req.log.error({ err: error }, 'unexpected error in the HTTP host');
    return transportError(reply, 500, 'internal', 'internal', locale);
  });

  // ---------------------------------------------------------------- DeskApi calls
  app.post<{ Params: { method: string } }>('/api/call/:method', async (req, reply) => {
    const locale = localeOf(req);
    const method = req.params.method;
    if (!isMethodName(method)) {
      return transportError(reply, 404, 'unknown_method', 'unknownMethod', locale, { method });
    }
    const ctx: CallContext = { session: bearerToken(req.headers.authorization), locale };
    if (req.headers[BACKGROUND_HEADER] === '1') ctx.background = true;
    const input: unknown = req.body === undefined ? {} : req.body;
    let result;
    try {
      result = await desk.call(method, input, ctx);
    } catch (e) {
      // DeskCore.call never throws by contract; if it does, answer a Result anyway.
      req.log.error({ err: e, method }, 'desk.call threw');
      return transportError(reply, 500, 'internal', 'internal', locale);
    }
    const status = !result.ok && result.error.code === 'unknown_method' ? 404 : 200;
    return reply.code(status).header('cache-control', 'no-store').send(result);
  });

  const { evidence } = desk;
  if (evidence) await app.register(evidenceRoutes({ call: (m, i, c) => desk.call(m, i, c), evidence }));
  if (desk.exports)
    await app.register(exportRoutes({ call: (m, i, c) => desk.call(m, i, c), exports: desk.exports }));
  if (desk.imports)
    await app.register(importFileRoutes({ call: (m, i, c) => desk.call(m, i, c), imports: desk.imports }));

  // ---------------------------------------------------------------- server-sent events
  // Only for a signed-in clerk: case ids and sync state are the branch's
  // business. The sign-in screen needs no events, so there is nothing before
  // sign-in. EventSource cannot send headers, so the session token may come as
  // `?session=` (the host listens on 127.0.0.1 only, and its logs drop queries) or, for
  // other clients, as `Authorization: Bearer`. Checked when the stream opens
  // (through auth.me, as any call would be), and again before each event and
  // heartbeat without counting as use: a sign-out, a disable or a lapse ends
  // the stream, whether or not the client closes it.
  app.get('/api/events', async (req, reply) => {
    const locale = localeOf(req);
    const session = bearerToken(req.headers.authorization) ?? sessionParam(req.query);
    if (session === null) return transportError(reply, 401, 'unauthenticated', 'sessionRequired', locale);
    let me;
    try {
      me = await desk.call('auth.me', {}, { session, locale });
    } catch (e) {
      req.log.error({ err: e }, 'desk.call threw');
      return transportError(reply, 500, 'internal', 'internal', locale);
    }
    if (!me.ok) return transportError(reply, 401, 'unauthenticated', 'sessionRequired', locale);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const write = (chunk: string): void => {
      if (!res.writableEnded && !res.destroyed) res.write(chunk);
    };
    write('retry: 2000\n: connected\n\n');
    const live = (): boolean => {
      if (desk.sessionLive(session)) return true;
      cleanup();
      res.end();
      return false;
    };
    const unsubscribe = desk.subscribe((event) => {
      if (live()) write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const beat = setInterval(() => {
      if (live()) write(': heartbeat\n\n');
    }, heartbeatMs);
    streams.add(res);
    let cleaned = false;
    const cleanup = (): void => {
      if (cleaned) return;
      cleaned = true;
      clearInterval(beat);
      unsubscribe();
      streams.delete(res);
    };
    req.raw.on('close', cleanup);
    res.on('close', cleanup);
    res.on('error', cleanup);
    return reply;
  });

  // ---------------------------------------------------------------- static renderer (./staticFiles.ts)
  serveRenderer(app, staticDir);

  app.setNotFoundHandler((req, reply) => {
    const locale = localeOf(req);
    if (req.url.startsWith('/api/')) {
      const method = (req.url.split('?')[0] ?? '').replace(/^\/api\/call\//, '');
      return transportError(reply, 404, 'unknown_method', 'unknownMethod', locale, { method });
    }
    return reply.code(404).type('text/plain; charset=utf-8').send(hostText('notFound', locale));
  });

  // ---------------------------------------------------------------- listen
  try {
    await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  } catch (e) {
    await app.close().catch(() => undefined);
    throw e;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new Error('The HTTP host did not report a TCP address.');
  }
  const port = address.port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      closing ??= (async () => {
        for (const res of streams) res.end();
        streams.clear();
        await app.close();
      })();
      return closing;
    },
  };
}
