/**
 * Issue 12 item 3 through DeskApi: the customer's record as the malicious-
 * claim assessment sees it (`customer.history` with `before`): only the cases
 * received before the assessed case, never the case itself nor later ones,
 * its window counted back from its receipt (so `withinWindow` > 0 exactly
 * when the case is a repeat), the cases a supervisor determined malicious
 * counted and their categories named (suspected and good-faith ones are not),
 * each item's malice status; an unknown case refused in both languages; the
 * counts served by the customer index and the partial index cases_malice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { CustomerHistory } from '../../shared/contract/methods/customers';
import { newId } from '../../shared/domain/kernel/ids';
import { openDatabase } from '../../electron/desk/db/open';
import { historyQueries } from '../../electron/desk/features/customers/queries';
import { createCase, type TestDesk } from './desk-fixtures';
import { deskPerTest, refused } from './case-desk-fixtures';

const openDesk = deskPerTest();

const DAY = 86_400_000;
const PHONE = '13900001111';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A case of 陈先生 received `daysAgo` days ago (an admin's back-dated entry). */
function earlier(desk: TestDesk, daysAgo: number, category: string, phone = PHONE, name = '陈先生') {
  return createCase(desk, desk.admin.token, {
    customer: { name, phone, gender: 'male', returning: true },
    category,
    receivedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
    reason: '补录以前的投诉',
    lateReason: '补录以前的投诉',
  });
}

/** Flags a case, adds a photo and has the admin determine it (`malicious` or `good_faith`). */
async function determine(desk: TestDesk, caseId: string, outcome: 'malicious' | 'good_faith') {
  const token = desk.admin.token;
  await desk.must('case.suspectMalice', { caseId, note: '' }, token);
  const staged = desk.core.evidence.stage();
  fs.writeFileSync(staged.path, PNG);
  const added = await desk.must<{ evidence: { sha256: string } }>(
    'case.evidence.add',
    { caseId, upload: staged.id, name: '订购记录.png', kind: 'photo', note: '' },
    token,
  );
  desk.core.evidence.discard(staged.id);
  await desk.must<CaseDetail>(
    'case.determineMalice',
    {
      caseId,
      outcome,
      motives: outcome === 'malicious' ? ['undue_gain'] : [],
      behaviours: outcome === 'malicious' ? ['inventing'] : [],
      signs: [],
      evidence: [added.evidence.sha256],
      offer: outcome === 'malicious' ? '按规定退还当月 7 元功能费，并书面说明。' : '',
      reason: '核实订购记录',
    },
    token,
  );
}

const history = (desk: TestDesk, input: Record<string, unknown>) =>
  desk.must<CustomerHistory>('customer.history', input, desk.admin.token);

describe('the customer record seen from a case (customer.history before)', () => {
  it('lists only the earlier cases, counts malicious determinations and names their categories', async () => {
    const desk = await openDesk();
    const old = await earlier(desk, 200, 'telecom.value_added'); // outside any window
    const tricked = await earlier(desk, 20, 'telecom.value_added');
    const fees = await earlier(desk, 10, 'banking.fees');
    const suspected = await earlier(desk, 5, 'telecom.billing');
    await determine(desk, old.id, 'malicious');
    await determine(desk, tricked.id, 'good_faith');
    await desk.must('case.suspectMalice', { caseId: suspected.id, note: '' }, desk.admin.token);
    const assessed = await earlier(desk, 1, 'telecom.value_added');
    const later = await createCase(desk, desk.admin.token, {
      customer: { name: '陈先生', phone: PHONE, gender: 'male', returning: true },
    });
    await earlier(desk, 2, 'telecom.value_added', '13700000000'); // someone else
    expect(assessed.repeat).toBe(true);

    const h = await history(desk, { phone: '139 0000 1111', before: assessed.id });
    expect(h.items.map((i) => i.id)).toEqual([suspected.id, fees.id, tricked.id, old.id]);
    expect(h.items.map((i) => i.malice)).toEqual(['suspected', null, 'good_faith', 'malicious']);
    expect(h.counts).toEqual({ total: 4, open: 4, withinWindow: 3, maliciousDetermined: 1, capped: false });
    expect(h.maliciousCategories).toEqual(['telecom.value_added']);
    expect(h.windowDays).toBe(30);

    // Seen from now (the intake), the later case and the assessed one are there too.
    const now = await history(desk, { phone: PHONE });
    expect(now.items.map((i) => i.id)).toEqual([
      later.id,
      assessed.id,
      suspected.id,
      fees.id,
      tricked.id,
      old.id,
    ]);
    expect(now.counts.maliciousDetermined).toBe(1);
    // Seen from the oldest case: nothing before it, so nothing malicious either.
    const first = await history(desk, { phone: PHONE, before: old.id });
    expect(first.items).toEqual([]);
    expect(first.counts).toEqual({
      total: 0,
      open: 0,
      withinWindow: 0,
      maliciousDetermined: 0,
      capped: false,
    });
    expect(first.maliciousCategories).toEqual([]);
  });

  it('counts the window back from the case: withinWindow > 0 exactly when the case is a repeat', async () => {
    const desk = await openDesk();
    const a = await earlier(desk, 100, 'banking.fees');
    const b = await earlier(desk, 60, 'banking.fees'); // 40 days after a: not a repeat
    const c = await earlier(desk, 45, 'banking.fees'); // 15 days after b: a repeat
    for (const x of [a, b, c]) {
      const d = await desk.must<CaseDetail>('case.get', { caseId: x.id }, desk.admin.token);
      const h = await history(desk, { phone: PHONE, before: x.id });
      expect(h.counts.withinWindow > 0, d.number).toBe(d.repeat);
    }
    expect((await history(desk, { phone: PHONE, before: c.id })).counts).toMatchObject({
      total: 2,
      withinWindow: 1,
    });
  });

  it('looks a name-only customer up by the normalised name, seen from a case too', async () => {
    const desk = await openDesk();
    const one = await earlier(desk, 3, 'banking.fees', '', '张 三');
    const two = await earlier(desk, 1, 'banking.fees', '无', 'ＺＨＡＮＧ san');
    const three = await earlier(desk, 1, 'banking.fees', '', '张三');
    await earlier(desk, 2, 'banking.fees', PHONE, '张三'); // has a phone: another key
    const h = await history(desk, { name: '张三', before: three.id });
    expect(h.key).toEqual({ kind: 'name', value: '张三' });
    expect(h.items.map((i) => i.id)).toEqual([one.id]);
    expect((await history(desk, { name: 'zhang SAN' })).items.map((i) => i.id)).toEqual([two.id]);
  });

  it('refuses an unknown case in both languages', async () => {
    const desk = await openDesk();
    const input = { phone: PHONE, before: newId() };
    const zh = await refused(desk, 'customer.history', input, desk.admin.token);
    expect(zh.code).toBe('not_found');
    expect(zh.message).toContain('本机没有这张投诉单');
    const en = await refused(desk, 'customer.history', input, desk.admin.token, 'en');
    expect(en.message).toContain('does not hold that case');
  });

  it('counts on the customer index and probes cases_malice, without a scan or a sort', async () => {
    const desk = await openDesk();
    await createCase(desk, desk.admin.token);
    const d = openDatabase(path.join(desk.dir, 'loopdesk.db'));
    try {
      const plan = (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
        const c = q.compile();
        return (d.sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
      };
      for (const before of [null, { caseId: newId(), receivedMs: Date.now() }]) {
        const q = historyQueries(d.db, { kind: 'phone', value: PHONE }, 0, before);
        const rows = plan(q.rows);
        expect(rows).toMatch(
          /SEARCH k USING (COVERING )?INDEX customers_by_phone \(phone_norm=\? AND received_ms<\?\)|SEARCH k USING (COVERING )?INDEX customers_by_phone \(phone_norm=\?\)/,
        );
        expect(rows).not.toMatch(/SCAN|TEMP B-TREE/);
        const counts = plan(q.counts);
        expect(counts).toMatch(/SEARCH k USING (COVERING )?INDEX customers_by_phone/);
        expect(counts).toMatch(/SEARCH m (EXISTS )?USING COVERING INDEX cases_malice \(malice=\? AND pos=\?/);
        expect(counts).not.toMatch(/SCAN (k|c|m)\b/);
        const cats = plan(q.maliciousCategories);
        expect(cats).toMatch(/SEARCH k USING (COVERING )?INDEX customers_by_phone/);
        expect(cats).toMatch(/SEARCH m (EXISTS )?USING COVERING INDEX cases_malice \(malice=\? AND pos=\?/);
        expect(cats).not.toMatch(/SCAN (k|c|m)\b/);
      }
    } finally {
      d.close();
    }
  });
});
