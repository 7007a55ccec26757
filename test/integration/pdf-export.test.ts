/**
 * PDF exports through DeskApi (issue 13 item 1; decision 0036): a dossier
 * with Chinese text printed by headless Chromium, its text extracted with
 * pdftotext (the Chinese round-trips), its fonts listed by pdffonts (Noto
 * Sans SC embedded as a subset, no Type 3); a hostile customer name comes
 * out as text; the log listing likewise; who may print; the CLI path by
 * case number. Skips, saying why, when Chromium or poppler is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, TimelineEntry } from '../../shared/contract/methods/cases';
import { describeEvent } from '../../shared/domain/describers';
import { CURRENT_EVENT_SCHEMA } from '../../shared/domain/kernel/envelope';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { rowContext } from '../../electron/desk/features/exports/context';
import type { JobSummary } from '../../shared/contract/methods/jobs';
import type { Session } from '../../shared/contract/methods/staff';
import { chromiumMissing, chromiumPath } from '../../electron/desk/features/pdf/chromium';
import { createCase, openTestDesk, recordSteps, staffSession, type TestDesk } from './desk-fixtures';

function tool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = chromiumMissing(chromiumPath());
const poppler = tool('pdftotext') && tool('pdffonts');
const why = missing ?? (poppler ? null : 'pdftotext/pdffonts (poppler-utils) not installed');
if (why) console.warn(`[pdf-export.test] skipped: ${why}`);

const HOSTILE = '<img src=x onerror=alert(1)>王<b>小</b>明';

let t: TestDesk;
let sup: Session;
let clerk: Session;
let c: CaseDetail;

/** An event's line as the export's thread says it (the features' describers, in the export's context). */
function exportLine(e: TimelineEntry): string {
  const { script, taxonomy } = loadScriptResources();
  const ctx = rowContext({
    locale: 'zh-CN',
    script,
    taxonomy,
    staffNames: new Map(),
    timeZone: 'Asia/Shanghai',
    nowMs: 0,
    soonMs: 0,
  });
  return describeEvent({ type: e.type, schema: CURRENT_EVENT_SCHEMA, payload: e.payload }, ctx);
}

async function finished(job: JobSummary): Promise<JobSummary> {
  const done = await t.core.jobs.whenSettled(job.id);
  if (!done) throw new Error('job vanished');
  return done;
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The fonts pdffonts lists: name, type, emb. */
function pdfFonts(file: string): Array<{ name: string; type: string; emb: string }> {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2);
  return out
    .filter((l) => l.trim())
    .map((l) => {
      const type = /Type 3|CID TrueType|TrueType|Type 1C?|CID Type 0C?/.exec(l)?.[0] ?? '?';
      const cols = l.trim().split(/\s+/);
      return { name: cols[0] ?? '', type, emb: cols.at(-4) ?? '' };
    });
}

describe.skipIf(why !== null)('PDF exports', () => {
  beforeAll(async () => {
    t = await openTestDesk();
    sup = await staffSession(t, 'supervisor', 'sup1', '主管老周');
    clerk = await staffSession(t, 'counter', 'clerk1', '柜员小陈');
    c = await createCase(t, clerk.token, {
      customer: { name: HOSTILE, phone: '13800138000', gender: 'male', returning: false },
      account: '客户反映信用卡年费被重复扣收两次，要求退还。',
    });
    await recordSteps(t, clerk.token, c.id, 3);
    await t.must('case.addNote', { caseId: c.id, text: '已联系卡中心核实扣费记录' }, clerk.token);
    c = await t.must<CaseDetail>(
      'case.escalate',
      {
        caseId: c.id,
        level: 'supervisor',
        canEmployeeSolve: false,
        canSolveOnSite: false,
        rootCause: 'policy',
        reason: '超出柜面权限 <b>需调整</b> 资费政策',
      },
      clerk.token,
    );
  }, 60_000);
  afterAll(() => t?.close());

  it('prints a dossier whose Chinese text round-trips, in an embedded Noto Sans SC subset', async () => {
    const job = await t.must<JobSummary>('export.dossier', { caseId: c.id }, sup.token);
    expect(job.kind).toBe('export');
    const done = await finished(job);
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    const made = done.result?.file;
    expect(made?.name).toBe(`投诉单-${c.number}.pdf`);
    const file = t.core.pdf.file(made?.id ?? '');
    expect(file && existsSync(file.path)).toBe(true);

    const text = pdfText(file!.path).replace(/\s+/g, '');
    for (const s of [
      '投诉处理档案', // title
      HOSTILE, // the customer's name, as text
      '客户反映信用卡年费被重复扣收两次，要求退还。', // the complaint
      '年费重复扣收', // step 2's "what happened"
      '退还多扣的年费', // step 2's demand
      '已联系卡中心核实扣费记录', // the note
      `投诉单${c.number}·广州天河支行`, // the running header
      '第1页/共', // page numbers
      '记录第3步', // the timeline's step lines
      // the timeline says what the export's thread says, the opening and the escalation (issue 12) alike
      ...['case.opened', 'case.escalated'].map((type) =>
        exportLine(c.timeline.find((e) => e.type === type)!),
      ),
    ]) {
      expect(text, s).toContain(s.replace(/\s+/g, ''));
    }

    const fonts = pdfFonts(file!.path);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => f.type === 'Type 3')).toEqual([]);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSansSC/); // a subset (tag+name) of Noto Sans SC
      expect(f.emb).toBe('yes');
    }
  }, 60_000);

  it('prints the dossier in English when asked', async () => {
    const done = await finished(
      await t.must<JobSummary>('export.dossier', { caseId: c.id, locale: 'en' }, sup.token),
    );
    const text = pdfText(t.core.pdf.file(done.result!.file!.id)!.path);
    expect(text).toContain('Case dossier');
    expect(text).toMatch(/Page 1 of \d/);
  }, 60_000);

  it('prints the log listing of a filter, one line per case', async () => {
    const other = await createCase(t, clerk.token, {
      customer: { name: '李秀英', phone: '13900139000', gender: 'female', returning: true },
    });
    const done = await finished(await t.must<JobSummary>('export.listing', { filters: {} }, sup.token));
    expect(done.state, JSON.stringify(done.error)).toBe('done');
    expect(done.result?.counts?.cases).toBe(2);
    const path = t.core.pdf.file(done.result!.file!.id)!.path;
    const text = pdfText(path).replace(/\s+/g, '');
    expect(text).toContain('投诉台账');
    expect(text).toContain(c.number);
    expect(text).toContain(other.number);
    expect(text).toContain('李秀英');
    expect(text).toContain(HOSTILE.replace(/\s+/g, ''));
    expect(pdfFonts(path).filter((f) => f.type === 'Type 3')).toEqual([]);
  }, 60_000);

  it('refuses a counter clerk, an unknown case, and makes nothing for them', async () => {
    const r = await t.call('export.dossier', { caseId: c.id }, clerk.token);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
    const n = await t.call('export.dossier', { caseId: crypto.randomUUID() }, sup.token);
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.error.code).toBe('not_found');
  });

  it('the CLI path prints by case number', async () => {
    const r = t.core.pdf.dossier(c.number, 'zh-CN');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const done = await finished(r.value);
    expect(done.state).toBe('done');
    expect(t.core.pdf.dossier('NOPE-1').ok).toBe(false);
  }, 60_000);
});
