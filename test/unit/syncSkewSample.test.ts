/**
 * The clock skew is measured only from answers that came quickly (their
 * headers within SKEW_SAMPLE_MAX_ROUND_TRIP_MS): the midpoint of a slow one
 * (a file's upload, a large page on a slow line) may be off by half its round
 * trip, and a review saw a 20 s upload set the skew to 10 s, stamping every
 * new record 10 s ahead of real time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_TIME_HEADER } from '../../shared/contract/sync';
import { SKEW_SAMPLE_MAX_ROUND_TRIP_MS, SyncClient } from '../../electron/desk/sync/client';

const SERVER_MS = 1_800_000_000_000;
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', [SERVER_TIME_HEADER]: String(SERVER_MS) });
    res.end(JSON.stringify({ ok: true, engine: 'sqlite', protocol: 1 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/** The skews a client reports when the desk's clock moves `stepMs` between its readings. */
async function skewsWith(stepMs: number): Promise<number[]> {
  let t = SERVER_MS - stepMs / 2; // the desk's clock agrees with head office's at the midpoint
  const skews: number[] = [];
  const client = new SyncClient({
    baseUrl: base,
    token: 't',
    now: () => {
      const v = t;
      t += stepMs;
      return v;
    },
    timeoutMs: 5_000,
    onClockSkew: (ms) => skews.push(ms),
  });
  await client.health();
  return skews;
}

describe('measuring the clock skew', () => {
  it('takes a quick answer, its midpoint against head office’s time', async () => {
    expect(await skewsWith(200)).toEqual([0]);
  });

  it('does not take an answer slower than the bound', async () => {
    expect(await skewsWith(SKEW_SAMPLE_MAX_ROUND_TRIP_MS + 1_000)).toEqual([]);
  });
});
