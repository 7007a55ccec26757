/**
 * Clean text on the sync server (issue 8 item 7, docs/protocol.md): a pushed
 * event with a control character (other than tab and newline) or an unpaired
 * surrogate anywhere in its payload is rejected on its own with a reason
 * naming the path, while the rest of the batch goes in; bodies that are not
 * UTF-8, and unclean text in enrolment and head-office requests, are a 400
 * naming the field. Nothing refused is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import type { SyncServer } from '../../server/app';
import {
  TestEnv,
  caseFieldSet,
  caseIdOf,
  caseNote,
  caseOpened,
  engines,
  enrollDevice,
  expectSyncError,
  makeEvent,
  pullAll,
  pushOk,
  request,
  type TestDevice,
} from './server-fixtures';

const utf8 = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(new TextEncoder().encode(s));

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(`sync server clean text on ${engine}${skip ? ` (${skip})` : ''}`, () => {
    let env: TestEnv;
    let server: SyncServer;
    let dev: TestDevice;

    beforeAll(async () => {
      env = await TestEnv.create(engine);
      server = await env.start();
      dev = await enrollDevice(server, 'TXT', { deviceCode: '01' });
    });

    afterAll(async () => {
      await env?.dispose();
    });

    it('rejects each event with unclean payload text on its own, naming the path; the clean ones go in', async () => {
      const before = await env.snapshot();
      const clean = caseOpened(dev, { name: '李秀英 😀', account: '客户反映\t年费被重复扣收。\n𠀀 第二行' });
      const caseId = caseIdOf(clean);
      const batch = [
        caseOpened(dev, { name: '李\u0000秀英' }),
        clean,
        caseNote(dev, caseId, '已致电\udc00客户'),
        caseNote(dev, caseId, '已致电\ud83d'),
        caseNote(dev, caseId, '\u001b[2J已致电客户'),
        caseNote(dev, caseId, '第一行\r\n第二行'),
        caseNote(dev, caseId, '删除\u007f'),
        caseNote(dev, caseId, '\u0085下一行'),
        caseFieldSet(dev, caseId, 'phone', '138\u00000138000'),
        // Unknown types and newer schemas are stored raw, but their text is checked all the same.
        makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.future',
          payload: { 'k\u0001': 'v' },
        }),
        makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.note_added',
          schema: 2,
          payload: { text: ['ok', 'bell\u0007'] },
        }),
        caseNote(dev, caseId, '已致电客户说明处理进度。'),
      ];
      const acks = await pushOk(server, dev, batch);
      expect(acks.map((a) => a.id)).toEqual(batch.map((e) => e.id));
      expect(acks.map((a) => (a.status === 'rejected' ? a.reason : a.status))).toEqual([
        'invalid_text: payload.customer.name: control character U+0000 NUL at character 2',
        'accepted',
        'invalid_text: payload.text: unpaired surrogate U+DC00 at character 4',
        'invalid_text: payload.text: unpaired surrogate U+D83D at character 4',
        'invalid_text: payload.text: control character U+001B ESC at character 1',
        'invalid_text: payload.text: control character U+000D CR at character 4',
        'invalid_text: payload.text: control character U+007F DEL at character 3',
        'invalid_text: payload.text: control character U+0085 at character 1',
        'invalid_text: payload.value: control character U+0000 NUL at character 4',
        'invalid_text: payload.k\\u0001: control character U+0001 at character 2',
        'invalid_text: payload.text.1: control character U+0007 at character 5',
        'accepted',
      ]);

      expect(await env.snapshot()).toEqual({
        ...before,
        events: (before.events ?? 0) + 2,
        cases: (before.cases ?? 0) + 1,
      });
      const back = (await pullAll(server, dev)).events;
      expect(back.find((e) => e.id === clean.id)).toEqual(clean);
      expect(back.map((e) => e.id).sort()).toEqual([clean.id, batch[11]!.id].sort());
    });

    it('answers a push body that is not valid UTF-8 with 400, naming the byte and storing nothing', async () => {
      const before = await env.snapshot();
      const text = JSON.stringify({ events: [caseOpened(dev, { name: '李秀英' })] });
      const at = text.indexOf('李');
      const bytes = utf8(text);
      const offset = utf8(text.slice(0, at)).length;
      bytes[offset] = 0xff; // the first byte of 李 (E6 9D 8E) becomes one no UTF-8 text holds
      const e = expectSyncError(
        await request(server, 'POST', '/v1/push', { token: dev.token, raw: bytes }),
        400,
        'invalid_request',
      );
      expect(e.error.message).toContain(`not valid UTF-8 (unreadable from byte ${offset + 1} on)`);
      expect(await env.snapshot()).toEqual(before);
    });

    it('refuses unclean text in an enrolment with 400 naming the field; the code stays usable', async () => {
      const before = await env.snapshot();
      const code = await server.createEnrollmentCode('TXT');
      const base = { code, deviceId: newId(), branchCode: 'TXT', deviceCode: '02' };
      const afterCode = await env.snapshot();
      const e = expectSyncError(
        await request(server, 'POST', '/v1/enroll', { json: { ...base, label: '柜台\u001b[31m 2' } }),
        400,
        'invalid_request',
      );
      expect(e.error.message).toContain('“label”');
      expect(e.error.message).toContain('The field "label" contains a character that is not allowed');
      expectSyncError(
        await request(server, 'POST', '/v1/enroll', { json: { ...base, label: '柜台\ud800' } }),
        400,
        'invalid_request',
      );
      const broken = utf8(JSON.stringify({ ...base, label: '柜台 2' }));
      broken[broken.length - 4] = 0xc0; // the space before "2": a lead byte no UTF-8 text holds
      expectSyncError(await request(server, 'POST', '/v1/enroll', { raw: broken }), 400, 'invalid_request');
      expect(await env.snapshot()).toEqual(afterCode);
      expect(afterCode.enrollment_codes).toBe((before.enrollment_codes ?? 0) + 1);

      const ok = await request(server, 'POST', '/v1/enroll', { json: { ...base, label: '柜台 2' } });
      expect(ok.status).toBe(200);
    });

    it('refuses unclean text in a head-office query with 400 naming the parameter', async () => {
      const admin = await server.createAdminToken();
      const e = expectSyncError(
        await request(server, 'GET', '/v1/admin/cases?category=banking%00.fees', { token: admin }),
        400,
        'invalid_request',
      );
      expect(e.error.message).toContain('"category"');
      const fine = await request(server, 'GET', '/v1/admin/cases?category=banking.fees', { token: admin });
      expect(fine.status).toBe(200);
    });
  });
}
