/**
 * HTTP client for the sync protocol (shared/contract/sync.ts): one method per
 * route, every request with the protocol version, the device token, JSON and a
 * timeout; every response's server time feeds the clock-skew measurement.
 *
 * Failures are thrown as SyncRequestError with a `kind` the engine maps to a
 * state and a clerk-readable message. The token never appears in an error or
 * a log line.
 */
import { z } from 'zod';
import { AuditPushResponse, type AuditPushRequest } from '../../../shared/contract/audit';
import {
  AttachmentResponse,
  EnrollResponse,
  HealthResponse,
  MAX_WAITING_REPORT,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PushResponse,
  SYNC_ERROR_CODES,
  SYNC_LIMITS,
  WAITING_HEADER,
  type EnrollRequest,
  type SyncErrorCode,
} from '../../../shared/contract/sync';
import { answerClock, parseRetryAfter, serverTimeOf } from './answerTime';

export type SyncFailureKind =
  /** No connection (refused, reset, DNS, TLS, the line is down). */
  | 'unreachable'
  /** No complete answer within the time limit. */
  | 'timeout'
  /** The server answered with an error status. */
  | 'http'
  /** The answer was not what the protocol says (not JSON, wrong shape, cursor going back). */
  | 'bad_response'
  /** Cancelled by the desk (stopping, or the configuration changed). */
  | 'aborted';

export class SyncRequestError extends Error {
  /** The server's own words for a refusal (its error message, at most 300 characters), when it sent them. */
  readonly serverMessage: string | null;
  /** How long the server asked the desk to wait (its Retry-After, bounded), when it said. */
  readonly retryAfterMs: number | null;
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    /** HTTP status for kind 'http'. */
    readonly status: number | null = null,
    /** The server's machine-readable code, when it sent one. */
    readonly code: SyncErrorCode | null = null,
    options?: { cause?: unknown; serverMessage?: string; retryAfterMs?: number | null },
  ) {
    super(message, options);
    this.name = 'SyncRequestError';
    this.serverMessage = options?.serverMessage ?? null;
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }
}

/** A pull page; events are checked one by one by the store, not here. */
export const PullPageBody = z.object({
  ok: z.literal(true),
  events: z.array(z.unknown()).max(SYNC_LIMITS.pullPage),
  cursor: z.number().int().min(0),
  hasMore: z.boolean(),
  serverTime: z.number(),
});
export type PullPageBody = z.infer<typeof PullPageBody>;

const ErrorBody = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});

/** Answers slower than this (to their headers) do not measure the clock skew: its error would pass a second. */
export const SKEW_SAMPLE_MAX_ROUND_TRIP_MS = 2_000;

export interface SyncClientOptions {
  /** Normalized server address (see normalizeServerUrl). */
  baseUrl: string;
  /** Device token; null only for enrollment. */
  token: string | null;
  /** Desk wall clock (ms). */
  now: () => number;
  /** Per-request time limit (ms). */
  timeoutMs: number;
  /** Aborts every request of this client (engine stopping, configuration changed). */
  signal?: AbortSignal;
  /** Receives (desk time - server time) after every response that carried the server time within SKEW_SAMPLE_MAX_ROUND_TRIP_MS. */
  onClockSkew?: (skewMs: number) => void;
}

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'HEAD';
  path: string;
  json?: unknown;
  /** A body already serialized as JSON text. */
  rawJson?: string;
  bytes?: Uint8Array;
  schema: z.ZodType<T> | null;
  /** Statuses (besides 2xx) that are answers rather than errors, e.g. 404 for HEAD. */
  accept?: readonly number[];
  timeoutMs?: number;
  /** This desk's events still waiting once the request succeeds (WAITING_HEADER); undefined: not sent. */
  waiting?: number;
}

/**
 * The server address in one form (scheme, host, port, path without trailing
 * slash), or null when it is not an http(s) URL without credentials, query
 * or fragment.
 */
export function normalizeServerUrl(input: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') return null;
  if (u.hostname === '') return null;
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(SYNC_ERROR_CODES);

export class SyncClient {
  constructor(private readonly o: SyncClientOptions) {}

  enroll(req: EnrollRequest): Promise<z.infer<typeof EnrollResponse>> {
    return this.request({ method: 'POST', path: '/v1/enroll', json: req, schema: EnrollResponse }).then(
      (r) => r.body,
    );
  }

  /**
   * Sends an already-serialized push body (the engine sizes batches by their
   * bytes). `waiting`: this desk's events the server will still lack once the
   * push succeeds (outbox minus batch).
   */
  pushRaw(body: string, waiting?: number): Promise<z.infer<typeof PushResponse>> {
    return this.request({
      method: 'POST',
      path: '/v1/push',
      rawJson: body,
      schema: PushResponse,
      waiting,
    }).then((r) => r.body);
  }

  /** POST /v1/audit: this desk's audit chain rows and checkpoints (sync/audit.ts). */
  audit(req: AuditPushRequest): Promise<AuditPushResponse> {
    return this.request({ method: 'POST', path: '/v1/audit', json: req, schema: AuditPushResponse }).then(
      (r) => r.body,
    );
  }

  /** `waiting`: this desk's events not yet acknowledged by the server (its outbox). */
  pull(cursor: number, limit: number = SYNC_LIMITS.pullPage, waiting?: number): Promise<PullPageBody> {
    const q = new URLSearchParams({ cursor: String(cursor), limit: String(limit) });
    return this.request({
      method: 'GET',
      path: `/v1/pull?${q.toString()}`,
      schema: PullPageBody,
      waiting,
    }).then((r) => r.body);
  }

  /** The server's health route (no token, no database work): the cheap probe while offline. */
  health(): Promise<HealthResponse> {
    return this.request({ method: 'GET', path: '/health', schema: HealthResponse }).then((r) => r.body);
  }

  /** True when the server already holds the file (HEAD 200), false on 404. */
  async hasAttachment(sha256: string): Promise<boolean> {
    const r = await this.request({
      method: 'HEAD',
      path: `/v1/attachments/${sha256}`,
      schema: null,
      accept: [404],
    });
    return r.status >= 200 && r.status < 300;
  }

  putAttachment(sha256: string, bytes: Uint8Array): Promise<z.infer<typeof AttachmentResponse>> {
    return this.request({
      method: 'PUT',
      path: `/v1/attachments/${sha256}`,
      bytes,
      schema: AttachmentResponse,
      // A large file on a slow line: allow more time than for a batch of events.
      timeoutMs: Math.max(this.o.timeoutMs, 120_000),
    }).then((r) => r.body);
  }

  /**
   * The bytes of an attachment the caller's branch stored (GET, issue 12), or
   * null when head office has none for this branch (404). The caller checks
   * the hash; an answer larger than the attachment limit is refused.
   */
  async getAttachment(sha256: string): Promise<Uint8Array | null> {
    const headers: Record<string, string> = {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      accept: 'application/octet-stream',
    };
    if (this.o.token !== null) headers.authorization = `Bearer ${this.o.token}`;
    const timeout = AbortSignal.timeout(Math.max(this.o.timeoutMs, 120_000));
    const signal = this.o.signal ? AbortSignal.any([timeout, this.o.signal]) : timeout;
    const started = this.o.now();
    let answered = started;
    let res: Response;
    let bytes: Uint8Array;
    try {
      res = await fetch(`${this.o.baseUrl}/v1/attachments/${sha256}`, { headers, signal, redirect: 'error' });
      answered = this.o.now();
      if (res.status === 404) {
        await res.body?.cancel();
        this.readServerTime(res, started, answered);
        return null;
      }
      if (res.status < 200 || res.status > 299) {
        const text = await res.text();
        this.readServerTime(res, started, answered);
        throw this.httpError(res, text);
      }
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > SYNC_LIMITS.attachmentBytes) {
        await res.body?.cancel();
        throw new SyncRequestError('bad_response', `GET attachment: ${declared} bytes is over the limit`);
      }
      bytes = await readCapped(
        res,
        SYNC_LIMITS.attachmentBytes,
        'GET attachment: answer over the attachment limit',
      );
    } catch (e) {
      if (e instanceof SyncRequestError) throw e;
      throw this.transportError(e, signal, timeout);
    }
    this.readServerTime(res, started, answered);
    return bytes;
  }

  private async request<T>(spec: RequestSpec<T>): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      accept: 'application/json',
    };
    if (this.o.token !== null) headers.authorization = `Bearer ${this.o.token}`;
    if (spec.waiting !== undefined && Number.isSafeInteger(spec.waiting) && spec.waiting >= 0) {
      headers[WAITING_HEADER] = String(Math.min(spec.waiting, MAX_WAITING_REPORT));
    }
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (spec.bytes !== undefined) {
      const b = spec.bytes;
      body = b.buffer instanceof ArrayBuffer ? (b as Uint8Array<ArrayBuffer>) : new Uint8Array(b);
      headers['content-type'] = 'application/octet-stream';
    } else if (spec.rawJson !== undefined) {
      body = spec.rawJson;
      headers['content-type'] = 'application/json';
    } else if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] = 'application/json';
    }
    const timeout = AbortSignal.timeout(spec.timeoutMs ?? this.o.timeoutMs);
    const signal = this.o.signal ? AbortSignal.any([timeout, this.o.signal]) : timeout;
    const url = this.o.baseUrl + spec.path;
    const started = this.o.now();
    let answered = started;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method: spec.method, headers, body, signal, redirect: 'error' });
      answered = this.o.now();
      text =
        spec.method === 'HEAD'
          ? ''
          : UTF8.decode(
              await readCapped(
                res,
                SYNC_LIMITS.answerBytes,
                `${spec.method} ${pathOnly(spec.path)}: answer over ${SYNC_LIMITS.answerBytes} bytes`,
              ),
            );
    } catch (e) {
      if (e instanceof SyncRequestError) throw e;
      throw this.transportError(e, signal, timeout);
    }
    this.readServerTime(res, started, answered);
    if ((res.status < 200 || res.status > 299) && !(spec.accept ?? []).includes(res.status)) {
      throw this.httpError(res, text);
    }
    if (spec.schema === null) return { status: res.status, body: undefined as T };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SyncRequestError('bad_response', `${spec.method} ${pathOnly(spec.path)}: answer is not JSON`);
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SyncRequestError(
        'bad_response',
        `${spec.method} ${pathOnly(spec.path)}: unexpected answer (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`,
      );
    }
    return { status: res.status, body: parsed.data };
  }

  private readServerTime(res: Response, started: number, answered: number): void {
    const serverMs = serverTimeOf(res);
    if (serverMs === null) return;
    // The server read its clock somewhere between sending and its answer's headers: take the
    // midpoint, whose error is at most half the round trip. A slow answer (a file's upload, a
    // large page on a slow line) would be a poor measurement: it is not taken.
    if (answered - started > SKEW_SAMPLE_MAX_ROUND_TRIP_MS) return;
    this.o.onClockSkew?.(Math.round((started + answered) / 2 - serverMs));
  }

  private transportError(e: unknown, signal: AbortSignal, timeout: AbortSignal): SyncRequestError {
    if (signal.aborted) {
      return timeout.aborted
        ? new SyncRequestError('timeout', 'no answer within the time limit', null, null, { cause: e })
        : new SyncRequestError('aborted', 'request cancelled', null, null, { cause: e });
    }
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
    const detail =
      cause instanceof Error
        ? `${(cause as { code?: unknown }).code !== undefined ? `${String((cause as { code?: unknown }).code)}: ` : ''}${cause.message}`
        : String(cause);
    return new SyncRequestError('unreachable', `cannot reach the server (${detail})`, null, null, {
      cause: e,
    });
  }

  private httpError(res: Response, text: string): SyncRequestError {
    const status = res.status;
    let code: SyncErrorCode | null = null;
    let message = `HTTP ${status}`;
    let serverMessage: string | undefined;
    try {
      const parsed = ErrorBody.safeParse(JSON.parse(text));
      if (parsed.success) {
        if (KNOWN_CODES.has(parsed.data.error.code)) code = parsed.data.error.code as SyncErrorCode;
        serverMessage = parsed.data.error.message.slice(0, 300);
        message = `HTTP ${status} ${parsed.data.error.code}: ${serverMessage}`;
      }
    } catch {
      // Not JSON (a proxy's error page, another service): keep the status only.
    }
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), answerClock(res) ?? this.o.now());
    return new SyncRequestError('http', message, status, code, { serverMessage, retryAfterMs });
  }
}

function pathOnly(p: string): string {
  const i = p.indexOf('?');
  return i < 0 ? p : p.slice(0, i);
}

const UTF8 = new TextDecoder();

/**
 * The answer's body, read until `max` bytes and no further: a broken or
 * hostile server (or proxy) that streams without end, chunked with no
 * length, cannot fill the desk's memory. Past `max` the read is cancelled
 * and a `bad_response` thrown with `message`.
 */
async function readCapped(res: Response, max: number, message: string): Promise<Uint8Array> {
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new SyncRequestError('bad_response', message);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
