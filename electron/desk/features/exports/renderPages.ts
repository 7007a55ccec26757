/**
 * A page of an export as it crosses to the render thread and back (issue 13
 * performance; decision 0033, amendment 2). The reading thread keeps the one
 * connection and its snapshot; it packs each page's cases and events into
 * flat arrays of strings and numbers (cheap to clone: no object per event),
 * and the render thread parses the payloads, runs the describers, formats
 * the times and, for a CSV, quotes and encodes the records into byte chunks
 * it hands back (transferred, not copied). An XLSX page comes back as its
 * cells: the sheet's rows, sheets and zip stay with the writer.
 */
import { csvRecord } from './csv';
import type { ExportFormat } from '../../../../shared/contract/methods/exports';
import { rowContext, type ContextInput } from './context';
import {
  cellsWithThread,
  COLUMNS,
  FLAT_EVENT,
  flatThreadText,
  type ExportCase,
  type RowContext,
} from './rows';
import type { EventRow } from './threads';
import { TextChunks } from './textChunks';

/** What the render thread is started with. */
export interface RenderInit {
  format: ExportFormat;
  context: ContextInput;
}

/** A page to render: its cases, each one's number of events, and the events flat (FLAT_EVENT values each). */
export interface PageToRender {
  cases: ExportCase[];
  counts: number[];
  events: (string | number)[];
}

/** A rendered page: CSV bytes (chunks and their lengths) or XLSX cells (COLUMNS.length a row). */
export type RenderedPage =
  | { kind: 'csv'; chunks: ArrayBuffer[]; lengths: number[] }
  | { kind: 'cells'; cells: string[] }
  | { kind: 'error'; detail: string };

const CASE_FIELDS = [
  'id',
  'number',
  'status',
  'customer_name',
  'customer_phone',
  'channel',
  'category',
  'severity',
  'owner',
  'owner_name',
  'received_at',
  'closed_at',
  'repeat',
  'nature',
  'escalation_level',
  'next_due_ms',
  'paused_n',
] as const satisfies readonly (keyof ExportCase)[];

/** Packs a page read by the reading thread (only the fields a row needs). */
export function packPage(
  page: readonly ExportCase[],
  eventsOf: (c: number) => readonly EventRow[],
): PageToRender {
  const cases: ExportCase[] = [];
  const counts: number[] = [];
  const events: (string | number)[] = [];
  for (let i = 0; i < page.length; i++) {
    const c = page[i]!;
    const picked = {} as Record<string, unknown>;
    for (const f of CASE_FIELDS) picked[f] = c[f];
    cases.push(picked as unknown as ExportCase);
    const ev = eventsOf(i);
    counts.push(ev.length);
    for (const e of ev) events.push(e[2], e[3], e[4], e[5], e[6]);
  }
  return { cases, counts, events };
}

/** The render thread's work: one page, in the order given. */
export class PageRenderer {
  private readonly ctx: RowContext;

  constructor(private readonly init: RenderInit) {
    this.ctx = rowContext(init.context);
  }

  render(p: PageToRender): RenderedPage {
    const csv = this.init.format === 'csv';
    const out: Buffer[] = [];
    const chunks = csv ? new TextChunks((b) => out.push(b)) : null;
    const cells: string[] = [];
    let at = 0;
    for (let i = 0; i < p.cases.length; i++) {
      const n = p.counts[i]!;
      const row = cellsWithThread(p.cases[i]!, flatThreadText(p.events, at, n, this.ctx), this.ctx);
      at += n * FLAT_EVENT;
      if (chunks) chunks.text(csvRecord(row));
      else for (let k = 0; k < COLUMNS.length; k++) cells.push(row[k]!);
    }
    if (!chunks) return { kind: 'cells', cells };
    chunks.flush();
    return {
      kind: 'csv',
      chunks: out.map(ownBuffer),
      lengths: out.map((b) => b.length),
    };
  }
}

/** The bytes in an ArrayBuffer of their own from offset 0 (transferable: never Node's shared pool). */
function ownBuffer(b: Buffer): ArrayBuffer {
  if (b.byteOffset === 0 && b.buffer instanceof ArrayBuffer && b.buffer.byteLength > 8192) return b.buffer;
  const copy = new Uint8Array(b.length);
  copy.set(b);
  return copy.buffer;
}
