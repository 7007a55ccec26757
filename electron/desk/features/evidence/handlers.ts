/**
 * case.evidence.add / list / open (issue 12 item 1; docs/evidence.md).
 *
 * `addEvidence` is the one way a file becomes evidence, whichever shell
 * staged it: the name is checked (no path, no control characters), the
 * staged file's size (not empty, at most 20 MiB) and its type by its first
 * bytes (./sniff.ts). Any refusal stores nothing: no file, no event, no
 * upload row. Then the file goes into the content store under its sha256
 * and, in one transaction, the `case.evidence_added` event and its upload
 * row are written. The staged file is removed whatever the outcome.
 */
import { stat } from 'node:fs/promises';
import type { evidenceMethods, EvidenceView } from '../../../../shared/contract/methods/evidence';
import { ok, type Err, type Result } from '../../../../shared/contract/result';
import {
  EVIDENCE_MAX_BYTES,
  EVIDENCE_NAME_MAX,
  evidenceNameProblem,
  type EvidenceKind,
} from '../../../../shared/domain/cases/evidence';
import { foldCase } from '../../../../shared/domain/cases/fold';
import type { CaseEvidence, CaseState } from '../../../../shared/domain/cases/state';
import { streamOf } from '../../../../shared/domain/kernel/envelope';
import { isoOfHlc } from '../../../../shared/domain/kernel/time';
import type { Desk } from '../../kernel/desk';
import { hashFile } from '../../kernel/fileStore';
import { actor, fail, failWithFrom, type HandlerContext, type HandlersFor } from '../../kernel/handler';
import { messages } from './messages';
import { EvidenceFiles } from './service';
import { sniffFile } from './sniff';

const failWith = failWithFrom(messages);
const msg = messages.msg;

export interface AddEvidenceInput {
  caseId: string;
  /** The staged file (removed when done). */
  tempPath: string;
  name: string;
  kind: EvidenceKind;
  note: string;
}

function service(ctx: HandlerContext): EvidenceFiles {
  const s = ctx.services.evidence;
  if (!(s instanceof EvidenceFiles)) throw new Error('the evidence service is not running');
  return s;
}

/** The case's state folded from its stream (evidence needs no authority judgement), or null. */
function caseState(desk: Desk, caseId: string): CaseState | null {
  return foldCase(desk.store.readStream(streamOf('case', caseId)));
}

function view(desk: Desk, svc: EvidenceFiles, e: CaseEvidence): EvidenceView {
  return {
    sha256: e.sha256,
    name: e.name,
    mime: e.mime,
    size: e.size,
    kind: e.kind,
    note: e.note,
    actor: e.actor,
    actorName: desk.directory.staffNames().get(e.actor) ?? '',
    addedAt: isoOfHlc(e.addedHlc),
    file: svc.files.has(e.sha256) ? 'here' : 'missing',
    pendingUpload: svc.sync.pending(e.sha256),
  };
}

function nameRefusal(ctx: HandlerContext, name: string): Err | null {
  const problem = evidenceNameProblem(name);
  if (problem === null) return null;
  const key = {
    empty: 'evidenceNameEmpty',
    too_long: 'evidenceNameTooLong',
    control: 'evidenceNameControl',
    path: 'evidenceNamePath',
  } as const;
  const params = { max: EVIDENCE_NAME_MAX };
  return failWith(ctx, 'invalid_input', key[problem], params, {
    name: msg(ctx.locale, key[problem], params),
  });
}

/** Checks, stores and records one staged file as evidence of a case. See the file comment. */
export async function addEvidence(
  ctx: HandlerContext,
  input: AddEvidenceInput,
): Promise<Result<{ evidence: EvidenceView; added: boolean }>> {
  const svc = service(ctx);
  const staff = actor(ctx);
  const refusedName = nameRefusal(ctx, input.name);
  if (refusedName) return refusedName;
  let size: number;
  try {
    const st = await stat(input.tempPath);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    return failWith(ctx, 'invalid_input', 'evidenceUploadMissing', undefined, {
      file: msg(ctx.locale, 'evidenceUploadMissing'),
    });
  }
  const fileError = (
    key: 'evidenceEmpty' | 'evidenceTooLarge' | 'evidenceTypeRefused' | 'evidenceVideoRefused',
    code: 'invalid_input' | 'too_large',
  ) => {
    const params = { mb: (size / (1024 * 1024)).toFixed(1), limit: EVIDENCE_MAX_BYTES / (1024 * 1024) };
    return failWith(ctx, code, key, params, { file: msg(ctx.locale, key, params) });
  };
  if (size === 0) return fileError('evidenceEmpty', 'invalid_input');
  if (size > EVIDENCE_MAX_BYTES) return fileError('evidenceTooLarge', 'too_large');
  const sniffed = sniffFile(input.tempPath);
  if ('refused' in sniffed)
    return fileError(
      sniffed.refused === 'video' ? 'evidenceVideoRefused' : 'evidenceTypeRefused',
      'invalid_input',
    );
  if (caseState(ctx.desk, input.caseId) === null) return failWith(ctx, 'not_found', 'evidenceCaseNotFound');

  const measured = await hashFile(input.tempPath);
  if (measured.size !== size || measured.size > EVIDENCE_MAX_BYTES)
    return fileError('evidenceTooLarge', 'too_large');
  await svc.files.putFile(input.tempPath, measured);

  const outcome = ctx.desk.tx(() => {
    const state = caseState(ctx.desk, input.caseId);
    if (state === null) return null;
    const had = state.evidence.find((e) => e.sha256 === measured.sha256);
    if (had) return { had, out: null };
    const event = ctx.desk.makeEvent(
      streamOf('case', input.caseId),
      'case.evidence_added',
      {
        sha256: measured.sha256,
        size: measured.size,
        mime: sniffed.mime,
        name: input.name,
        kind: input.kind,
        note: input.note,
      },
      staff.id,
    );
    const out = ctx.desk.appendLocal([event]);
    svc.sync.enqueue(measured.sha256, measured.size);
    return { had: null, out };
  });
  if (outcome === null) return failWith(ctx, 'not_found', 'evidenceCaseNotFound');
  if (outcome.out !== null) ctx.desk.emitChanges(outcome.out);
  const state = caseState(ctx.desk, input.caseId);
  const item = state?.evidence.find((e) => e.sha256 === measured.sha256);
  if (!item) return fail(ctx, 'internal');
  return ok({ evidence: view(ctx.desk, svc, item), added: outcome.had === null });
}

export const evidenceHandlers: HandlersFor<typeof evidenceMethods> = {
  'case.evidence.list': (input, ctx) => {
    const svc = service(ctx);
    const state = caseState(ctx.desk, input.caseId);
    if (state === null) return failWith(ctx, 'not_found', 'evidenceCaseNotFound');
    return ok({ items: state.evidence.map((e) => view(ctx.desk, svc, e)) });
  },

  'case.evidence.add': async (input, ctx) => {
    const svc = service(ctx);
    const tempPath = svc.stagedPath(input.upload);
    try {
      if (tempPath === null) return failWith(ctx, 'invalid_input', 'evidenceUploadMissing');
      return await addEvidence(ctx, { ...input, tempPath });
    } finally {
      svc.discard(input.upload);
    }
  },

  'case.evidence.open': async (input, ctx) => {
    const svc = service(ctx);
    const state = caseState(ctx.desk, input.caseId);
    if (state === null) return failWith(ctx, 'not_found', 'evidenceCaseNotFound');
    const item = state.evidence.find((e) => e.sha256 === input.sha256);
    if (!item) return failWith(ctx, 'not_found', 'evidenceNotOnCase');
    if (!svc.files.has(item.sha256)) {
      const got = await svc.sync.fetch(item.sha256);
      if (got !== 'stored') {
        const key = {
          unconfigured: 'evidenceNoServer',
          offline: 'evidenceOffline',
          not_found: 'evidenceNotUploaded',
          refused: 'evidenceFetchRefused',
          failed: 'evidenceFetchFailed',
        } as const;
        const code = got === 'offline' ? 'unavailable' : got === 'refused' ? 'invalid_input' : 'not_found';
        return failWith(ctx, code, key[got]);
      }
    }
    // Checked again on every open: a file stored before a rule tightened, or
    // changed in the store, is not handed out off the allow-list.
    const local = svc.localPath(item.sha256);
    if (local === null || 'refused' in sniffFile(local))
      return failWith(ctx, 'invalid_input', 'evidenceFetchRefused');
    return ok(view(ctx.desk, svc, item));
  },
};
