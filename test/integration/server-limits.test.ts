/**
 * Issue 8 item 6: enrolment and requests without a valid token are
 * rate-limited per client address, with bounded memory; and attachments are
 * scoped to their branch, swept when no event of the branch refers to them
 * within the grace period, and capped per branch. SQLite always, PostgreSQL
 * when LOOPDESK_TEST_PG_URL is set.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentResponse, EnrollResponse } from '../../shared/contract/sync';
import { streamOf } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import { addressKey, RateLimiter } from '../../server/rateLimit';
import {
  TestEnv,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pull,
  pushOk,
  request,
  type TestDevice,
} from './server-fixtures';

const HOUR = 60 * 60 * 1000;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('rate limiter memory', () => {
  it('never tracks more keys than its cap, whatever the callers present', () => {
    let t = 0;
    const l = new RateLimiter({ perSecond: 1, burst: 2, maxKeys: 100 }, () => t);
    for (let i = 0; i < 10_000; i++) {
      l.take(`addr-${i}`);
      l.take(`addr-${i}`); // none of them is back at a full bucket
      expect(l.size).toBeLessThanOrEqual(100);
      t += 0.001;
    }
    // The most recent callers are still limited.
    expect(l.take('addr-9999').ok).toBe(false);
    expect(l.isExhausted('addr-9999')).toBe(true);
  });

  it('keys IPv6 callers by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('10.1.2.3')).toBe('10.1.2.3');
  });
});

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `per-address limits and attachments on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start({ attachments: { graceMs: 24 * HOUR, branchQuotaBytes: 1000 } });
      });

      afterAll(async () => {
        await env?.dispose();
      });

      // -------------------------------------------------------------- rate limits

      describe('per client address', () => {
        it('refuses enrolments from one address over its budget with 429 and Retry-After, storing nothing', async () => {
          const limited = await env.start({
            addressRateLimit: {
              enrolment: { perSecond: 0.1, burst: 5 },
              anonymous: { perSecond: 1000, burst: 1000 },
            },
          });
          try {
            const results: number[] = [];
            for (let i = 0; i < 5; i++) {
              // Made-up codes: each costs the address like a real one.
              const res = await request(limited, 'POST', '/v1/enroll', {
                json: { code: 'ABCD-EFGH-JKMN-PQRS', deviceId: newId(), branchCode: 'RLE', deviceCode: '01' },
              });
              results.push(res.status);
            }
            expect(results).toEqual([401, 401, 401, 401, 401]);
            const code = await limited.createEnrollmentCode('RLE');
            const before = await env.snapshot();
            const refused = await request(limited, 'POST', '/v1/enroll', {
              json: { code, deviceId: newId(), branchCode: 'RLE', deviceCode: '01' },
              // A token does not buy an enrolment out of its budget.
              token: 'made-up-token',
            });
            expectSyncError(refused, 429, 'rate_limited');
            expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
            expect(await env.snapshot()).toEqual(before);
            // Enrolled desks are not held up by it.
            const dev = await enrollDevice(server, 'RLE', { deviceCode: '02' });
            expect((await pull(limited, dev, 0)).status).toBe(200);
          } finally {
            await limited.close();
          }
        });

        it('refuses a burst of requests without a valid token after the limit, and not a desk with one', async () => {
          const limited = await env.start({
            addressRateLimit: {
              anonymous: { perSecond: 0.5, burst: 20 },
              enrolment: { perSecond: 1000, burst: 1000 },
            },
          });
          try {
            const dev = await enrollDevice(limited, 'RLF', { deviceCode: '01' });
            const results = await Promise.all(
              Array.from({ length: 60 }, (_, i) =>
                i % 2 === 0
                  ? request(limited, 'GET', '/health')
                  : request(limited, 'GET', '/v1/pull?cursor=0', { token: `made-up-${i}` }),
              ),
            );
            const refused = results.filter((r) => r.status === 429);
            // 20 at most get through (enrolling the desk above took one more).
            expect(results.length - refused.length).toBeLessThanOrEqual(20);
            expect(refused.length).toBeGreaterThanOrEqual(40);
            for (const r of refused) {
              expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
              expectSyncError(r, 429, 'rate_limited');
            }
            expect((await pull(limited, dev, 0)).status).toBe(200);
          } finally {
            await limited.close();
          }
        });

        it('limits enrolment by default (burst 30 per address)', async () => {
          const limited = await env.start({ addressRateLimit: undefined });
          try {
            const statuses: number[] = [];
            for (let i = 0; i < 35; i++) {
              const res = await request<EnrollResponse>(limited, 'POST', '/v1/enroll', {
                json: { code: 'ABCD-EFGH-JKMN-PQRS', deviceId: newId(), branchCode: 'RLG', deviceCode: '01' },
              });
              statuses.push(res.status);
            }
            expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
            // One more may have refilled meanwhile (one every 2 s).
            expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
          } finally {
            await limited.close();
          }
        });
      });

      // -------------------------------------------------------------- attachments

      describe('attachments', () => {
        let a1: TestDevice;
        let a2: TestDevice;
        let b1: TestDevice;
        beforeAll(async () => {
          a1 = await enrollDevice(server, 'ATA', { deviceCode: '01' });
          a2 = await enrollDevice(server, 'ATA', { deviceCode: '02' });
          b1 = await enrollDevice(server, 'ATB', { deviceCode: '01' });
        });
        const put = (dev: TestDevice, bytes: Uint8Array<ArrayBuffer>, s = sha(bytes)) =>
          request<AttachmentResponse>(server, 'PUT', `/v1/attachments/${s}`, {
            token: dev.token,
            raw: bytes,
            contentType: 'application/octet-stream',
          });
        const head = async (dev: TestDevice, s: string) =>
          (await request(server, 'HEAD', `/v1/attachments/${s}`, { token: dev.token })).status;
        const referTo = (dev: TestDevice, s: string) =>
          makeEvent(dev, {
            stream: streamOf('case', newId()),
            type: 'case.evidence_added',
            schema: 2,
            payload: { files: [{ name: '现场照片.jpg', mime: 'image/jpeg', sha256: s }] },
          });

        it('shows another branch nothing of an attachment, even knowing its sha256', async () => {
          const bytes = bytesOf('A 网点的凭证 1');
          const h = sha(bytes);
          expect((await put(a1, bytes)).body).toMatchObject({ created: true });
          expect(await head(a1, h)).toBe(200);
          expect(await head(a2, h)).toBe(200); // the same branch
          expect(await head(b1, h)).toBe(404);
          // B must send the bytes to have them, and learns nothing from the answer.
          expectSyncError(await put(b1, bytesOf('猜的内容'), h), 400, 'hash_mismatch');
          expect(await head(b1, h)).toBe(404);
          expect((await put(b1, bytes)).body).toMatchObject({ created: true });
          expect(await head(b1, h)).toBe(200);
          // Stored once.
          expect(await env.count('attachments', 'sha256 = $1', [h])).toBe(1);
          expect(await env.count('attachment_owners', 'sha256 = $1', [h])).toBe(2);
          expect((await put(a2, bytes)).body).toMatchObject({ created: false });
        });

        it('sweeps an upload no event of its branch refers to within the grace period', async () => {
          const kept = bytesOf('被引用的凭证');
          const orphan = bytesOf('没有记录引用的上传');
          const elsewhere = bytesOf('只被另一网点引用');
          for (const b of [kept, orphan, elsewhere]) expect((await put(a1, b)).status).toBe(200);
          // An event of the branch refers to `kept`; only branch B refers to `elsewhere`.
          const acks = await pushOk(server, a2, [referTo(a2, sha(kept)), caseOpened(a2)]);
          expect(acks.map((x) => x.status)).toEqual(['accepted', 'accepted']);
          expect((await pushOk(server, b1, [referTo(b1, sha(elsewhere))]))[0]?.status).toBe('accepted');
          // Within the grace period nothing goes.
          env.clock.advance(23 * HOUR);
          expect((await server.sweepAttachments()).dropped).toBe(0);
          env.clock.advance(2 * HOUR);
          const swept = await server.sweepAttachments();
          expect(swept.dropped).toBeGreaterThanOrEqual(2);
          expect(await head(a1, sha(kept))).toBe(200);
          expect(await head(a1, sha(orphan))).toBe(404);
          expect(await head(a1, sha(elsewhere))).toBe(404);
          expect(await env.count('attachments', 'sha256 = $1', [sha(orphan)])).toBe(0);
          expect(await env.count('attachments', 'sha256 = $1', [sha(kept)])).toBe(1);
          // The first test's file: B refers to nothing either, so it went for both branches.
          expect(await env.count('attachments', 'sha256 = $1', [sha(bytesOf('A 网点的凭证 1'))])).toBe(0);
        });

        it('refuses an upload over the branch’s quota with 507 attachment_quota, storing nothing', async () => {
          const c1 = await enrollDevice(server, 'ATC', { deviceCode: '01' });
          const fits = new Uint8Array(900).fill(3);
          expect((await put(c1, fits)).status).toBe(200);
          const before = await env.snapshot();
          const over = new Uint8Array(101).fill(4);
          const res = await put(c1, over);
          expect(expectSyncError(res, 507, 'attachment_quota').error.message).toContain('ATC');
          expect(await env.snapshot()).toEqual(before);
          // Another branch has its own quota.
          const d1 = await enrollDevice(server, 'ATD', { deviceCode: '01' });
          expect((await put(d1, over)).status).toBe(200);
          // The branch's own copy again is not counted twice.
          expect((await put(c1, fits)).body).toMatchObject({ created: false });
        });
      });
    },
  );
}
