/**
 * DeskApi methods of the evidence feature (issue 12 item 1,
 * electron/desk/features/evidence/, docs/evidence.md).
 *
 * A file never crosses as JSON (DESIGN.md 4a): the shell stages it first —
 * the browser-mode host streams `POST /api/evidence` into a temporary file,
 * the Electron shell copies the file the clerk chose — and passes the staged
 * file's id in `upload`. The core reads the staged file, checks it (type by
 * its first bytes, size, name), stores it by its sha256 and removes the
 * staged copy, whatever the outcome. Opening answers where the bytes are for
 * the shell to hand out (the host's `GET /api/evidence/<sha256>`).
 */
import { z } from 'zod';
import { EVIDENCE_KINDS, EVIDENCE_NOTE_MAX } from '../../domain/cases/evidence';
import { id, isoInstant, type MethodTable } from './common';

export const EvidenceKind = z.enum(EVIDENCE_KINDS);
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const EvidenceView = z.object({
  sha256: Sha256,
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  kind: EvidenceKind,
  note: z.string(),
  actor: z.string(),
  actorName: z.string(),
  addedAt: isoInstant,
  /** The file is on this desk ('here') or only at head office so far ('missing'). */
  file: z.enum(['here', 'missing']),
  /** Waiting in this desk's upload queue (not yet at head office). */
  pendingUpload: z.boolean(),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const evidenceMethods = {
  'case.evidence.list': {
    input: z.object({ caseId: id }).strict(),
    output: z.object({ items: z.array(EvidenceView) }),
    auth: 'any',
  },
  'case.evidence.add': {
    input: z
      .object({
        caseId: id,
        /** The staged file's id (DeskCore.evidence.stage), never a path. */
        upload: id,
        /** The name the file was chosen under: no path, no control characters (checked by the core). */
        name: z.string().max(1000),
        kind: EvidenceKind,
        note: z.string().trim().max(EVIDENCE_NOTE_MAX).default(''),
      })
      .strict(),
    /** `added: false` when the case already had this file (one evidence per sha256). */
    output: z.object({ evidence: EvidenceView, added: z.boolean() }),
    auth: 'any',
  },
  'case.evidence.open': {
    /** Makes the file available on this desk (fetching it from head office when needed). */
    input: z.object({ caseId: id, sha256: Sha256 }).strict(),
    output: EvidenceView,
    auth: 'any',
  },
} as const satisfies MethodTable;
