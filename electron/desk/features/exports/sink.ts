/**
 * A file an export writes, streamed: chunks go to a write stream and the
 * writer awaits `drain` between pages, so at most about a page of output is
 * held in memory whatever the size of the file.
 *
 * Text is encoded (UTF-8) straight into a chunk of TEXT_CHUNK bytes, a
 * record at a time, and the chunk goes to the stream when full or at
 * `flushText`: no page-long string is built and flattened (a large string
 * lands in V8's old space and costs a full collection later), and the
 * chunks live outside the JS heap.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Bytes of one text chunk. */
const TEXT_CHUNK = 1 << 20;

export class FileSink {
  private readonly stream: WriteStream;
  private chunk: Buffer | null = null;
  private used = 0;
  private failure: Error | null = null;
  /** Bytes handed to the file so far. */
  bytes = 0;

  constructor(readonly path: string) {
    // 'wx': never overwrite a file that is already there; 0600: the log is the branch's business.
    // A large buffer lets the disk write one page while the next is rendered.
    this.stream = createWriteStream(path, { flags: 'wx', mode: 0o600, highWaterMark: 2 << 20 });
    this.stream.on('error', (e) => {
      this.failure = e;
    });
  }

  write(chunk: string | Uint8Array): void {
    if (this.failure) throw this.failure;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (buf.length === 0) return;
    this.bytes += buf.length;
    this.stream.write(buf);
  }

  /** Appends `text`, UTF-8 encoded, to the current chunk (a full chunk goes to the file first). */
  text(text: string): void {
    // At most 3 bytes per UTF-16 unit: a surrogate pair is 4 bytes for 2 units, a lone one 3.
    const most = text.length * 3;
    if (this.chunk === null || most > TEXT_CHUNK - this.used) {
      this.flushText();
      if (most > TEXT_CHUNK) {
        this.write(text);
        return;
      }
      this.chunk = Buffer.allocUnsafe(TEXT_CHUNK);
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
  }

  /** Hands the current chunk's bytes to the file. */
  flushText(): void {
    const chunk = this.chunk;
    if (chunk === null || this.used === 0) return;
    const bytes = chunk.subarray(0, this.used);
    this.chunk = null;
    this.used = 0;
    this.write(bytes);
  }

  /** Waits until the stream has taken what it holds (backpressure), or throws its error. */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off('drain', done);
          this.stream.off('error', done);
          resolve();
        };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    this.flushText();
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw this.failure;
  }

  /** Closes the file without waiting (it is about to be removed). */
  async abandon(): Promise<void> {
    if (this.stream.closed) return;
    this.stream.destroy();
    await once(this.stream, 'close').catch(() => undefined);
  }
}
