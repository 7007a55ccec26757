/**
 * Evidence files on a case (issue 12 item 1): the rules every layer shares.
 * The bytes live outside the log (content-addressed on each desk, uploaded
 * by the attachment queue); the `case.evidence_added` event carries only the
 * sha256 and what a clerk needs to recognise the file. Pure: no I/O.
 */

/** What a file is evidence of, as the clerk says. */
export const EVIDENCE_KINDS = ['photo', 'recording', 'statement', 'document'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * Largest evidence file: head office's attachment limit
 * (SYNC_LIMITS.attachmentBytes, 20 MiB; a unit test keeps them equal).
 */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
/** Longest file name kept (characters). */
export const EVIDENCE_NAME_MAX = 200;
/** Longest note on an evidence file (characters). */
export const EVIDENCE_NOTE_MAX = 500;

export const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A media type as the sniffer names it (`image/jpeg`); kept loose so a newer desk's types still fold. */
export const EVIDENCE_MIME = /^[a-z]+\/[a-z0-9.+-]{1,80}$/;

export type EvidenceNameProblem = 'empty' | 'too_long' | 'control' | 'path';

/**
 * Why a file name cannot be kept, or null: a name is a name, never a path
 * (no `/` or `\`, not `.` or `..`), and holds no control character
 * (C0, DEL, C1), line or paragraph separator, or lone surrogate.
 */
export function evidenceNameProblem(name: string): EvidenceNameProblem | null {
  if (name.trim() === '') return 'empty';
  if ([...name].length > EVIDENCE_NAME_MAX) return 'too_long';
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return 'control';
  if (/[\ud800-\udfff]/u.test(name.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'control';
  if (/[/\\]/.test(name) || name === '.' || name === '..') return 'path';
  return null;
}
