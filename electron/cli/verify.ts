/**
 * `npm run cli -- verify [--data DIR]`: checks a desk's log for tampering
 * (docs/audit-trail.md): every event's hash, this desk's own events against
 * its audit chain, and the chain against its signed checkpoints and head
 * office's acknowledgements. Names the first bad event (device, dseq, event
 * id, what is wrong). Exit 0 when all is well, 1 when anything is wrong.
 */
import { describeFinding } from '../../shared/domain/kernel/chainProblems';
import { checkAuditExport, dbFile, openReadOnly, verifyDesk, writeAuditExport } from '../desk';

export const VERIFY_USAGE = `用法 / Usage: npm run cli -- verify [--data <目录 folder>]
       npm run cli -- verify --audit <审计导出文件夹 audit export folder>
       npm run cli -- verify --write-audit <新文件夹 new folder> [--data <目录 folder>]

逐条校验事件哈希，并用本机的审计链、签名检查点和总部的确认核对本机写下的记录：
发现被改动、删除、插入或调换顺序的记录时，指出第一条（设备、序号、事件编号、问题）并以代码 1 退出。
Checks every event's hash, and this desk's own events against its audit chain, its
signed checkpoints and head office's acknowledgements. On an edited, deleted, inserted
or reordered record it names the first one (device, dseq, event id, what is wrong) and
exits with code 1.

--write-audit 把本机的记录连同审计链写成审计导出（events.jsonl、manifest.json、manifest.sig，由本设备签名）；
--audit 只凭这些文件校验（无需数据库）：签名、文件哈希、每条记录的哈希和整条链。请将显示的密钥指纹与总部登记的核对。
--write-audit writes this desk's records with their chain as an audit export (events.jsonl,
manifest.json, manifest.sig, signed by this device); --audit checks such a folder with nothing
else: the signature, the file hashes, every record's hash and the whole chain. Compare the key
fingerprint it prints with the one head office holds for the device.

退出代码 / Exit codes: 0 完好 / intact, 1 发现问题 / tampering or damage found, 2 用法错误 / bad usage`;

export interface VerifyOutcome {
  lines: string[];
  ok: boolean;
}

export function verifyDeskFolder(dataDir: string): VerifyOutcome {
  const store = openReadOnly(dataDir);
  const started = Date.now();
  let report;
  try {
    report = verifyDesk(store.sqlite);
  } finally {
    store.close();
  }
  const ms = Date.now() - started;
  const summary = `审计链 ${report.chained} 条，检查点 ${report.checkpoints} 个，用时 ${ms} ms / audit chain ${report.chained} records, ${report.checkpoints} checkpoints, ${ms} ms`;
  if (report.bad === 0) {
    return {
      ok: true,
      lines: [
        `已校验 ${report.events} 条事件，全部完好（${summary}）。 / Checked ${report.events} events: all hashes match, audit chain intact (${summary}).`,
      ],
    };
  }
  const [first] = report.findings;
  const lines = [
    `第一条有问题的记录 / First bad record: ${first === undefined ? '' : describeFinding(first)}`,
    ...report.findings.slice(1).map(describeFinding),
  ];
  if (report.bad > report.findings.length) lines.push(`… (+${report.bad - report.findings.length})`);
  lines.push(
    `已校验 ${report.events} 条事件，发现 ${report.bad} 处被改动或损坏。请保留该数据目录并联系总部。 / Checked ${report.events} events: ${report.bad} altered or damaged. Keep this data folder and contact head office.`,
    summary,
  );
  return { ok: false, lines };
}

export function writeAudit(dataDir: string, outDir: string): VerifyOutcome {
  const r = writeAuditExport(dbFile(dataDir), outDir);
  return {
    ok: true,
    lines: [
      `已写出审计导出：${r.events} 条记录，${r.outDir} / Audit export written: ${r.events} records in ${r.outDir}`,
    ],
  };
}

export async function checkAudit(target: string): Promise<VerifyOutcome> {
  const r = await checkAuditExport(target);
  const key = `设备密钥指纹 / device key fingerprint (sha256): ${r.keyFingerprint}`;
  if (r.ok) {
    return {
      ok: true,
      lines: [
        `审计导出完好：${r.events} 条记录，签名、文件与审计链均相符。 / Audit export intact: ${r.events} records; signature, files and chain all match.`,
        key,
      ],
    };
  }
  return {
    ok: false,
    lines: [`审计导出有问题 / The audit export is not intact: ${r.lines[0] ?? ''}`, ...r.lines.slice(1), key],
  };
}
