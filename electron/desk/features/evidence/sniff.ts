/**
 * What a file is, from its bytes, never from its name (issue 12): the rule
 * is shared/domain/cases/evidenceType.ts (head office and the sync download
 * use it too); this adds reading a file on disk with seeks, so a 20 MiB
 * recording whose `moov` box sits at its end is not read whole.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  sniffEvidenceDetail,
  type ByteSource,
  type Sniffed,
  type SniffRefusal,
} from '../../../../shared/domain/cases/evidenceType';

export {
  SNIFF_BYTES,
  evidenceDownloadName,
  sniffEvidence,
  sniffEvidenceDetail,
  type Sniffed,
} from '../../../../shared/domain/cases/evidenceType';

/** The allowed type of the file at `file`, or why it is refused (unreadable: 'type'). */
export function sniffFile(file: string): Sniffed | { refused: SniffRefusal } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { refused: 'type' };
  }
  try {
    const size = fstatSync(fd).size;
    const src: ByteSource = {
      size,
      read(offset, length) {
        const n = Math.max(0, Math.min(length, size - offset));
        const buf = new Uint8Array(n);
        const got = n === 0 ? 0 : readSync(fd, buf, 0, n, offset);
        return buf.subarray(0, got);
      },
    };
    return sniffEvidenceDetail(src);
  } catch {
    return { refused: 'type' };
  } finally {
    closeSync(fd);
  }
}
