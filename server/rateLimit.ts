/**
 * A token bucket per key: `perSecond` tokens refill continuously up to
 * `burst`; each request takes one. The server keeps one limiter keyed by the
 * presented bearer token, and two keyed by the client's address (requests
 * without a valid token, and enrolments: docs/protocol.md §1).
 *
 * Memory is bounded: at most `maxKeys` buckets. When a new key would exceed
 * it, full buckets (callers that have been quiet long enough to be back at
 * `burst`, i.e. that would be created the same) are dropped first, then the
 * least recently used ones. So callers presenting many made-up tokens, or
 * many addresses, cannot grow the map without bound; the worst they can do
 * is make an evicted caller start again from a full bucket.
 */
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RateLimitOptions {
  perSecond: number;
  burst: number;
  /** Most keys tracked at once (default 10,000). */
  maxKeys?: number;
}

/** Per token. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 100 };

/** Per client address, for requests with no valid token (health, refusals, unknown tokens). */
export const DEFAULT_ANONYMOUS_LIMIT: RateLimitOptions = { perSecond: 10, burst: 60 };

/**
 * Per client address, for POST /v1/enroll: 30 at once, then one every 2 s.
 * A branch enrolling all its desks in one morning stays far below it.
 */
export const DEFAULT_ENROLMENT_LIMIT: RateLimitOptions = { perSecond: 0.5, burst: 30 };

export const DEFAULT_MAX_KEYS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSec: number };

export class RateLimiter {
  /** Insertion order is recency order: a key is moved to the end whenever it is used. */
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(opts.perSecond > 0) || !(opts.burst >= 1))
      throw new Error('rate limit needs perSecond > 0 and burst >= 1');
    this.maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) throw new Error('rate limit needs maxKeys >= 1');
  }

  /** How many keys are tracked now (tests: the bound holds). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token; when none is left, how many seconds until one is back. */
  take(key: string): TakeResult {
    const now = this.clock();
    const b = this.buckets.get(key);
    const tokens = b ? this.refilled(b, now) : this.opts.burst;
    if (b) this.buckets.delete(key);
    else if (this.buckets.size >= this.maxKeys) this.makeRoom(now);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - tokens) / this.opts.perSecond)) };
  }

  /** Whether a request now would be refused, without taking anything. */
  isExhausted(key: string): boolean {
    const b = this.buckets.get(key);
    return b !== undefined && this.refilled(b, this.clock()) < 1;
  }

  private refilled(b: Bucket, now: number): number {
    return Math.min(this.opts.burst, b.tokens + ((now - b.at) / 1000) * this.opts.perSecond);
  }

  private makeRoom(now: number): void {
    for (const [k, b] of this.buckets) {
      if (this.refilled(b, now) >= this.opts.burst) this.buckets.delete(k);
    }
    // Still full: drop the least recently used (the first in the map).
    while (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (oldest.done === true) break;
      this.buckets.delete(oldest.value);
    }
  }
}

/**
 * The rate-limit key of a client address: IPv4 as it is, IPv6 by its /64
 * prefix (one host usually holds a whole /64, so per-address keys would let
 * it rotate through 2^64 of them). IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
