/**
 * What an evidence file is, from its bytes (magic numbers and, for ISO base
 * media files, the box tree), never from its name (issue 12): the allow-list
 * of evidence types. Shared because three places ask: the desk that adds a
 * file, a desk that fetches one from head office and the shells that serve
 * one (electron/desk/features/evidence, electron/desk/sync/download.ts), and
 * head office's attachment PUT (server/routes/attachments.ts).
 *
 * ISO base media files (MP4, 3GP, HEIF) name a brand in their `ftyp` box.
 * Still-image brands are HEIC; `M4A `/`M4B ` are audio by their brand; the
 * generic brands phones record audio under (mp42/isom/mp41 from Android
 * recorders, 3gp4..3gp6/3g2a from older phones) are audio only when every
 * track of the `moov` box is a sound track (`trak/mdia/hdlr` handler `soun`);
 * one video track makes it a video, refused. The walk reads box headers with
 * seeks and the `moov` box alone (at most MOOV_MAX_BYTES), so a 20 MiB file
 * whose `moov` sits at its end is not read whole. A truncated or garbage box
 * tree is refused, never thrown on.
 */

export type EvidenceFormat =
  'jpeg' | 'png' | 'webp' | 'heic' | 'pdf' | 'mp3' | 'm4a' | '3gp' | 'aac' | 'wav' | 'amr' | 'ogg';

export interface Sniffed {
  mime: string;
  /** Short label of the format (for messages and the download's extension). */
  format: EvidenceFormat;
}

/** Why a file was refused: not an allowed type at all, or an MPEG-4/3GP file holding video. */
export type SniffRefusal = 'type' | 'video';

/** Random access to a file's bytes: `read` answers at most `length` bytes at `offset` (fewer at the end). */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/** How many leading bytes the magic-number checks need at most. */
export const SNIFF_BYTES = 64;
/** The largest `moov` box read to find its tracks (an hour of audio's tables fit easily). */
export const MOOV_MAX_BYTES = 4 * 1024 * 1024;
/** Top-level boxes walked before giving up on finding `moov`. */
const MAX_TOP_BOXES = 64;

/** A ByteSource over bytes in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

const ascii = (b: Uint8Array, at: number, s: string): boolean => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};
const fourcc = (b: Uint8Array, at: number): string =>
  String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);
const u32 = (b: Uint8Array, at: number): number =>
  (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;

/** ISO base media (ftyp) brands of still images in HEIF/HEIC. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
/** ISO base media brands of audio-only MPEG-4 (iTunes .m4a/.m4b): audio by their brand. */
const M4A_BRANDS = new Set(['M4A ', 'M4B ']);
/** Generic MPEG-4 / 3GPP brands: audio only when every track is a sound track. */
const MP4_BRANDS = new Set(['mp41', 'mp42', 'isom', 'iso2', 'iso4', 'iso5', 'iso6', 'avc1', 'M4V ', 'f4a ']);
const GPP_BRANDS = new Set(['3gp4', '3gp5', '3gp6', '3gp7', '3gr6', '3gs6', '3g2a', '3g2b', '3g2c']);

interface Box {
  type: string;
  /** Offset of the box's content (past its header). */
  body: number;
  /** Offset just past the box. */
  end: number;
}

/** The boxes in `b[from, to)`; null when a header is malformed or runs past `to`. */
function childBoxes(b: Uint8Array, from: number, to: number): Box[] | null {
  const out: Box[] = [];
  let at = from;
  while (at < to) {
    if (to - at < 8) return null;
    let size = u32(b, at);
    const type = fourcc(b, at + 4);
    let header = 8;
    if (size === 1) {
      if (to - at < 16) return null;
      const hi = u32(b, at + 8);
      if (hi !== 0) return null; // over 4 GiB: not inside a 4 MiB moov
      size = u32(b, at + 12);
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) return null;
    out.push({ type, body: at + header, end: at + size });
    at += size;
  }
  return out;
}

/** Top-level box headers of the file, found by seeking; the `moov` box, or a reason it is not usable. */
function findMoov(src: ByteSource): Box | null {
  let at = 0;
  for (let n = 0; n < MAX_TOP_BOXES && at + 8 <= src.size; n++) {
    const h = src.read(at, 16);
    if (h.length < 8) return null;
    let size = u32(h, 0);
    let header = 8;
    if (size === 1) {
      if (h.length < 16) return null;
      size = u32(h, 8) * 2 ** 32 + u32(h, 12);
      header = 16;
    } else if (size === 0) size = src.size - at;
    if (size < header || at + size > src.size) return null;
    if (fourcc(h, 4) === 'moov') return { type: 'moov', body: at + header, end: at + size };
    at += size;
  }
  return null;
}

/** 'audio' when the file has ≥1 track and all are sound tracks, 'video' when one is not, null when unreadable. */
function tracksOf(src: ByteSource): 'audio' | 'video' | null {
  const moov = findMoov(src);
  if (moov === null || moov.end - moov.body > MOOV_MAX_BYTES) return null;
  const b = src.read(moov.body, moov.end - moov.body);
  if (b.length !== moov.end - moov.body) return null;
  const top = childBoxes(b, 0, b.length);
  if (top === null) return null;
  const traks = top.filter((x) => x.type === 'trak');
  if (traks.length === 0) return null;
  let video = false;
  for (const trak of traks) {
    const mdia = childBoxes(b, trak.body, trak.end)?.find((x) => x.type === 'mdia');
    if (!mdia) return null;
    const hdlr = childBoxes(b, mdia.body, mdia.end)?.find((x) => x.type === 'hdlr');
    // hdlr is a full box: version+flags (4), pre_defined (4), handler_type (4).
    if (!hdlr || hdlr.end - hdlr.body < 12) return null;
    if (fourcc(b, hdlr.body + 8) !== 'soun') video = true;
  }
  return video ? 'video' : 'audio';
}

/**
 * The allowed type of a file, or why it is refused. Pass the whole file as a
 * ByteSource (or its bytes); a Uint8Array holding only the first bytes is
 * enough for every type but generic MPEG-4/3GP audio, whose tracks need the
 * `moov` box.
 */
export function sniffEvidenceDetail(file: Uint8Array | ByteSource): Sniffed | { refused: SniffRefusal } {
  const src = file instanceof Uint8Array ? bytesSource(file) : file;
  const b = src.read(0, SNIFF_BYTES);
  const type = { refused: 'type' as const };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { mime: 'image/jpeg', format: 'jpeg' };
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) {
    return { mime: 'image/png', format: 'png' };
  }
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { mime: 'image/webp', format: 'webp' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return { mime: 'audio/wav', format: 'wav' };
  if (ascii(b, 4, 'ftyp') && b.length >= 12) {
    const brand = fourcc(b, 8);
    if (HEIF_BRANDS.has(brand)) return { mime: 'image/heic', format: 'heic' };
    if (M4A_BRANDS.has(brand)) return { mime: 'audio/mp4', format: 'm4a' };
    const gpp = GPP_BRANDS.has(brand);
    if (!gpp && !MP4_BRANDS.has(brand)) return type; // QuickTime and other ISO media: not evidence types
    const tracks = tracksOf(src);
    if (tracks === 'video') return { refused: 'video' };
    if (tracks === null) return type;
    if (gpp) return { mime: brand.startsWith('3g2') ? 'audio/3gpp2' : 'audio/3gpp', format: '3gp' };
    return { mime: 'audio/mp4', format: 'm4a' };
  }
  if (ascii(b, 0, '%PDF-')) return { mime: 'application/pdf', format: 'pdf' };
  if (ascii(b, 0, '#!AMR')) return { mime: 'audio/amr', format: 'amr' };
  if (ascii(b, 0, 'OggS')) return { mime: 'audio/ogg', format: 'ogg' };
  if (ascii(b, 0, 'ID3')) return { mime: 'audio/mpeg', format: 'mp3' };
  if (b.length >= 2 && b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0) {
    const second = b[1] ?? 0;
    const layer = (second >> 1) & 0x03;
    // ADTS (raw AAC): MPEG sync with layer 00; MP3 frames: layer III (01).
    if (layer === 0 && (second & 0xf6) === 0xf0) return { mime: 'audio/aac', format: 'aac' };
    if (layer === 1) return { mime: 'audio/mpeg', format: 'mp3' };
  }
  return type;
}

/** The allowed type of a file, or null when it is not one (see sniffEvidenceDetail). */
export function sniffEvidence(file: Uint8Array | ByteSource): Sniffed | null {
  const got = sniffEvidenceDetail(file);
  return 'refused' in got ? null : got;
}

/** The extension a download of each format is named with. */
export const EVIDENCE_EXTENSION: Record<EvidenceFormat, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  heic: 'heic',
  pdf: 'pdf',
  mp3: 'mp3',
  m4a: 'm4a',
  '3gp': '3gp',
  aac: 'aac',
  wav: 'wav',
  amr: 'amr',
  ogg: 'ogg',
};

/**
 * The name a file is handed out under (browser download, Electron save
 * dialog, head office's admin download): the recorded name without path
 * parts or control characters, every trailing extension-like suffix removed
 * (`.exe`, `.pdf`, `.tar.gz`: a dot and 1–5 letters/digits with at least one
 * letter), leading/trailing dots and spaces trimmed, then the extension of
 * the DETECTED format. So `合同.pdf.exe` holding a PDF is `合同.pdf`, and a
 * name never names a type the bytes are not. Empty → `evidence`.
 */
export function evidenceDownloadName(name: string, format: EvidenceFormat): string {
  let base = name
    .replace(/^.*[/\\]/, '')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu, '')
    .trim();
  for (;;) {
    const next = base.replace(/\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$/, '').replace(/^[.\s]+|[.\s]+$/g, '');
    if (next === base) break;
    base = next;
  }
  if (base === '') base = 'evidence';
  return `${[...base].slice(0, 180).join('')}.${EVIDENCE_EXTENSION[format]}`;
}

/** How a stored file is handed out. */
export interface EvidenceServing {
  /** The DETECTED media type (never the one an event claims). */
  mime: string;
  /** evidenceDownloadName of the recorded name and the detected format. */
  fileName: string;
}

/**
 * The serving policy of the shells and head office: a file whose bytes are
 * off the allow-list is not handed out (null); otherwise it goes out as the
 * type its bytes are, under a name whose extension is that type's.
 */
export function evidenceServing(
  name: string,
  sniffed: Sniffed | { refused: SniffRefusal } | null,
): EvidenceServing | null {
  if (sniffed === null || 'refused' in sniffed) return null;
  return { mime: sniffed.mime, fileName: evidenceDownloadName(name, sniffed.format) };
}

/**
 * `Content-Disposition` for handing out an evidence file (issue 12; RFC 6266):
 * always a download, never shown inline; the name as an RFC 5987 `filename*` (UTF-8,
 * percent-encoded) with a plain ASCII `filename` for old clients (anything
 * but printable ASCII, quotes and backslashes becomes `_`).
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_').slice(0, 200) || 'evidence';
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
