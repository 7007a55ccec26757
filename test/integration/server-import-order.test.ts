/**
 * Head office opens an imported case whatever order its events arrive in
 * (issue 13; server/store/cases.ts): a `case.imported` counts only when its
 * actor supervises at its fold key, and one that arrives before the staff
 * event making its actor an administrator is refused at first. It is
 * remembered (`case_judged`) and opens when that staff event arrives, as on
 * a desk that received them the other way round. SQLite always, PostgreSQL
 * when LOOPDESK_TEST_PG_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/domain/kernel/ids';
import { streamOf } from '../../shared/domain/kernel/envelope';
import type { SyncServer } from '../../server/app';
import { TestEnv, engines, enrollDevice, makeEvent, pushOk, staffCreated } from './server-fixtures';

function importedPayload() {
  return {
    number: 'IO-01-20230305-0001',
    customer: { name: '导入丙', phone: '13800138000', gender: 'male', returning: true },
    channel: 'phone',
    category: 'banking.fees',
    severity: 'general',
    account: '年费未告知',
    receivedAt: '2023-03-05T09:30:00+08:00',
    region: '',
    result: '',
    status: 'in_progress',
    closedAt: null,
    fcr: null,
    satisfaction: null,
    nature: null,
    handler: '',
    reference: 'A-009',
    source: { file: '台账.xlsx', sheet: 'S', row: 2, sha256: 'c'.repeat(64) },
  };
}

for (const { engine, skip } of engines()) {
  describe.skipIf(skip !== null)(
    `imported cases in any arrival order on ${engine}${skip ? ` (${skip})` : ''}`,
    () => {
      let env: TestEnv;
      let server: SyncServer;

      beforeAll(async () => {
        env = await TestEnv.create(engine);
        server = await env.start();
      });

      afterAll(async () => {
        await env?.dispose();
      });

      it('opens a case.imported that arrived before the staff event authorising it', async () => {
        const dev = await enrollDevice(server, 'IO', { deviceCode: '01', role: 'supervisor' });
        // Written in this order (the founding first, by HLC), pushed the other way round.
        const founding = staffCreated(dev, '赵主管');
        const caseId = newId();
        const imported = makeEvent(dev, {
          stream: streamOf('case', caseId),
          type: 'case.imported',
          payload: importedPayload(),
        });
        expect((await pushOk(server, dev, [imported]))[0]?.status).toBe('accepted');
        expect(await env.count('cases', 'id = $1', [caseId])).toBe(0);
        expect((await pushOk(server, dev, [founding]))[0]?.status).toBe('accepted');
        expect(await env.count('cases', 'id = $1', [caseId])).toBe(1);
      });
    },
  );
}
