/**
 * What `verify` can find wrong with a device's audit chain (desk and head
 * office alike), and how it says so, zh-CN first (docs/audit-trail.md).
 */
export type ChainProblem =
  | 'unreadable'
  | 'edited'
  | 'rehashed'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'chain_link'
  | 'rewritten'
  | 'bad_signature';

export interface ChainFinding {
  problem: ChainProblem;
  device: string;
  /** The event's place in its device's chain, when known. */
  dseq: number | null;
  eventId: string | null;
  /** Extra words (e.g. the checkpoint's dseq); English and Chinese alike. */
  detail?: string;
}

const TEXT: Record<ChainProblem, { 'zh-CN': string; en: string }> = {
  unreadable: { 'zh-CN': '记录内容已损坏，无法读取', en: 'the record is damaged and cannot be read' },
  edited: {
    'zh-CN': '记录内容被改动（哈希不符）',
    en: 'the record was edited (hash mismatch: its content does not match its hash)',
  },
  rehashed: {
    'zh-CN': '记录被改动且哈希被重新计算（与审计链不符）',
    en: 'the record was edited and its hash recomputed (it no longer matches the audit chain)',
  },
  deleted: { 'zh-CN': '审计链中的记录被删除', en: 'a record in the audit chain was deleted' },
  inserted: {
    'zh-CN': '记录不在本设备的审计链中（被插入）',
    en: "the record is not in its device's audit chain (inserted)",
  },
  reordered: {
    'zh-CN': '记录的位置与审计链不符（被调换顺序或替换）',
    en: 'the record is not where the audit chain has it (reordered or replaced)',
  },
  chain_link: { 'zh-CN': '审计链本身被改动', en: 'the audit chain itself was altered' },
  rewritten: {
    'zh-CN': '审计链与已签名并经总部确认的检查点不符：此前的记录被改动且整条链被重新计算',
    en: 'the audit chain does not match a signed checkpoint head office acknowledged: an earlier record was changed and the whole chain recomputed',
  },
  bad_signature: { 'zh-CN': '检查点签名无效', en: 'a checkpoint signature is not valid' },
};

/** One line naming the finding: device, dseq, event id, what is wrong; zh-CN then English. */
export function describeFinding(f: ChainFinding): string {
  const t = TEXT[f.problem];
  const where = `${f.device} #${f.dseq ?? '?'} ${f.eventId ?? '-'}`;
  const detail = f.detail === undefined ? '' : ` (${f.detail})`;
  return `${where}: ${t['zh-CN']} / ${t.en}${detail}`;
}
