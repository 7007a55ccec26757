/**
 * CSV that Excel opens correctly in Chinese: UTF-8 with a byte-order mark,
 * CRLF between records, RFC 4180 quoting (a field with a quote, comma, CR or
 * LF is quoted and its quotes doubled, so multi-line text stays in its cell),
 * every field neutralised against formula injection (./cells.ts). Streamed:
 * rows are joined per page and handed to the sink, which applies
 * backpressure.
 */
import { neutralise } from './cells';
import type { FileSink } from './sink';

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One CSV field. */
export function csvField(text: string): string {
  const t = neutralise(text);
  return NEEDS_QUOTES.test(t) ? `"${t.replace(QUOTE, '""')}"` : t;
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
  private buffered = '';

  constructor(private readonly sink: FileSink) {}

  /** The byte-order mark and the header record. */
  begin(header: readonly string[]): void {
    this.sink.write(`\uFEFF${csvRecord(header)}`);
  }

  row(cells: readonly string[]): void {
    this.buffered += csvRecord(cells);
  }

  /** Hands the page's rows to the file and waits for it to take them. */
  async flush(): Promise<void> {
    if (this.buffered.length > 0) this.sink.write(this.buffered);
    this.buffered = '';
    await this.sink.drain();
  }

  async end(): Promise<void> {
    await this.flush();
  }
}
