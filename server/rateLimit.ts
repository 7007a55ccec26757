/**
 * A token bucket per key (the caller's bearer token): `perSecond` tokens
 * refill continuously up to `burst`; each request takes one. The map of
 * buckets is pruned of full buckets when it grows, so callers presenting many
 * made-up tokens cannot grow it without bound.
 */
import { performance } from 'node:perf_hooks';

export interface RateLimitOptions {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 50, burst: 100 };
const PRUNE_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly clock: () => number = () => performance.now(),
  ) {
    if (!(opts.perSecond > 0) || !(opts.burst >= 1))
      throw new Error('rate limit needs perSecond > 0 and burst >= 1');
  }

  /** Takes one token; when none is left, how many seconds until one is back. */
  take(key: string): { ok: true } | { ok: false; retryAfterSec: number } {
    const now = this.clock();
    const b = this.buckets.get(key);
    const tokens = b
      ? Math.min(this.opts.burst, b.tokens + ((now - b.at) / 1000) * this.opts.perSecond)
      : this.opts.burst;
    if (tokens >= 1) {
      if (!b && this.buckets.size >= PRUNE_AT) this.prune(now);
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - tokens) / this.opts.perSecond)) };
  }

  private prune(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.opts.perSecond >= this.opts.burst) this.buckets.delete(k);
    }
  }
}
