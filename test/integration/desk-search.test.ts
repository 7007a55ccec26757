/**
 * Search (gram index + recheck) and the list's query plans.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseListPage, type CaseDetail } from '../../shared/contract/methods/cases';
import { type Session } from '../../shared/contract/methods/staff';
import type { EventEnvelope } from '../../shared/domain/kernel/envelope';
import { newId } from '../../shared/domain/kernel/ids';
import { openDatabase, type DeskDatabase } from '../../electron/desk/db/open';
import {
  gramsOf,
  matchExpression,
  matchQuery,
  normalizeText,
  searchTerms,
} from '../../electron/desk/features/cases/search';
import { buildListQueries, SEARCH_TOTAL_CAP, TOTAL_CAP } from '../../electron/desk/features/cases/queries';
import { createCase, openTestDesk, RemoteDevice, staffSession, type TestDesk } from './desk-fixtures';

describe('gram tokens', () => {
  it('normalizes with NFKC, lower case and collapsed whitespace', () => {
    expect(normalizeText('  ＡＢＣ\u3000 中国\t\n银行 ')).toBe('abc 中国 银行');
    expect(searchTerms(' 投诉  投诉 Card ')).toEqual(['投诉', 'card']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('makes a unigram per character, a bigram per adjacent pair and a trigram per three ASCII letters or digits, within runs', () => {
    expect(gramsOf('中国 aB')).toEqual([
      'u004e2d',
      'b004e2d0056fd',
      'u0056fd',
      'u000061',
      'b000061000062',
      'u000062',
    ]);
    // No bigram across the space; repeated grams appear once; astral characters are one character.
    expect(gramsOf('aa aa')).toEqual(['u000061', 'b000061000061']);
    expect(gramsOf('𠀀x')).toEqual(['u020000', 'b020000000078', 'u000078']);
    for (const g of gramsOf('客户 GZ01-20261122-0007 ☎️'))
      expect(g).toMatch(/^(u[0-9a-f]{6}|b[0-9a-f]{12}|t[0-9a-z]{3})$/);
    // Trigrams only for runs of ASCII letters/digits, never across '-', a space or a Chinese character.
    const tri = (text: string) => gramsOf(text).filter((g) => g.startsWith('t'));
    expect(tri('GZ01-2026 7元短信 abc')).toEqual(['tgz0', 'tz01', 't202', 't026', 'tabc']);
    expect(tri('13800138000')).toEqual(['t138', 't380', 't800', 't001', 't013', 't000']);
  });

  it('matches one character by its unigram, Chinese pairs by bigrams and ASCII runs by trigrams', () => {
    expect(matchQuery('投')).toBe('"u006295"');
    expect(matchQuery('投诉')).toBe('"b006295008bc9"'); // 投 U+6295, 诉 U+8BC9
    expect(matchQuery('ab')).toBe('"b000061000062"');
    // Every adjacent pair is covered by a trigram, so no bigram is needed.
    expect(matchQuery('abab')).toBe('"taba" AND "tbab"');
    // '-' breaks the ASCII run: the pairs around it fall back to bigrams.
    expect(matchQuery('01-20')).toBe(
      '"b000030000031" AND "b00003100002d" AND "b00002d000032" AND "b000032000030"',
    );
    expect(matchQuery('7元短信')).toBe('"b000037005143" AND "b0051430077ed" AND "b0077ed004fe1"');
    expect(matchQuery('Ａ')).toBe('"u000061"');
    expect(matchExpression(['a', 'bc'])).toBe('("u000061") AND ("b000062000063")');
    expect(() => matchQuery('  ')).toThrow();
  });
});

describe('case search through case.list', () => {
  let t: TestDesk;
  let s: Session;
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  const find = async (text: string, extra: Record<string, unknown> = {}) => {
    const r = await t.call('case.list', { text, ...extra }, s.token);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const page = r.value as CaseListPage;
    expect(CaseListPage.safeParse(page).success).toBe(true);
    return page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0] ?? i.id).sort();
  };

  beforeAll(async () => {
    t = await openTestDesk();
    s = await staffSession(t, 'counter', 'searcher');
    const make = async (key: string, name: string, phone: string, account: string) => {
      const c = await createCase(t, s.token, {
        customer: { name, phone, gender: 'unknown', returning: false },
        account,
      });
      ids[key] = c.id;
      numbers[key] = c.number;
      return c;
    };
    await make('A', '张伟', '13800138000', '投诉信用卡年费重复扣收');
    await make('B', '王芳', '021-5555', '投资理财产品亏损,诉求退还本金');
    await make('C', 'Zhang Wei', '+86 139-1234-5678', 'The ATM swallowed my Card at night');
    await make('D', '李四', '', '宽带网速很慢');
    // Step-2 account is part of the search text.
    await t.must<CaseDetail>(
      'case.recordStep',
      { caseId: ids.D, step: 1, fields: { apologyGiven: true, customerMood: 'calm' } },
      s.token,
    );
    await t.must<CaseDetail>(
      'case.recordStep',
      {
        caseId: ids.D,
        step: 2,
        fields: {
          account: '光猫指示灯闪红',
          factsWhat: '断网',
          factsWhen: '昨晚',
          demand: '上门维修',
          recordConfirmed: true,
        },
      },
      s.token,
    );
  });
  afterAll(() => t.close());

  it('finds 1, 2, 4 and more Chinese characters', async () => {
    expect(await find('张')).toEqual(['A']);
    expect(await find('伟')).toEqual(['A']);
    expect(await find('投诉')).toEqual(['A']);
    expect(await find('信用卡年')).toEqual(['A']);
    expect(await find('年费重复扣收')).toEqual(['A']);
    expect(await find('网速')).toEqual(['D']);
    expect(await find('光猫指示灯')).toEqual(['D']);
  });

  it('has no false positives when the characters occur apart or in another order', async () => {
    // B contains 投 (投资) and 诉 (诉求) but never 投诉.
    expect(await find('投')).toEqual(['A', 'B']);
    expect(await find('诉')).toEqual(['A', 'B']);
    expect(await find('投诉')).toEqual(['A']);
    expect(await find('诉投')).toEqual([]);
    expect(await find('年费扣收')).toEqual([]); // both bigrams exist in A, but not as one string
    expect(await find('不存在的词')).toEqual([]);
  });

  it('finds Latin words case-insensitively, including full-width input', async () => {
    expect(await find('card')).toEqual(['C']);
    expect(await find('CARD')).toEqual(['C']);
    expect(await find('ＣＡＲＤ')).toEqual(['C']);
    expect(await find('zhang')).toEqual(['C']);
    expect(await find('swallow')).toEqual(['C']);
    expect(await find('cards')).toEqual([]);
  });

  it('finds partial phone numbers and case numbers', async () => {
    expect(await find('1380')).toEqual(['A']);
    expect(await find('5678')).toEqual(['C']);
    expect(await find('13912345678')).toEqual(['C']); // digits-only form of "+86 139-1234-5678"
    expect(await find('139-1234')).toEqual(['C']);
    expect(await find(numbers.D!)).toEqual(['D']);
    expect(await find(numbers.B!.toLowerCase())).toEqual(['B']);
    expect(await find(numbers.A!.slice(0, 5))).toEqual(['A', 'B', 'C', 'D']);
  });

  it('ANDs terms and combines with filters', async () => {
    expect(await find('张伟 1380')).toEqual(['A']);
    expect(await find('张伟 5678')).toEqual([]);
    expect(await find('张', { status: 'in_progress' })).toEqual([]);
    expect(await find('网速', { status: 'in_progress' })).toEqual(['D']);
    expect(await find('  ')).toEqual(['A', 'B', 'C', 'D']); // blank text = no search
  });
});

describe('list paging and query plans', () => {
  let t: TestDesk;
  let token: string;
  let d: DeskDatabase;
  const total = TOTAL_CAP + 150;

  beforeAll(async () => {
    t = await openTestDesk();
    token = t.admin.token;
    // Bulk data through appendEvents: enough rows for realistic plans and the total cap.
    const dev = new RemoteDevice('dev-plan', Date.parse('2026-11-01T00:00:00Z'));
    const events: EventEnvelope[] = [];
    const severities = ['urgent', 'general', 'special', 'major'];
    for (let n = 0; n < total; n++) {
      const id = newId();
      events.push(
        dev.opened(id, n, {
          severity: severities[n % 4],
          category: n % 2 ? 'telecom.billing' : 'banking.cards',
          account: n % 1000 === 0 ? `罕见关键词投诉${n}` : `普通的投诉内容${n % 50}`,
        }),
      );
      if (n % 3 === 0) events.push(dev.event(`case:${id}`, 'case.closed', { overrideReason: '批量' }));
    }
    for (let i = 0; i < events.length; i += 1000) t.core.appendEvents(events.slice(i, i + 1000));
    d = openDatabase(path.join(t.dir, 'loopdesk.db'));
  });
  afterAll(() => {
    d.close();
    t.close();
  });

  const plan = (q: { sql: string; parameters: readonly unknown[] }) =>
    (d.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.parameters) as { detail: string }[]).map(
      (r) => r.detail,
    );

  it('pages with an opaque keyset cursor, newest first, and caps the total', async () => {
    const matching = Array.from({ length: total }, (_, n) => n).filter((n) => n % 4 === 3 && n % 3 !== 0);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let firstNumber = '';
    let pages = 0;
    do {
      const input: Record<string, unknown> = { status: 'new', severity: 'major', limit: 200 };
      if (cursor) input.cursor = cursor;
      const page: CaseListPage = await t.must<CaseListPage>('case.list', input, token);
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
        expect(item.status).toBe('new');
        expect(item.severity).toBe('major');
      }
      if (pages === 0) {
        expect(page.total).toBe(matching.length);
        expect(page.totalCapped).toBe(false);
        firstNumber = page.items[0]!.number;
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen.size).toBe(matching.length);
    expect(pages).toBe(Math.ceil(matching.length / 200));
    // Newest arrival first.
    expect(Number(firstNumber.split('-')[2])).toBe(matching[matching.length - 1]);

    const all = await t.must<CaseListPage>('case.list', { limit: 10 }, token);
    expect(all.total).toBe(TOTAL_CAP);
    expect(all.totalCapped).toBe(true);

    // A text search counts up to its own, smaller cap.
    const common = await t.must<CaseListPage>('case.list', { text: '投诉', limit: 5 }, token);
    expect(common.total).toBe(SEARCH_TOTAL_CAP);
    expect(common.totalCapped).toBe(true);
    expect(common.items).toHaveLength(5);

    const rare = await t.must<CaseListPage>('case.list', { text: '罕见关键词', limit: 5 }, token);
    expect(rare.total).toBe(Math.ceil(total / 1000));
    expect(rare.items).toHaveLength(5);
    const rest = await t.must<CaseListPage>(
      'case.list',
      { text: '罕见关键词', limit: 200, cursor: rare.nextCursor },
      token,
    );
    expect(rest.items).toHaveLength(Math.ceil(total / 1000) - 5);
    expect(rest.nextCursor).toBeNull();
    const order = [...rare.items, ...rest.items].map((i) => Number(i.number.split('-')[2]));
    expect(order).toEqual([...order].sort((a, b) => b - a));

    const bad = await t.call('case.list', { cursor: 'not-a-cursor' }, token);
    expect(bad.ok ? null : bad.error.fields?.cursor).toBeTruthy();
  });

  it('search uses the FTS index and never scans the cases table', () => {
    for (const q of [
      { text: '投诉', limit: 50 },
      { text: '罕 见关键词', status: 'new' as const, limit: 50 },
      { text: 'gz01 1390', severity: 'major', limit: 50 },
    ]) {
      for (const after of [null, 5000]) {
        const { rows, count } = buildListQueries(d.db, q, after);
        for (const compiled of [rows.compile(), count.compile()]) {
          const p = plan(compiled);
          expect(
            p.some((x) => /^SCAN s VIRTUAL TABLE INDEX \d+:M/.test(x)),
            p.join(' | '),
          ).toBe(true);
          expect(
            p.some((x) => /^SCAN (c|cases)\b/.test(x)),
            p.join(' | '),
          ).toBe(false);
          expect(
            p.some((x) => /SEARCH c USING INTEGER PRIMARY KEY/.test(x)),
            p.join(' | '),
          ).toBe(true);
          expect(
            p.some((x) => /TEMP B-TREE/.test(x)),
            p.join(' | '),
          ).toBe(false);
          expect(compiled.sql).not.toMatch(/\blike\b/i);
        }
      }
    }
  });

  it('a filtered list reads its index in list order, without a sort', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'new' }, 'cases_status'],
      [{ category: 'banking.cards' }, 'cases_category'],
      [{ severity: 'urgent' }, 'cases_severity'],
      [{ owner: '01890000-0000-7000-8000-0000000000aa' }, 'cases_owner'],
    ];
    for (const [filter, index] of cases) {
      for (const after of [null, 5000]) {
        const { rows, count } = buildListQueries(d.db, { ...filter, limit: 50 } as never, after);
        const p = plan(rows.compile());
        expect(
          p.some((x) => x.startsWith(`SEARCH c USING INDEX ${index} (`)),
          p.join(' | '),
        ).toBe(true);
        expect(
          p.some((x) => /TEMP B-TREE/.test(x)),
          p.join(' | '),
        ).toBe(false);
        const pc = plan(count.compile());
        expect(
          pc.some((x) => x.includes(`INDEX ${index}`)),
          pc.join(' | '),
        ).toBe(true);
      }
    }
    // Date range: walk the primary key inside the pos range of matching cases (no sort).
    for (const after of [null, 5000]) {
      const range = { min: 100, max: 9000 };
      const { rows } = buildListQueries(
        d.db,
        { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', limit: 50 },
        after,
        range,
      );
      const pd = plan(rows.compile());
      expect(
        pd.some((x) => /^SEARCH c USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/.test(x)),
        pd.join(' | '),
      ).toBe(true);
      expect(
        pd.some((x) => /TEMP B-TREE/.test(x)),
        pd.join(' | '),
      ).toBe(false);
    }
    // No filter at all: walk the primary key backwards (no sort).
    const p = plan(buildListQueries(d.db, { limit: 50 }, 5000).rows.compile());
    expect(
      p.some((x) => /TEMP B-TREE/.test(x)),
      p.join(' | '),
    ).toBe(false);
    expect(
      p.some((x) => /^SEARCH c USING INTEGER PRIMARY KEY \(rowid<\?\)/.test(x)),
      p.join(' | '),
    ).toBe(true);
  });
});
