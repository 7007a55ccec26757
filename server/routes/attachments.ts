/**
 * PUT|HEAD|GET /v1/attachments/:sha256 — evidence files, content-addressed and
 * scoped to the caller's branch (../store/attachments.ts). The server hashes
 * what it received and refuses a mismatch; a repeated PUT of bytes the branch
 * already has answers created:false and changes nothing. GET (issue 12) gives
 * a device its branch's files only (another branch's: 404, as HEAD), and
 * GET /v1/admin/attachments/:sha256 gives head office any branch's (a
 * supervisor desk: its own branch's). Head office's GET answers the type
 * detected from the bytes (shared/domain/cases/evidenceType.ts; bytes off the
 * evidence allow-list: 415) under the name case `?case=<id>` recorded for the
 * file, sanitised, with the detected type's extension (RFC 6266 `filename*`);
 * without `case`, `evidence-<first 12 hex digits>.<ext>` (review finding 9).
 */
import type { FastifyInstance } from 'fastify';
import { AdminAttachmentQuery, Sha256Hex, SYNC_LIMITS } from '../../shared/contract/sync';
import { SyncHttpError } from '../errors';
import type { FastifyReply } from 'fastify';
import { SERVER_TIME_HEADER } from '../../shared/contract/sync';
import {
  checkBranchInScope,
  describeIssue,
  deviceCaller,
  headOfficeScope,
  invalidRequest,
  sendOk,
  type RouteContext,
} from '../http';
import { sha256Hex } from '../tokens';
import {
  attachmentDisposition,
  evidenceServing,
  sniffEvidenceDetail,
} from '../../shared/domain/cases/evidenceType';

function shaParam(params: unknown): string {
  const raw = (params as { sha256?: unknown } | null)?.sha256;
  const parsed = Sha256Hex.safeParse(raw);
  if (!parsed.success) throw invalidRequest('sha256: 64 lower-case hex digits expected');
  return parsed.data;
}

export async function attachmentRoutes(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  const { store, now } = ctx;

  // Raw bytes only in this plugin's scope: other routes keep JSON-only bodies.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: SYNC_LIMITS.attachmentBytes },
    (_req, body, done) => done(null, body),
  );

  app.put(
    '/v1/attachments/:sha256',
    { config: { auth: 'device' }, bodyLimit: SYNC_LIMITS.attachmentBytes },
    async (req, reply) => {
      const who = deviceCaller(req);
      const sha = shaParam(req.params);
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body)) {
        throw new SyncHttpError(
          'invalid_request',
          '附件须以原始文件内容上传（application/octet-stream）。 / Send the file as raw bytes (application/octet-stream).',
          {},
          415,
        );
      }
      const actual = sha256Hex(body);
      if (actual !== sha) throw new SyncHttpError('hash_mismatch');
      const created = await store.putAttachment(
        who.branch,
        sha,
        body,
        now(),
        ctx.attachments.branchQuotaBytes,
      );
      return sendOk(reply, now, { ok: true, sha256: sha, created });
    },
  );

  app.head('/v1/attachments/:sha256', { config: { auth: 'device' } }, async (req, reply) => {
    const who = deviceCaller(req);
    const sha = shaParam(req.params);
    // Only the caller's branch: another branch's copy is neither shown nor confirmed.
    const found = await store.hasAttachment(who.branch, sha);
    return reply
      .code(found ? 200 : 404)
      .header('cache-control', 'no-store')
      .send();
  });

  app.get('/v1/attachments/:sha256', { config: { auth: 'device' } }, async (req, reply) => {
    const who = deviceCaller(req);
    const sha = shaParam(req.params);
    const bytes = await store.getAttachment(who.branch, sha);
    return sendFile(reply, now, sha, bytes);
  });

  app.get('/v1/admin/attachments/:sha256', { config: { auth: 'headOffice' } }, async (req, reply) => {
    const scope = headOfficeScope(req);
    const sha = shaParam(req.params);
    // Checked whole: a misspelt `brnach=GZ` is a 400, not a download from any branch.
    const parsed = AdminAttachmentQuery.safeParse(req.query ?? {});
    if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
    const { branch, case: caseId } = parsed.data;
    checkBranchInScope(scope, branch);
    const inBranch = scope.branch ?? branch ?? null;
    const bytes = await store.getAttachment(inBranch, sha);
    if (bytes === null) return sendFile(reply, now, sha, bytes);
    const recorded = caseId === undefined ? null : await store.adminEvidenceName(caseId, sha, inBranch);
    const served = evidenceServing(recorded ?? `evidence-${sha.slice(0, 12)}`, sniffEvidenceDetail(bytes));
    if (served === null) {
      throw new SyncHttpError(
        'invalid_request',
        '这个附件不是允许的证据类型（按文件内容判断），不提供下载。 / This attachment is not an accepted evidence type (judged by its content), so it is not served.',
        {},
        415,
      );
    }
    return reply
      .code(200)
      .header(SERVER_TIME_HEADER, String(now()))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', attachmentDisposition(served.fileName))
      .header('content-length', String(bytes.length))
      .type(served.mime)
      .send(bytes);
  });
}

/** The file as an attachment download: never rendered by a browser, never cached. */
function sendFile(reply: FastifyReply, now: () => number, sha: string, bytes: Buffer | null): FastifyReply {
  if (bytes === null) {
    throw new SyncHttpError('not_found', '没有这个附件。 / No such attachment.');
  }
  return reply
    .code(200)
    .header(SERVER_TIME_HEADER, String(now()))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename="${sha}"`)
    .header('content-length', String(bytes.length))
    .type('application/octet-stream')
    .send(bytes);
}
