/**
 * Head office sees a case's evidence (review finding 9): the escalations view
 * lists each file (name, kind, size, sha256, mime, who added it, when), and
 * GET /v1/admin/attachments/:sha256?case= answers the type detected from the
 * stored bytes under the recorded name, sanitised, with the detected type's
 * extension (RFC 6266 `filename*` for Chinese names); bytes off the evidence
 * allow-list are not served (415). SQLite, and PostgreSQL when
 * LOOPDESK_TEST_PG_URL is set.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminEscalationsResponse } from '../../shared/contract/adminEscalations';
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
  makeEvent,
  pushOk,
  request,
  staffCreated,
  type TestDevice,
} from './server-fixtures';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n'));
const EXE = new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)]));

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `head office and a case's evidence on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;
      let admin: string;
      let sup: TestDevice;
      let ctr: TestDevice;
      const bossId = newId();
      const clerkId = newId();
      let caseId = '';

      const accepted = async (dev: TestDevice, events: EventEnvelope[]) => {
        const acks = await pushOk(server, dev, events);
        expect(acks.map((a) => a.status)).toEqual(events.map(() => 'accepted'));
      };
      const evidence = (bytes: Uint8Array, name: string, mime: string) =>
        makeEvent(ctr, {
          stream: `case:${caseId}`,
          type: 'case.evidence_added',
          actor: clerkId,
          payload: { sha256: sha(bytes), size: bytes.length, mime, name, kind: 'document', note: '客户合同' },
        });
      const put = async (bytes: Uint8Array) => {
        const res = await request(server, 'PUT', `/v1/attachments/${sha(bytes)}`, {
          token: ctr.token,
          raw: new Uint8Array(bytes),
          contentType: 'application/octet-stream',
        });
        expect(res.status).toBeLessThan(300);
      };
      const adminGet = (bytes: Uint8Array, query: string) =>
        request(server, 'GET', `/v1/admin/attachments/${sha(bytes)}${query}`, { token: admin });

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start();
        admin = await server.createAdminToken();
        sup = await enrollDevice(server, 'GZ', { deviceCode: '09', role: 'supervisor' });
        ctr = await enrollDevice(server, 'GZ', { deviceCode: '01' });
        const staff = (id: string, login: string, role: string, name: string) =>
          makeEvent(sup, {
            stream: `staff:${id}`,
            type: 'staff.created',
            payload: { name, login, role, credential: fakeCredential() },
          });
        await accepted(sup, [
          staffCreated(sup, '王管理员'),
          staff(bossId, 'boss', 'supervisor', '周主管'),
          staff(clerkId, 'clerk', 'counter', '李柜员'),
        ]);
        const opened = caseOpened({ ...ctr, staffId: clerkId }, { name: '甲' });
        caseId = caseIdOf(opened);
        await accepted(ctr, [opened]);
        // A PDF recorded under a doubled name, and an executable another desk claimed was a photo.
        await accepted(ctr, [
          evidence(PDF, '合同.pdf.exe', 'application/pdf'),
          evidence(EXE, '照片.jpg', 'image/jpeg'),
        ]);
        await put(PDF);
        await put(EXE);
        await accepted(sup, [
          makeEvent(sup, {
            stream: `case:${caseId}`,
            type: 'case.escalated',
            actor: bossId,
            payload: {
              level: 'head_office',
              canEmployeeSolve: false,
              canSolveOnSite: false,
              rootCause: 'policy',
              reason: '涉及全行资费政策',
            },
          }),
        ]);
      });

      afterAll(async () => {
        await env?.dispose();
      });

      it('lists the case’s evidence in the escalations view: name, kind, size, sha256, mime, who, when', async () => {
        const res = await request(server, 'GET', '/v1/admin/escalations', { token: admin });
        expect(res.status).toBe(200);
        const page = AdminEscalationsResponse.parse(res.body);
        expect(page.items).toHaveLength(1);
        const files = page.items[0]?.evidence ?? [];
        expect(
          files.map((f) => [f.name, f.kind, f.size, f.sha256, f.mime, f.addedBy, f.addedByName]),
        ).toEqual([
          ['合同.pdf.exe', 'document', PDF.length, sha(PDF), 'application/pdf', clerkId, '李柜员'],
          ['照片.jpg', 'document', EXE.length, sha(EXE), 'image/jpeg', clerkId, '李柜员'],
        ]);
        expect(files[0]?.addedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(files[0]?.download).toBe(`/v1/admin/attachments/${sha(PDF)}?branch=GZ&case=${caseId}`);
      });

      it('downloads as the detected type under the recorded name with the detected extension', async () => {
        const res = await adminGet(PDF, `?branch=GZ&case=${caseId}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-disposition')).toBe(
          `attachment; filename="__.pdf"; filename*=UTF-8''${encodeURIComponent('合同.pdf')}`,
        );
        expect(res.text).toBe(Buffer.from(PDF).toString());
        // Without the case: a name of its own, still the detected type.
        const bare = await adminGet(PDF, '');
        expect(bare.headers.get('content-disposition')).toBe(
          `attachment; filename="evidence-${sha(PDF).slice(0, 12)}.pdf"; filename*=UTF-8''evidence-${sha(PDF).slice(0, 12)}.pdf`,
        );
        // A supervisor device of the branch gets the same.
        const mine = await request(server, 'GET', `/v1/admin/attachments/${sha(PDF)}?case=${caseId}`, {
          token: sup.token,
        });
        expect(mine.status).toBe(200);
        expect(mine.headers.get('content-type')).toBe('application/pdf');
      });

      it('does not serve bytes off the allow-list, whatever the event claimed', async () => {
        const res = await adminGet(EXE, `?case=${caseId}`);
        expect(res.status).toBe(415);
        expect(res.text).toMatch(/not an accepted evidence type/);
        expect(res.headers.get('content-disposition')).toBeNull();
      });
    },
  );
}
