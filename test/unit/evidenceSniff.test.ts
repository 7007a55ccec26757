/**
 * Evidence types by their first bytes, never by their names (issue 12): each
 * allowed type is recognised from a few bytes, and executables, HTML, SVG,
 * text and video are refused whatever they are called. File names: no path,
 * no control characters.
 */
import { describe, expect, it } from 'vitest';
import { sniffEvidence } from '../../electron/desk/features/evidence/sniff';
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
