/**
 * What an answer from head office (or a gateway in front of it) says of time:
 * head office's clock (the skew is measured from it, ./clockOffset.ts), and
 * when to come back (Retry-After, measured against the answer's own clock).
 */
import { SERVER_TIME_HEADER } from '../../../shared/contract/sync';

/** The longest wait a server's Retry-After can impose: a wrong header must not silence sync for days. */
export const RETRY_AFTER_MAX_MS = 3_600_000;

/** Head office's time as its answer states it (ms), or null. */
export function serverTimeOf(res: Response): number | null {
  const raw = res.headers.get(SERVER_TIME_HEADER);
  const ms = raw === null ? NaN : Number(raw);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/**
 * The time an answer was sent, by the clock of whoever sent it: head office's
 * own header, else HTTP's Date (a gateway's). A Retry-After written as a date
 * is measured against it, not against this desk's clock, which may be minutes
 * off. Null when the answer says neither.
 */
export function answerClock(res: Response): number | null {
  const own = serverTimeOf(res);
  if (own !== null) return own;
  const date = Date.parse(res.headers.get('date') ?? '');
  return Number.isFinite(date) ? date : null;
}

/**
 * A Retry-After header (RFC 9110 §10.2.3: delay seconds or an HTTP date) as
 * milliseconds from `nowMs`, at most RETRY_AFTER_MAX_MS; null when absent or
 * unreadable, so the desk's own backoff decides.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  let ms: number;
  if (/^\d{1,10}$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (!Number.isFinite(at) || !/[a-z]/i.test(v)) return null;
    ms = at - nowMs;
  }
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, ms));
}
