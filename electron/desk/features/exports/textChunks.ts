/**
 * Text encoded (UTF-8) straight into chunks of CHUNK bytes, a record at a
 * time; a full chunk goes to `out`. No page-long string is ever built and
 * flattened (a large string lands in V8's old space and costs a full
 * collection later), and the chunks live outside the JS heap. The bytes are
 * those of Buffer.from(all the text): a record never splits a surrogate pair.
 */

/** Bytes of one chunk. */
const CHUNK = 1 << 20;

export class TextChunks {
  private chunk: Buffer | null = null;
  private used = 0;

  constructor(private readonly out: (bytes: Buffer) => void) {}

  /** Appends `text` (a full chunk goes out first). */
  text(text: string): void {
    // At most 3 bytes per UTF-16 unit: a surrogate pair is 4 bytes for 2 units, a lone one 3.
    const most = text.length * 3;
    if (this.chunk === null || most > CHUNK - this.used) {
      this.flush();
      if (most > CHUNK) {
        this.out(Buffer.from(text, 'utf8'));
        return;
      }
      this.chunk = Buffer.allocUnsafe(CHUNK);
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
  }

  /** Hands the current chunk's bytes out. */
  flush(): void {
    const chunk = this.chunk;
    if (chunk === null || this.used === 0) return;
    const bytes = chunk.subarray(0, this.used);
    this.chunk = null;
    this.used = 0;
    this.out(bytes);
  }
}
