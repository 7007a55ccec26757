/** Small display helpers of the evidence card and timeline. */
import type { EvidenceView } from '../../../../shared/contract/methods/evidence';

/** A size a clerk reads at a glance: 812 B, 34 KB, 2.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The kind a file most likely is, from what the browser says of it (the clerk may change it). */
export function guessKind(file: File): EvidenceView['kind'] {
  if (file.type.startsWith('image/')) return 'photo';
  if (file.type.startsWith('audio/')) return 'recording';
  // Phone recordings the browser calls video/3gpp or nothing (the core reads their tracks).
  if (/\.(3gp|3ga|3g2|m4a|amr|aac)$/i.test(file.name)) return 'recording';
  return 'document';
}
