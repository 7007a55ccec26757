/**
 * The case list's issue-12 filters through DeskApi (`case.list`: repeat,
 * nature, first-contact resolution, escalation, malice; electron/desk/features/cases/queries.ts) on a
 * hand-built branch of nine cases, each filter's rows named exactly, alone,
 * combined and paged; and each filter's query plan reading an index in list
 * order (no scan of the cases, no sort).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseListPage, CaseListQuery } from '../../shared/contract/methods/cases';
import type { Session } from '../../shared/contract/methods/staff';
import { openDatabase } from '../../electron/desk/db/open';
import { buildListQueries, type ListQuery } from '../../electron/desk/features/cases/queries';
import { createCase, openTestDesk, recordSteps, STEP_FIELDS, type TestDesk } from './desk-fixtures';
import { clerkAndBoss } from './case-desk-fixtures';

/** A valid 1x1 PNG: the evidence a malicious determination cites. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const escalation = (caseId: string, level: string) => ({
  caseId,
  level,
  canEmployeeSolve: false,
  canSolveOnSite: false,
  rootCause: 'policy',
  reason: '超出柜面权限',
});

const customer = (phone: string) => ({
  customer: { name: '周敏', phone, gender: 'female', returning: false },
});

/**
 * The branch, by key:
 * - plain: open, at the counter, never flagged, first complaint;
 * - repeat: the same phone as `plain`, a day later: a repeat, escalated to
 *   the supervisor by the clerk, not reviewed;
 * - region: escalated to the supervisor (reviewed), then by the supervisor to
 *   the region (not reviewed);
 * - head: escalated to head office by the supervisor and reviewed; suspected;
 * - reviewed: escalated to the supervisor and reviewed;
 * - suspected: flagged as suspected;
 * - goodFaith: flagged, then determined in good faith;
 * - malicious: flagged, evidence added, determined malicious (still open);
 * - valid / venting: closed with that nature; valid resolved at first
 *   contact, venting not (step 5 names a hand-off department).
 */
const K = [
  'plain',
  'repeat',
  'region',
  'head',
  'reviewed',
  'suspected',
  'goodFaith',
  'malicious',
  'valid',
  'venting',
] as const;
type Key = (typeof K)[number];

describe('case.list filters of issue 12', () => {
  let desk: TestDesk;
  let clerk: Session;
  let boss: Session;
  const ids = {} as Record<Key, string>;

  const list = (q: CaseListQuery, token = clerk.token) => desk.must<CaseListPage>('case.list', q, token);
  /** The keys of the cases a query lists, in list order (newest first). */
  const keys = async (q: CaseListQuery): Promise<Key[]> => {
    const page = await list({ limit: 100, ...q });
    expect(page.total).toBe(page.items.length);
    return page.items.map((i) => K.find((k) => ids[k] === i.id) ?? (i.id as Key));
  };
  /** `keys` sorted the way the fixture lists them (newest first). */
  const newestFirst = (...ks: Key[]) => [...ks].sort((a, b) => K.indexOf(b) - K.indexOf(a));

  async function reviewAll(caseId: string) {
    const d = await desk.must<CaseDetail>('case.get', { caseId }, boss.token);
    for (const s of d.escalation?.steps ?? []) {
      if (s.review) continue;
      await desk.must(
        'case.reviewEscalation',
        { caseId, escalationId: s.eventId, justified: true, comment: '确需升级' },
        // The admin: a supervisor may not review their own escalation (issue 12 review #8).
        desk.admin.token,
      );
    }
  }

  beforeAll(async () => {
    desk = await openTestDesk();
    ({ clerk, boss } = await clerkAndBoss(desk));
    const phones: Record<Key, string> = {
      plain: '13800000001',
      repeat: '13800000001',
      region: '13800000003',
      head: '13800000004',
      reviewed: '13800000005',
      suspected: '13800000006',
      goodFaith: '13800000007',
      malicious: '13800000008',
      valid: '13800000009',
      venting: '13800000010',
    };
    for (const k of K) ids[k] = (await createCase(desk, clerk.token, customer(phones[k]))).id;

    await desk.must('case.escalate', escalation(ids.repeat, 'supervisor'), clerk.token);

    await desk.must('case.escalate', escalation(ids.region, 'supervisor'), clerk.token);
    await reviewAll(ids.region);
    await desk.must('case.escalate', escalation(ids.region, 'region'), boss.token);

    await desk.must('case.escalate', escalation(ids.head, 'head_office'), boss.token);
    await reviewAll(ids.head);
    await desk.must('case.suspectMalice', { caseId: ids.head, note: '' }, clerk.token);

    await desk.must('case.escalate', escalation(ids.reviewed, 'supervisor'), clerk.token);
    await reviewAll(ids.reviewed);

    await desk.must('case.suspectMalice', { caseId: ids.suspected, note: '多次投诉' }, clerk.token);

    await desk.must('case.suspectMalice', { caseId: ids.goodFaith, note: '' }, clerk.token);
    await desk.must(
      'case.determineMalice',
      { caseId: ids.goodFaith, outcome: 'good_faith', reason: '客户确不知情' },
      boss.token,
    );

    await desk.must('case.suspectMalice', { caseId: ids.malicious, note: '' }, clerk.token);
    const staged = desk.core.evidence.stage();
    fs.writeFileSync(staged.path, PNG);
    const added = await desk.must<{ evidence: { sha256: string } }>(
      'case.evidence.add',
      { caseId: ids.malicious, upload: staged.id, name: '订购记录.png', kind: 'photo', note: '' },
      clerk.token,
    );
    desk.core.evidence.discard(staged.id);
    await desk.must(
      'case.determineMalice',
      {
        caseId: ids.malicious,
        outcome: 'malicious',
        motives: ['undue_gain'],
        behaviours: ['inventing'],
        evidence: [added.evidence.sha256],
        offer: '按规定退还当月功能费，并书面说明。',
        reason: '订购记录清楚',
      },
      boss.token,
    );

    for (const [k, nature, handoffDepartment] of [
      ['valid', 'valid', ''],
      ['venting', 'venting', '卡部'],
    ] as const) {
      await recordSteps(desk, clerk.token, ids[k], 4);
      const step5 = { ...STEP_FIELDS[5], ...(handoffDepartment ? { handoffDepartment } : {}) };
      await desk.must('case.recordStep', { caseId: ids[k], step: 5, fields: step5 }, clerk.token);
      await desk.must('case.recordStep', { caseId: ids[k], step: 6, fields: STEP_FIELDS[6] }, clerk.token);
      await desk.must('case.close', { caseId: ids[k], nature }, clerk.token);
    }
  });
  afterAll(() => desk.close());

  it('repeat: only repeat complaints, or only first ones', async () => {
    expect(await keys({ repeat: true })).toEqual(['repeat']);
    expect(await keys({ repeat: false })).toEqual(newestFirst(...K.filter((k) => k !== 'repeat')));
  });

  it('nature: only the cases closed with it', async () => {
    expect(await keys({ nature: 'valid' })).toEqual(['valid']);
    expect(await keys({ nature: 'venting' })).toEqual(['venting']);
    expect(await keys({ nature: 'consulting' })).toEqual([]);
  });

  it('fcr: only closed cases resolved at first contact, or only closed ones that were not', async () => {
    expect(await keys({ fcr: true })).toEqual(['valid']);
    expect(await keys({ fcr: false })).toEqual(['venting']);
    // Open cases (fcr null) match neither.
    expect(await keys({ fcr: true, status: 'new' })).toEqual([]);
    expect(await keys({ fcr: false, nature: 'venting' })).toEqual(['venting']);
  });

  it('escalation: any level above the counter, one level, or awaiting a review', async () => {
    expect(await keys({ escalation: 'escalated' })).toEqual(
      newestFirst('repeat', 'region', 'head', 'reviewed'),
    );
    expect(await keys({ escalation: 'supervisor' })).toEqual(newestFirst('repeat', 'reviewed'));
    expect(await keys({ escalation: 'region' })).toEqual(['region']);
    expect(await keys({ escalation: 'head_office' })).toEqual(['head']);
    // The region case's first escalation was reviewed, its second waits.
    expect(await keys({ escalation: 'unreviewed' })).toEqual(newestFirst('repeat', 'region'));
  });

  it('malice: any flagged, or one status', async () => {
    expect(await keys({ malice: 'flagged' })).toEqual(
      newestFirst('head', 'suspected', 'goodFaith', 'malicious'),
    );
    expect(await keys({ malice: 'suspected' })).toEqual(newestFirst('head', 'suspected'));
    expect(await keys({ malice: 'good_faith' })).toEqual(['goodFaith']);
    expect(await keys({ malice: 'malicious' })).toEqual(['malicious']);
  });

  it('combines with each other and with the older filters and the search', async () => {
    expect(await keys({ escalation: 'escalated', malice: 'flagged' })).toEqual(['head']);
    expect(await keys({ escalation: 'unreviewed', repeat: true })).toEqual(['repeat']);
    expect(await keys({ escalation: 'supervisor', repeat: false })).toEqual(['reviewed']);
    expect(await keys({ malice: 'malicious', status: 'new' })).toEqual(['malicious']);
    expect(await keys({ malice: 'flagged', status: 'closed' })).toEqual([]);
    expect(await keys({ escalation: 'escalated', status: 'closed' })).toEqual([]);
    expect(await keys({ nature: 'valid', status: 'closed' })).toEqual(['valid']);
    expect(await keys({ nature: 'valid', status: 'new' })).toEqual([]);
    expect(await keys({ malice: 'suspected', text: '13800000006' })).toEqual(['suspected']);
    expect(await keys({ escalation: 'escalated', text: '13800000001' })).toEqual(['repeat']);
    const today = new Date();
    const from = new Date(today.getTime() - 86_400_000).toISOString();
    const to = new Date(today.getTime() + 86_400_000).toISOString();
    expect(await keys({ malice: 'flagged', from, to })).toEqual(
      newestFirst('head', 'suspected', 'goodFaith', 'malicious'),
    );
  });

  it('pages the "any" filters by cursor, newest first, each case once', async () => {
    for (const [q, want] of [
      [{ escalation: 'escalated' }, newestFirst('repeat', 'region', 'head', 'reviewed')],
      [{ malice: 'flagged' }, newestFirst('head', 'suspected', 'goodFaith', 'malicious')],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: CaseListPage = await list({ ...q, limit: 1, ...(cursor ? { cursor } : {}) });
        expect(page.total).toBe(want.length);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(want.map((k) => ids[k]));
    }
  });

  it('each row carries what the list shows: level, repeat, malice status and nature', async () => {
    const all = await list({ limit: 100 });
    const row = (k: Key) => all.items.find((i) => i.id === ids[k]);
    expect(row('plain')).toMatchObject({
      repeat: false,
      escalationLevel: 'counter',
      maliceStatus: null,
      nature: null,
    });
    expect(row('repeat')).toMatchObject({ repeat: true, escalationLevel: 'supervisor' });
    expect(row('region')).toMatchObject({ escalationLevel: 'region' });
    expect(row('head')).toMatchObject({ escalationLevel: 'head_office', maliceStatus: 'suspected' });
    expect(row('goodFaith')).toMatchObject({ maliceStatus: 'good_faith' });
    expect(row('malicious')).toMatchObject({ maliceStatus: 'malicious' });
    expect(row('venting')).toMatchObject({ nature: 'venting', status: 'closed', fcr: false });
    expect(row('valid')).toMatchObject({ nature: 'valid', status: 'closed', fcr: true });
    expect(row('plain')).toMatchObject({ fcr: null });
  });

  it('reads every filter on an index in list order: no scan of the cases, no sort', () => {
    const d = openDatabase(path.join(desk.dir, 'loopdesk.db'));
    try {
      const plan = (q: { sql: string; parameters: readonly unknown[] }) =>
        (d.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as { detail: string }[])
          .map((r) => r.detail)
          .join(' | ');
      const cases: [Partial<ListQuery>, RegExp][] = [
        [{ repeat: true }, /SEARCH c USING (COVERING )?INDEX cases_repeat \(repeat=\?/],
        [{ repeat: false }, /SEARCH c USING (COVERING )?INDEX cases_repeat \(repeat=\?/],
        [{ nature: 'valid' }, /SEARCH c USING (COVERING )?INDEX cases_nature \(nature=\?/],
        [{ fcr: true }, /SEARCH c USING (COVERING )?INDEX cases_fcr \(fcr=\?/],
        [{ fcr: false }, /SEARCH c USING (COVERING )?INDEX cases_fcr \(fcr=\?/],
        [
          { escalation: 'supervisor' },
          /SEARCH c USING (COVERING )?INDEX cases_escalated \(escalation_level=\?/,
        ],
        [
          { escalation: 'head_office' },
          /SEARCH c USING (COVERING )?INDEX cases_escalated \(escalation_level=\?/,
        ],
        [{ escalation: 'unreviewed' }, /(SCAN|SEARCH) c USING (COVERING )?INDEX cases_unreviewed\b/],
        [{ malice: 'malicious' }, /SEARCH c USING (COVERING )?INDEX cases_malice \(malice=\?/],
        [{ malice: 'good_faith' }, /SEARCH c USING (COVERING )?INDEX cases_malice \(malice=\?/],
        // "Any": the few positions listed from the partial index, the rows read by primary key.
        [{ escalation: 'escalated' }, /LIST SUBQUERY \d+ \| SCAN e USING COVERING INDEX cases_escalated\b/],
        [
          { malice: 'flagged' },
          /LIST SUBQUERY \d+ \| SEARCH m USING COVERING INDEX cases_malice \(malice>\?\)/,
        ],
      ];
      for (const [filter, index] of cases) {
        for (const after of [null, 5000]) {
          const { rows, count } = buildListQueries(d.db, { limit: 50, ...filter } as ListQuery, after);
          for (const p of [plan(rows.compile()), plan(count.compile())]) {
            const what = `${JSON.stringify(filter)} after ${after}: ${p}`;
            expect(p, what).toMatch(index);
            expect(p, what).not.toMatch(/\bSCAN (c|cases)\b(?! USING (COVERING )?INDEX cases_unreviewed)/);
            expect(p, what).not.toMatch(/TEMP B-TREE/);
          }
        }
      }
    } finally {
      d.close();
    }
  });
});
