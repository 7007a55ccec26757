/**
 * CSV that Excel opens correctly in Chinese: UTF-8 with a byte-order mark,
 * CRLF between records, RFC 4180 quoting (a field with a quote, comma, CR or
 * LF is quoted and its quotes doubled, so multi-line text stays in its cell),
 * every field neutralised against formula injection (./cells.ts). Streamed:
 * each record is encoded straight into the sink's chunk (./sink.ts), which
 * goes to the file a chunk at a time, with backpressure between pages.
 */
import { neutralise } from './cells';
import type { FileSink } from './sink';

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One CSV field. */
export function csvField(text: string): string {
  const t = neutralise(text);
  if (!NEEDS_QUOTES.test(t)) return t;
  return t.indexOf('"') < 0 ? `"${t}"` : `"${t.replace(QUOTE, '""')}"`;
}

/** One CSV record with its CRLF. */
export function csvRecord(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvField(cells[i] ?? '');
  }
  return `${line}\r\n`;
}

export class CsvWriter {
  constructor(private readonly sink: FileSink) {}

  /** The byte-order mark and the header record. */
  begin(header: readonly string[]): void {
    this.sink.text(`\uFEFF${csvRecord(header)}`);
  }

  /** Encodes the record into the sink's chunk (no page-long string is ever built). */
  row(cells: readonly string[]): void {
    this.sink.text(csvRecord(cells));
  }

  /** Records already encoded (a page a second lane rendered: ./lanes.ts), after those written so far. */
  bytes(bytes: Uint8Array): void {
    this.sink.flushText();
    this.sink.write(bytes);
  }

  /** Between pages: waits while the file is behind (full chunks are already on their way). */
  async flush(): Promise<void> {
    await this.sink.drain();
  }

  async end(): Promise<void> {
    this.sink.flushText();
    await this.sink.drain();
  }
}
