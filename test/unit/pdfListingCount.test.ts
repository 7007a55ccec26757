/**
 * The PDF log listing's count (electron/desk/features/pdf/service.ts): cut
 * at LISTING_LIMIT lines, it says how many cases the selection holds. The
 * case list counts only up to its cap (`totalCapped`); past it the listing
 * must say "more than", never a number it made up from the pages it read
 * (it printed 共 10200 件 for 25,000 cases).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseListPage, CaseListQuery, CaseSummary } from '../../shared/contract/methods/cases';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { Pdfs } from '../../electron/desk/features/pdf';
import { LISTING_LIMIT } from '../../electron/desk/features/pdf/listing';
import { JobRunner, type JobKindSpec } from '../../electron/desk/kernel/jobs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'loopdesk-pdf-count-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A case list of `n` cases that counts up to `cap`, 200 a page. */
function source(n: number, cap: number) {
  const item = (i: number) =>
    ({
      number: `GZ01-20261130-${String(i).padStart(5, '0')}`,
      receivedAt: '2026-11-30T02:00:00.000Z',
      customerName: `客户${i}`,
      customerPhone: '',
      channel: 'phone',
      category: 'banking.fees',
      severity: 'general',
      status: 'closed',
      owner: 'o',
      ownerName: '甲',
      closedAt: null,
    }) as unknown as CaseSummary;
  return {
    detail: () => null,
    list(q: CaseListQuery): CaseListPage {
      const from = Number(q.cursor ?? 0);
      const to = Math.min(n, from + (q.limit ?? 50));
      return {
        items: Array.from({ length: to - from }, (_, k) => item(from + k)),
        nextCursor: to < n ? String(to) : null,
        total: Math.min(n, cap),
        totalCapped: n > cap,
      };
    },
  };
}

async function listingHtml(n: number, cap: number): Promise<string> {
  const exportSpec: JobKindSpec = {
    exclusive: true,
    busyKey: 'jobBusyExport',
    run: () => Promise.reject(new Error('needs its parameters')),
  };
  const jobs = new JobRunner({ emit: () => {}, now: Date.now, kinds: { export: exportSpec } });
  const { script, taxonomy } = loadScriptResources();
  let html = '';
  const pdfs = new Pdfs(jobs, {
    dir,
    kind: 'export',
    // Keeps the page it was given instead of printing it.
    printer: () => ({
      print: (page: string, out: string) => {
        html = page;
        writeFileSync(out, 'pdf');
        return Promise.resolve();
      },
    }),
    source: source(n, cap),
    script,
    taxonomy,
    describer: () => () => '',
    now: Date.now,
    pageSize: 200,
  });
  const started = pdfs.listing({}, '全部', {
    callerLocale: 'zh-CN',
    locale: 'zh-CN',
    branch: 'GZ',
    timeZone: 'Asia/Shanghai',
    staffNames: new Map(),
  });
  if (!started.ok) throw new Error(started.error.message);
  const done = await jobs.whenSettled(started.value.id, 'en');
  expect(done?.state, JSON.stringify(done?.error)).toBe('done');
  return html;
}

describe('the PDF log listing’s count', () => {
  it('says "more than" when the list stopped counting, not the lines it read', async () => {
    const html = await listingHtml(25_000, 10_000);
    expect(html).toContain(`共 ${LISTING_LIMIT} 件以上`);
    expect(html).not.toMatch(/共 10200 件/);
    expect(html).toContain(`只列出前 ${LISTING_LIMIT} 件`);
  });

  it('gives the exact count of a selection the listing holds whole', async () => {
    const html = await listingHtml(1_234, 10_000);
    expect(html).toContain('共 1234 件');
    expect(html).not.toContain('以上');
  });
});
