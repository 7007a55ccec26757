/**
 * The log listing as a printable page (issue 13 item 1): the cases of a
 * filter or a period, one line each with the main columns (number, received,
 * customer, phone, channel, category, severity, status, owner, closed), in
 * zh-CN or English. A pure function of the rows and a context; every string
 * is escaped (blocks.ts).
 *
 * A listing is for reading and filing, not for data: past `limit` rows it
 * stops and says so (the CSV and XLSX exports carry any number of rows).
 */
import type { CaseSummary } from '../../../../shared/contract/methods/cases';
import type { Taxonomy } from '../../../../shared/domain/cases/script';
import { categoryPathLabel } from '../../../../shared/domain/cases/scriptRules';
import { localize } from '../../../../shared/domain/kernel/locale';
import { section, table, type PdfContext } from './blocks';
import { esc, type PdfPage } from './html';
import { STATUS_WORDS, t, wordOf } from './words';

/** The columns of a listing line: what the case list shows. */
export type ListingRow = Pick<
  CaseSummary,
  | 'number'
  | 'receivedAt'
  | 'customerName'
  | 'customerPhone'
  | 'channel'
  | 'category'
  | 'severity'
  | 'status'
  | 'owner'
  | 'ownerName'
  | 'closedAt'
>;

export interface ListingInput {
  rows: readonly ListingRow[];
  /** How many cases the selection holds (more than rows.length when cut at the limit). */
  total: number;
  /** `total` is a lower bound: the list counts only so far (its `totalCapped`), and there are more. */
  totalAtLeast?: boolean;
  branch: string;
  /** What was selected, in words (e.g. "2026-11-01 – 2026-11-30 · 已结案"). */
  selection: string;
  taxonomy: Taxonomy;
  printedAt: string;
  ctx: PdfContext;
}

/** Most lines one listing prints (about 25 a page: 400 pages). */
export const LISTING_LIMIT = 10_000;

export function listingPage(i: ListingInput): PdfPage {
  const l = i.ctx.locale;
  const channels = new Map(i.taxonomy.channels.map((c) => [c.value, localize(c.label, l)]));
  const severities = new Map(i.taxonomy.severities.map((s) => [s.value, localize(s.label, l)]));
  const categories = new Map<string, string>();
  const category = (v: string) => {
    let s = categories.get(v);
    if (s === undefined) categories.set(v, (s = categoryPathLabel(i.taxonomy, v, l)));
    return s;
  };
  const lines = i.rows.map((r) => [
    r.number,
    i.ctx.time(r.receivedAt),
    r.customerName,
    r.customerPhone,
    channels.get(r.channel) ?? r.channel,
    category(r.category),
    severities.get(r.severity) ?? r.severity,
    wordOf(STATUS_WORDS, r.status, l),
    r.ownerName || i.ctx.staffName(r.owner),
    r.closedAt ? i.ctx.time(r.closedAt) : '',
  ]);
  const headers = [
    t('number', l),
    t('received', l),
    t('customer', l),
    t('phone', l),
    t('channel', l),
    t('category', l),
    t('severity', l),
    t('status', l),
    t('owner', l),
    t('closed', l),
  ];
  const title = t('listingTitle', l);
  const cut =
    i.totalAtLeast || i.total > i.rows.length
      ? `<p class="muted">${esc(t('listingTruncated', l, { n: String(i.rows.length) }))}</p>`
      : '';
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="muted">${esc(i.branch)} · ${esc(t('listingFilter', l))}: ${esc(i.selection)} · ` +
      `${esc(t(i.totalAtLeast ? 'listingCountOver' : 'listingCount', l, { n: String(i.total) }))} · ${esc(t('printedAt', l))} ${esc(i.ctx.time(i.printedAt))}</p>`,
    cut,
    lines.length ? table(headers, lines, 'listing', [0, 1, 3, 7, 9]) : section(l, title, ''),
  ].join('\n');
  return { locale: l, title, header: `${title} · ${i.branch}`, body, landscape: true };
}
