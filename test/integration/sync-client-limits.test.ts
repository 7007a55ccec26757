/**
 * The desk's sync client reads a server's answer only up to its bound
 * (SYNC_LIMITS.answerBytes for JSON, attachmentBytes for a file): a broken or
 * hostile server, or a proxy, that streams without end and without a length
 * cannot fill the desk's memory. It stops reading and reports a bad answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_LIMITS } from '../../shared/contract/sync';
import { SyncClient, SyncRequestError } from '../../electron/desk/sync/client';

const MB = 1024 * 1024;
let server: http.Server;
let url = '';
/** MiB written to each route's last answer before the client stopped reading. */
const sent: Record<string, number> = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const key = req.url?.startsWith('/v1/pull') ? 'pull' : 'attachment';
    sent[key] = 0;
    // No content-length: chunked, 200 MiB of spaces (valid JSON whitespace, never ending soon).
    res.writeHead(200, { 'content-type': key === 'pull' ? 'application/json' : 'application/octet-stream' });
    const chunk = Buffer.alloc(MB, 0x20);
    let left = 200;
    const pump = (): void => {
      while (left > 0) {
        left--;
        sent[key] = (sent[key] ?? 0) + 1;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    res.on('close', () => {
      left = 0;
    });
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new SyncClient({ baseUrl: url, token: 't', now: () => Date.now(), timeoutMs: 60_000 });

describe('the sync client reads a bounded answer', () => {
  it('stops reading an attachment past the attachment limit', async () => {
    const got = client().getAttachment('a'.repeat(64));
    await expect(got).rejects.toThrow(SyncRequestError);
    await expect(got).rejects.toThrow(/over the attachment limit/);
    expect(sent.attachment).toBeLessThanOrEqual(SYNC_LIMITS.attachmentBytes / MB + 8);
  }, 60_000);

  it('stops reading a pull answer past the answer limit', async () => {
    const got = client().pull(0);
    await expect(got).rejects.toThrow(/answer over/);
    expect(sent.pull).toBeLessThanOrEqual(SYNC_LIMITS.answerBytes / MB + 8);
  }, 60_000);
});
