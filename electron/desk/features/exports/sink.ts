/**
 * A file an export writes, streamed: chunks go to a write stream and the
 * writer awaits `drain` between pages, so at most about a page of output is
 * held in memory whatever the size of the file.
 *
 * Text is encoded straight into 1 MiB chunks (./textChunks.ts), which go to
 * the stream when full or at `flushText`.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { TextChunks } from './textChunks';

export class FileSink {
  private readonly stream: WriteStream;
  private readonly chunks = new TextChunks((bytes) => this.write(bytes));
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

  /** Appends `text`, UTF-8 encoded, to the current chunk (./textChunks.ts). */
  text(text: string): void {
    this.chunks.text(text);
  }

  /** Hands the current chunk's bytes to the file. */
  flushText(): void {
    this.chunks.flush();
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
