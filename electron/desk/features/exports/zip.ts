/**
 * A zip file written as it goes, for the XLSX (./xlsx.ts): entries deflated
 * by Node's zlib (native, on libuv's thread pool, so compression overlaps
 * the rendering of the next page) and checked with zlib's native crc32.
 * fflate did both in JavaScript on the export's thread: about a third of an
 * XLSX export's CPU.
 *
 * A streamed entry has a data descriptor after its data (general purpose
 * flag bit 3): its sizes and crc are known only at its end. An entry whose
 * sizes or offset pass 4 GiB (a 1,048,576-row sheet with long threads can
 * pass it uncompressed) gets ZIP64 sizes in its descriptor and a ZIP64
 * extra field in the central directory, and the archive a ZIP64 end record,
 * as APPNOTE 6.3 and Go's archive/zip write them; smaller ones stay plain.
 * Names are UTF-8 (flag bit 11).
 */
import { once } from 'node:events';
import { constants, crc32, createDeflateRaw, deflateRawSync, type DeflateRaw } from 'node:zlib';
import type { FileSink } from './sink';

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const FLAG_DESCRIPTOR = 1 << 3;
const FLAG_UTF8 = 1 << 11;
const DEFLATE = 8;

interface Entry {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  zip64: boolean;
}

/** MS-DOS time and date of a local time (what zip headers carry). */
function dosTime(ms: number): { time: number; date: number } {
  const d = new Date(ms);
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** An entry being written: its data goes through `write`, then `end`. */
export class ZipEntryStream {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private failure: Error | null = null;
  private readonly z: DeflateRaw;

  constructor(
    private readonly sink: FileSink,
    private readonly entry: Entry,
    level: number,
    private readonly zip64Above: number,
  ) {
    this.z = createDeflateRaw({ level, memLevel: 8 });
    this.z.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      try {
        sink.write(chunk);
      } catch (e) {
        this.failure = e instanceof Error ? e : new Error(String(e));
      }
    });
    this.z.on('error', (e) => {
      this.failure = e;
    });
  }

  /** Uncompressed bytes of the entry (the deflate stream keeps them until it has taken them). */
  write(data: Uint8Array): void {
    if (this.failure) throw this.failure;
    if (data.length === 0) return;
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    this.z.write(data);
  }

  /** Waits while the deflate stream is behind (backpressure). */
  async drain(): Promise<void> {
    if (this.z.writableNeedDrain) await once(this.z, 'drain');
    if (this.failure) throw this.failure;
  }

  /** Ends the data and writes the data descriptor. */
  async end(): Promise<void> {
    const ended = once(this.z, 'end');
    this.z.end();
    await ended;
    if (this.failure) throw this.failure;
    const e = this.entry;
    e.crc = this.crc;
    e.size = this.size;
    e.compressed = this.compressed;
    e.zip64 = e.size >= this.zip64Above || e.compressed >= this.zip64Above;
    const dd = Buffer.alloc(e.zip64 ? 24 : 16);
    dd.writeUInt32LE(0x08074b50, 0);
    dd.writeUInt32LE(e.crc >>> 0, 4);
    if (e.zip64) {
      dd.writeBigUInt64LE(BigInt(e.compressed), 8);
      dd.writeBigUInt64LE(BigInt(e.size), 16);
    } else {
      dd.writeUInt32LE(e.compressed, 8);
      dd.writeUInt32LE(e.size, 12);
    }
    this.sink.write(dd);
  }

  /** Stops compressing (the file is being abandoned). */
  destroy(): void {
    this.z.destroy();
  }
}

export class ZipWriter {
  private readonly entries: Entry[] = [];
  private readonly stamp: { time: number; date: number };

  constructor(
    private readonly sink: FileSink,
    nowMs: number,
    /** Sizes from which an entry gets ZIP64 fields (tests: small). */
    private readonly zip64Above = MAX32,
  ) {
    this.stamp = dosTime(nowMs);
  }

  /** Starts a streamed entry; the next entry may start only once this one has ended. */
  open(name: string, level = 1): ZipEntryStream {
    const e = this.header(name, FLAG_DESCRIPTOR, 0, 0, 0);
    return new ZipEntryStream(this.sink, e, level, this.zip64Above);
  }

  /** A small entry whose content is known at once (deflated here, sizes in its header). */
  add(name: string, text: string): void {
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data, { level: 6, flush: constants.Z_FINISH });
    this.header(name, 0, crc32(data), packed.length, data.length);
    this.sink.write(packed);
  }

  /** The central directory and the end records. */
  end(): void {
    const start = this.sink.bytes;
    for (const e of this.entries) {
      // ZIP64 fields only for what passes 32 bits: both sizes together, the offset on its own
      // (readers that know no ZIP64, e.g. SheetJS, still find an entry by its plain offset).
      const bigOffset = e.offset >= MAX32;
      const parts = [...(e.zip64 ? [e.size, e.compressed] : []), ...(bigOffset ? [e.offset] : [])];
      const big = parts.length > 0;
      const extra = Buffer.alloc(big ? 4 + 8 * parts.length : 0);
      if (big) {
        extra.writeUInt16LE(0x0001, 0);
        extra.writeUInt16LE(8 * parts.length, 2);
        parts.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
      }
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(big ? 45 : 20, 4); // made by (MS-DOS attributes)
      h.writeUInt16LE(big ? 45 : 20, 6); // needed to extract
      h.writeUInt16LE(e.flags, 8);
      h.writeUInt16LE(DEFLATE, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.zip64 ? MAX32 : e.compressed, 20);
      h.writeUInt32LE(e.zip64 ? MAX32 : e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt16LE(extra.length, 30);
      h.writeUInt32LE(bigOffset ? MAX32 : e.offset, 42);
      this.sink.write(Buffer.concat([h, e.name, extra]));
    }
    const size = this.sink.bytes - start;
    const n = this.entries.length;
    if (n >= MAX16 || start >= MAX32 || size >= MAX32 || this.entries.some((e) => e.zip64)) {
      const at = this.sink.bytes;
      const r = Buffer.alloc(56 + 20);
      r.writeUInt32LE(0x06064b50, 0);
      r.writeBigUInt64LE(44n, 4);
      r.writeUInt16LE(45, 12);
      r.writeUInt16LE(45, 14);
      r.writeBigUInt64LE(BigInt(n), 24);
      r.writeBigUInt64LE(BigInt(n), 32);
      r.writeBigUInt64LE(BigInt(size), 40);
      r.writeBigUInt64LE(BigInt(start), 48);
      r.writeUInt32LE(0x07064b50, 56);
      r.writeBigUInt64LE(BigInt(at), 64);
      r.writeUInt32LE(1, 72);
      this.sink.write(r);
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(Math.min(n, MAX16), 8);
    eocd.writeUInt16LE(Math.min(n, MAX16), 10);
    eocd.writeUInt32LE(Math.min(size, MAX32), 12);
    eocd.writeUInt32LE(Math.min(start, MAX32), 16);
    this.sink.write(eocd);
  }

  /** Writes a local file header and records the entry. */
  private header(name: string, flags: number, crc: number, compressed: number, size: number): Entry {
    const e: Entry = {
      name: Buffer.from(name, 'utf8'),
      flags: flags | FLAG_UTF8,
      crc,
      compressed,
      size,
      offset: this.sink.bytes,
      zip64: false,
    };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(e.flags, 6);
    h.writeUInt16LE(DEFLATE, 8);
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt32LE(crc >>> 0, 14);
    h.writeUInt32LE(compressed, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(e.name.length, 26);
    this.sink.write(Buffer.concat([h, e.name]));
    this.entries.push(e);
    return e;
  }
}
