/**
 * A report (./model.ts) as the body of a printable page: title block,
 * sections with their figures (value, detail, definition), the charts as
 * inline SVG (./svg.ts) and the tables. The desk prints it through the PDF
 * feature's page (A4, CSP, embedded Noto Sans SC subset chosen from this
 * text, running header and page numbers) and printer, composed in
 * electron/desk/reportOutputs.ts since a feature imports no other.
 *
 * Every text passes through `esc`; the SVG is ECharts' own output, whose
 * labels it escapes itself (checked in test/unit/reports.test.ts).
 */
import type { Locale } from '../../../../shared/domain/kernel/locale';
import type { Cell, ReportDoc, ReportSection, ReportTable } from './model';
import { chartSvg } from './svg';
import { w } from './words';

/** The page to print: what the PDF feature's `pdfDocument` takes. */
export interface ReportPage {
  locale: Locale;
  title: string;
  header: string;
  body: string;
  landscape?: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A cell as the printed report writes it. */
export function cellText(c: Cell, l: Locale): string {
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return c.toLocaleString('en-US');
  if ('share' in c) return percent(c.share);
  if ('decimal' in c) return c.decimal.toFixed(2);
  if ('yes' in c) return `${c.known > 0 ? percent(c.yes / c.known) : w('noValue', l)} (${c.yes}/${c.known})`;
  return c.missing === 'not_recorded'
    ? w('notRecorded', l)
    : c.missing === 'no_volume'
      ? w('noVolume', l)
      : w('noValue', l);
}

const isNumeric = (c: Cell) => typeof c !== 'string' && !(typeof c === 'object' && 'missing' in c);

/** The report's own styles, beside the PDF page's (tables, headings, fonts). */
const REPORT_CSS = `
.report-head { margin-bottom: 4mm; }
.report-head dl { grid-template-columns: 30mm 1fr; }
.figures { table-layout: fixed; }
.figures col.f { width: 36mm; } .figures col.v { width: 30mm; } .figures col.n { width: 28mm; }
.figures td.v { font-weight: 700; text-align: right; }
.figures th.v { text-align: right; }
.figures td.d { color: #555; font-size: 8.5pt; }
.chart { margin: 2mm 0 3mm; break-inside: avoid; }
.chart svg { max-width: 100%; height: auto; }
.tbl { margin: 2mm 0 4mm; }
.tbl table { table-layout: fixed; }
.tbl th.num { width: 24mm; }
.tbl.keep { break-inside: avoid; }
.tbl caption { text-align: left; font-weight: 700; padding: 1mm 0; caption-side: top; }
.tbl .note { font-size: 8pt; color: #666; margin: 0 0 1mm; }
.tbl td.num, .tbl th.num { text-align: right; white-space: nowrap; }
.missing { color: #8a5a00; }
/* The rectification items: room for the defect and the measure. */
.tbl.rect th:nth-child(1) { width: 22mm; } .tbl.rect th:nth-child(4) { width: 16mm; }
.tbl.rect th:nth-child(5) { width: 19mm; } .tbl.rect th:nth-child(6) { width: 11mm; }
.tbl.rect th.num { width: 11mm; } .tbl.rect th:nth-child(9) { width: 28mm; }
`;

function figuresTable(s: ReportSection, l: Locale): string {
  if (s.figures.length === 0) return '';
  const rows = s.figures.map((f) => {
    const missing = typeof f.value === 'object' && 'missing' in f.value;
    return (
      `<tr><td>${esc(f.label)}</td><td class="v${missing ? ' missing' : ''}">${esc(cellText(f.value, l))}</td>` +
      `<td>${esc(f.detail ?? '')}</td><td class="d">${esc(f.definition)}</td></tr>`
    );
  });
  const head = (
    [
      ['', 'figure'],
      ['v', 'value'],
      ['', 'detail'],
      ['', 'definition'],
    ] as const
  )
    .map(([cls, h]) => `<th${cls ? ` class="${cls}"` : ''}>${esc(w(h, l))}</th>`)
    .join('');
  const cols = '<colgroup><col class="f"><col class="v"><col class="n"><col></colgroup>';
  return `<table class="figures">${cols}<thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function dataTable(t: ReportTable, l: Locale): string {
  const numeric = t.header.map((_h, i) => t.rows.length > 0 && t.rows.every((r) => isNumeric(r[i] ?? '')));
  const cls = (i: number) => (numeric[i] ? ' class="num"' : '');
  const head = t.header.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const body = t.rows.length
    ? t.rows
        .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(cellText(c, l))}</td>`).join('')}</tr>`)
        .join('\n')
    : `<tr><td colspan="${t.header.length}" class="empty">${esc(w('none', l))}</td></tr>`;
  const note = t.note ? `<p class="note">${esc(t.note)}</p>` : '';
  // A short table stays on one page with its caption; a long one breaks between rows (the header repeats).
  return (
    `<div class="tbl${t.rows.length <= 15 ? ' keep' : ''}${t.layout ? ` ${t.layout}` : ''}"><table><caption>${esc(t.title)}</caption><thead><tr>${head}</tr></thead>` +
    `<tbody>\n${body}\n</tbody></table>${note}</div>`
  );
}

function sectionHtml(s: ReportSection, l: Locale): string {
  const charts = s.charts.map((c) => `<div class="chart">${chartSvg(c.option, c.width, c.height)}</div>`);
  const missing = s.missing ? `<p class="missing">${esc(s.missing)}</p>` : '';
  return (
    `<section><h2>${esc(s.heading)}</h2>${figuresTable(s, l)}${charts.join('')}` +
    `${s.tables.map((t) => dataTable(t, l)).join('\n')}${missing}</section>`
  );
}

/** The printable page of a report. */
export function reportPage(doc: ReportDoc): ReportPage {
  const l = doc.locale;
  const facts = doc.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const body = [
    `<style>${REPORT_CSS}</style>`,
    `<div class="report-head"><h1>${esc(doc.title)}</h1><dl>${facts}</dl></div>`,
    ...doc.sections.map((s) => sectionHtml(s, l)),
  ].join('\n');
  return { locale: l, title: doc.title, header: `${doc.title} · ${doc.branch}`, body };
}
