/**
 * `npm run cli -- verify [--data DIR]`: checks a desk's log for tampering
 * (docs/audit-trail.md): every event's hash, this desk's own events against
 * its audit chain, and the chain against its signed checkpoints and head
 * office's acknowledgements. Names the first bad event (device, dseq, event
 * id, what is wrong). Exit 0 when all is well, 1 when anything is wrong.
 */
import { describeFinding } from '../../shared/domain/kernel/chainProblems';
import { openReadOnly, verifyDesk } from '../desk';

export const VERIFY_USAGE = `用法 / Usage: npm run cli -- verify [--data <目录 folder>]

逐条校验事件哈希，并用本机的审计链、签名检查点和总部的确认核对本机写下的记录：
发现被改动、删除、插入或调换顺序的记录时，指出第一条（设备、序号、事件编号、问题）并以代码 1 退出。
Checks every event's hash, and this desk's own events against its audit chain, its
signed checkpoints and head office's acknowledgements. On an edited, deleted, inserted
or reordered record it names the first one (device, dseq, event id, what is wrong) and
exits with code 1.

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
