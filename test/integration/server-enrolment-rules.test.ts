/**
 * Issue 8, item 6 and the server's part of item 1: a known device id comes
 * back only with head office's re-enrol code, and staff events are taken
 * only from a device whose enrolment role may issue them, never back-dated
 * to before its enrolment unless the desk declared them when it enrolled.
 * SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCredential } from '../fixtures/credentials';
import { SYNC_LIMITS, type EnrollResponse } from '../../shared/contract/sync';
import { streamOf, type EventEnvelope } from '../../shared/domain/kernel/envelope';
import { formatHlc } from '../../shared/domain/kernel/hlc';
import { HlcClock } from '../../shared/domain/kernel/hlc';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pull,
  pullAll,
  pushOk,
  request,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

const HOUR = 60 * 60 * 1000;

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`enrolment and staff rules on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
    });

    afterAll(async () => {
      await env?.dispose();
    });

    const enrol = (body: Record<string, unknown>) =>
      request<EnrollResponse>(server, 'POST', '/v1/enroll', { json: body });

    /** Enrols a desk with a chosen device id and declared staff events. */
    async function enrolWith(
      branch: string,
      deviceCode: string,
      role: 'counter' | 'supervisor',
      staffEventIds?: string[],
      deviceId = newId(),
    ): Promise<TestDevice> {
      const code = await server.createEnrollmentCode(branch, role);
      const res = await enrol({
        code,
        deviceId,
        branchCode: branch,
        deviceCode,
        ...(staffEventIds ? { staffEventIds } : {}),
      });
      if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${res.text}`);
      return {
        id: deviceId,
        branch,
        deviceCode,
        token: res.body.token,
        role,
        clock: new HlcClock(undefined, () => env.clock.t),
        staffId: newId(),
      };
    }

    /**
     * A staff event of any type, at a schema version this build does not
     * know: stored raw, so the test depends on no staff payload schema (the
     * staff feature owns those); the rules look at stream, type, actor, HLC.
     */
    function staffEvent(
      dev: TestDevice,
      type: string,
      o: { staffId?: string; actor?: string; hlc?: string; id?: string } = {},
    ): EventEnvelope {
      const staffId = o.staffId ?? newId();
      return makeEvent(dev, {
        stream: streamOf('staff', staffId),
        type,
        schema: 2,
        payload: { note: 'payload left to the staff feature' },
        ...(o.actor !== undefined ? { actor: o.actor } : {}),
        ...(o.hlc !== undefined ? { hlc: o.hlc } : {}),
        ...(o.id !== undefined ? { id: o.id } : {}),
      });
    }
    const backDated = (ms: number) => formatHlc(env.clock.t - ms, 0);

    // -------------------------------------------------------------- re-enrolment

    describe('re-enrolling a known device id', () => {
      it('refuses an active desk’s device id with a fresh code, storing nothing; the code stays usable', async () => {
        const dev = await enrollDevice(server, 'RKA', { deviceCode: '01' });
        const code = await server.createEnrollmentCode('RKA');
        const before = await env.snapshot();
        const res = await enrol({ code, deviceId: dev.id, branchCode: 'RKA', deviceCode: '02' });
        const e = expectSyncError(res, 409, 'device_known');
        expect(e.error.message).toContain('--reenrol');
        expect(await env.snapshot()).toEqual(before);
        // The real desk keeps working …
        expect((await pull(server, dev, 0)).status).toBe(200);
        // … and the code still works for a new desk.
        expect((await enrol({ code, deviceId: newId(), branchCode: 'RKA', deviceCode: '02' })).status).toBe(
          200,
        );
      });

      it('refuses a revoked desk’s device id with a fresh code; it stays revoked', async () => {
        const dev = await enrollDevice(server, 'RKB', { deviceCode: '01' });
        await server.revokeDevice(dev.id);
        const code = await server.createEnrollmentCode('RKB', 'supervisor');
        const before = await env.snapshot();
        const res = await enrol({ code, deviceId: dev.id, branchCode: 'RKB', deviceCode: '01' });
        expect(expectSyncError(res, 409, 'device_known').error.message).toContain('revoked');
        expect(await env.snapshot()).toEqual(before);
        expectSyncError(await pull(server, dev, 0), 401, 'token_revoked');
        const row = await env.query<{ revoked_at: unknown }>('SELECT revoked_at FROM devices WHERE id = $1', [
          dev.id,
        ]);
        expect(row[0]?.revoked_at).not.toBeNull();
      });

      it('re-enrols with head office’s code for that device: the new token works, the old one stops at once', async () => {
        const dev = await enrollDevice(server, 'RKC', { deviceCode: '01' });
        const code = await server.createEnrollmentCode('RKC', 'counter', { reenrolDevice: dev.id });
        // A re-enrol code works for that device only.
        const before = await env.snapshot();
        expectSyncError(
          await enrol({ code, deviceId: newId(), branchCode: 'RKC', deviceCode: '09' }),
          401,
          'enrollment_invalid',
        );
        expect(await env.snapshot()).toEqual(before);
        const res = await enrol({ code, deviceId: dev.id, branchCode: 'RKC', deviceCode: '01' });
        expect(res.status).toBe(200);
        expectSyncError(await pull(server, dev, 0), 401, 'unauthenticated');
        expect((await pull(server, { token: res.body.token }, 0)).status).toBe(200);
        expect(await env.count('devices', 'id = $1', [dev.id])).toBe(1);
      });

      it('brings a revoked desk back only with a re-enrol code', async () => {
        const dev = await enrollDevice(server, 'RKD', { deviceCode: '01' });
        await server.revokeDevice(dev.id);
        const code = await server.createEnrollmentCode('RKD', 'counter', { reenrolDevice: dev.id });
        const res = await enrol({ code, deviceId: dev.id, branchCode: 'RKD', deviceCode: '01' });
        expect(res.status).toBe(200);
        expect((await pull(server, { token: res.body.token }, 0)).status).toBe(200);
        expectSyncError(await pull(server, dev, 0), 401, 'unauthenticated');
      });

      it('makes no re-enrol code for an unknown device or another branch', async () => {
        await expect(
          server.createEnrollmentCode('RKE', 'counter', { reenrolDevice: newId() }),
        ).rejects.toThrow(/no enrolled device/);
        const dev = await enrollDevice(server, 'RKE', { deviceCode: '01' });
        await expect(
          server.createEnrollmentCode('RKF', 'counter', { reenrolDevice: dev.id }),
        ).rejects.toThrow(/belongs to branch RKE/);
      });
    });

    // -------------------------------------------------------------- staff events

    describe('staff events', () => {
      it('rejects a counter device’s back-dated staff.created, storing it nowhere; the rest of its batch goes in', async () => {
        const counter = await enrolWith('STA', '01', 'counter');
        const peer = await enrolWith('STA', '02', 'supervisor');
        const forged = { ...staffCreated(counter, '伪造管理员'), hlc: backDated(24 * HOUR) };
        const forgedEvent = makeEvent(counter, {
          stream: forged.stream,
          type: forged.type,
          payload: forged.payload,
          hlc: forged.hlc,
        });
        const opened = caseOpened(counter);
        const acks = await pushOk(server, counter, [forgedEvent, opened]);
        expect(acks[0]).toMatchObject({ id: forgedEvent.id, status: 'rejected' });
        expect(acks[0]?.reason).toMatch(/^staff_forbidden/);
        expect(acks[1]).toMatchObject({ id: opened.id, status: 'accepted' });
        expect(await env.count('events', 'id = $1', [forgedEvent.id])).toBe(0);
        expect(await env.count('staff', 'id = $1', [counter.staffId])).toBe(0);
        const seen = (await pullAll(server, peer)).events.map((e) => e.id);
        expect(seen).toContain(opened.id);
        expect(seen).not.toContain(forgedEvent.id);
      });

      it('lets a counter device push only a clerk’s own staff.secretChanged', async () => {
        const counter = await enrolWith('STB', '01', 'counter');
        const own = staffEvent(counter, 'staff.secretChanged', {
          staffId: counter.staffId,
          actor: counter.staffId,
        });
        const others = staffEvent(counter, 'staff.secretChanged', { actor: counter.staffId });
        const types = [
          'staff.created',
          'staff.disabled',
          'staff.enabled',
          'staff.roleChanged',
          'staff.secretReset',
        ];
        const forbidden = types.map((t) =>
          staffEvent(counter, t, { staffId: counter.staffId, actor: counter.staffId }),
        );
        // A staff.* type outside a staff stream is a staff event too (an unknown one, which
        // no stream check of a known type would catch).
        const smuggled = makeEvent(counter, {
          stream: streamOf('case', newId()),
          type: 'staff.madeUpLater',
          schema: 2,
          payload: {},
        });
        const acks = await pushOk(server, counter, [own, others, ...forbidden, smuggled]);
        expect(acks.map((a) => a.status)).toEqual(['accepted', ...Array(7).fill('rejected')]);
        for (const a of acks.slice(1)) expect(a.reason).toMatch(/^staff_forbidden/);
        expect(await env.count('events', "branch = 'STB'")).toBe(1);
      });

      it('refuses from a counter device an administrator’s or supervisor’s “own” secret change: the desk names the actor itself', async () => {
        const sup = await enrolWith('STH', '01', 'supervisor');
        const founding = staffCreated(sup, '管理员甲');
        const clerkId = newId();
        const clerk = makeEvent(sup, {
          stream: streamOf('staff', clerkId),
          type: 'staff.created',
          payload: { name: '柜员乙', login: 'clerk-ste', role: 'counter', credential: fakeCredential() },
        });
        expect((await pushOk(server, sup, [founding, clerk])).map((a) => a.status)).toEqual([
          'accepted',
          'accepted',
        ]);
        expect(await env.count('staff', "branch = 'STH'")).toBe(2);
        const counter = await enrolWith('STH', '02', 'counter');
        const forged = staffEvent(counter, 'staff.secretChanged', {
          staffId: sup.staffId,
          actor: sup.staffId,
        });
        const own = staffEvent(counter, 'staff.secretChanged', { staffId: clerkId, actor: clerkId });
        const acks = await pushOk(server, counter, [forged, own]);
        expect(acks.map((a) => a.status)).toEqual(['rejected', 'accepted']);
        expect(acks[0]?.reason).toMatch(/^staff_forbidden: an administrator's or supervisor's secret/);
        expect(await env.count('events', 'id = $1', [forged.id])).toBe(0);
        // The same change from a supervisor desk goes in.
        const fromSup = staffEvent(sup, 'staff.secretChanged', { staffId: sup.staffId, actor: sup.staffId });
        expect((await pushOk(server, sup, [fromSup]))[0]?.status).toBe('accepted');
      });

      it('takes every staff event type from a supervisor device', async () => {
        const sup = await enrolWith('STC', '01', 'supervisor');
        const types = [
          'staff.created',
          'staff.disabled',
          'staff.enabled',
          'staff.roleChanged',
          'staff.secretReset',
          'staff.secretChanged',
        ];
        const acks = await pushOk(
          server,
          sup,
          types.map((t) => staffEvent(sup, t)),
        );
        expect(acks.map((a) => a.status)).toEqual(types.map(() => 'accepted'));
      });

      it('takes a supervisor desk’s declared pre-enrolment staff events and refuses an undeclared back-dated one', async () => {
        const founder = newId();
        const deviceId = newId();
        const draft: TestDevice = {
          id: deviceId,
          branch: 'STD',
          deviceCode: '01',
          token: '',
          role: 'supervisor',
          clock: new HlcClock(),
          staffId: founder,
        };
        const declared = [
          staffEvent(draft, 'staff.created', { staffId: founder, actor: founder, hlc: backDated(48 * HOUR) }),
          staffEvent(draft, 'staff.created', { actor: founder, hlc: backDated(47 * HOUR) }),
        ];
        const undeclared = staffEvent(draft, 'staff.created', { actor: founder, hlc: backDated(46 * HOUR) });
        // Within the allowed drift before enrolment: not back-dated.
        const justBefore = staffEvent(draft, 'staff.roleChanged', {
          actor: founder,
          hlc: backDated(SYNC_LIMITS.maxDriftMs - 1000),
        });
        const sup = await enrolWith(
          'STD',
          '01',
          'supervisor',
          declared.map((e) => e.id),
          deviceId,
        );
        const acks = await pushOk(server, sup, [...declared, undeclared, justBefore]);
        expect(acks.map((a) => a.status)).toEqual(['accepted', 'accepted', 'rejected', 'accepted']);
        expect(acks[2]?.reason).toMatch(/^staff_before_enrolment/);
        expect(await env.count('events', 'id = $1', [undeclared.id])).toBe(0);
        // Declared by another device does not count.
        const other = await enrolWith('STD', '02', 'supervisor');
        const replay = makeEvent(other, {
          stream: streamOf('staff', newId()),
          type: 'staff.created',
          schema: 2,
          payload: {},
          hlc: backDated(48 * HOUR),
          id: newId(),
        });
        expect((await pushOk(server, other, [replay]))[0]?.reason).toMatch(/^staff_before_enrolment/);
      });

      it('takes a back-dated change of one’s own secret (it grants nothing), from a counter desk too', async () => {
        for (const [code, role] of [
          ['01', 'supervisor'],
          ['02', 'counter'],
        ] as const) {
          const dev = await enrolWith('STG', code, role);
          const clerk = newId();
          // A desk 8 minutes slow hashes its admin again right after enrolling (decision 0021).
          const own = staffEvent(dev, 'staff.secretChanged', {
            staffId: clerk,
            actor: clerk,
            hlc: backDated(8 * 60_000),
          });
          const other = staffEvent(dev, 'staff.secretChanged', { actor: clerk, hlc: backDated(8 * 60_000) });
          const acks = await pushOk(server, dev, [own, other]);
          expect(
            acks.map((x) => x.status),
            role,
          ).toEqual(['accepted', 'rejected']);
        }
      });

      it('refuses more than the allowed number of declared staff events, storing nothing', async () => {
        const code = await server.createEnrollmentCode('STE', 'supervisor');
        const before = await env.snapshot();
        const ids = Array.from({ length: SYNC_LIMITS.enrolStaffEvents + 1 }, () => newId());
        expectSyncError(
          await enrol({ code, deviceId: newId(), branchCode: 'STE', deviceCode: '01', staffEventIds: ids }),
          400,
          'invalid_request',
        );
        expect(await env.snapshot()).toEqual(before);
        const ok = await enrol({
          code,
          deviceId: newId(),
          branchCode: 'STE',
          deviceCode: '01',
          staffEventIds: ids.slice(1),
        });
        expect(ok.status).toBe(200);
        expect(await env.count('device_staff_events')).toBeGreaterThanOrEqual(SYNC_LIMITS.enrolStaffEvents);
      });
    });
  });
}
