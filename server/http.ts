/**
 * Pieces every route shares: who may call it, the caller on the request, and
 * how answers carry the server's time.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODE_HEADER, SERVER_TIME_HEADER, type SyncError } from '../shared/contract/sync';
import { MESSAGES, SyncHttpError } from './errors';
import type { AdminScope, AttachmentPolicy, Caller, ServerStore } from './store';

/**
 * - none: no token (health, enrol);
 * - device: a device token (push, pull, attachments); admin tokens are refused;
 * - headOffice: an admin token, or a supervisor-role device token (own branch only).
 */
export type AuthKind = 'none' | 'device' | 'headOffice';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthKind;
    /** The route checks the text of its body itself (push: event by event); the query is still checked. */
    ownBodyTextCheck?: boolean;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export interface RouteContext {
  store: ServerStore;
  now: () => number;
  attachments: AttachmentPolicy;
}

/** What every answer of the API carries: its status, the server time, no caching, JSON. */
export function stamped(reply: FastifyReply, status: number, t: number): FastifyReply {
  return reply
    .code(status)
    .header(SERVER_TIME_HEADER, String(t))
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8');
}

/** The body of every refusal (docs/protocol.md §1). */
export function syncErrorBody(e: SyncHttpError, t: number): SyncError {
  return { ok: false, error: { code: e.code, message: e.message }, serverTime: t };
}

/**
 * Node's `clientError` handler: a request its HTTP parser gave up on (broken
 * header or chunked body, timeout) never becomes a Fastify request, so its
 * refusal, in the SyncError shape, is written straight to the socket.
 */
export function clientErrorHandler(
  now: () => number,
  log: { debug(o: object, msg: string): void },
): (error: Error & { code?: string }, socket: Duplex) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    log.debug({ err: error }, 'client error');
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const e = new SyncHttpError('invalid_request', MESSAGES.invalid_request, {}, status);
    const t = now();
    const body = JSON.stringify(syncErrorBody(e, t));
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
          `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
          `cache-control: no-store\r\n${SERVER_TIME_HEADER}: ${t}\r\n${ERROR_CODE_HEADER}: ${e.code}\r\n` +
          `connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}

/** Sends a 200 JSON answer stamped with the server time (header and body). */
export function sendOk(reply: FastifyReply, now: () => number, body: Record<string, unknown>): FastifyReply {
  const t = now();
  return stamped(reply, 200, t).send({ ...body, serverTime: t });
}

export function deviceCaller(req: FastifyRequest): Extract<Caller, { kind: 'device' }> {
  const c = req.caller;
  if (c?.kind === 'device') return c;
  throw new SyncHttpError(
    'forbidden',
    '管理令牌不能用于同步事件，请使用柜台登记得到的令牌。 / An admin token cannot sync events; use a desk’s enrolment token.',
  );
}

/** The branches a head-office call may see: all for admin tokens, its own for a supervisor device. */
export function headOfficeScope(req: FastifyRequest): AdminScope {
  const c = req.caller;
  if (c?.kind === 'admin') return { branch: null };
  if (c?.kind === 'device' && c.role === 'supervisor') return { branch: c.branch };
  throw new SyncHttpError(
    'forbidden',
    '只有主管柜台或总部管理令牌可以查看总部数据。 / Only a supervisor desk or a head-office admin token can see head-office data.',
  );
}

/** A supervisor device asking for another branch is refused rather than silently narrowed. */
export function checkBranchInScope(scope: AdminScope, branch: string | undefined): void {
  if (scope.branch !== null && branch !== undefined && branch !== scope.branch) {
    throw new SyncHttpError(
      'forbidden',
      `主管柜台只能查看本网点（${scope.branch}）的数据。 / A supervisor desk can only see its own branch (${scope.branch}).`,
    );
  }
}

/** First zod issue as "path: message", for invalid_request answers. */
export function describeIssue(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'request';
  return `${where}: ${issue.message}`;
}

export function invalidRequest(detail: string): SyncHttpError {
  return new SyncHttpError(
    'invalid_request',
    `同步请求的内容不符合要求（${detail}）。请再试一次；若反复出现，请联系技术支持。 / The sync request was not in the expected form (${detail}). Try again; if it keeps happening, contact support.`,
  );
}
