/**
 * Evidence files on a case (issue 12 item 1), through DeskApi, the
 * browser-mode host's upload/download routes and sync with a real server on
 * loopback: stored once by content, every refusal stores nothing, the upload
 * queue refers to the stored file, another desk of the branch downloads it
 * (when opened, and in the background), another branch cannot.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../../electron/host/server';
import { migrate } from '../../electron/desk/db/migrate';
import { MIGRATIONS } from '../../electron/desk/db/migrations';
import type { CaseDetail } from '../../shared/contract/methods/cases';
import type { EvidenceView } from '../../shared/contract/methods/evidence';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_LIMITS } from '../../shared/contract/sync';
import { EVIDENCE_MAX_BYTES } from '../../shared/domain/cases/evidence';
import type { Result } from '../../shared/contract/result';
import { newCaseInput, openTestDesk, removeDir, tempDir, type TestDesk } from './desk-fixtures';
import {
  deskMeta,
  disposeDesk,
  engines,
  MANUAL,
  newDesk,
  runCleanup,
  syncNowAndWait,
  TestServer,
  type CleanupList,
  type SyncDesk,
} from './sync-fixtures';

const cleanup: CleanupList = [];
afterEach(() => runCleanup(cleanup));

/** A valid 1x1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** The start of a JPEG (JFIF) with some body. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.alloc(200, 7),
  Buffer.from([0xff, 0xd9]),
]);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type Core = Pick<TestDesk, 'core' | 'dir' | 'call' | 'must'> & { token: string };

/** Stages `bytes` as a shell would and adds them as evidence of `caseId`. */
async function add(
  d: Core,
  caseId: string,
  bytes: Uint8Array,
  name: string,
  extra: { kind?: string; note?: string; locale?: 'zh-CN' | 'en' } = {},
): Promise<Result<{ evidence: EvidenceView; added: boolean }>> {
  const staged = d.core.evidence.stage();
  fs.writeFileSync(staged.path, bytes);
  const r = await d.call(
    'case.evidence.add',
    { caseId, upload: staged.id, name, kind: extra.kind ?? 'photo', note: extra.note ?? '' },
    d.token,
    extra.locale,
  );
  // The core removes the staged copy once its handler ran (a name with control characters is
  // refused by the dispatcher before it); the shells discard it whatever the answer.
  // eslint-disable-next-line no-control-regex -- the dispatcher's refusal
  if (!/[\u0000-\u001f]/.test(name)) expect(fs.existsSync(staged.path)).toBe(false);
  d.core.evidence.discard(staged.id);
  expect(fs.existsSync(staged.path)).toBe(false);
  return r as Result<{ evidence: EvidenceView; added: boolean }>;
}

/** Files in the content store (the staging folder aside). */
function storedFiles(dir: string): string[] {
  const root = path.join(dir, 'evidence');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((f) => f !== 'incoming')
    .flatMap((aa) => fs.readdirSync(path.join(root, aa)).map((f) => `${aa}/${f}`));
}

function counts(dir: string): { events: number; queue: number } {
  const db = new Database(path.join(dir, 'loopdesk.db'), { readonly: true });
  try {
    const events = db
      .prepare("SELECT count(*) AS n FROM events WHERE type = 'case.evidence_added'")
      .get() as { n: number };
    const queue = db.prepare('SELECT count(*) AS n FROM attachment_queue').get() as { n: number };
    return { events: events.n, queue: queue.n };
  } finally {
    db.close();
  }
}

async function localDesk(): Promise<Core & { caseId: string }> {
  const t = await openTestDesk({ sync: false });
  cleanup.push(() => t.close());
  const c = await t.must<CaseDetail>('case.create', newCaseInput(), t.admin.token);
  return { ...t, token: t.admin.token, caseId: c.id };
}

describe('evidence through DeskApi', () => {
  it('adds a photo: the file is stored by its sha256, the event and the upload row written, the timeline says who', async () => {
    const d = await localDesk();
    const r = await add(d, d.caseId, PNG, '现场照片.jpg', { note: '柜台拍摄' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.added).toBe(true);
    expect(r.value.evidence).toMatchObject({
      sha256: sha(PNG),
      size: PNG.length,
      mime: 'image/png', // from the bytes, not from the name
      name: '现场照片.jpg',
      kind: 'photo',
      note: '柜台拍摄',
      actorName: '王管理员',
      file: 'here',
      pendingUpload: true,
    });
    expect(storedFiles(d.dir)).toEqual([`${sha(PNG).slice(0, 2)}/${sha(PNG)}`]);
    expect(fs.readFileSync(path.join(d.dir, 'evidence', sha(PNG).slice(0, 2), sha(PNG)))).toEqual(PNG);
    expect(counts(d.dir)).toEqual({ events: 1, queue: 1 });

    const detail = await d.must<CaseDetail>('case.get', { caseId: d.caseId }, d.token);
    const entry = detail.timeline.find((e) => e.type === 'case.evidence_added');
    expect(entry).toMatchObject({ actorName: '王管理员', payload: { name: '现场照片.jpg', kind: 'photo' } });

    const list = await d.must<{ items: EvidenceView[] }>('case.evidence.list', { caseId: d.caseId }, d.token);
    expect(list.items.map((e) => e.sha256)).toEqual([sha(PNG)]);
  });

  it('the same file twice on one case is one evidence and one stored file', async () => {
    const d = await localDesk();
    expect((await add(d, d.caseId, JPEG, 'a.jpg')).ok).toBe(true);
    const again = await add(d, d.caseId, JPEG, '另一个名字.jpg', { kind: 'document' });
    expect(again.ok && again.value.added).toBe(false);
    expect(again.ok && again.value.evidence.name).toBe('a.jpg');
    expect(storedFiles(d.dir)).toHaveLength(1);
    expect(counts(d.dir)).toEqual({ events: 1, queue: 1 });
  });

  const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(100)]);
  const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)]);
  const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');
  const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const TEXT = Buffer.from('这不是照片，只是一段文字。');
  it.each([
    ['an ELF binary named .jpg', ELF, 'photo.jpg', 'file', /不支持这种文件/],
    ['a Windows .exe named .jpg', EXE, 'photo.jpg', 'file', /不支持这种文件/],
    ['HTML named .jpg', HTML, 'photo.jpg', 'file', /不支持这种文件/],
    ['SVG named .png', SVG, 'image.png', 'file', /不支持这种文件/],
    ['a text file named .jpg', TEXT, 'photo.jpg', 'file', /不支持这种文件/],
    ['an empty file', Buffer.alloc(0), 'photo.jpg', 'file', /文件是空的/],
    ['a name with a path', PNG, '../etc/photo.png', 'name', /不能含路径/],
    ['a name with a backslash', PNG, 'C:\\photo.png', 'name', /不能含路径/],
    ['a name with a control character', PNG, 'photo\u0007.png', 'name', /控制字符/],
    ['an empty name', PNG, '  ', 'name', /文件名为空/],
  ])('refuses %s with a clear error and stores nothing', async (_what, bytes, name, field, text) => {
    const d = await localDesk();
    const r = await add(d, d.caseId, bytes, name);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.fields?.[field]).toMatch(text);
    expect(storedFiles(d.dir)).toEqual([]);
    expect(counts(d.dir)).toEqual({ events: 0, queue: 0 });
  });

  it('refuses a file over the limit (in English too) and stores nothing', async () => {
    expect(EVIDENCE_MAX_BYTES).toBe(SYNC_LIMITS.attachmentBytes);
    const d = await localDesk();
    const big = Buffer.alloc(EVIDENCE_MAX_BYTES + 1);
    PNG.copy(big);
    const r = await add(d, d.caseId, big, 'big.png', { locale: 'en' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('too_large');
    expect(r.error.fields?.file).toMatch(/too large .* at most 20 MB/);
    expect(storedFiles(d.dir)).toEqual([]);
    expect(counts(d.dir)).toEqual({ events: 0, queue: 0 });
  });

  it('refuses a staged id that is not one, and an unknown case, storing nothing', async () => {
    const d = await localDesk();
    const missing = await d.call(
      'case.evidence.add',
      { caseId: d.caseId, upload: '00000000-0000-4000-8000-000000000000', name: 'a.png', kind: 'photo' },
      d.token,
    );
    expect(!missing.ok && missing.error.message).toMatch(/没有收到文件内容/);
    const r = await add(d, '00000000-0000-4000-8000-000000000001', PNG, 'a.png');
    expect(!r.ok && r.error.code).toBe('not_found');
    expect(storedFiles(d.dir)).toEqual([]);
    expect(counts(d.dir)).toEqual({ events: 0, queue: 0 });
    // Unsigned: refused before anything.
    const anon = await d.call('case.evidence.list', { caseId: d.caseId }, null);
    expect(!anon.ok && anon.error.code).toBe('unauthenticated');
  });
});

describe('evidence through the browser-mode host', () => {
  let host: HostHandle | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  async function hosted() {
    const d = await localDesk();
    host = await startHost({ desk: d.core, port: 0, host: '127.0.0.1', logLevel: 'error' });
    const post = (bytes: Buffer<ArrayBuffer>, name: string, kind = 'photo', locale = 'zh-CN') =>
      fetch(`${host!.url}/api/evidence`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${d.token}`,
          'content-type': 'application/octet-stream',
          'accept-language': locale,
          'x-loopdesk-case': d.caseId,
          'x-loopdesk-name': encodeURIComponent(name),
          'x-loopdesk-kind': kind,
          'x-loopdesk-note': encodeURIComponent('客户提供'),
        },
        body: bytes,
      });
    return { d, post };
  }

  it('uploads a photo as raw bytes and hands it back as a download', async () => {
    const { d, post } = await hosted();
    const res = await post(PNG, '收据 "照片".png');
    const body = (await res.json()) as Result<{ evidence: EvidenceView }>;
    expect(body.ok).toBe(true);
    expect(counts(d.dir)).toEqual({ events: 1, queue: 1 });

    const got = await fetch(`${host!.url}/api/evidence/${sha(PNG)}?case=${d.caseId}`, {
      headers: { authorization: `Bearer ${d.token}` },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="__ ____.png"; filename*=UTF-8''${encodeURIComponent('收据 "照片".png')}`,
    );
    expect(Buffer.from(await got.arrayBuffer())).toEqual(PNG);

    // Without a session: nothing.
    const anon = await fetch(`${host!.url}/api/evidence/${sha(PNG)}?case=${d.caseId}`);
    expect(anon.status).toBe(401);
  });

  it('hands a file out as its detected type, named with that type’s extension (review finding 5)', async () => {
    const { d, post } = await hosted();
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
    expect(((await (await post(pdf, '合同.pdf.exe', 'document')).json()) as Result<unknown>).ok).toBe(true);
    const got = await fetch(`${host!.url}/api/evidence/${sha(pdf)}?case=${d.caseId}`, {
      headers: { authorization: `Bearer ${d.token}` },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="__.pdf"; filename*=UTF-8''${encodeURIComponent('合同.pdf')}`,
    );
  });

  it('refuses a renamed text file and a file over the limit while it streams; nothing stored', async () => {
    const { d, post } = await hosted();
    const text = (await (await post(Buffer.from('hello'), 'photo.jpg')).json()) as Result<unknown>;
    expect(!text.ok && text.error.fields?.file).toMatch(/不支持这种文件/);

    const big = Buffer.alloc(SYNC_LIMITS.attachmentBytes + 1024);
    PNG.copy(big);
    const res = await post(big, 'big.png', 'photo', 'en');
    expect(res.status).toBe(413);
    const body = (await res.json()) as Result<unknown>;
    expect(!body.ok && body.error.message).toMatch(/too large/);
    expect(storedFiles(d.dir)).toEqual([]);
    expect(counts(d.dir)).toEqual({ events: 0, queue: 0 });
    expect(fs.readdirSync(path.join(d.dir, 'evidence', 'incoming'))).toEqual([]);
  });
});

describe.each(engines())('evidence across desks (%s)', (engine) => {
  async function enrolled(server: TestServer, code: string, branch = 'GZ'): Promise<SyncDesk> {
    const d = await newDesk(code, { branch, sync: MANUAL });
    cleanup.push(() => disposeDesk(d));
    await d.must('sync.configure', { serverUrl: server.url, code: await server.code(branch, 'supervisor') });
    await syncNowAndWait(d);
    return d;
  }

  it('uploads through the queue; a second desk of the branch downloads it; another branch cannot', async () => {
    const server = new TestServer(engine);
    await server.start();
    cleanup.push(() => server.dispose());
    const a = await enrolled(server, '01');
    const c = await a.must<CaseDetail>('case.create', newCaseInput());
    const A: Core = { ...a, token: a.admin.token };
    expect((await add(A, c.id, PNG, 'p.png')).ok).toBe(true);
    expect((await add(A, c.id, JPEG, 'j.jpg', { kind: 'statement' })).ok).toBe(true);
    expect(await syncNowAndWait(a)).toMatchObject({ state: 'online', pendingAttachments: 0 });
    expect(counts(a.dir).queue).toBe(0);
    expect(storedFiles(a.dir)).toHaveLength(2); // uploaded files stay: events refer to them

    const b = await enrolled(server, '02');
    const B: Core = { ...b, token: b.admin.token };
    const listed = await B.must<{ items: EvidenceView[] }>('case.evidence.list', { caseId: c.id });
    expect(listed.items.map((e) => [e.name, e.file])).toEqual([
      ['p.png', 'missing'],
      ['j.jpg', 'missing'],
    ]);
    // Opened: fetched from head office.
    const opened = await B.must<EvidenceView>('case.evidence.open', { caseId: c.id, sha256: sha(PNG) });
    expect(opened.file).toBe('here');
    expect(fs.readFileSync(b.core.evidence.localPath(sha(PNG))!)).toEqual(PNG);
    // The other one arrives in the background (the fetcher's pass, here run by a sweep).
    expect(b.core.evidence.localPath(sha(JPEG))).toBeNull();
    await b.core.sweep();
    expect(fs.readFileSync(b.core.evidence.localPath(sha(JPEG))!)).toEqual(JPEG);

    // Another branch's device: 404 for GET as for HEAD, even knowing the sha256.
    const sz = await enrolled(server, '01', 'SZ');
    const token = deskMeta(sz.dir, 'sync.token')!;
    const get = (t: string) =>
      fetch(`${server.url}/v1/attachments/${sha(PNG)}`, {
        headers: { authorization: `Bearer ${t}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      });
    expect((await get(token)).status).toBe(404);
    const mine = await get(deskMeta(a.dir, 'sync.token')!);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await mine.arrayBuffer())).toEqual(PNG);

    // Head office (admin token) may read any branch's; asking for the wrong branch finds nothing.
    const admin = await server.server!.createAdminToken();
    const adminGet = (q: string) =>
      fetch(`${server.url}/v1/admin/attachments/${sha(PNG)}${q}`, {
        headers: { authorization: `Bearer ${admin}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      });
    expect((await adminGet('')).status).toBe(200);
    expect((await adminGet('?branch=SZ')).status).toBe(404);
  });

  it('says the line is down when a missing file cannot be fetched', async () => {
    const server = new TestServer(engine);
    await server.start();
    cleanup.push(() => server.dispose());
    const a = await enrolled(server, '01');
    const c = await a.must<CaseDetail>('case.create', newCaseInput());
    expect((await add({ ...a, token: a.admin.token }, c.id, PNG, 'p.png')).ok).toBe(true);
    await syncNowAndWait(a);
    const b = await enrolled(server, '02');
    await server.stop();
    const r = await b.call('case.evidence.open', { caseId: c.id, sha256: sha(PNG) }, b.admin.token, 'en');
    expect(!r.ok && r.error.code).toBe('unavailable');
    expect(!r.ok && r.error.message).toMatch(/not been downloaded .*the line is down/);
  });
});

describe('migration 0014: queued bytes move to the file store', () => {
  it('writes each queued row’s bytes to the store and keeps the row by hash; a row whose bytes do not match is dropped', () => {
    const dir = tempDir();
    cleanup.push(() => removeDir(dir));
    const db = new Database(path.join(dir, 'loopdesk.db'));
    try {
      migrate(
        db,
        MIGRATIONS.slice(
          0,
          MIGRATIONS.findIndex((m) => m.name === 'attachment_files'),
        ),
      );
      const insert = db.prepare(
        'INSERT INTO attachment_queue (sha256, size, data, created_at) VALUES (?, ?, ?, ?)',
      );
      insert.run(sha(PNG), PNG.length, PNG, '2026-01-01T00:00:00.000Z');
      insert.run(sha(JPEG), JPEG.length, Buffer.from('not the jpeg'), '2026-01-01T00:00:00.000Z');
      migrate(db);
      expect(db.prepare('SELECT sha256, size FROM attachment_queue').all()).toEqual([
        { sha256: sha(PNG), size: PNG.length },
      ]);
      expect(
        db
          .prepare('PRAGMA table_info(attachment_queue)')
          .all()
          .map((c) => (c as { name: string }).name),
      ).not.toContain('data');
    } finally {
      db.close();
    }
    expect(storedFiles(dir)).toEqual([`${sha(PNG).slice(0, 2)}/${sha(PNG)}`]);
  });
});
