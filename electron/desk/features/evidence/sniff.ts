/**
 * What a file is, from its first bytes (magic numbers), never from its name
 * (issue 12): the allow-list of evidence types. A file whose bytes are not
 * one of these (an executable, HTML, SVG, a text file renamed .jpg) is
 * refused whatever its name says. The media type kept with the evidence is
 * the one found here.
 */

export interface Sniffed {
  mime: string;
  /** Short label of the format (for messages and the download's extension). */
  format: 'jpeg' | 'png' | 'webp' | 'heic' | 'pdf' | 'mp3' | 'm4a' | 'aac' | 'wav' | 'amr' | 'ogg';
}

/** How many leading bytes the sniffer needs at most. */
export const SNIFF_BYTES = 64;

const ascii = (b: Uint8Array, at: number, s: string): boolean => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

/** ISO base media (ftyp) brands of still images in HEIF/HEIC. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
/** ISO base media brands of audio-only MPEG-4 (iTunes .m4a/.m4b). */
const M4A_BRANDS = new Set(['M4A ', 'M4B ']);

/** The allowed type of a file starting with `head`, or null when it is not one. */
export function sniffEvidence(head: Uint8Array): Sniffed | null {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { mime: 'image/jpeg', format: 'jpeg' };
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) {
    return { mime: 'image/png', format: 'png' };
  }
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { mime: 'image/webp', format: 'webp' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return { mime: 'audio/wav', format: 'wav' };
  if (ascii(b, 4, 'ftyp') && b.length >= 12) {
    const brand = String.fromCharCode(b[8] ?? 0, b[9] ?? 0, b[10] ?? 0, b[11] ?? 0);
    if (HEIF_BRANDS.has(brand)) return { mime: 'image/heic', format: 'heic' };
    if (M4A_BRANDS.has(brand)) return { mime: 'audio/mp4', format: 'm4a' };
    return null; // video and other MPEG-4 files are not evidence types
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
  return null;
}
