/**
 * The PDF pages as HTML (issue 13 item 1; decision 0036): every string is
 * escaped (customer text is hostile), the page runs no script and fetches
 * nothing (strict CSP), the running header's CSS string cannot be broken
 * out of, and only the font files holding the page's characters are inlined.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDetail, TimelineEntry } from '../../shared/contract/methods/cases';
import { loadScriptResources } from '../../electron/desk/features/cases/scriptLoad';
import { dossierPage, evidenceOf } from '../../electron/desk/features/pdf/dossier';
import { cssString, esc, pdfDocument, PDF_CSP } from '../../electron/desk/features/pdf/html';
import { listingPage } from '../../electron/desk/features/pdf/listing';
import { codePointsOf, filesFor, parseUnicodeRange } from '../../electron/desk/features/pdf/fonts';
import { timeFormatter } from '../../electron/desk/features/pdf/context';
import { rowContext } from '../../electron/desk/features/exports/context';
import { pdfDescriber } from '../../electron/desk/pdfCases';
import { describeEvent } from '../../shared/domain/describers';
import { CURRENT_EVENT_SCHEMA } from '../../shared/domain/kernel/envelope';

const { script, taxonomy } = loadScriptResources();
const HOSTILE = `<img src=x onerror="alert('x')">&</td></table><script>alert(1)</script>`;
const time = timeFormatter('Asia/Shanghai');
const ctx = (locale: 'zh-CN' | 'en' = 'zh-CN') => ({
  locale,
  time,
  staffName: (id: string) => `staff:${id}`,
  describe: (e: TimelineEntry) => `line of ${e.type}`,
});

function entry(type: string, at: string, payload: unknown, actorName = HOSTILE): TimelineEntry {
  return { eventId: crypto.randomUUID(), type, at, actor: 's1', actorName, device: 'd1', payload };
}

function detail(): CaseDetail {
  return {
    id: crypto.randomUUID(),
    number: 'GZ01-2026-000007',
    status: 'in_progress',
    currentStep: 3,
    customerName: HOSTILE,
    customerPhone: '13800138000',
    channel: 'walk_in',
    category: 'banking.fees',
    severity: 'general',
    owner: 's1',
    ownerName: '柜员小陈',
    assignee: null,
    receivedAt: '2026-11-24T02:00:00.000Z',
    openedAt: '2026-11-24T02:05:00.000Z',
    updatedAt: '2026-11-24T03:00:00.000Z',
    closedAt: null,
    dueAt: null,
    scriptVersion: '1',
    customer: { name: HOSTILE, phone: '13800138000', gender: 'female', returning: false },
    account: `年费被重复扣收 ${HOSTILE}`,
    steps: {
      '1': { apologyGiven: true, customerMood: 'angry' },
      '2': { account: HOSTILE, demand: '退还年费' },
    },
    stepRecordedAt: { '1': '2026-11-24T02:10:00.000Z', '2': '2026-11-24T02:20:00.000Z' },
    pauses: [],
    contacts: [],
    actions: [],
    callbacks: [
      {
        eventId: crypto.randomUUID(),
        at: '2026-11-25T02:00:00.000Z',
        outcome: 'reached',
        reachedWho: HOSTILE,
        satisfaction: 4,
        comment: '满意',
        actor: 's1',
        actorName: '柜员小陈',
      },
    ],
    lateReason: null,
    escalation: null,
    malice: null,
    tags: { failurePoint: null, qualityGap: null, responsibility: null },
    timeline: [
      entry('case.opened', '2026-11-24T02:05:00.000Z', { number: 'GZ01-2026-000007' }),
      entry('case.step_recorded', '2026-11-24T02:10:00.000Z', { step: 1 }),
      entry('case.step_recorded', '2026-11-24T02:20:00.000Z', { step: 2 }),
      entry('case.note_added', '2026-11-24T02:30:00.000Z', { text: HOSTILE }),
      entry('case.evidence_added', '2026-11-24T02:40:00.000Z', {
        sha256: 'a'.repeat(64),
        size: 2048,
        mime: 'image/png',
        name: 'x.png',
        kind: 'photo',
        note: HOSTILE,
      }),
      entry('case.evidence_added', '2026-11-24T02:50:00.000Z', {
        sha256: 'a'.repeat(64),
        size: 2048,
        mime: 'image/png',
        name: 'again.png',
        kind: 'photo',
        note: '',
      }),
    ],
  };
}

describe('escaping', () => {
  it('esc escapes the five characters that matter', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('cssString cannot be ended from inside and keeps letters and CJK', () => {
    const s = cssString(`朝阳"; } </style><script>x</script> \\`);
    expect(s.startsWith('"朝阳')).toBe(true);
    expect(s.slice(1, -1)).not.toMatch(/["<>;}{\\](?![0-9a-f]+ )/);
    expect(s).not.toContain('<');
    expect(s).not.toContain('</style');
  });

  it('a dossier of a hostile customer holds no markup of theirs, no script, and a strict CSP', () => {
    const page = dossierPage({
      detail: detail(),
      branch: `广州<b>天河</b>支行`,
      script,
      taxonomy,
      printedAt: '2026-11-26T02:00:00.000Z',
      ctx: ctx(),
    });
    const html = pdfDocument(page);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>天河');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${esc(PDF_CSP)}">`);
    expect(PDF_CSP).toContain("default-src 'none'");
    expect(PDF_CSP).not.toMatch(/script-src/);
    // Nothing to fetch: every url() is a data: URL.
    for (const m of html.matchAll(/url\(([^)]*)\)/g))
      expect(m[1]?.startsWith('data:font/woff2;base64,')).toBe(true);
    // The header names the case and the branch, as a CSS string.
    expect(page.header).toBe('投诉单 GZ01-2026-000007 · 广州<b>天河</b>支行');
    expect(html).toContain('@top-left { content: "投诉单 GZ01');
  });
});

describe('the dossier', () => {
  const page = dossierPage({
    detail: detail(),
    branch: '广州天河支行',
    script,
    taxonomy,
    printedAt: '2026-11-26T02:00:00.000Z',
    ctx: ctx(),
  });

  it('shows step fields with their labels and option words, unrecorded steps as such', () => {
    expect(page.body).toContain('第 1 步 · 安抚情绪'.slice(0, 6));
    expect(page.body).toContain('<dt>已致歉</dt><dd>是</dd>');
    expect(page.body).toContain('<dt>客户诉求</dt><dd>退还年费</dd>');
    expect(page.body.match(/未记录/g)?.length).toBe(4);
  });

  it('lists each evidence file once, the callbacks, the sign-offs and the timeline through the describer', () => {
    expect(evidenceOf(detail(), ctx())).toHaveLength(1);
    expect(page.body).toContain('x.png');
    expect(page.body).not.toContain('again.png');
    expect(page.body).toContain('4 / 5');
    expect(page.body).toContain('line of case.opened');
    expect(page.body).toContain('2026-11-24 10:05'); // Asia/Shanghai
    expect(page.body).toMatch(/第 2 步（/);
  });

  it("says each event as the export's thread does, through the desk's describer, escaped", () => {
    const place = { locale: 'zh-CN', timeZone: 'Asia/Shanghai', staffNames: new Map() } as const;
    const d = detail();
    const body = dossierPage({
      detail: d,
      branch: '广州天河支行',
      script,
      taxonomy,
      printedAt: '2026-11-26T02:00:00.000Z',
      ctx: { ...ctx(), describe: pdfDescriber(script, taxonomy)(place) },
    }).body;
    const exportCtx = rowContext({ ...place, script, taxonomy, nowMs: 0, soonMs: 0 });
    const evidence = d.timeline.find((e) => e.type === 'case.evidence_added')!;
    const line = describeEvent({ ...evidence, schema: CURRENT_EVENT_SCHEMA }, exportCtx);
    expect(line).toContain(HOSTILE); // the note, user text
    expect(body).toContain(`<td class="pre">${esc(line)}</td>`);
    expect(body).not.toContain(HOSTILE);
  });

  it('speaks English when asked', () => {
    const en = dossierPage({
      detail: detail(),
      branch: 'Tianhe',
      script,
      taxonomy,
      printedAt: '2026-11-26T02:00:00.000Z',
      ctx: ctx('en'),
    });
    expect(en.body).toContain('Case dossier');
    expect(en.body).toContain('<dt>Apology given</dt><dd>yes</dd>');
    expect(en.header).toBe('Case GZ01-2026-000007 · Tianhe');
  });
});

describe('the listing', () => {
  it('one escaped line per case, and says when it was cut', () => {
    const d = detail();
    const page = listingPage({
      rows: [d, { ...d, number: 'GZ01-2026-000008', status: 'closed', closedAt: '2026-11-25T02:00:00.000Z' }],
      total: 5,
      branch: '广州天河支行',
      selection: `“${HOSTILE}”`,
      taxonomy,
      printedAt: '2026-11-26T02:00:00.000Z',
      ctx: ctx(),
    });
    expect(page.body.match(/<tr>/g)?.length).toBe(3); // header + 2
    expect(page.body).not.toContain('<img');
    expect(page.body).toContain('只列出前 2 件');
    expect(page.body).toContain('已结案');
  });
});

describe('fonts', () => {
  it('parses unicode ranges and picks only the files holding the text', () => {
    expect(parseUnicodeRange('U+4e00-4e0f, U+3000')).toEqual([
      [0x4e00, 0x4e0f],
      [0x3000, 0x3000],
    ]);
    const files = [
      { name: 'a', ranges: parseUnicodeRange('U+4e00-4e0f') },
      { name: 'b', ranges: parseUnicodeRange('U+0-7f') },
      { name: 'c', ranges: parseUnicodeRange('U+9000-9fff') },
    ];
    expect(filesFor(files, codePointsOf('一x')).map((f) => f.name)).toEqual(['a', 'b']);
    expect(filesFor(files, codePointsOf('')).map((f) => f.name)).toEqual([]);
  });

  it('a Chinese page inlines a few dozen font files at most, not the whole font', () => {
    const html = pdfDocument({
      locale: 'zh-CN',
      title: '投诉',
      header: '投诉单',
      body: '<p>客户称年费被重复扣收</p>',
    });
    const faces = html.match(/@font-face/g)?.length ?? 0;
    expect(faces).toBeGreaterThan(0);
    expect(faces).toBeLessThan(40);
  });
});
