/**
 * The audit export (docs/audit-trail.md): this desk's own events with their
 * chain, in a folder a third party checks with the CLI alone
 * (`npm run cli -- verify --audit <folder>`), no database needed:
 *
 *   events.jsonl   one line per own event in dseq order: {"dseq","link","event"}
 *   manifest.json  device, branch, public key, dseq range, head link, head
 *                  office's acknowledgements, and each file's sha256 and size
 *   manifest.sig   the device's ed25519 signature over manifest.json's bytes
 *
 * The checker recomputes every event's hash and every link from 64 zeros,
 * the head against the signed manifest, and the files against their hashes.
 * Compare the printed key fingerprint with the one head office holds for the
 * device (`audit_keys`): a manifest signed by another key proves nothing.
 *
 * The folder is written under a hidden temporary name beside it
 * (`.<name>.<pid>-<random>.part`) and renamed to its name only once the
 * manifest and its signature are on disk; a failed export removes it. A folder
 * of that name left by a killed process is never taken for an export: the
 * checker refuses a `.part` folder and a folder without its manifest.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { GENESIS_LINK, nextLink } from '../../../../shared/domain/kernel/chain';
import {
  envelopeFromStored,
  quickEnvelope,
  type StoredEvent,
} from '../../../../shared/domain/kernel/envelope';
import { openDatabase } from '../../db/open';
import { signingKey, signText, verifyText } from '../../kernel/auditTrail';
import { fastEventHash, sha256Hex } from '../../kernel/eventStore';

export const AUDIT_FORMAT = 'loopdesk-audit/1';

interface Manifest {
  format: string;
  device: string;
  branch: string;
  publicKey: string;
  createdAt: string;
  events: number;
  head: { dseq: number; link: string };
  acks: { dseq: number; link: string; at: string }[];
  files: { name: string; sha256: string; bytes: number }[];
}

/** The suffix of the temporary folder an export is written into before it is renamed into place. */
const AUDIT_PART_SUFFIX = '.part';

/** Throws when `dir` exists and is not an empty folder: an export never replaces anything. */
function refuseExisting(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new Error(`${dir} is a file / 目标已存在且不是文件夹`);
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty / 目标文件夹不是空的`);
}

/** Writes `bytes` to a new file (never over one) and flushes it to the disk. */
function writeNewFile(file: string, bytes: string): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (a new file, a rename); a no-op where folders cannot be opened (Windows). */
function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder: the rename is still atomic.
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the audit export of the desk database `dbFile` as the folder `outDir`
 * (which must not exist, or be an empty folder). It is written into a
 * temporary sibling folder and renamed to `outDir` only when whole; on any
 * error the temporary folder is removed and nothing is left under `outDir`.
 */
export function writeAuditExport(
  dbFile: string,
  outDir: string,
  now: Date = new Date(),
): { events: number; outDir: string } {
  const target = path.resolve(outDir);
  refuseExisting(target);
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  // Unique per run, so that one left by a killed export never stands in the way of the next.
  const part = path.join(
    parent,
    `.${path.basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}${AUDIT_PART_SUFFIX}`,
  );
  mkdirSync(part);
  try {
    const events = writeExportInto(dbFile, part, now);
    fsyncDir(part);
    refuseExisting(target); // something may have appeared there meanwhile
    // An empty folder given as the target is replaced by the finished one; rmdir refuses a
    // folder with anything in it, and rename onto an existing folder is not portable.
    if (existsSync(target)) rmdirSync(target);
    renameSync(part, target);
    fsyncDir(parent);
    return { events, outDir };
  } catch (e) {
    try {
      rmSync(part, { recursive: true, force: true });
    } catch {
      // Best effort: a leftover is named as a temporary folder, which the checker refuses.
    }
    throw e;
  }
}

/** Writes events.jsonl, then manifest.json and manifest.sig, into the new folder `dir`. */
function writeExportInto(dbFile: string, dir: string, now: Date): number {
  const d = openDatabase(dbFile);
  try {
    const db = d.sqlite;
    const meta = (k: string): string =>
      (db.prepare('SELECT value FROM meta WHERE key = ?').get(k) as { value: string } | undefined)?.value ??
      '';
    const device = meta('device.id');
    if (device === '') throw new Error('the desk is not set up / 该服务台尚未设置');
    const key = db.transaction(() => signingKey(db)).immediate();
    const file = path.join(dir, 'events.jsonl');
    const fd = openSync(file, 'wx');
    const hash = createHash('sha256');
    let bytes = 0;
    let events = 0;
    let head = { dseq: 0, link: GENESIS_LINK };
    try {
      const rows = db
        .prepare(
          `SELECT c.dseq, c.link, e.id, e.stream, e.type, e.schema, e.hlc, e.device, e.branch, e.actor, e.payload, e.hash
             FROM audit_chain c JOIN events e ON e.seq = c.seq ORDER BY c.dseq`,
        )
        .iterate() as IterableIterator<StoredEvent & { dseq: number; link: string }>;
      for (const r of rows) {
        const line = `${JSON.stringify({ dseq: r.dseq, link: r.link, event: envelopeFromStored(r) })}\n`;
        const buf = Buffer.from(line, 'utf8');
        writeSync(fd, buf);
        hash.update(buf);
        bytes += buf.length;
        events++;
        head = { dseq: r.dseq, link: r.link };
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const acks = (
      db
        .prepare(
          'SELECT dseq, ack_link, acked_at FROM audit_checkpoints WHERE acked_at IS NOT NULL ORDER BY dseq',
        )
        .all() as {
        dseq: number;
        ack_link: string;
        acked_at: string;
      }[]
    ).map((a) => ({ dseq: a.dseq, link: a.ack_link, at: a.acked_at }));
    const manifest: Manifest = {
      format: AUDIT_FORMAT,
      device,
      branch: meta('branch.code'),
      publicKey: key.publicKey,
      createdAt: now.toISOString(),
      events,
      head,
      acks,
      files: [{ name: 'events.jsonl', sha256: hash.digest('hex'), bytes }],
    };
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    writeNewFile(path.join(dir, 'manifest.json'), text);
    writeNewFile(path.join(dir, 'manifest.sig'), `${signText(key.privatePem, text)}\n`);
    return events;
  } finally {
    d.close();
  }
}

export interface AuditCheck {
  ok: boolean;
  /** zh-CN / English lines, the first problem first. */
  lines: string[];
  events: number;
  /** sha256 of the public key's bytes, to compare with head office's. */
  keyFingerprint: string;
}

/** Checks an audit export folder (or its manifest.json) without any database. */
export async function checkAuditExport(target: string): Promise<AuditCheck> {
  const dir = statSync(target).isDirectory() ? target : path.dirname(target);
  if (path.basename(dir).endsWith(AUDIT_PART_SUFFIX)) {
    throw new Error(
      `${dir} 是未完成的审计导出（被中断的导出留下的临时文件夹），可以删除后重新导出 / ` +
        `${dir} is an unfinished audit export (the temporary folder of an interrupted export); delete it and export again`,
    );
  }
  for (const name of ['manifest.json', 'manifest.sig']) {
    if (!existsSync(path.join(dir, name))) {
      throw new Error(
        `${dir} 中没有 ${name}：不是完整的审计导出（可能被中断） / ` +
          `there is no ${name} in ${dir}: not a complete audit export (perhaps interrupted)`,
      );
    }
  }
  const manifestText = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  const signature = readFileSync(path.join(dir, 'manifest.sig'), 'utf8').trim();
  const m = JSON.parse(manifestText) as Manifest;
  const out: AuditCheck = { ok: true, lines: [], events: 0, keyFingerprint: '' };
  const bad = (zh: string, en: string): void => {
    out.ok = false;
    out.lines.push(`${zh} / ${en}`);
  };
  if (m.format !== AUDIT_FORMAT)
    bad(`不认识的格式 ${String(m.format)}`, `unknown format ${String(m.format)}`);
  out.keyFingerprint = createHash('sha256')
    .update(Buffer.from(m.publicKey ?? '', 'base64'))
    .digest('hex');
  if (!verifyText(m.publicKey, manifestText, signature)) {
    bad(
      '清单签名无效：清单被改动或不是该设备签发',
      'the manifest signature is not valid: it was altered or not signed by this device',
    );
  }
  for (const f of m.files ?? []) {
    const p = path.join(dir, path.basename(f.name));
    if (!existsSync(p)) {
      bad(`缺少文件 ${f.name}`, `file ${f.name} is missing`);
      continue;
    }
    const h = createHash('sha256');
    for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
    if (h.digest('hex') !== f.sha256)
      bad(`文件 ${f.name} 与清单中的哈希不符`, `file ${f.name} does not match its hash in the manifest`);
  }
  let prev = { dseq: 0, link: GENESIS_LINK };
  const before = out.lines.length;
  const rl = createInterface({
    input: createReadStream(path.join(dir, 'events.jsonl')),
    crlfDelay: Infinity,
  });
  for await (const line of rl) {
    if (line === '') continue;
    out.events++;
    let rec: { dseq: number; link: string; event: unknown };
    try {
      rec = JSON.parse(line) as typeof rec;
    } catch {
      bad(`第 ${out.events} 行无法读取`, `line ${out.events} cannot be read`);
      break;
    }
    const e = quickEnvelope(rec.event);
    const where = `${m.device} #${rec.dseq} ${e?.id ?? '?'}`;
    if (e === null || e.device !== m.device) {
      bad(`${where}：记录格式错误或不是该设备的`, `${where}: malformed or not this device's record`);
    } else if (fastEventHash(e) !== e.hash) {
      bad(`${where}：记录内容被改动（哈希不符）`, `${where}: the record was edited (hash mismatch)`);
    } else if (rec.dseq !== prev.dseq + 1) {
      bad(
        `${where}：缺少第 ${prev.dseq + 1} 条（被删除）`,
        `${where}: dseq ${prev.dseq + 1} is missing (deleted)`,
      );
    } else if (nextLink(prev.link, e.hash, sha256Hex) !== rec.link) {
      bad(
        `${where}：与审计链不符（被改动、插入或调换）`,
        `${where}: does not follow the audit chain (edited, inserted or reordered)`,
      );
    }
    if (out.lines.length > before) break; // the first bad record is named; the rest follow from it
    prev = { dseq: rec.dseq, link: rec.link };
  }
  if (out.ok && (prev.dseq !== m.head.dseq || prev.link !== m.head.link)) {
    bad(
      '导出的记录与签名清单中的链尾不符（记录被截断或替换）',
      'the records do not end at the signed head (truncated or replaced)',
    );
  }
  return out;
}
