/**
 * The words a printed dossier and log listing show, zh-CN and English:
 * headings, labels and the case's own values. Runtime-neutral data.
 */
import type { Locale } from '../../../../shared/domain/kernel/locale';

export type Words = Readonly<Record<Locale, string>>;
export type WordsOf<K extends string> = Readonly<Record<K, Words>>;

/** `value`'s words in `locale`, or the value itself when this version has none for it. */
export function wordOf(table: Readonly<Record<string, Words>>, value: string, locale: Locale): string {
  const w = Object.prototype.hasOwnProperty.call(table, value) ? table[value] : undefined;
  return w ? w[locale] : value;
}

export const T = {
  dossierTitle: { 'zh-CN': '投诉处理档案', en: 'Case dossier' },
  caseWord: { 'zh-CN': '投诉单', en: 'Case' },
  printedAt: { 'zh-CN': '打印时间', en: 'Printed' },
  summary: { 'zh-CN': '基本信息', en: 'Summary' },
  number: { 'zh-CN': '编号', en: 'Number' },
  branch: { 'zh-CN': '网点', en: 'Branch' },
  status: { 'zh-CN': '状态', en: 'Status' },
  customer: { 'zh-CN': '客户', en: 'Customer' },
  phone: { 'zh-CN': '电话', en: 'Phone' },
  gender: { 'zh-CN': '性别', en: 'Gender' },
  returning: { 'zh-CN': '新/老客户', en: 'New or returning' },
  channel: { 'zh-CN': '受理渠道', en: 'Channel' },
  category: { 'zh-CN': '投诉类别', en: 'Category' },
  severity: { 'zh-CN': '级别', en: 'Severity' },
  owner: { 'zh-CN': '首问负责人', en: 'Owner' },
  assignee: { 'zh-CN': '处理人', en: 'Assignee' },
  received: { 'zh-CN': '受理时间', en: 'Received' },
  opened: { 'zh-CN': '录入时间', en: 'Entered' },
  due: { 'zh-CN': '期限', en: 'Due' },
  closed: { 'zh-CN': '结案时间', en: 'Closed' },
  nature: { 'zh-CN': '定性', en: 'Nature' },
  fcr: { 'zh-CN': '一次解决', en: 'First-contact resolution' },
  repeat: { 'zh-CN': '重复投诉', en: 'Repeat complaint' },
  level: { 'zh-CN': '升级层级', en: 'Escalation level' },
  malice: { 'zh-CN': '恶意投诉', en: 'Malicious claim' },
  account: { 'zh-CN': '受理时的陈述', en: 'Complaint at intake' },
  lateReason: { 'zh-CN': '晚录原因', en: 'Reason for late entry' },
  steps: { 'zh-CN': '处理六部曲', en: 'The six steps' },
  stepN: { 'zh-CN': '第 {n} 步 · {title}', en: 'Step {n} · {title}' },
  recordedBy: { 'zh-CN': '{at} 由 {who} 记录', en: 'Recorded {at} by {who}' },
  notRecorded: { 'zh-CN': '未记录', en: 'Not recorded' },
  notes: { 'zh-CN': '备注', en: 'Notes' },
  pauses: { 'zh-CN': '暂停', en: 'Pauses' },
  contacts: { 'zh-CN': '联系记录', en: 'Contact attempts' },
  actions: { 'zh-CN': '整改措施', en: 'Actions' },
  callbacks: { 'zh-CN': '回访', en: 'Callbacks' },
  escalation: { 'zh-CN': '升级', en: 'Escalation' },
  evidence: { 'zh-CN': '证据清单', en: 'Evidence' },
  signOffs: { 'zh-CN': '签核', en: 'Sign-offs' },
  timeline: { 'zh-CN': '处理时间线', en: 'Timeline' },
  none: { 'zh-CN': '无', en: 'None' },
  at: { 'zh-CN': '时间', en: 'When' },
  by: { 'zh-CN': '人员', en: 'Who' },
  what: { 'zh-CN': '内容', en: 'What' },
  how: { 'zh-CN': '方式', en: 'How' },
  outcome: { 'zh-CN': '结果', en: 'Outcome' },
  note: { 'zh-CN': '说明', en: 'Note' },
  reason: { 'zh-CN': '原因', en: 'Reason' },
  from: { 'zh-CN': '开始', en: 'From' },
  to: { 'zh-CN': '结束', en: 'To' },
  ongoing: { 'zh-CN': '进行中', en: 'ongoing' },
  result: { 'zh-CN': '完成情况', en: 'Result' },
  reachedWho: { 'zh-CN': '联系到', en: 'Reached' },
  satisfaction: { 'zh-CN': '满意度', en: 'Satisfaction' },
  comment: { 'zh-CN': '意见', en: 'Comment' },
  file: { 'zh-CN': '文件', en: 'File' },
  kind: { 'zh-CN': '类型', en: 'Kind' },
  size: { 'zh-CN': '大小', en: 'Size' },
  sha256: { 'zh-CN': 'SHA-256', en: 'SHA-256' },
  act: { 'zh-CN': '事项', en: 'Act' },
  signStep: { 'zh-CN': '第 {n} 步（{title}）', en: 'Step {n} ({title})' },
  signClose: { 'zh-CN': '结案', en: 'Close' },
  signReview: { 'zh-CN': '升级复核：{verdict}', en: 'Escalation review: {verdict}' },
  justified: { 'zh-CN': '升级合理', en: 'justified' },
  notJustified: { 'zh-CN': '升级不合理', en: 'not justified' },
  signMalice: { 'zh-CN': '恶意投诉认定：{outcome}', en: 'Malicious claim determined: {outcome}' },
  escalatedTo: { 'zh-CN': '{from} → {to}（根因：{cause}）', en: '{from} → {to} (root cause: {cause})' },
  review: { 'zh-CN': '复核', en: 'Review' },
  awaitingReview: { 'zh-CN': '待复核', en: 'awaiting review' },
  yes: { 'zh-CN': '是', en: 'yes' },
  no: { 'zh-CN': '否', en: 'no' },
  empty: { 'zh-CN': '—', en: '—' },
  newCustomer: { 'zh-CN': '新客户', en: 'new' },
  returningCustomer: { 'zh-CN': '老客户', en: 'returning' },
  listingTitle: { 'zh-CN': '投诉台账', en: 'Case log' },
  listingCount: { 'zh-CN': '共 {n} 件', en: '{n} cases' },
  listingCountOver: { 'zh-CN': '共 {n} 件以上', en: 'more than {n} cases' },
  listingFilter: { 'zh-CN': '范围', en: 'Selection' },
  // The selection's words (./selection.ts), as the case list's filters name them.
  every: { 'zh-CN': '全部投诉单', en: 'every case' },
  labelled: { 'zh-CN': '{label}：{value}', en: '{label}: {value}' },
  repeatOnly: { 'zh-CN': '仅重复投诉', en: 'repeat complaints only' },
  firstOnly: { 'zh-CN': '仅首次投诉', en: 'first complaints only' },
  escalated: { 'zh-CN': '已升级（任一级）', en: 'escalated (any level)' },
  escalatedToLevel: { 'zh-CN': '升级到{level}', en: 'escalated to {level}' },
  unreviewed: { 'zh-CN': '升级待主管审核', en: "escalation awaiting a supervisor's review" },
  flagged: { 'zh-CN': '已标记（任一状态）', en: 'flagged (any status)' },
  drill: { 'zh-CN': '投诉分析：{period}', en: 'Complaint analysis: {period}' },
  dayRange: { 'zh-CN': '{from} 至 {to}', en: '{from} to {to}' },
  notEscalated: { 'zh-CN': '未升级', en: 'Not escalated' },
  nobody: { 'zh-CN': '无人担责', en: 'Nobody' },
  listingTruncated: {
    'zh-CN': '只列出前 {n} 件；请缩小范围或导出 CSV/XLSX。',
    en: 'Only the first {n} are listed: narrow the selection or export CSV or XLSX.',
  },
} as const satisfies Record<string, Words>;

/** `T[key]` in `locale` with `{name}` placeholders filled. */
export function t(
  key: keyof typeof T,
  locale: Locale,
  params: Readonly<Record<string, string>> = {},
): string {
  return T[key][locale].replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}

export const STATUS_WORDS: WordsOf<'new' | 'in_progress' | 'closed'> = {
  new: { 'zh-CN': '新建', en: 'New' },
  in_progress: { 'zh-CN': '处理中', en: 'In progress' },
  closed: { 'zh-CN': '已结案', en: 'Closed' },
};

export const GENDER_WORDS: WordsOf<'female' | 'male' | 'unknown'> = {
  female: { 'zh-CN': '女', en: 'female' },
  male: { 'zh-CN': '男', en: 'male' },
  unknown: { 'zh-CN': '未知', en: 'unknown' },
};

export const NATURE_WORDS = {
  valid: { 'zh-CN': '有效', en: 'Valid' },
  to_improve: { 'zh-CN': '待改进', en: 'To improve' },
  invalid: { 'zh-CN': '无效', en: 'Invalid' },
  help: { 'zh-CN': '求助', en: 'Help' },
  consulting: { 'zh-CN': '咨询', en: 'Consulting' },
  venting: { 'zh-CN': '倾诉', en: 'Venting' },
} as const satisfies Record<string, Words>;

export const LEVEL_WORDS = {
  counter: { 'zh-CN': '柜面', en: 'Counter' },
  supervisor: { 'zh-CN': '网点主管', en: 'Branch supervisor' },
  region: { 'zh-CN': '区域', en: 'Region' },
  head_office: { 'zh-CN': '总部', en: 'Head office' },
} as const satisfies Record<string, Words>;

export const MALICE_WORDS = {
  suspected: { 'zh-CN': '疑似', en: 'suspected' },
  malicious: { 'zh-CN': '已认定恶意', en: 'determined malicious' },
  good_faith: { 'zh-CN': '善意', en: 'in good faith' },
} as const satisfies Record<string, Words>;

/** The case list's deadline filter (`due`), as the list names it. */
export const DUE_WORDS = {
  overdue: { 'zh-CN': '已超时', en: 'Overdue' },
  due_soon: { 'zh-CN': '即将到期', en: 'Due soon' },
  paused: { 'zh-CN': '暂停中', en: 'Paused' },
} as const satisfies Record<string, Words>;

export const PAUSE_WORDS = {
  customer: { 'zh-CN': '等待客户', en: 'waiting for the customer' },
  parts: { 'zh-CN': '等待配件', en: 'waiting for parts' },
  third_party: { 'zh-CN': '等待第三方', en: 'waiting for a third party' },
} as const satisfies Record<string, Words>;

export const CHANNEL_WORDS = {
  phone: { 'zh-CN': '电话', en: 'phone' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  visit: { 'zh-CN': '上门', en: 'visit' },
  email: { 'zh-CN': '邮件', en: 'email' },
  wechat: { 'zh-CN': '微信', en: 'WeChat' },
  letter: { 'zh-CN': '信函', en: 'letter' },
} as const satisfies Record<string, Words>;

export const OUTCOME_WORDS = {
  reached: { 'zh-CN': '已联系上', en: 'reached' },
  no_answer: { 'zh-CN': '无人接听', en: 'no answer' },
  busy: { 'zh-CN': '占线', en: 'busy' },
  wrong_number: { 'zh-CN': '号码错误', en: 'wrong number' },
  refused: { 'zh-CN': '拒绝沟通', en: 'refused' },
} as const satisfies Record<string, Words>;

export const ROOT_CAUSE_WORDS = {
  process: { 'zh-CN': '流程', en: 'process' },
  policy: { 'zh-CN': '政策', en: 'policy' },
  skill: { 'zh-CN': '技能', en: 'skill' },
} as const satisfies Record<string, Words>;

export const EVIDENCE_WORDS = {
  photo: { 'zh-CN': '照片', en: 'photo' },
  recording: { 'zh-CN': '录音', en: 'recording' },
  statement: { 'zh-CN': '书面陈述', en: 'statement' },
  document: { 'zh-CN': '文件', en: 'document' },
} as const satisfies Record<string, Words>;
