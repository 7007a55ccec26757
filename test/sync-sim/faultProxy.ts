/**
 * A seeded fault-injecting HTTP proxy on 127.0.0.1 between desks and the sync
 * server (issue 3, "Tests").
 *
 * Every desk gets its own lane (its own listening port and its own random
 * stream derived from the seed), so the faults a desk meets depend only on the
 * seed and on that desk's own sequence of requests, not on how the requests of
 * several desks happen to interleave. Per request a lane in `faults` mode may
 *
 * - drop the request: close the socket, or answer 502 with an HTML page as a
 *   broken gateway would, without forwarding anything;
 * - drop the response: forward, let the server do the work, then close the
 *   socket before the desk hears the answer (the lost ack);
 * - duplicate the request: forward it twice (the second a little later) and
 *   answer with one of the two answers;
 * - delay it (a few ms up to about 200 ms);
 * - reorder it: hold it until the next request (of any lane) has been answered
 *   by the server, so it reaches the server after a later one (bounded wait).
 *
 * Lanes can also be `pass` (forward everything) or `down` (the line is cut:
 * every connection is closed at once). Everything is bounded: delays, holds,
 * the upstream time limit, and `maxFaults` (after that many faults the proxy
 * passes everything through). `close()` ends every connection and timer.
 *
 * The seed is part of `describe()`, which failure messages include, so a run
 * can be replayed.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Random } from './random';

export type LaneMode = 'faults' | 'pass' | 'down';

export interface FaultRates {
  /** Not forwarded: socket closed or 502. */
  dropRequest: number;
  /** Forwarded, answer thrown away (socket closed). */
  dropResponse: number;
  /** Forwarded twice. */
  duplicate: number;
  /** Held for a bounded random time first. */
  delay: number;
  /** Held until the next request has passed. */
  reorder: number;
}

export const DEFAULT_RATES: FaultRates = {
  dropRequest: 0.08,
  dropResponse: 0.08,
  duplicate: 0.1,
  delay: 0.3,
  reorder: 0.1,
};

export interface FaultProxyOptions {
  seed: number;
  /** The server's base URL (can be changed later with setTarget, e.g. after a restart). */
  target?: string;
  rates?: Partial<FaultRates>;
  /** Mode of lanes without their own. Default 'faults'. */
  mode?: LaneMode;
  /** Bounds of an injected delay, ms. Default [3, 200]. */
  delayMs?: [number, number];
  /** Longest a reordered request waits for the next one, ms. Default 250. */
  reorderHoldMs?: number;
  /** Bounds of the gap before a duplicate is sent, ms. Default [0, 120]. */
  duplicateGapMs?: [number, number];
  /** After this many injected faults everything passes. Default 10 000. */
  maxFaults?: number;
  /** Time limit of one forwarded request, ms. Default 10 000. */
  upstreamTimeoutMs?: number;
  /**
   * Requests never duplicated. Default: enrolment. Repeating an enrolment
   * rotates the device token (docs/protocol.md §2.5), so a duplicated enrol
   * answered with the first answer leaves the desk holding a replaced token.
   */
  noDuplicate?: (method: string, path: string) => boolean;
  /** Requests that may meet faults at all (called once per request). Default: every request. */
  faultsOn?: (method: string, path: string) => boolean;
}

export interface ProxyCounters {
  requests: number;
  /** Requests (duplicates included) sent to the server. */
  forwarded: number;
  /** Answered with the server's answer, untouched. */
  answered: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
  delayed: number;
  reordered: number;
  /** The server could not be reached (down, restarting): answered 502 or closed. */
  upstreamErrors: number;
  /** Connections closed because the lane was down. */
  refused: number;
}

export interface Exchange {
  n: number;
  lane: string;
  method: string;
  path: string;
  faults: string[];
  /** The status the server answered (null: never forwarded or no answer). */
  status: number | null;
}

interface Lane {
  name: string;
  rng: Random;
  mode: LaneMode | null;
  server: http.Server;
  url: string;
  requests: number;
}

interface Decision {
  dropRequest: null | 'close' | '502';
  dropResponse: boolean;
  duplicate: null | { gapMs: number; answerSecond: boolean };
  delayMs: number;
  reorder: boolean;
}

interface UpstreamAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

const NO_FAULT: Decision = {
  dropRequest: null,
  dropResponse: false,
  duplicate: null,
  delayMs: 0,
  reorder: false,
};

/** Largest request body the proxy reads (attachments are at most 20 MiB). */
const MAX_BODY = 24 * 1024 * 1024;

export class FaultProxy {
  readonly seed: number;
  readonly counters: ProxyCounters = {
    requests: 0,
    forwarded: 0,
    answered: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    duplicated: 0,
    delayed: 0,
    reordered: 0,
    upstreamErrors: 0,
    refused: 0,
  };
  /** Mode of every lane that has none of its own. */
  mode: LaneMode;
  rates: FaultRates;

  private target: string;
  private readonly o: Required<Omit<FaultProxyOptions, 'target' | 'rates' | 'mode' | 'seed'>>;
  private readonly lanes = new Map<string, Lane>();
  private readonly sockets = new Set<Socket>();
  private readonly upstream = new Set<http.ClientRequest>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly pending = new Set<Promise<unknown>>();
  private held: (() => void)[] = [];
  private readonly agent = new http.Agent({ keepAlive: false });
  private faults = 0;
  private closed = false;
  /** Forwarded requests per path (query left out). */
  private readonly forwardedPaths = new Map<string, number>();
  private exchangeNo = 0;
  /** The most recent exchanges (bounded), for failure messages. */
  readonly recent: Exchange[] = [];

  constructor(opts: FaultProxyOptions) {
    this.seed = opts.seed;
    this.target = opts.target ?? '';
    this.mode = opts.mode ?? 'faults';
    this.rates = { ...DEFAULT_RATES, ...(opts.rates ?? {}) };
    this.o = {
      delayMs: opts.delayMs ?? [3, 200],
      reorderHoldMs: opts.reorderHoldMs ?? 250,
      duplicateGapMs: opts.duplicateGapMs ?? [0, 120],
      maxFaults: opts.maxFaults ?? 10_000,
      upstreamTimeoutMs: opts.upstreamTimeoutMs ?? 10_000,
      // Every route may be duplicated, enrolment included (see enroll-duplicate.test.ts).
      noDuplicate: opts.noDuplicate ?? (() => false),
      faultsOn: opts.faultsOn ?? (() => true),
    };
  }

  setTarget(url: string): void {
    this.target = url.replace(/\/+$/, '');
  }

  /** Opens (or returns) the lane `name`: its own port on 127.0.0.1 and its own random stream. */
  async lane(name: string): Promise<string> {
    if (this.closed) throw new Error('fault proxy is closed');
    const existing = this.lanes.get(name);
    if (existing) return existing.url;
    const server = http.createServer((req, res) => {
      const lane = this.lanes.get(name);
      if (!lane) {
        req.socket.destroy();
        return;
      }
      const p = this.handle(lane, req, res).catch(() => {
        res.socket?.destroy();
      });
      this.track(p);
    });
    server.keepAliveTimeout = 2_000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.lanes.set(name, {
      name,
      rng: Random.derive(this.seed, name),
      mode: null,
      server,
      url,
      requests: 0,
    });
    return url;
  }

  /** Sets one lane's mode (null: follow the proxy's mode). */
  setLaneMode(name: string, mode: LaneMode | null): void {
    const lane = this.lanes.get(name);
    if (!lane) throw new Error(`no lane ${name}`);
    lane.mode = mode;
    if (mode === 'down') this.cutLane(lane);
  }

  laneMode(name: string): LaneMode {
    return this.lanes.get(name)?.mode ?? this.mode;
  }

  /** Requests received on a lane so far. */
  requestsOn(name: string): number {
    return this.lanes.get(name)?.requests ?? 0;
  }

  /** How many requests for `path` (without query) reached the server, duplicates included. */
  forwardedTo(path: string): number {
    return this.forwardedPaths.get(path) ?? 0;
  }

  /** Faults injected so far (all kinds). */
  get faultCount(): number {
    return this.faults;
  }

  /** One line for failure messages: the seed (to replay), the counters, the last exchanges. */
  describe(lastN = 15): string {
    const tail = this.recent
      .slice(-lastN)
      .map(
        (x) =>
          `  #${x.n} ${x.lane} ${x.method} ${x.path} -> ${x.status ?? '-'}${x.faults.length ? ` [${x.faults.join(',')}]` : ''}`,
      )
      .join('\n');
    return `fault proxy seed=${this.seed} counters=${JSON.stringify(this.counters)}\n${tail}`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const release of this.held.splice(0)) release();
    for (const r of this.upstream) r.destroy();
    for (const s of this.sockets) s.destroy();
    await Promise.all(
      [...this.lanes.values()].map(
        (l) =>
          new Promise<void>((resolve) => {
            l.server.closeAllConnections();
            l.server.close(() => resolve());
          }),
      ),
    );
    // Handlers wake up (timers cleared, sockets gone) and finish at once; never wait long.
    await Promise.race([Promise.allSettled([...this.pending]), this.sleepUntracked(2_000)]);
    this.agent.destroy();
  }

  // ------------------------------------------------------------------ internals

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private sleepUntracked(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }

  /** Bounded sleep that close() cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve();
        return;
      }
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private cutLane(lane: Lane): void {
    lane.server.closeAllConnections();
  }

  /** Draws the same number of values for every request, so a lane's stream stays aligned with its requests. */
  private decide(lane: Lane, method: string, path: string): Decision {
    const r = Array.from({ length: 8 }, () => lane.rng.next());
    const mode = lane.mode ?? this.mode;
    if (mode !== 'faults' || this.faults >= this.o.maxFaults || !this.o.faultsOn(method, path))
      return NO_FAULT;
    const at = (i: number) => r[i] ?? 0;
    const rates = this.rates;
    const d: Decision = { ...NO_FAULT };
    if (at(0) < rates.dropRequest) {
      d.dropRequest = at(7) < 0.5 ? 'close' : '502';
      return d;
    }
    d.dropResponse = at(1) < rates.dropResponse;
    if (at(2) < rates.duplicate && !this.o.noDuplicate(method, path)) {
      const [lo, hi] = this.o.duplicateGapMs;
      d.duplicate = { gapMs: Math.round(lo + at(6) * (hi - lo)), answerSecond: at(7) < 0.5 };
    }
    if (at(3) < rates.delay) {
      const [lo, hi] = this.o.delayMs;
      d.delayMs = Math.round(lo + at(5) * (hi - lo));
    }
    d.reorder = at(4) < rates.reorder;
    return d;
  }

  private async readBody(req: http.IncomingMessage): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_BODY) return null;
      chunks.push(c);
    }
    return Buffer.concat(chunks);
  }

  private note(x: Exchange): void {
    this.recent.push(x);
    if (this.recent.length > 200) this.recent.splice(0, this.recent.length - 200);
  }

  private async handle(lane: Lane, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    lane.requests++;
    this.counters.requests++;
    const x: Exchange = { n: ++this.exchangeNo, lane: lane.name, method, path, faults: [], status: null };
    this.note(x);
    const mode = lane.mode ?? this.mode;
    if (this.closed || mode === 'down') {
      this.counters.refused++;
      x.faults.push('down');
      req.socket.destroy();
      return;
    }
    const body = await this.readBody(req);
    if (body === null) {
      req.socket.destroy();
      return;
    }
    const d = this.decide(lane, method, path);

    if (d.dropRequest) {
      this.faults++;
      this.counters.droppedRequests++;
      x.faults.push(`drop-request:${d.dropRequest}`);
      if (d.dropRequest === '502') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>502 Bad Gateway</h1>');
      } else {
        req.socket.destroy();
      }
      return;
    }
    if (d.delayMs > 0) {
      this.faults++;
      this.counters.delayed++;
      x.faults.push(`delay:${d.delayMs}ms`);
      await this.sleep(d.delayMs);
    }
    if (d.reorder) {
      this.faults++;
      this.counters.reordered++;
      x.faults.push('reorder');
      await this.holdUntilNextPasses();
    }
    if (this.closed || (lane.mode ?? this.mode) === 'down') {
      req.socket.destroy();
      return;
    }

    const first = this.forward(method, path, req.headers, body);
    // Requests held back for reordering go once this one has been through the server.
    void first.then(
      () => this.releaseHeld(),
      () => this.releaseHeld(),
    );
    let chosen = first;
    if (d.duplicate) {
      this.faults++;
      this.counters.duplicated++;
      x.faults.push(`duplicate:+${d.duplicate.gapMs}ms${d.duplicate.answerSecond ? ':answer-2nd' : ''}`);
      const gap = d.duplicate.gapMs;
      const second = this.sleep(gap).then(() =>
        this.closed ? Promise.reject(new Error('closed')) : this.forward(method, path, req.headers, body),
      );
      second.catch(() => {});
      first.catch(() => {});
      if (d.duplicate.answerSecond) chosen = second;
      this.track(second.catch(() => undefined));
    }

    let answer: UpstreamAnswer;
    try {
      answer = await chosen;
    } catch {
      this.counters.upstreamErrors++;
      x.faults.push('upstream-error');
      if (!res.headersSent && !this.closed) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway: the server is not reachable');
      } else {
        req.socket.destroy();
      }
      return;
    }
    x.status = answer.status;
    if (d.dropResponse) {
      this.faults++;
      this.counters.droppedResponses++;
      x.faults.push('drop-response');
      req.socket.destroy();
      return;
    }
    if (this.closed) {
      req.socket.destroy();
      return;
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(answer.headers)) {
      if (!HOP_BY_HOP.has(k.toLowerCase()) && v !== undefined) headers[k] = v;
    }
    headers['content-length'] = String(answer.body.length);
    this.counters.answered++;
    res.writeHead(answer.status, headers);
    res.end(method === 'HEAD' ? undefined : answer.body);
  }

  /** Waits until the next request has been answered by the server, at most reorderHoldMs. */
  private holdUntilNextPasses(): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const release = () => {
        if (done) return;
        done = true;
        clearTimeout(t);
        this.timers.delete(t);
        resolve();
      };
      const t = setTimeout(() => {
        this.held = this.held.filter((h) => h !== release);
        release();
      }, this.o.reorderHoldMs);
      this.timers.add(t);
      this.held.push(release);
      if (this.closed) release();
    });
  }

  private releaseHeld(): void {
    for (const release of this.held.splice(0)) release();
  }

  private forward(
    method: string,
    path: string,
    inHeaders: http.IncomingHttpHeaders,
    body: Buffer,
  ): Promise<UpstreamAnswer> {
    if (this.target === '') return Promise.reject(new Error('no target'));
    const url = new URL(path, `${this.target}/`);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(inHeaders)) {
      if (!HOP_BY_HOP.has(k.toLowerCase()) && v !== undefined) headers[k] = v;
    }
    if (body.length > 0 || method === 'POST' || method === 'PUT') headers['content-length'] = body.length;
    this.counters.forwarded++;
    const bare = path.split('?')[0] ?? path;
    this.forwardedPaths.set(bare, (this.forwardedPaths.get(bare) ?? 0) + 1);
    const p = new Promise<UpstreamAnswer>((resolve, reject) => {
      const up = http.request(url, { method, headers, agent: this.agent }, (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          this.upstream.delete(up);
          resolve({ status: upRes.statusCode ?? 502, headers: upRes.headers, body: Buffer.concat(chunks) });
        });
        upRes.on('error', (e) => {
          this.upstream.delete(up);
          reject(e);
        });
      });
      this.upstream.add(up);
      up.setTimeout(this.o.upstreamTimeoutMs, () => up.destroy(new Error('upstream timeout')));
      up.on('error', (e) => {
        this.upstream.delete(up);
        reject(e);
      });
      up.end(body);
    });
    this.track(p.catch(() => undefined));
    return p;
  }
}
