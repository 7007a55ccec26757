/**
 * Issue 14: the organisation's analysis lists name their codes wherever a
 * case's region, customer level or failure point is printed, not the
 * built-in lists. An administrator renames the region `city` to 主城区 and
 * adds a failure point `lobby` (大堂引导); a case recorded with them is then
 * exported (CSV: the case.opened and case.tagged lines of the thread) and
 * reported (the complaint report's XLSX: the region and failure-point
 * breakdowns) under those names. Before this, exports and reports looked the
 * codes up in the built-in lists: the CSV said 城区 and `lobby`, the report
 * `city` and `lobby`.
 */
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Session } from '../../shared/contract/methods/staff';
import { DEFAULT_ANALYSIS_LISTS } from '../../shared/domain/settings/lists';
import { createCase, openTestDesk, staffSession, type TestDesk } from './desk-fixtures';

/** 10:00 in Shanghai on 2026-03-10. */
const MAR = Date.parse('2026-03-10T02:00:00Z');
const REQUEST = {
  period: { fromDay: '2026-03-01', toDay: '2026-04-01' },
  compare: { fromDay: '2026-02-01', toDay: '2026-03-01' },
};

let t: TestDesk;
let boss: Session;

beforeAll(async () => {
  t = await openTestDesk({ now: () => MAR, sync: false, deadlines: { timers: false } });
  boss = await staffSession(t, 'supervisor', 'boss', '赵主管');
  const clerk = await staffSession(t, 'counter', 'clerk', '柜员甲');
  await t.must(
    'settings.lists.set',
    {
      lists: {
        ...DEFAULT_ANALYSIS_LISTS,
        regions: [
          { value: 'city', 'zh-CN': '主城区', en: 'Inner city' },
          { value: 'county', 'zh-CN': '县域', en: 'County towns' },
        ],
        failurePoints: [
          ...DEFAULT_ANALYSIS_LISTS.failurePoints,
          { value: 'lobby', 'zh-CN': '大堂引导', en: 'Lobby guidance' },
        ],
      },
    },
    t.admin.token,
  );
  const c = await createCase(t, clerk.token, { region: 'city' });
  await t.must('case.tag', { caseId: c.id, failurePoint: 'lobby' }, clerk.token);
}, 60_000);

afterAll(() => t.close());

async function settled(method: string, input: unknown, locale: 'zh-CN' | 'en'): Promise<string> {
  const started = await t.call(method, input, boss.token, locale);
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const job = (await t.core.jobs.whenSettled((started.value as JobSummary).id)) as JobSummary;
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  return t.core.exports.file(job.result!.file!.id)!.path;
}

describe("the organisation's list names in exports and reports", () => {
  it('the CSV thread names the region and the failure point as the organisation does', async () => {
    const zh = readFileSync(await settled('export.start', { format: 'csv', filters: {} }, 'zh-CN'), 'utf8');
    expect(zh).toContain('地区 主城区');
    expect(zh).toContain('失败点：大堂引导');
    expect(zh).not.toContain('地区 城区');
    const en = readFileSync(await settled('export.start', { format: 'csv', filters: {} }, 'en'), 'utf8');
    expect(en).toContain('region Inner city');
    expect(en).toContain('Failure point: Lobby guidance');
  }, 60_000);

  it("the complaint report's breakdowns name them as the organisation does", async () => {
    for (const [locale, region, point] of [
      ['zh-CN', '主城区', '大堂引导'],
      ['en', 'Inner city', 'Lobby guidance'],
    ] as const) {
      const file = await settled(
        'report.start',
        { report: 'complaints', format: 'xlsx', request: REQUEST, locale },
        locale,
      );
      const wb = XLSX.read(readFileSync(file), { type: 'buffer' });
      const cells = wb.SheetNames.flatMap((n) =>
        XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n]!, { header: 1 }).flat().map(String),
      );
      expect(cells).toContain(region);
      expect(cells).toContain(point);
      expect(cells).not.toContain('city');
      expect(cells).not.toContain('lobby');
    }
  }, 120_000);
});
