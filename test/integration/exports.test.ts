/**
 * Exports of the case log (issue 13; docs/exports.md) on a real desk, read
 * back with independent readers: papaparse for the CSV (and its BOM, CRLF
 * and quoting checked byte by byte), SheetJS (@e965/xlsx) for the XLSX.
 * Formula-looking text is neutralised in both; an XLSX cell past 32,767
 * characters is cut with a marker; the XLSX rolls over to a new sheet past
 * the (injected, small) row limit; a cancelled export leaves no file; only
 * supervisors and administrators may export.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import { startHost } from '../../electron/host/server';
import { openDesk } from '../../electron/desk';
import { createCase, openTestDesk, recordSteps, staffSession, type TestDesk } from './desk-fixtures';

let t: TestDesk;
let boss = '';
let clerk = '';
const cases: CaseDetail[] = [];

const EVIL = '=HYPERLINK("http://evil.example","点我")';
const MULTI = '第一行, 有逗号\n第二行 "引号"\n第三行';

beforeAll(async () => {
  t = await openTestDesk({ jobs: { progressIntervalMs: 0 }, exports: { pageSize: 3, sheetRows: 4 } });
  boss = (await staffSession(t, 'supervisor', 's1', '赵主管')).token;
  clerk = (await staffSession(t, 'counter', 'c1', '柜员甲')).token;
  cases.push(await createCase(t, clerk, { account: EVIL }));
  cases.push(
    await createCase(t, clerk, {
      account: MULTI,
      customer: { name: '@王五', phone: '+8613800138000', gender: 'male', returning: false },
    }),
  );
  await recordSteps(t, clerk, cases[1]!.id, 2);
  cases.push(await createCase(t, clerk, { account: '-10 元被多扣' }));
  // A thread longer than one XLSX cell may hold.
  for (let i = 0; i < 9; i++) {
    await t.must('case.addNote', { caseId: cases[2]!.id, text: `${i}`.repeat(4000) }, clerk);
  }
  for (let i = 0; i < 4; i++) cases.push(await createCase(t, clerk, { account: `普通投诉 ${i}` }));
}, 60_000);

afterAll(() => t.close());

async function exportNow(input: Record<string, unknown>, token = boss, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const started = await t.call('export.start', input, token, locale);
  if (!started.ok) throw new Error(JSON.stringify(started.error));
  const job = (await t.core.jobs.whenSettled((started.value as JobSummary).id)) as JobSummary;
  expect(job.state, JSON.stringify(job.error)).toBe('done');
  const file = t.core.exports.file(job.result!.file!.id);
  expect(file).not.toBeNull();
  return { job, bytes: readFileSync(file!.path), file: file! };
}

describe('CSV export', () => {
  it('writes a BOM, CRLF records and RFC 4180 quoting that papaparse reads back', async () => {
    const { job, bytes, file } = await exportNow({ format: 'csv' });
    expect(job.result?.counts?.cases).toBe(cases.length);
    expect(file.name).toMatch(/^loopdesk-cases-\d{8}-\d{4}\.csv$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(
      text.startsWith(
        '编号,受理时间,客户,电话,渠道,类别,级别,状态,首问负责人,定性,重复投诉,升级层级,期限,结案时间,处理记录\r\n',
      ),
    ).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break outside quotes is CRLF: strip the quoted fields and look.
    const outside = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(outside).not.toMatch(/[^\r]\n/);
    expect(outside.split('\r\n').length).toBe(cases.length + 2);
    const parsed = Papa.parse<string[]>(text, { newline: '\r\n' });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data.filter((r) => r.length > 1);
    expect(rows.length).toBe(cases.length + 1);
    const byNumber = new Map(rows.slice(1).map((r) => [r[0], r]));
    const evil = byNumber.get(cases[0]!.number)!;
    const multi = byNumber.get(cases[1]!.number)!;
    // The thread starts with the intake line; formula text inside it is not at the cell's start.
    expect(evil[14]).toContain(EVIL);
    expect(multi[2]).toBe("'@王五");
    expect(multi[3]).toBe("'+8613800138000");
    expect(multi[14]).toContain(MULTI);
    expect(multi[14]).toContain('记录第 2 步');
    // The multi-line account is quoted with its quotes doubled, byte for byte.
    expect(text).toContain(`第一行, 有逗号\n第二行 ""引号""\n第三行`);
    expect(multi[7]).toBe('处理中');
    expect(multi[8]).toBe('柜员甲');
  });

  it('neutralises every cell that starts with = + - @, a tab or a CR', async () => {
    const { csvField } = await import('../../electron/desk/features/exports/csv');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('普通')).toBe('普通');
  });

  it('exports what the list filters find, or a period, in English too', async () => {
    const { bytes } = await exportNow({ format: 'csv', filters: { text: '普通投诉' } }, boss, 'en');
    const rows = Papa.parse<string[]>(bytes.toString('utf8').slice(1)).data.filter((r) => r.length > 1);
    expect(rows[0]![0]).toBe('Number');
    expect(rows.length).toBe(1 + 4);
    expect(rows[1]![14]).toContain('Complaint');
    const none = await exportNow({
      format: 'csv',
      period: { from: '2001-01-01T00:00:00Z', to: '2002-01-01T00:00:00Z' },
    });
    expect(none.job.result?.counts?.cases).toBe(0);
  });

  it("exports an analysis drill as the list shows it: the desk's own branch is every case, another none", async () => {
    const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const period = { fromDay: day(Date.now() - 86_400_000), toDay: day(Date.now() + 2 * 86_400_000) };
    for (const [branch, expected] of [
      ['GZ', cases.length],
      ['SZ', 0],
      [null, 0],
    ] as const) {
      const analysis = { period, where: { branch } };
      const listed = await t.must<{ total: number }>('case.list', { limit: 100, analysis }, boss);
      expect(listed.total, String(branch)).toBe(expected);
      const { job, bytes } = await exportNow({ format: 'csv', filters: { analysis } });
      expect(job.result?.counts?.cases, String(branch)).toBe(expected);
      const rows = Papa.parse<string[]>(bytes.toString('utf8').slice(1)).data.filter((r) => r.length > 1);
      expect(rows.length, String(branch)).toBe(1 + expected);
    }
  });
});

describe('XLSX export', () => {
  it('reads back with SheetJS: inline strings, neutralised text, the cut marker, sheets rolled over', async () => {
    const { job, bytes } = await exportNow({ format: 'xlsx' });
    expect(job.result?.counts?.cases).toBe(7);
    const wb = XLSX.read(bytes, { type: 'buffer' });
    // 4 rows a sheet (header + 3): 7 cases -> 3 sheets, each with the header again.
    expect(wb.SheetNames).toEqual(['案件', '案件 (2)', '案件 (3)']);
    const all: string[][] = [];
    for (const name of wb.SheetNames) {
      const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[name]!, { header: 1, defval: '' });
      expect(rows[0]![0]).toBe('编号');
      all.push(...rows.slice(1));
    }
    expect(all.length).toBe(7);
    const byNumber = new Map(all.map((r) => [r[0], r]));
    // Inline strings are never formulas: no cell has one, and formula-looking text is neutralised anyway.
    for (const name of wb.SheetNames) {
      for (const [ref, cell] of Object.entries(wb.Sheets[name]!)) {
        if (ref.startsWith('!')) continue;
        expect((cell as XLSX.CellObject).f).toBeUndefined();
        expect((cell as XLSX.CellObject).t).toBe('s');
      }
    }
    expect(byNumber.get(cases[1]!.number)![2]).toBe("'@王五");
    expect(byNumber.get(cases[1]!.number)![14]).toContain(MULTI);
    const long = byNumber.get(cases[2]!.number)![14]!;
    expect(long.length).toBe(32_767);
    expect(long.endsWith('…[内容过长，已截断]')).toBe(true);
  });

  it('cuts a cell without splitting a surrogate pair', async () => {
    const { cutCell } = await import('../../electron/desk/features/exports/cells');
    const s = 'a'.repeat(9) + '😀' + 'b'.repeat(10);
    expect(cutCell(s, '…', 11)).toBe(`${'a'.repeat(9)}…`);
    expect(cutCell('short', '…', 11)).toBe('short');
  });
});

describe('export jobs', () => {
  it('run on a thread of their own (nothing falls back to the desk thread)', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      await exportNow({ format: 'xlsx' });
      expect(warn.mock.calls.flat().join(' ')).not.toMatch(/export thread/);
    } finally {
      warn.mockRestore();
    }
  });

  it('run on the desk thread too, with the same file', async () => {
    const here = await openTestDesk({ exports: { thread: false } });
    try {
      const s = await staffSession(here, 'supervisor', 's9', '钱主管');
      await createCase(here, s.token, { account: MULTI });
      const started = await here.call('export.start', { format: 'csv' }, s.token);
      if (!started.ok) throw new Error('not started');
      const job = (await here.core.jobs.whenSettled((started.value as JobSummary).id)) as JobSummary;
      expect(job.state).toBe('done');
      const text = readFileSync(here.core.exports.file(job.result!.file!.id)!.path, 'utf8');
      expect(text).toContain('第一行, 有逗号\n第二行 ""引号""\n第三行');
    } finally {
      here.close();
    }
  });

  it('a cancelled export leaves no file behind (cancelled after its first page is written)', async () => {
    let id = '';
    let pagesSeen = 0;
    const off = t.core.subscribe((e) => {
      if (e.type === 'progress' && e.jobId === id && e.state === 'running' && e.done > 0) {
        pagesSeen += 1;
        t.core.jobs.cancel(id);
      }
    });
    const started = await t.call('export.start', { format: 'xlsx' }, boss);
    if (!started.ok) throw new Error('not started');
    id = (started.value as JobSummary).id;
    const job = (await t.core.jobs.whenSettled(id)) as JobSummary;
    off();
    expect(pagesSeen).toBeGreaterThan(0);
    expect(job.state).toBe('cancelled');
    expect(job.result).toBeNull();
    const again = await t.call('export.cancel', { jobId: id }, boss);
    expect(again.ok).toBe(true);
    // Every desk's folder under <data>/exports, not only this one's.
    const left = readdirSync(path.join(t.dir, 'exports'), { recursive: true }).map(String);
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(left.some((f) => f.includes(id))).toBe(false);
  });

  it('refuses a counter: only supervisors and administrators take the log off the desk', async () => {
    const r = await t.call('export.start', { format: 'csv' }, clerk);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
    const admin = await t.call('export.start', { format: 'xlsx' }, t.admin.token);
    expect(admin.ok).toBe(true);
    if (admin.ok) await t.core.jobs.whenSettled((admin.value as JobSummary).id);
  });

  it('refuses filters with a period, and a period that ends before it starts', async () => {
    const both = await t.call(
      'export.start',
      {
        format: 'csv',
        filters: {},
        period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      },
      boss,
    );
    expect(both.ok).toBe(false);
    const backwards = await t.call(
      'export.start',
      {
        format: 'csv',
        period: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      },
      boss,
    );
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.error.code).toBe('invalid_input');
  });

  it('export.get does not show jobs of other kinds', async () => {
    const rebuild = await t.must<JobSummary>('job.start', { kind: 'rebuild' }, t.admin.token);
    await t.core.jobs.whenSettled(rebuild.id);
    const r = await t.call('export.get', { jobId: rebuild.id }, boss);
    expect(r.ok).toBe(false);
  });

  it('the browser host serves the file to a supervisor only, as an attachment', async () => {
    const { job, bytes } = await exportNow({ format: 'csv' });
    const host = await startHost({ desk: t.core, port: 0, host: '127.0.0.1', logLevel: 'error' });
    try {
      const url = `${host.url}/api/jobs/${job.id}/file`;
      const got = await fetch(url, { headers: { authorization: `Bearer ${boss}` } });
      expect(got.status).toBe(200);
      expect(got.headers.get('content-disposition')).toMatch(
        /^attachment; .*filename\*=UTF-8''loopdesk-cases-/,
      );
      expect(got.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${clerk}` } })).status).toBe(403);
      const other = `${host.url}/api/jobs/0196f3a0-0000-7000-8000-000000000000/file`;
      expect((await fetch(other, { headers: { authorization: `Bearer ${boss}` } })).status).toBe(404);
    } finally {
      await host.close();
    }
  });

  it('a second desk on the same data folder (a CLI verb beside the app) leaves this desk’s files alone', async () => {
    const { job, bytes, file } = await exportNow({ format: 'csv' });
    const cli = openDesk({ dataDir: t.dir, sync: false, deadlines: { timers: false } });
    cli.close();
    expect(existsSync(file.path)).toBe(true);
    expect(readFileSync(file.path).equals(bytes)).toBe(true);
    // A file gone from the disk all the same (removed by hand): the host says so, not a 500.
    const host = await startHost({ desk: t.core, port: 0, host: '127.0.0.1', logLevel: 'error' });
    try {
      rmSync(file.path);
      const got = await fetch(`${host.url}/api/jobs/${job.id}/file`, {
        headers: { authorization: `Bearer ${boss}`, 'accept-language': 'zh-CN' },
      });
      expect(got.status).toBe(404);
      expect(((await got.json()) as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      await host.close();
    }
  });

  it('neutralises a formula behind a character XML cannot carry (dropped before the check, not after)', async () => {
    const name = '\uFFFF=HYPERLINK("http://evil.example","x")';
    const c = await createCase(t, clerk, {
      customer: { name, phone: '13912345678', gender: 'male', returning: false },
    });
    const { bytes } = await exportNow({ format: 'xlsx', filters: { text: '13912345678' } });
    const wb = XLSX.read(bytes, { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, defval: '' });
    expect(rows[1]![0]).toBe(c.number);
    expect(rows[1]![2]).toBe('\'=HYPERLINK("http://evil.example","x")');
  });

  it('removes the files when the desk closes', async () => {
    const { file } = await exportNow({ format: 'csv' });
    expect(existsSync(file.path)).toBe(true);
    t.core.close();
    expect(existsSync(file.path)).toBe(false);
    expect(readdirSync(path.join(t.dir, 'exports'))).toEqual([]);
  });
});
