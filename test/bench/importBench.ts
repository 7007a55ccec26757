/**
 * The import part of `npm run bench:export` (issue 13 item 2): a generated
 * hand-kept log of R rows (12 columns, as branches keep them: dates over four
 * years, Chinese names and words, closed and open cases) written as an XLSX
 * with the SheetJS writer, then imported into the desk as its administrator
 * through DeskApi (staged, import.start, the job awaited): the figure is
 * R / (read + check + write) seconds. Generating the workbook is not timed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as XLSX from '@e965/xlsx';
import { openDesk } from '../../electron/desk';
import type { CallContext } from '../../shared/contract/api';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { StagedImportFile } from '../../shared/contract/methods/import';

const HEADER = [
  '投诉日期',
  '客户姓名',
  '联系电话',
  '性别',
  '新/老客户',
  '地区',
  '渠道',
  '投诉类别',
  '投诉原因',
  '处理结果',
  '结案日期',
  '是否一次解决',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟'];
const REGIONS = ['朝阳', '海淀', '东城', '西城', '丰台', '天河', '越秀'];
const CHANNELS = ['电话', '柜面', '来访', '热线', '抖音', '12315'];
const CATEGORIES = ['收费', '银行卡', '银行/收费'];
const REASONS = ['年费未告知', '卡被吞', '手续费高', '排队时间过长', '短信扣费', '挂失慢'];
const RESULTS = ['已退年费', '解释说明', '已补卡', '已道歉', ''];

/** The generated log as an XLSX (bytes). */
export function benchLog(rows: number): Uint8Array {
  const aoa: (string | number)[][] = [['2020-2023年客户投诉登记表'], [], HEADER];
  const start = Date.UTC(2020, 0, 1, 1, 0, 0);
  const span = Date.UTC(2023, 11, 31) - start;
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + Math.floor((span / rows) * i));
    const y = at.getUTCFullYear();
    const mo = at.getUTCMonth() + 1;
    const d = at.getUTCDate();
    const hh = 9 + (i % 8);
    const mm = i % 60;
    const result = RESULTS[i % RESULTS.length] as string;
    const closed = result !== '';
    aoa.push([
      `${y}/${mo}/${d} ${hh}:${String(mm).padStart(2, '0')}`,
      `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`,
      `13${String(100000000 + ((i * 7919) % 900000000)).padStart(9, '0')}`,
      i % 3 === 0 ? '男' : i % 3 === 1 ? '女' : '',
      i % 2 === 0 ? '老客户' : '新',
      REGIONS[i % REGIONS.length] as string,
      CHANNELS[i % CHANNELS.length] as string,
      CATEGORIES[i % CATEGORIES.length] as string,
      `${REASONS[i % REASONS.length]}（第${i}号）`,
      result,
      closed ? `${y}/${mo}/${d} 18:00` : '',
      closed ? (i % 4 === 0 ? '否' : '是') : '',
    ]);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '登记');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

export interface ImportFigures {
  rows: number;
  written: number;
  ms: number;
  /** CPU time of the process meanwhile (steadier than wall time on a shared machine). */
  cpuMs: number;
}

/** Imports a generated R-row log into the desk at `dataDir` as `login` (an administrator or supervisor). */
export async function benchImport(
  dataDir: string,
  rows: number,
  login: string,
  secret: string,
): Promise<ImportFigures> {
  const tmp = mkdtempSync(join(tmpdir(), 'loopdesk-bench-import-'));
  const file = join(tmp, '客户投诉登记表.xlsx');
  writeFileSync(file, benchLog(rows));
  const desk = openDesk({ dataDir, sync: false, deadlines: { timers: false }, evidence: { timers: false } });
  try {
    const signIn = await desk.call('auth.signIn', { login, secret }, { session: null, locale: 'zh-CN' });
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.error.message}`);
    const ctx: CallContext = { session: (signIn.value as { token: string }).token, locale: 'zh-CN' };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const staged = await desk.imports.stageFile(file, ctx);
    if (!staged.ok) throw new Error(`stage failed: ${staged.error.message}`);
    const started = await desk.call(
      'import.start',
      { fileId: (staged.value as StagedImportFile).fileId, remember: false },
      ctx,
    );
    if (!started.ok) throw new Error(`import.start failed: ${started.error.message}`);
    const job = (await desk.jobs.whenSettled((started.value as JobSummary).id)) as JobSummary;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (job.state !== 'done') throw new Error(`import ended ${job.state}: ${job.error?.message}`);
    const counts = job.result?.counts ?? {};
    if ((counts.problemRows ?? 0) > 0)
      throw new Error(`the generated log had ${counts.problemRows} problem rows`);
    return {
      rows: counts.rows ?? 0,
      written: counts.written ?? 0,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    desk.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
