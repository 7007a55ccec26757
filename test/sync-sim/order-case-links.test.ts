/**
 * Issue 11, item 5, across desks: a link between a complaint case and a work
 * order made on one desk reaches the other through sync and is folded there
 * by the same order projector, so each desk finds the case's orders
 * (`order.forCase`) and the order's cases by number. Desk A opens the order
 * and links A's case by its number; desk B links a case of its own by the
 * order's number. After both sync until nothing moves, both desks answer the
 * same. SQLite always, PostgreSQL when LOOPDESK_TEST_PG_URL is set.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { OrderDetail, OrderSummary } from '../../shared/contract/methods/orders';
import type { OrderTemplates } from '../../shared/domain/orders/template';
import { newCaseInput } from '../integration/desk-fixtures';
import { branchDesks } from './branchDesks';
import { checkInvariants, quiesce, simEngines } from './harness';

for (const engine of simEngines()) {
  describe(`a case and a work order linked on two desks (${engine})`, () => {
    const branch = branchDesks(engine, '广州天河店');
    const { desk } = branch;

    it('each desk finds the orders of a case linked on the other, by number both ways', async () => {
      const { server } = branch;
      const a = await desk('01');
      const b = await desk('02');
      const label = () => `order-case-links ${engine}`;
      await quiesce(server, [a, b], { label });

      const { templates } = await a.must<{ templates: OrderTemplates }>('order.templates', {});
      const kind = templates.kinds.find((k) => k.value === 'car_repair');
      if (!kind) throw new Error('no car_repair kind');
      const readings = Object.fromEntries(
        kind.readings.filter((r) => r.required).map((r) => [r.key, r.kind === 'number' ? 50 : '正常']),
      );
      const caseA = await a.must<CaseDetail>('case.create', newCaseInput());
      const order = await a.must<OrderDetail>('order.open', {
        kind: 'car_repair',
        customer: { name: '张伟', phone: '13900139000' },
        subject: { plate: '粤A12345', vinOrSerial: '', model: '', readingsBefore: readings },
        items: [{ title: '更换雨刮', trade: 'mechanical', labourFen: 2000, parts: [] }],
        promisedAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      await a.must('order.linkCase', { orderId: order.id, caseNumber: caseA.number });
      const caseB = await b.must<CaseDetail>('case.create', newCaseInput({ severity: 'major' }));
      await quiesce(server, [a, b], { label });

      // B links its own case by the order's number (the case page's way in).
      await b.must('order.linkCase', { orderNumber: order.number, caseId: caseB.id });
      await quiesce(server, [a, b], { label });
      await checkInvariants(server, [a, b], label());

      for (const d of [a, b]) {
        for (const c of [caseA, caseB]) {
          const found = await d.must<{ items: OrderSummary[] }>('order.forCase', { caseId: c.id });
          expect(
            found.items.map((o) => [o.id, o.number, o.plate]),
            `${d.name}: ${c.number}`,
          ).toEqual([[order.id, order.number, '粤A12345']]);
        }
        const seen = await d.must<OrderDetail>('order.get', { orderId: order.id });
        expect(seen.cases, `${d.name}: the order's cases`).toEqual([
          { id: caseA.id, number: caseA.number },
          { id: caseB.id, number: caseB.number },
        ]);
      }
    });
  });
}
