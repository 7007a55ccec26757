/**
 * The sync server's HTTP API (docs/protocol.md), the same suite on the
 * embedded SQLite store and on PostgreSQL (when LOOPDESK_TEST_PG_URL is set):
 * health, enrolment, push acks, pull paging and scoping, tokens, protocol
 * versions, bad input, rate limiting, attachments — and that a refused
 * request stores nothing.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HealthResponse,
  PROTOCOL_VERSION,
  PullResponse,
  PushResponse,
  SERVER_TIME_HEADER,
  SYNC_LIMITS,
  type AttachmentResponse,
  type EnrollResponse,
} from '../../shared/contract/sync';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { verifyEventHash } from '../../shared/domain/kernel/hash';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseClosed,
  caseIdOf,
  caseNote,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pull,
  pullAll,
  push,
  pushOk,
  rehash,
  request,
  type TestDevice,
} from './server-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`sync server API on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
    });

    afterAll(async () => {
      await env?.dispose();
    });

    // -------------------------------------------------------------- health

    it('answers /health without a token, with the engine, protocol and server time', async () => {
      const res = await request(server, 'GET', '/health', { protocol: null });
      expect(res.status).toBe(200);
      const body = HealthResponse.parse(res.body);
      expect(body).toMatchObject({ ok: true, engine, protocol: PROTOCOL_VERSION });
      expect(server.engine).toBe(engine);
      expect(Number(res.headers.get(SERVER_TIME_HEADER))).toBe(env.clock.t);
      expect((res.body as { serverTime: number }).serverTime).toBe(env.clock.t);
    });

    // -------------------------------------------------------------- enrolment

    describe('enrolment', () => {
      const enrol = (body: Record<string, unknown>) =>
        request<EnrollResponse>(server, 'POST', '/v1/enroll', { json: body });

      it('exchanges a one-time code for a token that then works; the code cannot be used twice', async () => {
        const code = await server.createEnrollmentCode('ENA');
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
        const deviceId = newId();
        const res = await enrol({ code, deviceId, branchCode: 'ENA', deviceCode: '01', label: '柜台 1' });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ ok: true, branchCode: 'ENA', role: 'counter' });
        expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(res.body.serverTime).toBe(env.clock.t);
        // The token is stored only as a hash.
        const rows = await env.query<{ token_hash: string }>('SELECT token_hash FROM devices WHERE id = $1', [
          deviceId,
        ]);
        expect(rows).toHaveLength(1);
        expect(rows[0]?.token_hash).not.toContain(res.body.token);
        expect(JSON.stringify(await env.query('SELECT * FROM devices'))).not.toContain(res.body.token);

        const ok = await pull(server, { token: res.body.token }, 0);
        expect(ok.status).toBe(200);

        // Lower case and without dashes is the same code — and it is used up now.
        const again = await enrol({
          code: code.toLowerCase().replace(/-/g, ''),
          deviceId: newId(),
          branchCode: 'ENA',
          deviceCode: '02',
        });
        expect(expectSyncError(again, 401, 'enrollment_invalid').error.message).toContain(
          'already been used',
        );
      });

      it('answers a repeated enrolment of the same desk with a fresh token, keeping the old one until the new one is used', async () => {
        const code = await server.createEnrollmentCode('ENJ');
        const body = { code, deviceId: newId(), branchCode: 'ENJ', deviceCode: '01' };
        const first = await enrol(body);
        expect(first.status).toBe(200);
        env.clock.advance(1000);
        const again = await enrol(body);
        expect(again.status).toBe(200);
        expect(again.body.token).not.toBe(first.body.token);
        // The repeat may be a duplicate of a request whose answer did arrive: the first token still works …
        expect((await pull(server, { token: first.body.token }, 0)).status).toBe(200);
        // … until the new one is used.
        expect((await pull(server, { token: again.body.token }, 0)).status).toBe(200);
        expectSyncError(await pull(server, { token: first.body.token }, 0), 401, 'unauthenticated');
        expect((await pull(server, { token: again.body.token }, 0)).status).toBe(200);
        expect(await env.count('devices', 'id = $1', [body.deviceId])).toBe(1);
        await server.revokeDevice(body.deviceId);
        const before = await env.snapshot();
        expect(expectSyncError(await enrol(body), 401, 'enrollment_invalid').error.message).toContain(
          'already been used',
        );
        expect(await env.snapshot()).toEqual(before);
        expectSyncError(await pull(server, { token: again.body.token }, 0), 401, 'token_revoked');
      });

      it('repeats an enrolment only for the identical request: a used code and the device id do not take over the desk', async () => {
        const code = await server.createEnrollmentCode('ENR', 'supervisor');
        const key = { id: '0e0e0e0e0e0e0e0e', key: Buffer.alloc(32, 7).toString('base64') };
        const body = {
          code,
          deviceId: newId(),
          branchCode: 'ENR',
          deviceCode: '01',
          label: 'ENR 01',
          staffEventIds: [newId()],
          keys: [key],
          currentKey: key.id,
        };
        const first = await enrol(body);
        expect(first.status).toBe(200);
        env.clock.advance(6 * 60 * 60 * 1000);
        const before = await env.snapshot();
        // Someone who saw the code, and the device id in the events, changes anything else.
        const replays: Record<string, unknown>[] = [
          { ...body, deviceCode: '07' },
          { ...body, label: 'attacker' },
          { ...body, staffEventIds: [newId()] },
          { ...body, keys: [{ id: key.id, key: Buffer.alloc(32, 8).toString('base64') }] },
          { code, deviceId: body.deviceId, branchCode: 'ENR', deviceCode: '01', label: 'ENR 01' },
        ];
        for (const replay of replays) {
          expect(expectSyncError(await enrol(replay), 401, 'enrollment_invalid').error.message).toContain(
            'already been used',
          );
        }
        expect(await env.snapshot()).toEqual(before);
        expect((await pull(server, { token: first.body.token }, 0)).status).toBe(200);
        // The desk itself, repeating what it sent (label spacing aside), still gets a fresh token.
        const again = await enrol({ ...body, label: ' ENR 01 ', staffEventIds: [...body.staffEventIds] });
        expect(again.status).toBe(200);
        expect(again.body.token).not.toBe(first.body.token);
      });

      it('refuses an expired code, a made-up code and a malformed request, storing nothing', async () => {
        const code = await server.createEnrollmentCode('ENB');
        const before = await env.snapshot();
        env.clock.advance(24 * 60 * 60 * 1000 + 1);
        try {
          const res = await enrol({ code, deviceId: newId(), branchCode: 'ENB', deviceCode: '01' });
          expect(expectSyncError(res, 401, 'enrollment_invalid').error.message).toContain('expired');
        } finally {
          env.clock.advance(-(24 * 60 * 60 * 1000 + 1));
        }
        expectSyncError(
          await enrol({
            code: 'ABCD-EFGH-JKMN-PQRS',
            deviceId: newId(),
            branchCode: 'ENB',
            deviceCode: '01',
          }),
          401,
          'enrollment_invalid',
        );
        expectSyncError(
          await enrol({ code: 'hello!', deviceId: newId(), branchCode: 'ENB', deviceCode: '01' }),
          401,
          'enrollment_invalid',
        );
        expectSyncError(
          await enrol({ code, deviceId: 'not-a-uuid', branchCode: 'ENB', deviceCode: '01' }),
          400,
          'invalid_request',
        );
        expectSyncError(
          await enrol({ code, deviceId: newId(), branchCode: 'ENB', deviceCode: '01', extra: 1 }),
          400,
          'invalid_request',
        );
        expect(await env.snapshot()).toEqual(before);
      });

      it('refuses a code of another branch and leaves the code usable', async () => {
        const code = await server.createEnrollmentCode('ENC');
        const before = await env.snapshot();
        const res = await enrol({ code, deviceId: newId(), branchCode: 'END', deviceCode: '01' });
        const e = expectSyncError(res, 409, 'branch_mismatch');
        expect(e.error.message).toContain('ENC');
        expect(await env.snapshot()).toEqual(before);
        const ok = await enrol({ code, deviceId: newId(), branchCode: 'ENC', deviceCode: '01' });
        expect(ok.status).toBe(200);
      });

      it('refuses a device code an active desk of the branch already uses, until that desk is revoked', async () => {
        const first = await enrollDevice(server, 'ENE', { deviceCode: '07' });
        const code = await server.createEnrollmentCode('ENE');
        const before = await env.snapshot();
        const deviceId = newId();
        const res = await enrol({ code, deviceId, branchCode: 'ENE', deviceCode: '07' });
        expect(expectSyncError(res, 409, 'device_code_taken').error.message).toContain('07');
        expect(await env.snapshot()).toEqual(before);
        // Another branch may use the same device code.
        await enrollDevice(server, 'ENF', { deviceCode: '07' });
        await server.revokeDevice(first.id);
        const ok = await enrol({ code, deviceId, branchCode: 'ENE', deviceCode: '07' });
        expect(ok.status).toBe(200);
      });

      it('re-enrolling the same device replaces its token; a supervisor code gives the supervisor role', async () => {
        const dev = await enrollDevice(server, 'ENG', { deviceCode: '01' });
        // Issue 8: re-enrolling a known device needs head office's code made for it.
        const code = await server.createEnrollmentCode('ENG', 'supervisor', { reenrolDevice: dev.id });
        const res = await enrol({ code, deviceId: dev.id, branchCode: 'ENG', deviceCode: '01' });
        expect(res.status).toBe(200);
        expect(res.body.role).toBe('supervisor');
        expectSyncError(await pull(server, dev, 0), 401, 'unauthenticated');
        expect((await pull(server, { token: res.body.token }, 0)).status).toBe(200);
        expect(await env.count('devices', 'id = $1', [dev.id])).toBe(1);
      });

      it('refuses to move an enrolled desk to another branch', async () => {
        const dev = await enrollDevice(server, 'ENH', { deviceCode: '01' });
        const code = await server.createEnrollmentCode('ENI');
        const res = await enrol({ code, deviceId: dev.id, branchCode: 'ENI', deviceCode: '01' });
        expect(expectSyncError(res, 409, 'branch_mismatch').error.message).toContain('ENH');
      });
    });

    // -------------------------------------------------------------- push

    describe('push', () => {
      let dev: TestDevice;
      let other: TestDevice;
      beforeAll(async () => {
        dev = await enrollDevice(server, 'PUA', { deviceCode: '01' });
        other = await enrollDevice(server, 'PUB', { deviceCode: '01' });
      });

      it('acks each event of a mixed batch on its own; the good ones are stored, the bad ones never block them', async () => {
        const opened = caseOpened(dev, { name: '陈先生' });
        const caseId = caseIdOf(opened);
        const note = caseNote(dev, caseId);
        // Stored first, so it comes back as a duplicate / a conflict below.
        const earlier = caseNote(dev, caseId, '第一次备注');
        expect(await pushOk(server, dev, [earlier])).toEqual([{ id: earlier.id, status: 'accepted' }]);

        const conflicting = rehash({ ...earlier, payload: { text: '改过的备注' } });
        const foreignDevice = rehash({ ...caseNote(dev, caseId), device: other.id });
        const foreignBranch = rehash({ ...caseNote(dev, caseId), branch: 'PUB' });
        const tooFar = makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.note_added',
          payload: { text: '未来的时间' },
          hlc: formatHlc(env.clock.t + SYNC_LIMITS.maxDriftMs + 60_000, 0),
        });
        const nearFuture = makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.note_added',
          payload: { text: '时钟略快' },
          hlc: formatHlc(env.clock.t + SYNC_LIMITS.maxDriftMs - 60_000, 0),
        });
        const tampered = { ...caseNote(dev, caseId), payload: { text: '被篡改' } };
        const badHlc = rehash({ ...caseNote(dev, caseId), hlc: 'yesterday' });
        const badPayload = makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.note_added',
          payload: { words: 1 },
        });
        const unknownType = makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.photo_attached',
          payload: { sha256: 'ab'.repeat(32), name: '现场照片.jpg' },
        });
        const newerSchema = makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.note_added',
          schema: 2,
          payload: { rich: { text: '新版本' } },
        });
        const malformed = { id: newId(), type: 'case.note_added' };
        const inBatchTwice = caseNote(dev, caseId, '同批重复');

        const batch: unknown[] = [
          opened,
          malformed,
          earlier,
          conflicting,
          note,
          foreignDevice,
          foreignBranch,
          tooFar,
          nearFuture,
          tampered,
          badHlc,
          badPayload,
          unknownType,
          newerSchema,
          'not even an object',
          inBatchTwice,
          inBatchTwice,
        ];
        const before = await env.count('events');
        const res = await push(server, dev, batch);
        expect(res.status).toBe(200);
        const body = PushResponse.parse(res.body);
        expect(body.serverTime).toBe(env.clock.t);
        const statuses = body.acks.map((a) => `${a.status}${a.reason ? `:${a.reason.split(':')[0]}` : ''}`);
        expect(statuses).toEqual([
          'accepted',
          'rejected:invalid_envelope',
          'duplicate',
          'rejected:conflicting_hash',
          'accepted',
          'rejected:foreign_device',
          'rejected:foreign_branch',
          'rejected:hlc_too_far',
          'accepted',
          'rejected:hash_mismatch',
          'rejected:invalid_hlc',
          'rejected:invalid_payload',
          'accepted',
          'accepted',
          'rejected:invalid_envelope',
          'accepted',
          'duplicate',
        ]);
        expect(body.acks.map((a) => a.id)).toEqual(
          batch.map((e) =>
            typeof e === 'object' && e !== null && 'id' in e ? (e as { id: string }).id : '',
          ),
        );
        expect(await env.count('events')).toBe(before + 6);

        // What was stored comes back byte-for-byte: same envelope, same hash.
        const all = await pullAll(server, dev);
        const byId = new Map(all.events.map((e) => [e.id, e]));
        for (const e of [opened, earlier, note, nearFuture, unknownType, newerSchema, inBatchTwice]) {
          expect(byId.get(e.id)).toEqual(e);
          expect(verifyEventHash(byId.get(e.id) as EventEnvelope)).toBe(true);
        }
        for (const e of [conflicting, foreignDevice, foreignBranch, tooFar, tampered, badHlc, badPayload]) {
          if (e.id !== earlier.id) expect(byId.has(e.id)).toBe(false);
        }
        expect(byId.get(earlier.id)?.payload).toEqual({ text: '第一次备注' });

        // Pushing the whole batch again changes nothing.
        const again = await pushOk(server, dev, batch);
        expect(again.filter((a) => a.status === 'accepted')).toEqual([]);
        expect(await env.count('events')).toBe(before + 6);
      });

      it('rejects NUL and unpaired surrogates in the envelope and, since issue 8, in the payload', async () => {
        const before = await env.count('events');
        const nul = makeEvent(dev, {
          stream: streamOf('case', newId()),
          type: 'case.x',
          payload: {},
          actor: 'a\u0000b',
        });
        const lone = makeEvent(dev, { stream: streamOf('case', newId()), type: 'case.\ud800', payload: {} });
        // In the payload too: the server no longer takes text nobody can type (issue 8 item 7).
        const inPayload = makeEvent(dev, {
          stream: streamOf('case', newId()),
          type: 'case.x',
          payload: { t: 'a\u0000\ud800' },
        });
        const acks = await pushOk(server, dev, [nul, lone, inPayload]);
        expect(acks.map((a) => `${a.status}:${(a.reason ?? '').split(':')[0]}`)).toEqual([
          'rejected:invalid_envelope',
          'rejected:invalid_envelope',
          'rejected:invalid_text',
        ]);
        expect(await env.count('events')).toBe(before);
      });

      it('refuses an empty batch, a batch over the limit and a body that is not a push request', async () => {
        const before = await env.snapshot();
        expectSyncError(await push(server, dev, []), 400, 'invalid_request');
        const big = Array.from({ length: SYNC_LIMITS.pushBatch + 1 }, () => caseOpened(dev));
        expectSyncError(await push(server, dev, big), 413, 'too_large');
        expectSyncError(
          await request(server, 'POST', '/v1/push', { token: dev.token, json: [1, 2] }),
          400,
          'invalid_request',
        );
        expectSyncError(
          await request(server, 'POST', '/v1/push', {
            token: dev.token,
            json: { events: [caseOpened(dev)], x: 1 },
          }),
          400,
          'invalid_request',
        );
        expect(await env.snapshot()).toEqual(before);
      });

      it('updates the device: last seen, last push, events received and newest HLC', async () => {
        const d = await enrollDevice(server, 'PUC', { deviceCode: '01' });
        const events = [caseOpened(d), caseOpened(d)];
        await pushOk(server, d, events);
        const rows = await env.query<Record<string, unknown>>('SELECT * FROM devices WHERE id = $1', [d.id]);
        expect(Number(rows[0]?.events_received)).toBe(2);
        expect(Number(rows[0]?.last_push_at)).toBe(env.clock.t);
        expect(Number(rows[0]?.last_seen_at)).toBe(env.clock.t);
        expect(rows[0]?.newest_hlc).toBe(events[1]?.hlc);
      });
    });

    // -------------------------------------------------------------- pull

    describe('pull', () => {
      it('pages with hasMore and a cursor that only moves forward, returning every event once in push order', async () => {
        const a = await enrollDevice(server, 'PLA', { deviceCode: '01' });
        const b = await enrollDevice(server, 'PLA', { deviceCode: '02' });
        const pushed: EventEnvelope[] = [];
        for (let i = 0; i < 5; i++) {
          const from = i % 2 === 0 ? a : b;
          const batch = [
            caseOpened(from),
            caseOpened(from),
            caseOpened(from),
            caseOpened(from),
            caseOpened(from),
          ];
          await pushOk(server, from, batch);
          pushed.push(...batch);
        }
        const seen: string[] = [];
        let cursor = 0;
        const pages: { n: number; hasMore: boolean }[] = [];
        for (;;) {
          const res = await pull(server, a, cursor, 10);
          expect(res.status).toBe(200);
          const body = PullResponse.parse(res.body);
          expect(body.cursor).toBeGreaterThan(cursor);
          cursor = body.cursor;
          seen.push(...body.events.map((e) => e.id));
          pages.push({ n: body.events.length, hasMore: body.hasMore });
          if (!body.hasMore) break;
        }
        expect(pages).toEqual([
          { n: 10, hasMore: true },
          { n: 10, hasMore: true },
          { n: 5, hasMore: false },
        ]);
        // Both desks' events, the caller's own included (the desk de-duplicates by id).
        expect(seen).toEqual(pushed.map((e) => e.id));
        const end = PullResponse.parse((await pull(server, a, cursor, 10)).body);
        expect(end).toMatchObject({ events: [], cursor, hasMore: false });
        // b sees the same log.
        expect((await pullAll(server, b)).events.map((e) => e.id)).toEqual(seen);
      });

      it('never hands out another branch’s events, not even to a supervisor desk', async () => {
        const gz = await enrollDevice(server, 'PLB', { deviceCode: '01' });
        const sup = await enrollDevice(server, 'PLB', { deviceCode: '09', role: 'supervisor' });
        const sz = await enrollDevice(server, 'PLC', { deviceCode: '01' });
        const mine = [caseOpened(gz)];
        const theirs = [caseOpened(sz), caseOpened(sz)];
        await pushOk(server, gz, mine);
        await pushOk(server, sz, theirs);
        for (const d of [gz, sup]) {
          const got = await pullAll(server, d);
          expect(got.events.map((e) => e.id)).toEqual(mine.map((e) => e.id));
          expect(got.events.every((e) => e.branch === 'PLB')).toBe(true);
        }
        expect((await pullAll(server, sz)).events.map((e) => e.id)).toEqual(theirs.map((e) => e.id));
      });

      it('refuses bad cursors and limits, and admin tokens', async () => {
        const d = await enrollDevice(server, 'PLD', { deviceCode: '01' });
        for (const q of [
          '',
          'cursor=-1',
          'cursor=abc',
          'cursor=0&limit=0',
          `cursor=0&limit=${SYNC_LIMITS.pullPage + 1}`,
          'cursor=0&x=1',
          'cursor=1&cursor=2',
        ]) {
          expectSyncError(
            await request(server, 'GET', `/v1/pull?${q}`, { token: d.token }),
            400,
            'invalid_request',
          );
        }
        const admin = await server.createAdminToken();
        expectSyncError(await pull(server, { token: admin }, 0), 403, 'forbidden');
        expectSyncError(await push(server, { token: admin }, [caseOpened(d)]), 403, 'forbidden');
      });
    });

    // -------------------------------------------------------------- tokens and protocol

    describe('tokens and protocol versions', () => {
      let dev: TestDevice;
      beforeAll(async () => {
        dev = await enrollDevice(server, 'TKA', { deviceCode: '01' });
      });

      it('refuses a missing or wrong token with 401 unauthenticated and stores nothing', async () => {
        const before = await env.snapshot();
        const events = [caseOpened(dev)];
        expectSyncError(await push(server, { token: '' }, events), 401, 'unauthenticated');
        expectSyncError(await push(server, { token: 'x'.repeat(43) }, events), 401, 'unauthenticated');
        expectSyncError(
          await request(server, 'POST', '/v1/push', {
            json: { events },
            headers: { authorization: `Basic ${dev.token}` },
          }),
          401,
          'unauthenticated',
        );
        expectSyncError(await request(server, 'GET', '/v1/admin/branches', {}), 401, 'unauthenticated');
        expect(await env.snapshot()).toEqual(before);
      });

      it('refuses a revoked token with 401 token_revoked and stores nothing', async () => {
        const d = await enrollDevice(server, 'TKB', { deviceCode: '01' });
        await pushOk(server, d, [caseOpened(d)]);
        await server.revokeDevice(d.id);
        await expect(server.revokeDevice(newId())).rejects.toThrow(/no enrolled device/);
        const before = await env.snapshot();
        expect(
          expectSyncError(await push(server, d, [caseOpened(d)]), 401, 'token_revoked').error.message,
        ).toContain('switched off');
        expectSyncError(await pull(server, d, 0), 401, 'token_revoked');
        const head = await request(server, 'HEAD', `/v1/attachments/${'a'.repeat(64)}`, { token: d.token });
        expect([head.status, head.headers.get('x-loopdesk-error')]).toEqual([401, 'token_revoked']);
        expect(await env.snapshot()).toEqual(before);
      });

      it('refuses missing, unknown and too-old protocol versions with a clear message, storing nothing', async () => {
        const before = await env.snapshot();
        const json = { events: [caseOpened(dev)] };
        const old = await request(server, 'POST', '/v1/push', { token: dev.token, json, protocol: '0' });
        expect(expectSyncError(old, 426, 'protocol_too_old').error.message).toMatch(
          /too old.*update Loopdesk/i,
        );
        expectSyncError(
          await request(server, 'POST', '/v1/push', { token: dev.token, json, protocol: null }),
          400,
          'protocol_unknown',
        );
        expectSyncError(
          await request(server, 'POST', '/v1/push', { token: dev.token, json, protocol: 'one' }),
          400,
          'protocol_unknown',
        );
        const newer = await request(server, 'POST', '/v1/push', {
          token: dev.token,
          json,
          protocol: String(PROTOCOL_VERSION + 1),
        });
        expect(expectSyncError(newer, 400, 'protocol_unknown').error.message).toContain('update the server');
        // Even enrolment needs the header.
        const code = await server.createEnrollmentCode('TKC');
        const snap = await env.snapshot();
        expectSyncError(
          await request(server, 'POST', '/v1/enroll', {
            json: { code, deviceId: newId(), branchCode: 'TKC', deviceCode: '01' },
            protocol: null,
          }),
          400,
          'protocol_unknown',
        );
        expect(await env.snapshot()).toEqual(snap);
        expect(before.events).toBe(snap.events);
      });
    });

    // -------------------------------------------------------------- bad input

    describe('bad input', () => {
      let dev: TestDevice;
      beforeAll(async () => {
        dev = await enrollDevice(server, 'BIA', { deviceCode: '01' });
      });

      it('answers malformed JSON, empty bodies and wrong content types with 4xx and stores nothing', async () => {
        const before = await env.snapshot();
        expectSyncError(
          await request(server, 'POST', '/v1/push', { token: dev.token, raw: '{"events": [' }),
          400,
          'malformed_json',
        );
        expectSyncError(
          await request(server, 'POST', '/v1/push', { token: dev.token, raw: '' }),
          400,
          'malformed_json',
        );
        expectSyncError(
          await request(server, 'POST', '/v1/push', {
            token: dev.token,
            raw: '{"events":[{"__proto__":{"x":1}}]}',
          }),
          400,
          'malformed_json',
        );
        expectSyncError(
          await request(server, 'POST', '/v1/push', {
            token: dev.token,
            raw: JSON.stringify({ events: [caseOpened(dev)] }),
            contentType: 'text/plain',
          }),
          415,
          'invalid_request',
        );
        expectSyncError(
          await request(server, 'POST', '/v1/enroll', {
            raw: 'code=1',
            contentType: 'application/x-www-form-urlencoded',
          }),
          415,
          'invalid_request',
        );
        expectSyncError(
          await request(server, 'GET', '/v1/nothing-here', { token: dev.token }),
          404,
          'not_found',
        );
        expect(await env.snapshot()).toEqual(before);
      });

      it('answers a body over the limit with 413 too_large and stores nothing', async () => {
        const before = await env.snapshot();
        const filler = 'x'.repeat(SYNC_LIMITS.bodyBytes);
        const res = await request(server, 'POST', '/v1/push', {
          token: dev.token,
          json: { events: [caseNote(dev, newId(), filler)] },
        });
        expectSyncError(res, 413, 'too_large');
        expect(await env.snapshot()).toEqual(before);
        // The server is still up and serving.
        expect((await request(server, 'GET', '/health')).status).toBe(200);
        expect((await pushOk(server, dev, [caseOpened(dev)]))[0]?.status).toBe('accepted');
      });
    });

    // -------------------------------------------------------------- rate limiting

    describe('rate limiting', () => {
      it('refuses a token over its budget with 429 and Retry-After, without touching other tokens', async () => {
        const limited = await env.start({ rateLimit: { perSecond: 0.5, burst: 3 } });
        try {
          const a = await enrollDevice(limited, 'RLA', { deviceCode: '01' });
          const b = await enrollDevice(limited, 'RLA', { deviceCode: '02' });
          for (let i = 0; i < 3; i++) expect((await pull(limited, a, 0)).status).toBe(200);
          const before = await env.snapshot();
          const refused = await push(limited, a, [caseOpened(a)]);
          const e = expectSyncError(refused, 429, 'rate_limited');
          expect(e.error.message).toContain('wait a moment');
          expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          expect(await env.snapshot()).toEqual(before);
          expect((await pull(limited, b, 0)).status).toBe(200);
        } finally {
          await limited.close();
        }
      });

      it('applies the default budget (50/s, burst 100) to a burst from one token', async () => {
        const d = await enrollDevice(server, 'RLB', { deviceCode: '01' });
        const sha = 'c'.repeat(64);
        const results = await Promise.all(
          Array.from({ length: 250 }, () =>
            request(server, 'HEAD', `/v1/attachments/${sha}`, { token: d.token }),
          ),
        );
        const limited = results.filter((r) => r.status === 429);
        expect(results.filter((r) => r.status === 404).length).toBeGreaterThanOrEqual(100);
        expect(limited.length).toBeGreaterThan(0);
        for (const r of limited) expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      });
    });

    // -------------------------------------------------------------- attachments

    describe('attachments', () => {
      let dev: TestDevice;
      beforeAll(async () => {
        dev = await enrollDevice(server, 'ATA', { deviceCode: '01' });
      });
      const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
      const put = (
        s: string,
        bytes: Uint8Array<ArrayBuffer>,
        token = dev.token,
        contentType = 'application/octet-stream',
      ) =>
        request<AttachmentResponse>(server, 'PUT', `/v1/attachments/${s}`, {
          token,
          raw: bytes,
          contentType,
        });

      it('stores bytes under their sha256 once; a repeated PUT answers created:false and changes nothing', async () => {
        const bytes = new Uint8Array(Buffer.from('现场照片 evidence bytes \u0000\u00ff', 'utf8'));
        const h = sha(bytes);
        expect((await request(server, 'HEAD', `/v1/attachments/${h}`, { token: dev.token })).status).toBe(
          404,
        );
        const first = await put(h, bytes);
        expect(first.status).toBe(200);
        expect(first.body).toMatchObject({ ok: true, sha256: h, created: true });
        const head = await request(server, 'HEAD', `/v1/attachments/${h}`, { token: dev.token });
        expect(head.status).toBe(200);
        expect(Number(head.headers.get(SERVER_TIME_HEADER))).toBeGreaterThan(0);
        const rows = await env.query<{ size: number; created_at: number }>(
          'SELECT size, created_at FROM attachments WHERE sha256 = $1',
          [h],
        );
        env.clock.advance(1000);
        const second = await put(h, bytes);
        expect(second.body).toMatchObject({ ok: true, sha256: h, created: false });
        expect(await env.query('SELECT size, created_at FROM attachments WHERE sha256 = $1', [h])).toEqual(
          rows,
        );
        expect(await env.count('attachments', 'sha256 = $1', [h])).toBe(1);
        // An empty file is a file too.
        const empty = new Uint8Array(0);
        expect((await put(sha(empty), empty)).body).toMatchObject({ created: true });
      });

      it('refuses bytes that do not match the sha256, a bad sha256 and a wrong content type, storing nothing', async () => {
        const before = await env.snapshot();
        const bytes = new Uint8Array(Buffer.from('original'));
        const claimed = sha(new Uint8Array(Buffer.from('something else')));
        expectSyncError(await put(claimed, bytes), 400, 'hash_mismatch');
        expect(
          (await request(server, 'HEAD', `/v1/attachments/${claimed}`, { token: dev.token })).status,
        ).toBe(404);
        expectSyncError(await put('ABC', bytes), 400, 'invalid_request');
        expectSyncError(await put(sha(bytes).toUpperCase(), bytes), 400, 'invalid_request');
        expectSyncError(await put(sha(bytes), bytes, dev.token, 'application/json'), 400, 'malformed_json');
        expectSyncError(await put(sha(bytes), bytes, dev.token, 'image/jpeg'), 415, 'invalid_request');
        expectSyncError(await put(sha(bytes), bytes, ''), 401, 'unauthenticated');
        expectSyncError(await put(sha(bytes), bytes, await server.createAdminToken()), 403, 'forbidden');
        const after = await env.snapshot();
        expect({ ...after, admin_tokens: before.admin_tokens }).toEqual(before);
      });

      it('accepts a file up to the attachment limit and refuses a larger one', async () => {
        const big = new Uint8Array(SYNC_LIMITS.bodyBytes + 1024).fill(7);
        expect((await put(sha(big), big)).body).toMatchObject({ created: true });
        const before = await env.snapshot();
        const tooBig = new Uint8Array(SYNC_LIMITS.attachmentBytes + 1).fill(1);
        expectSyncError(await put(sha(tooBig), tooBig), 413, 'too_large');
        expect(await env.snapshot()).toEqual(before);
      });
    });

    // -------------------------------------------------------------- survival

    it('is still up and consistent after all of the above', async () => {
      const res = await request(server, 'GET', '/health');
      expect(res.status).toBe(200);
      const d = await enrollDevice(server, 'ZZA', { deviceCode: '01' });
      const opened = caseOpened(d);
      await pushOk(server, d, [opened, caseClosed(d, caseIdOf(opened))]);
      expect((await pullAll(server, d)).events).toHaveLength(2);
    });
  });
}
