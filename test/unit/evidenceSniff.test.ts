/**
 * Evidence types by their first bytes, never by their names (issue 12): each
 * allowed type is recognised from a few bytes, and executables, HTML, SVG,
 * text and video are refused whatever they are called. File names: no path,
 * no control characters.
 */
import { describe, expect, it } from 'vitest';
import { sniffEvidence, sniffFile } from '../../electron/desk/features/evidence/sniff';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bytesSource, sniffEvidenceDetail, type ByteSource } from '../../shared/domain/cases/evidenceType';
import { attachmentDisposition } from '../../electron/host/policy';
import { EVIDENCE_MAX_BYTES, evidenceNameProblem } from '../../shared/domain/cases/evidence';
import { CaseEvidenceAddedPayload } from '../../shared/domain/cases/payloads';
import { SYNC_LIMITS } from '../../shared/contract/sync';

const b = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));
const ftyp = (brand: string) => b([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], 'mif1heic');

describe('sniffEvidence', () => {
  it.each([
    ['jpeg', b([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
    ['png', b([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'), 'image/png'],
    ['webp', b('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['heic', ftyp('heic'), 'image/heic'],
    ['heif (mif1)', ftyp('mif1'), 'image/heic'],
    ['pdf', b('%PDF-1.7\n'), 'application/pdf'],
    ['mp3 with ID3', b('ID3', [4, 0, 0, 0, 0, 0, 0]), 'audio/mpeg'],
    ['mp3 frame', b([0xff, 0xfb, 0x90, 0x64]), 'audio/mpeg'],
    ['m4a', ftyp('M4A '), 'audio/mp4'],
    ['aac (ADTS)', b([0xff, 0xf1, 0x50, 0x80]), 'audio/aac'],
    ['wav', b('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'audio/wav'],
    ['amr', b('#!AMR\n'), 'audio/amr'],
    ['amr-wb', b('#!AMR-WB\n'), 'audio/amr'],
    ['ogg', b('OggS', [0, 2]), 'audio/ogg'],
  ])('recognises %s', (_name, head, mime) => {
    expect(sniffEvidence(head)?.mime).toBe(mime);
  });

  it.each([
    ['an ELF executable', b([0x7f], 'ELF', [2, 1, 1])],
    ['a Windows executable', b('MZ', [0x90, 0, 3])],
    ['HTML', b('<!doctype html><html>')],
    ['HTML with a BOM', b([0xef, 0xbb, 0xbf], '<html>')],
    ['SVG', b('<?xml version="1.0"?><svg ')],
    ['plain text', b('plain text, renamed .jpg')],
    ['an MP4 video', ftyp('isom')],
    ['a QuickTime video', ftyp('qt  ')],
    ['a GIF', b('GIF89a')],
    ['a ZIP (docx, apk)', b('PK', [3, 4])],
    ['nothing', b()],
    ['two bytes of JPEG', b([0xff, 0xd8])],
  ])('refuses %s', (_name, head) => {
    expect(sniffEvidence(head)).toBeNull();
  });
});

/** A box: 32-bit size, type, then the content. */
const box = (type: string, ...content: Uint8Array[]): Uint8Array => {
  const len = 8 + content.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(len);
  new DataView(out.buffer).setUint32(0, len);
  out.set(Buffer.from(type, 'latin1'), 4);
  let at = 8;
  for (const c of content) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const ftypBox = (brand: string) => box('ftyp', b(brand, [0, 0, 0, 0], brand, 'isom'));
/** A track whose media handler is `handler` ('soun', 'vide'), with the boxes real recorders put beside it. */
const trak = (handler: string) =>
  box(
    'trak',
    box('tkhd', new Uint8Array(84)),
    box(
      'mdia',
      box('mdhd', new Uint8Array(24)),
      box('hdlr', b([0, 0, 0, 0], [0, 0, 0, 0], handler, new Array(12).fill(0), 'SoundHandle', [0])),
      box('minf', box('stbl')),
    ),
  );
const moov = (...handlers: string[]) => box('moov', box('mvhd', new Uint8Array(100)), ...handlers.map(trak));
/** A recording as phones write it: ftyp, the sound data (mdat), then moov at the end. */
const recording = (brand: string, mdatBytes: number, ...handlers: string[]) =>
  cat(ftypBox(brand), box('free'), box('mdat', new Uint8Array(mdatBytes)), moov(...handlers));

describe('MPEG-4 / 3GP audio by its tracks', () => {
  it.each([
    ['mp42', 'audio/mp4', 'm4a'],
    ['isom', 'audio/mp4', 'm4a'],
    ['mp41', 'audio/mp4', 'm4a'],
    ['3gp4', 'audio/3gpp', '3gp'],
    ['3gp5', 'audio/3gpp', '3gp'],
    ['3gp6', 'audio/3gpp', '3gp'],
    ['3g2a', 'audio/3gpp2', '3gp'],
  ])('accepts brand %s whose tracks are all sound tracks', (brand, mime, format) => {
    expect(sniffEvidence(recording(brand, 1000, 'soun'))).toEqual({ mime, format });
    expect(sniffEvidence(recording(brand, 10, 'soun', 'soun'))).toEqual({ mime, format });
    // moov first (a "fast start" file) too
    expect(sniffEvidence(cat(ftypBox(brand), moov('soun'), box('mdat', new Uint8Array(10))))).toEqual({
      mime,
      format,
    });
  });

  it('refuses a file with a video track as a video, whatever its brand', () => {
    for (const brand of ['mp42', 'isom', '3gp4', '3g2a']) {
      expect(sniffEvidenceDetail(recording(brand, 100, 'vide'))).toEqual({ refused: 'video' });
      expect(sniffEvidenceDetail(recording(brand, 100, 'soun', 'vide'))).toEqual({ refused: 'video' });
    }
  });

  it.each([
    ['no moov at all', cat(ftypBox('mp42'), box('mdat', new Uint8Array(50)))],
    ['a moov without tracks', cat(ftypBox('mp42'), box('moov', box('mvhd', new Uint8Array(100))))],
    ['a track without mdia', cat(ftypBox('mp42'), box('moov', box('trak', box('tkhd', new Uint8Array(84)))))],
    ['a truncated moov', recording('mp42', 100, 'soun').subarray(0, -20)],
    ['a box longer than the file', cat(ftypBox('mp42'), b([0x7f, 0xff, 0xff, 0xff], 'moov'))],
    ['a box size below its header', cat(ftypBox('3gp4'), b([0, 0, 0, 3], 'moov', [0, 0, 0, 0]))],
    ['garbage inside moov', cat(ftypBox('mp42'), box('moov', b([0, 0, 0, 9], 'trak', [1], [0xff, 0xff])))],
    ['a hdlr too short', cat(ftypBox('mp42'), box('moov', box('trak', box('mdia', box('hdlr', b([0, 0]))))))],
    [
      'random bytes after ftyp',
      cat(
        ftypBox('isom'),
        Uint8Array.from({ length: 300 }, (_v, i) => (i * 37) & 255),
      ),
    ],
  ])('refuses %s without throwing', (_name, bytes) => {
    expect(() => sniffEvidenceDetail(bytes)).not.toThrow();
    expect(sniffEvidence(bytes)).toBeNull();
  });

  it('walks box headers with seeks: a 20 MiB recording is read only at its headers and its moov', () => {
    const file = recording('mp42', 20 * 1024 * 1024 - 2000, 'soun');
    const inner = bytesSource(file);
    let read = 0;
    const counting: ByteSource = {
      size: inner.size,
      read: (o, n) => {
        const got = inner.read(o, n);
        read += got.length;
        return got;
      },
    };
    expect(sniffEvidence(counting)?.format).toBe('m4a');
    expect(read).toBeLessThan(4096);
  });

  it('reads a file on disk the same way (sniffFile)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sniff-'));
    try {
      writeFileSync(path.join(dir, 'a.m4a'), recording('mp42', 5000, 'soun'));
      writeFileSync(path.join(dir, 'v.mp4'), recording('isom', 5000, 'soun', 'vide'));
      writeFileSync(path.join(dir, 'x.m4a'), recording('mp42', 5000, 'soun').subarray(0, 5100));
      expect(sniffFile(path.join(dir, 'a.m4a'))).toEqual({ mime: 'audio/mp4', format: 'm4a' });
      expect(sniffFile(path.join(dir, 'v.mp4'))).toEqual({ refused: 'video' });
      expect(sniffFile(path.join(dir, 'x.m4a'))).toEqual({ refused: 'type' });
      expect(sniffFile(path.join(dir, 'missing'))).toEqual({ refused: 'type' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('evidence file names', () => {
  it.each([
    ['现场照片.jpg', null],
    ['receipt (1).PNG', null],
    ['', 'empty'],
    ['   ', 'empty'],
    ['a/b.jpg', 'path'],
    ['..', 'path'],
    ['C:\\Users\\x.jpg', 'path'],
    ['a\u0000.jpg', 'control'],
    ['a\nb.jpg', 'control'],
    ['a\u0085.jpg', 'control'],
    ['a\u2028.jpg', 'control'],
    ['a\ud800.jpg', 'control'],
    ['x'.repeat(201), 'too_long'],
    ['照'.repeat(200), null],
  ])('%j → %s', (name, problem) => {
    expect(evidenceNameProblem(name)).toBe(problem);
  });

  it('the event payload refuses what the rule refuses, and the size limit is head office’s', () => {
    const p = { sha256: 'a'.repeat(64), size: 10, mime: 'image/png', name: 'a.png', kind: 'photo', note: '' };
    expect(CaseEvidenceAddedPayload.safeParse(p).success).toBe(true);
    expect(CaseEvidenceAddedPayload.safeParse({ ...p, name: '../a.png' }).success).toBe(false);
    expect(CaseEvidenceAddedPayload.safeParse({ ...p, size: EVIDENCE_MAX_BYTES + 1 }).success).toBe(false);
    expect(CaseEvidenceAddedPayload.safeParse({ ...p, kind: 'video' }).success).toBe(false);
    expect(EVIDENCE_MAX_BYTES).toBe(SYNC_LIMITS.attachmentBytes);
  });

  it('downloads carry the name as RFC 5987 with an ASCII fallback', () => {
    expect(attachmentDisposition('a.png')).toBe(`attachment; filename="a.png"; filename*=UTF-8''a.png`);
    expect(attachmentDisposition("照片 'x'.jpg")).toBe(
      `attachment; filename="__ 'x'.jpg"; filename*=UTF-8''%E7%85%A7%E7%89%87%20%27x%27.jpg`,
    );
    expect(attachmentDisposition('a"b\\c.pdf')).toBe(
      `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`,
    );
  });
});
