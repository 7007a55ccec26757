/**
 * PUT|HEAD|GET /v1/attachments/:sha256 — evidence files, content-addressed and
 * scoped to the caller's branch (../store/attachments.ts). The server hashes
 * what it received and refuses a mismatch; a repeated PUT of bytes the branch
 * already has answers created:false and changes nothing. GET (issue 12) gives
 * a device its branch's files only (another branch's: 404, as HEAD), and
 * GET /v1/admin/attachments/:sha256 gives head office any branch's (a
 * supervisor desk: its own branch's).
 */
import type { FastifyInstance } from 'fastify';
import { Sha256Hex, SYNC_LIMITS } from '../../shared/contract/sync';
import { SyncHttpError } from '../errors';
import type { FastifyReply } from 'fastify';
import { SERVER_TIME_HEADER } from '../../shared/contract/sync';
import {
  checkBranchInScope,
  deviceCaller,
  headOfficeScope,
  invalidRequest,
  sendOk,
  type RouteContext,
} from '../http';
import { sha256Hex } from '../tokens';

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
    const branch = (req.query as { branch?: unknown } | null)?.branch;
    if (branch !== undefined && typeof branch !== 'string') throw invalidRequest('branch: a branch code');
    checkBranchInScope(scope, branch);
    const bytes = await store.getAttachment(scope.branch ?? branch ?? null, sha);
    return sendFile(reply, now, sha, bytes);
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
