/**
 * Head office and issue 12's judgments: it folds escalations and
 * determinations with the branch's staff directory as every desk does, lists
 * the escalations to head office (GET /v1/admin/escalations, keyset paged,
 * branch-scoped for supervisor devices), and keeps a counter desk's forged
 * escalation or determination in the log, flagged, with no effect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminEscalationsResponse } from '../../shared/contract/adminEscalations';
import type { CaseState } from '../../shared/domain/cases/state';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import { fakeCredential } from '../fixtures/credentials';
import {
  TestEnv,
  caseIdOf,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pushOk,
  request,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`head office escalations on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let admin: string;
    let sup: TestDevice;
    let ctr: TestDevice;
    const bossId = newId();
    const clerkId = newId();
    const ids: Record<string, string> = {};

    const escalated = (dev: TestDevice, caseId: string, level: string, actor: string, reason: string) =>
      makeEvent(dev, {
        stream: `case:${caseId}`,
        type: 'case.escalated',
        actor,
        payload: { level, canEmployeeSolve: false, canSolveOnSite: false, rootCause: 'policy', reason },
      });
    const list = async (query: string, token = admin) => {
      const res = await request(server, 'GET', `/v1/admin/escalations${query ? `?${query}` : ''}`, { token });
      if (res.status !== 200) throw new Error(`escalations ${query}: ${res.status} ${res.text}`);
      return AdminEscalationsResponse.parse(res.body);
    };
    const stateOf = async (caseId: string) => {
      const rows = await env.query(`SELECT state FROM cases WHERE id = '${caseId}'`);
      return JSON.parse(String(rows[0]?.state)) as CaseState;
    };
    const accepted = async (dev: TestDevice, events: EventEnvelope[]) => {
      const acks = await pushOk(server, dev, events);
      expect(acks.map((a) => a.status)).toEqual(events.map(() => 'accepted'));
    };

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
      admin = await server.createAdminToken();
      sup = await enrollDevice(server, 'GZ', { deviceCode: '09', role: 'supervisor' });
      ctr = await enrollDevice(server, 'GZ', { deviceCode: '01' });
      const staff = (id: string, login: string, role: string) =>
        makeEvent(sup, {
          stream: `staff:${id}`,
          type: 'staff.created',
          payload: {
            name: login === 'boss' ? '周主管' : '李柜员',
            login,
            role,
            credential: fakeCredential(),
          },
        });
      await accepted(sup, [
        staffCreated(sup, '王管理员'),
        staff(bossId, 'boss', 'supervisor'),
        staff(clerkId, 'clerk', 'counter'),
      ]);
      const open = (name: string) => {
        const e = caseOpened({ ...ctr, staffId: clerkId }, { name });
        ids[name] = caseIdOf(e);
        return e;
      };
      await accepted(ctr, [open('甲'), open('乙'), open('丙'), open('丁')]);
      // 甲: the clerk to the supervisor, the supervisor on to head office (from the supervisor's desk).
      await accepted(ctr, [escalated(ctr, ids['甲']!, 'supervisor', clerkId, '资费政策超出柜面权限')]);
      await accepted(sup, [escalated(sup, ids['甲']!, 'head_office', bossId, '涉及全行资费政策')]);
      // 丁: the supervisor straight to head office, a moment later.
      await accepted(sup, [escalated(sup, ids['丁']!, 'head_office', bossId, '媒体关注，需总部统一口径')]);
    });

    afterAll(async () => {
      await env?.dispose();
    });

    it('lists the escalations to head office, newest first, with who, why and the first-contact owner', async () => {
      const page = await list('');
      expect(page.items.map((i) => i.customerName)).toEqual(['丁', '甲']);
      const first = page.items[1];
      expect(first).toMatchObject({
        caseId: ids['甲'],
        branch: 'GZ',
        level: 'head_office',
        rootCause: 'policy',
        reason: '涉及全行资费政策',
        escalatedBy: bossId,
        escalatedByName: '周主管',
        owner: clerkId,
        ownerName: '李柜员',
        unreviewed: 2,
        review: null,
      });
      expect((await list('level=supervisor')).items).toEqual([]);
    });

    it('pages by the escalation’s HLC and id, and refuses a foreign cursor', async () => {
      const one = await list('limit=1');
      expect(one.items.map((i) => i.customerName)).toEqual(['丁']);
      expect(one.nextCursor).not.toBeNull();
      const two = await list(`limit=1&cursor=${one.nextCursor}`);
      expect(two.items.map((i) => i.customerName)).toEqual(['甲']);
      expect(two.nextCursor).toBeNull();
      expectSyncError(
        await request(server, 'GET', '/v1/admin/escalations?cursor=nope', { token: admin }),
        400,
        'invalid_request',
      );
    });

    it('shows a supervisor device its own branch only', async () => {
      expect((await list('', sup.token)).items).toHaveLength(2);
      expectSyncError(
        await request(server, 'GET', '/v1/admin/escalations?branch=SZ', { token: sup.token }),
        403,
        'forbidden',
      );
      expectSyncError(
        await request(server, 'GET', '/v1/admin/escalations', { token: ctr.token }),
        403,
        'forbidden',
      );
    });

    it('keeps a counter desk’s forged escalation and determination, flagged, with no effect', async () => {
      const forgedUp = escalated(ctr, ids['乙']!, 'head_office', clerkId, '直接上总部');
      const forgedDetermination = makeEvent(ctr, {
        stream: `case:${ids['丙']}`,
        type: 'case.malice_determined',
        actor: clerkId,
        payload: {
          outcome: 'malicious',
          motives: ['undue_gain'],
          behaviours: ['inventing'],
          signs: [],
          evidence: ['3'.repeat(64)],
          offer: '按规定退还 7 元',
          reason: '柜员自行认定',
        },
      });
      await accepted(ctr, [forgedUp, forgedDetermination]);
      const up = await stateOf(ids['乙']!);
      expect(up.escalation).toBeNull();
      expect(up.flags).toEqual([{ act: 'escalate', eventId: forgedUp.id, reason: 'no_authority' }]);
      const det = await stateOf(ids['丙']!);
      expect(det.malice).toBeNull();
      expect(det.flags).toEqual([
        { act: 'determine_malice', eventId: forgedDetermination.id, reason: 'no_authority' },
      ]);
      expect((await list('')).items.map((i) => i.customerName)).toEqual(['丁', '甲']);
      const rows = await env.query(`SELECT malice, escalation_level FROM cases WHERE id = '${ids['丙']}'`);
      expect(rows[0]).toMatchObject({ malice: null, escalation_level: 'counter' });
    });
  });
}
