/**
 * An export's columns and how a case row and its events become cells, in
 * the reader's language. The thread is every event of the case in fold
 * order, one line each ("time name: what happened"), each rendered by its
 * feature's describer through the registry (shared/domain/describers.ts):
 * this file names no event type.
 */
import type { CaseDeadlineState } from '../../../../shared/contract/methods/cases';
import { caseDeadlineState } from '../../../../shared/domain/deadlines/caseDeadlines';
import {
  LEVEL_WORDS,
  NATURE_WORDS,
  STATUS_WORDS,
  wordOf,
  yesNo,
} from '../../../../shared/domain/cases/describe';
import { describeEvent } from '../../../../shared/domain/describers';
import type { DescribeContext, Words } from '../../../../shared/domain/kernel/describe';
import type { Locale } from '../../../../shared/domain/kernel/locale';
import { hlcWallMs } from '../../../../shared/domain/kernel/hlc';
import type { DeskDatabase } from '../../db/open';
import { readPageThreads, type EventRow } from './threads';

/**
 * The HLC's wall time (ms): its first 15 digits in the canonical form
 * ("001768572866495-00000"), read digit by digit (no slice, no Number());
 * parsed otherwise.
 */
export function hlcWall(hlc: string): number {
  if (hlc.length > 15 && hlc.charCodeAt(15) === 45) {
    let ms = 0;
    for (let i = 0; i < 15; i++) {
      const c = hlc.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return hlcWallSlow(hlc);
      ms = ms * 10 + c;
    }
    return ms;
  }
  return hlcWallSlow(hlc);
}

function hlcWallSlow(hlc: string): number {
  try {
    return hlcWallMs(hlc);
  } catch {
    return NaN;
  }
}

export const COLUMNS = [
  'number',
  'received',
  'customer',
  'phone',
  'channel',
  'category',
  'severity',
  'status',
  'owner',
  'nature',
  'repeat',
  'escalation',
  'deadlines',
  'closed',
  'thread',
] as const;
export type Column = (typeof COLUMNS)[number];

const HEADERS: Record<Column, Words> = {
  number: { 'zh-CN': '编号', en: 'Number' },
  received: { 'zh-CN': '受理时间', en: 'Received' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  phone: { 'zh-CN': '电话', en: 'Phone' },
  channel: { 'zh-CN': '渠道', en: 'Channel' },
  category: { 'zh-CN': '类别', en: 'Category' },
  severity: { 'zh-CN': '级别', en: 'Severity' },
  status: { 'zh-CN': '状态', en: 'Status' },
  owner: { 'zh-CN': '首问负责人', en: 'Owner' },
  nature: { 'zh-CN': '定性', en: 'Nature' },
  repeat: { 'zh-CN': '重复投诉', en: 'Repeat' },
  escalation: { 'zh-CN': '升级层级', en: 'Escalation level' },
  deadlines: { 'zh-CN': '期限', en: 'Deadlines' },
  closed: { 'zh-CN': '结案时间', en: 'Closed' },
  thread: { 'zh-CN': '处理记录', en: 'Thread' },
};

/** Column widths for the XLSX, in characters. */
export const WIDTHS: Record<Column, number> = {
  number: 22,
  received: 17,
  customer: 12,
  phone: 15,
  channel: 10,
  category: 16,
  severity: 8,
  status: 8,
  owner: 10,
  nature: 8,
  repeat: 8,
  escalation: 10,
  deadlines: 24,
  closed: 17,
  thread: 80,
};

const DEADLINE_WORDS: Record<CaseDeadlineState, Words> = {
  overdue: { 'zh-CN': '已超时', en: 'overdue' },
  due_soon: { 'zh-CN': '即将到期', en: 'due soon' },
  paused: { 'zh-CN': '已暂停', en: 'paused' },
  pending: { 'zh-CN': '未到期', en: 'pending' },
};

export const CUT_MARKER: Words = { 'zh-CN': '…[内容过长，已截断]', en: '…[too long, cut]' };
export const SHEET_NAME: Words = { 'zh-CN': '案件', en: 'Cases' };

export function headerRow(locale: Locale): string[] {
  return COLUMNS.map((c) => HEADERS[c][locale]);
}

/** A case as the export reads it (the list's row, issue 9's deadline summary included). */
export interface ExportCase {
  id: string;
  number: string;
  status: string;
  customer_name: string;
  customer_phone: string;
  channel: string;
  category: string;
  severity: string;
  owner: string;
  received_at: string;
  closed_at: string | null;
  repeat: number;
  nature: string | null;
  escalation_level: string;
  next_due_ms: number | null;
  paused_n: number;
}

export interface RowContext extends DescribeContext {
  nowMs: number;
  soonMs: number;
}

/** What describeEvent reads of an event; one object reused for every event of an export. */
interface Described {
  type: string;
  schema: number;
  payload: unknown;
}

/**
 * The thread: one line per event ("time name：what happened"), in the order
 * given (fold order: ./threads.ts). Payloads are parsed here, one at a time;
 * an unreadable one gets the describer's generic line.
 */
export function threadText(events: readonly EventRow[], ctx: RowContext): string {
  let text = '';
  const sep = ctx.locale === 'en' ? ': ' : '：';
  const e: Described = { type: '', schema: 0, payload: null };
  for (let i = 0; i < events.length; i++) {
    const [, , type, schema, hlc, actor, payload] = events[i]!;
    e.type = type;
    e.schema = schema;
    try {
      e.payload = JSON.parse(payload) as unknown;
    } catch {
      e.payload = null; // an unreadable payload gets the generic line
    }
    const line = `${ctx.timeOfMs(hlcWall(hlc))} ${ctx.staffName(actor)}${sep}${describeEvent(e, ctx)}`;
    text = i === 0 ? line : `${text}\n${line}`;
  }
  return text;
}

export function caseCells(c: ExportCase, events: readonly EventRow[], ctx: RowContext): string[] {
  const l = ctx.locale;
  const state = caseDeadlineState(c.next_due_ms, c.paused_n > 0, ctx.nowMs, ctx.soonMs);
  let deadlines = '';
  if (state !== null) {
    const word = DEADLINE_WORDS[state][l];
    deadlines = c.next_due_ms === null ? word : `${ctx.timeOfMs(c.next_due_ms)} ${word}`;
  }
  return [
    c.number,
    ctx.time(c.received_at),
    c.customer_name,
    c.customer_phone,
    ctx.label('channel', c.channel),
    ctx.label('category', c.category),
    ctx.label('severity', c.severity),
    wordOf(STATUS_WORDS, c.status, l),
    ctx.staffName(c.owner),
    c.nature === null ? '' : wordOf(NATURE_WORDS, c.nature, l),
    yesNo(c.repeat === 1, l),
    wordOf(LEVEL_WORDS, c.escalation_level, l),
    deadlines,
    c.closed_at === null ? '' : ctx.time(c.closed_at),
    threadText(events, ctx),
  ];
}

/**
 * A page of cases' rows, in the page's order: each case's cells with its
 * thread, the page's events read in one query (./threads.ts). What every
 * writer of an export (one lane or two: ./job.ts, ./lanes.ts) renders.
 */
export function* pageRows(
  d: DeskDatabase,
  page: readonly (ExportCase & { pos: number })[],
  ctx: RowContext,
): Generator<string[]> {
  const threads = readPageThreads(
    d,
    page.map((c) => c.pos),
  );
  for (const c of page) yield caseCells(c, threads.of(c.pos), ctx);
}
