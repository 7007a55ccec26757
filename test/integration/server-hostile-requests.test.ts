/**
 * Review findings on hostile requests (docs/security.md): a percent-encoded
 * path reaches the same route as the plain one and is gated like it, before
 * its body is read; an event whose `schema` no store column can hold is
 * rejected on its own, alike on SQLite and PostgreSQL; and the framework's
 * own refusals (bad URL, broken header or chunked body) answer in the
 * SyncError shape. SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERROR_CODE_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SERVER_TIME_HEADER,
  SYNC_LIMITS,
  SyncError,
} from '../../shared/contract/sync';
import { MAX_EVENT_SCHEMA, streamOf } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pullAll,
  push,
  request,
  type TestDevice,
} from './server-fixtures';

const SHA = 'a'.repeat(64);

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: unknown;
}

/**
 * Writes `head` (and `body`, if any) on a fresh socket and resolves with the
 * first answer, or rejects when none comes within `waitMs` — the body a
 * request announced is never sent unless given.
 */
function rawRequest(url: string, head: string, body?: Buffer, waitMs = 3000): Promise<RawAnswer> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), '127.0.0.1', () => {
      s.write(head);
      if (body) s.write(body);
    });
    let got = Buffer.alloc(0);
    const done = (r: RawAnswer | Error): void => {
      clearTimeout(timer);
      s.destroy();
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    const parse = (): RawAnswer | null => {
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const lines = got.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map<string, string>();
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
      }
      const length = Number(headers.get('content-length') ?? 0);
      const text = got.subarray(end + 4);
      if (text.length < length) return null;
      const json = text.subarray(0, length).toString('utf8');
      return {
        status: Number(lines[0]?.split(' ')[1]),
        headers,
        body: json ? (JSON.parse(json) as unknown) : null,
      };
    };
    const timer = setTimeout(
      () => done(new Error(`no answer within ${waitMs} ms (got ${JSON.stringify(got.toString('latin1'))})`)),
      waitMs,
    );
    s.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const r = parse();
      if (r) done(r);
    });
    s.on('error', () => undefined);
    s.on('close', () => done(parse() ?? new Error(`closed without an answer: ${got.toString('latin1')}`)));
  });
}

/** The SyncError shape of docs/protocol.md §1, as a raw answer carries it. */
function expectRawSyncError(r: RawAnswer, status: number, code: string): void {
  const shape = SyncError.safeParse(r.body);
  if (!shape.success) throw new Error(`not a SyncError body (${r.status}): ${JSON.stringify(r.body)}`);
  expect([r.status, shape.data.error.code]).toEqual([status, code]);
  expect(Number(r.headers.get(SERVER_TIME_HEADER))).toBe(shape.data.serverTime);
  expect(r.headers.get(ERROR_CODE_HEADER)).toBe(code);
  expect(shape.data.error.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Z]/);
}

const protocolLine = `${PROTOCOL_HEADER}: ${PROTOCOL_VERSION}\r\n`;

describe('hostile requests on sqlite', () => {
  let env: TestEnv;
  let server: SyncServer;

  beforeAll(async () => {
    env = await TestEnv.create('sqlite');
    server = await env.start();
  });

  afterAll(async () => {
    await env?.dispose();
  });

  describe('percent-encoded paths are gated like the route they reach', () => {
    const upload = (path: string, extra = ''): string =>
      `PUT ${path} HTTP/1.1\r\nHost: x\r\n${extra}Content-Type: application/octet-stream\r\n` +
      `Content-Length: ${SYNC_LIMITS.attachmentBytes}\r\n\r\n`;

    for (const path of [
      `/%761/attachments/${SHA}`,
      `/%76%31/attachments/${SHA}`,
      `/v1/%61ttachments/${SHA}`,
    ]) {
      it(`refuses PUT ${path} without a token before its 20 MiB body is read`, async () => {
        expectRawSyncError(await rawRequest(server.url, upload(path, protocolLine)), 401, 'unauthenticated');
        expectRawSyncError(await rawRequest(server.url, upload(path)), 400, 'protocol_unknown');
      });
    }

    it('refuses encoded pull and admin paths without a token, and serves them with one', async () => {
      for (const p of ['/%761/pull?cursor=0', '/%761/admin/branches', `/%761/attachments/${SHA}`]) {
        expectSyncError(await request(server, 'GET', p, { token: null }), 401, 'unauthenticated');
        expectSyncError(
          await request(server, 'GET', p, { token: null, protocol: null }),
          400,
          'protocol_unknown',
        );
      }
      const dev = await enrollDevice(server, 'GZ');
      const res = await request(server, 'GET', '/%761/pull?cursor=0', { token: dev.token });
      expect(res.status).toBe(200);
      expectSyncError(
        await request(server, 'GET', '/%761/admin/branches', { token: dev.token }),
        403,
        'forbidden',
      );
    });
  });

  describe("the framework's own refusals answer in the SyncError shape", () => {
    it('answers a path that is not valid percent-encoding with 400 invalid_request', async () => {
      for (const p of ['/v1/%zz', '/v1/pull%ff%fe', '/%zz']) {
        const res = await request(server, 'GET', p, { token: null });
        expectSyncError(res, 400, 'invalid_request');
        expect(res.headers.get(ERROR_CODE_HEADER)).toBe('invalid_request');
      }
    });

    it('answers a malformed header or chunked body with 400 invalid_request, and stays up', async () => {
      expectRawSyncError(
        await rawRequest(server.url, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Bad\x01: y\r\n\r\n'),
        400,
        'invalid_request',
      );
      expectRawSyncError(
        await rawRequest(
          server.url,
          `POST /v1/enroll HTTP/1.1\r\nHost: x\r\n${protocolLine}Content-Type: application/json\r\n` +
            'Transfer-Encoding: chunked\r\n\r\nzz\r\n',
        ),
        400,
        'invalid_request',
      );
      expect((await request(server, 'GET', '/health')).status).toBe(200);
    });
  });
});

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`event schema numbers on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let dev: TestDevice;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
      dev = await enrollDevice(server, 'GZ');
    });

    afterAll(async () => {
      await env?.dispose();
    });

    const future = (schema: number) =>
      makeEvent(dev, { stream: streamOf('case', newId()), type: 'case.future_thing', schema, payload: {} });

    it('rejects an event whose schema is out of range on its own and stores the rest of the batch', async () => {
      const good = caseOpened(dev);
      const newest = future(MAX_EVENT_SCHEMA);
      for (const schema of [3_000_000_000, 2 ** 31, MAX_EVENT_SCHEMA + 1]) {
        const odd = future(schema);
        const res = await push(server, dev, [good, odd, newest]);
        expect(res.status, res.text).toBe(200);
        expect(res.body.acks.map((a) => a.id)).toEqual([good.id, odd.id, newest.id]);
        expect(res.body.acks[1]).toMatchObject({ status: 'rejected' });
        expect(res.body.acks[1]?.reason).toMatch(/^invalid_envelope: schema: /);
        expect(res.body.acks[0]?.status).toMatch(/^(accepted|duplicate)$/);
        expect(res.body.acks[2]?.status).toMatch(/^(accepted|duplicate)$/);
      }
      const { events } = await pullAll(server, dev, 0);
      expect(events.map((e) => e.id)).toEqual([good.id, newest.id]);
      expect(events[1]?.schema).toBe(MAX_EVENT_SCHEMA);
    });
  });
}
