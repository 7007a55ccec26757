/**
 * The case feature's describer: every case event type as one line in zh-CN
 * or English (kernel/describe.ts), and the words for the case's own values
 * (status, nature, escalation level ...) that an export's columns show.
 * Every case event type must be here: test/unit/describe.test.ts checks
 * CASE_PAYLOADS against this table. Runtime-neutral and pure.
 */
import { describers, say, type DescribeContext, type Words } from '../kernel/describe';
import type { Locale } from '../kernel/locale';
import type { CaseLevel } from './escalation';
import type { EvidenceKind } from './evidence';
import { TAG_DESCRIBERS } from './tagsDescribe'; // issue 14
import type {
  CASE_PAYLOADS,
  CasePayloadOf,
  CaseStatus,
  ContactChannel,
  ContactOutcome,
  FieldValue,
  MaliceBehaviour,
  MaliceMotive,
  MaliceSign,
  MutableCaseField,
  Nature,
  PauseReason,
  RootCause,
} from './payloads';

type WordsOf<K extends string> = Readonly<Record<K, Words>>;

export const STATUS_WORDS: WordsOf<CaseStatus> = {
  new: { 'zh-CN': '新建', en: 'New' },
  in_progress: { 'zh-CN': '处理中', en: 'In progress' },
  closed: { 'zh-CN': '已结案', en: 'Closed' },
};

export const NATURE_WORDS: WordsOf<Nature> = {
  valid: { 'zh-CN': '有效', en: 'Valid' },
  to_improve: { 'zh-CN': '待改进', en: 'To improve' },
  invalid: { 'zh-CN': '无效', en: 'Invalid' },
  help: { 'zh-CN': '求助', en: 'Help' },
  consulting: { 'zh-CN': '咨询', en: 'Consulting' },
  venting: { 'zh-CN': '倾诉', en: 'Venting' },
};

export const LEVEL_WORDS: WordsOf<CaseLevel> = {
  counter: { 'zh-CN': '柜面', en: 'Counter' },
  supervisor: { 'zh-CN': '网点主管', en: 'Branch supervisor' },
  region: { 'zh-CN': '区域', en: 'Region' },
  head_office: { 'zh-CN': '总部', en: 'Head office' },
};

const FIELD_WORDS: WordsOf<MutableCaseField> = {
  assignee: { 'zh-CN': '处理人', en: 'Assignee' },
  category: { 'zh-CN': '类别', en: 'Category' },
  severity: { 'zh-CN': '级别', en: 'Severity' },
  dueAt: { 'zh-CN': '期限', en: 'Due' },
};

const PAUSE_WORDS: WordsOf<PauseReason> = {
  customer: { 'zh-CN': '等待客户', en: 'waiting for the customer' },
  parts: { 'zh-CN': '等待配件', en: 'waiting for parts' },
  third_party: { 'zh-CN': '等待第三方', en: 'waiting for a third party' },
};

const CHANNEL_WORDS: WordsOf<ContactChannel> = {
  phone: { 'zh-CN': '电话', en: 'phone' },
  sms: { 'zh-CN': '短信', en: 'SMS' },
  visit: { 'zh-CN': '上门', en: 'visit' },
  email: { 'zh-CN': '邮件', en: 'email' },
  wechat: { 'zh-CN': '微信', en: 'WeChat' },
  letter: { 'zh-CN': '信函', en: 'letter' },
};

const OUTCOME_WORDS: WordsOf<ContactOutcome> = {
  reached: { 'zh-CN': '已联系上', en: 'reached' },
  no_answer: { 'zh-CN': '无人接听', en: 'no answer' },
  busy: { 'zh-CN': '占线', en: 'busy' },
  wrong_number: { 'zh-CN': '号码错误', en: 'wrong number' },
  refused: { 'zh-CN': '拒绝沟通', en: 'refused' },
};

const ROOT_CAUSE_WORDS: WordsOf<RootCause> = {
  process: { 'zh-CN': '流程', en: 'process' },
  policy: { 'zh-CN': '政策', en: 'policy' },
  skill: { 'zh-CN': '技能', en: 'skill' },
};

const EVIDENCE_WORDS: WordsOf<EvidenceKind> = {
  photo: { 'zh-CN': '照片', en: 'photo' },
  recording: { 'zh-CN': '录音', en: 'recording' },
  statement: { 'zh-CN': '书面陈述', en: 'statement' },
  document: { 'zh-CN': '文件', en: 'document' },
};

const MOTIVE_WORDS: WordsOf<MaliceMotive> = {
  undue_gain: { 'zh-CN': '谋取不当利益', en: 'seeking undue gain' },
  premeditation: { 'zh-CN': '预谋', en: 'premeditation' },
};

const BEHAVIOUR_WORDS: WordsOf<MaliceBehaviour> = {
  exaggerating: { 'zh-CN': '夸大事实', en: 'exaggerating' },
  inventing: { 'zh-CN': '捏造事实', en: 'inventing facts' },
  refusing_to_negotiate: { 'zh-CN': '拒绝协商', en: 'refusing to negotiate' },
  hints_or_threats: { 'zh-CN': '暗示或威胁', en: 'hints or threats' },
};

const SIGN_WORDS: WordsOf<MaliceSign> = {
  repeat_bad_record: { 'zh-CN': '多次投诉且有不良记录', en: 'repeated complaints with a bad record' },
  same_trick_before: { 'zh-CN': '曾用同样手段', en: 'the same trick used before' },
};

const YES: Words = { 'zh-CN': '是', en: 'yes' };
const NO: Words = { 'zh-CN': '否', en: 'no' };

/** `value`'s words in `locale`, or the value itself when this version has none for it. */
export function wordOf<K extends string>(table: WordsOf<K>, value: string, locale: Locale): string {
  const w = (table as Readonly<Record<string, Words>>)[value];
  return w ? w[locale] : value;
}

export function yesNo(value: boolean, locale: Locale): string {
  return (value ? YES : NO)[locale];
}

const W = {
  opened: {
    'zh-CN': '受理投诉 {number}（{channel}，{category}，{severity}）：{account}',
    en: 'Complaint {number} received ({channel}, {category}, {severity}): {account}',
  },
  backdated: { 'zh-CN': '受理时间补录原因：{reason}', en: 'Receipt back-dated because: {reason}' },
  late: { 'zh-CN': '延迟录入原因：{reason}', en: 'Entered late because: {reason}' },
  attributes: { 'zh-CN': '客户：{parts}', en: 'Customer: {parts}' },
  region: { 'zh-CN': '地区 {value}', en: 'region {value}' },
  customerLevel: { 'zh-CN': '客户等级 {value}', en: 'level {value}' },
  sharedYes: { 'zh-CN': '其他业务线共有客户', en: 'also a customer of another business line' },
  sharedNo: { 'zh-CN': '非其他业务线共有客户', en: 'not a customer of another business line' },
  step: { 'zh-CN': '记录第 {n} 步「{title}」：{fields}', en: 'Step {n} "{title}" recorded: {fields}' },
  note: { 'zh-CN': '备注：{text}', en: 'Note: {text}' },
  fieldSet: { 'zh-CN': '{field}改为 {value}', en: '{field} set to {value}' },
  fieldCleared: { 'zh-CN': '清除{field}', en: '{field} cleared' },
  closed: { 'zh-CN': '结案', en: 'Closed' },
  closedEarly: { 'zh-CN': '提前结案，原因：{reason}', en: 'Closed early because: {reason}' },
  reopened: { 'zh-CN': '重新打开，原因：{reason}', en: 'Reopened because: {reason}' },
  paused: { 'zh-CN': '暂停计时（{reason}）{note}', en: 'Clock paused ({reason}) {note}' },
  resumed: { 'zh-CN': '恢复计时 {note}', en: 'Clock resumed {note}' },
  contact: {
    'zh-CN': '联系客户（{channel}，{at}）：{outcome} {note}',
    en: 'Contacted the customer ({channel}, {at}): {outcome} {note}',
  },
  actionAdded: {
    'zh-CN': '整改措施：{what}（负责：{owner}，期限 {due}）',
    en: 'Action: {what} (owner: {owner}, due {due})',
  },
  actionDone: { 'zh-CN': '措施完成：{result}', en: 'Action done: {result}' },
  callback: {
    'zh-CN': '回访（{at}）：{outcome}，{who}，满意度 {satisfaction} {comment}',
    en: 'Callback ({at}): {outcome}, {who}, satisfaction {satisfaction} {comment}',
  },
  evidence: { 'zh-CN': '添加证据（{kind}）：{name} {note}', en: 'Evidence added ({kind}): {name} {note}' },
  classified: { 'zh-CN': '定性为 {nature}', en: 'Classified as {nature}' },
  reclassified: {
    'zh-CN': '改定性为 {nature}，原因：{reason}',
    en: 'Re-classified as {nature} because: {reason}',
  },
  escalated: {
    'zh-CN': '升级至{level}（根因：{cause}）：{reason}',
    en: 'Escalated to {level} (root cause: {cause}): {reason}',
  },
  reviewed: { 'zh-CN': '升级复核：{verdict}，{comment}', en: 'Escalation reviewed: {verdict}, {comment}' },
  justified: { 'zh-CN': '合理', en: 'justified' },
  unjustified: { 'zh-CN': '不合理', en: 'not justified' },
  suspected: { 'zh-CN': '疑似恶意投诉 {note}', en: 'Suspected malicious claim {note}' },
  facts: {
    'zh-CN': '事实判定：{established}（证据 {n} 份，客户签字确认：{signed}）',
    en: 'Facts established: {established} (evidence items: {n}, statement signed: {signed})',
  },
  malicious: {
    'zh-CN':
      '认定恶意投诉（动机：{motives}；行为：{behaviours}；迹象：{signs}；证据 {n} 份）。书面答复：{offer}。理由：{reason}',
    en: 'Determined malicious (motive: {motives}; behaviour: {behaviours}; signs: {signs}; evidence items: {n}). Written offer: {offer}. Reason: {reason}',
  },
  goodFaith: { 'zh-CN': '认定为善意投诉：{reason}', en: 'Determined in good faith: {reason}' },
  department: { 'zh-CN': '部门 {name}', en: 'department {name}' },
  imported: {
    'zh-CN': '从台账导入 {number}（{channel}，{category}，{severity}，{status}）：{account}',
    en: 'Imported {number} from a log ({channel}, {category}, {severity}, {status}): {account}',
  },
  importedFrom: {
    'zh-CN': '来源：“{file}” 工作表“{sheet}” 第 {row} 行',
    en: 'From "{file}", sheet "{sheet}", row {row}',
  },
  importedFacts: {
    'zh-CN':
      '原编号 {reference}；受理人 {handler}；地区 {region}；处理结果 {result}；结案 {closedAt}；一次解决 {fcr}；满意度 {satisfaction}；定性 {nature}',
    en: 'Log number {reference}; handled by {handler}; region {region}; result {result}; closed {closedAt}; first-contact resolution {fcr}; satisfaction {satisfaction}; nature {nature}',
  },
} as const satisfies Record<string, Words>;

const none = (l: Locale) => (l === 'en' ? 'none' : '无');
const list = (items: string[], l: Locale) =>
  items.length === 0 ? none(l) : items.join(l === 'en' ? ', ' : '、');

/** A captured value: yes/no, a number, or a text the context words (an option's label, a time). */
function fieldValue(step: number, key: string, v: FieldValue, ctx: DescribeContext): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return yesNo(v, ctx.locale);
  if (typeof v === 'number') return String(v);
  return ctx.fieldText?.(step, key, v) ?? v;
}

function fieldValueOf(field: string, value: string, ctx: DescribeContext): string {
  if (field === 'category' || field === 'severity') return ctx.label(field, value);
  if (field === 'assignee') return ctx.staffName(value);
  if (field === 'dueAt') return ctx.time(value);
  return value;
}

/** `case.imported` (issue 13): the case as the log states it, then where it came from. */
function describeImported(p: CasePayloadOf<'case.imported'>, ctx: DescribeContext): string {
  const l = ctx.locale;
  const dash = '—';
  const text = (t: string) => (t.trim() === '' ? dash : t);
  return [
    say(W.imported, l, {
      number: p.number,
      channel: ctx.label('channel', p.channel),
      category: ctx.label('category', p.category),
      severity: ctx.label('severity', p.severity),
      status: wordOf(STATUS_WORDS, p.status, l),
      account: p.account,
    }),
    say(W.importedFacts, l, {
      reference: text(p.reference),
      handler: text(p.handler),
      region: text(p.region),
      result: text(p.result),
      closedAt: p.closedAt === null ? dash : ctx.time(p.closedAt),
      fcr: p.fcr === null ? dash : yesNo(p.fcr, l),
      satisfaction: p.satisfaction === null ? dash : `${p.satisfaction}/5`,
      nature: p.nature === null ? dash : wordOf(NATURE_WORDS, p.nature, l),
    }),
    say(W.importedFrom, l, { file: p.source.file, sheet: p.source.sheet, row: String(p.source.row) }),
  ].join(l === 'en' ? '. ' : '；');
}

/** Every case event type -> its line (./payloads.ts CASE_PAYLOADS). */
export const CASE_DESCRIBERS = describers<{ [T in keyof typeof CASE_PAYLOADS]: CasePayloadOf<T> }>({
  'case.opened': (p, ctx) => {
    const l = ctx.locale;
    const lines = [
      say(W.opened, l, {
        number: p.number,
        channel: ctx.label('channel', p.channel),
        category: ctx.label('category', p.category),
        severity: ctx.label('severity', p.severity),
        account: p.account,
      }),
    ];
    if (p.reason) lines.push(say(W.backdated, l, { reason: p.reason }));
    if (p.lateReason) lines.push(say(W.late, l, { reason: p.lateReason }));
    // Issue 14 item 1: the customer's attributes, when the intake recorded any.
    const name = (list: 'regions' | 'customerLevels', code: string) => ctx.listName?.(list, code) ?? code;
    const attrs = [
      ...(p.region !== undefined ? [say(W.region, l, { value: name('regions', p.region) })] : []),
      ...(p.customerLevel !== undefined
        ? [say(W.customerLevel, l, { value: name('customerLevels', p.customerLevel) })]
        : []),
      ...(p.sharedCustomer !== undefined ? [(p.sharedCustomer ? W.sharedYes : W.sharedNo)[l]] : []),
    ];
    if (attrs.length) lines.push(say(W.attributes, l, { parts: attrs.join(l === 'en' ? ', ' : '，') }));
    return lines.join(l === 'en' ? '. ' : '；');
  },
  'case.step_recorded': (p, ctx) => {
    const sep = ctx.locale === 'en' ? ': ' : '：';
    const fields = Object.entries(p.fields)
      .map(([k, v]) => `${ctx.fieldLabel(p.step, k)}${sep}${fieldValue(p.step, k, v, ctx)}`)
      .join(ctx.locale === 'en' ? '; ' : '；');
    const line = say(W.step, ctx.locale, {
      n: String(p.step),
      title: ctx.label('step', String(p.step)),
      fields,
    });
    return p.reason ? `${line}${ctx.locale === 'en' ? ' — ' : '——'}${p.reason}` : line;
  },
  'case.note_added': (p, ctx) => say(W.note, ctx.locale, { text: p.text }),
  'case.field_set': (p, ctx) => {
    const field = wordOf(FIELD_WORDS, p.field, ctx.locale);
    const line =
      p.value === null
        ? say(W.fieldCleared, ctx.locale, { field })
        : say(W.fieldSet, ctx.locale, { field, value: fieldValueOf(p.field, p.value, ctx) });
    return p.reason ? `${line}${ctx.locale === 'en' ? ' — ' : '——'}${p.reason}` : line;
  },
  'case.closed': (p, ctx) =>
    p.overrideReason
      ? say(W.closedEarly, ctx.locale, { reason: p.overrideReason })
      : say(W.closed, ctx.locale),
  'case.reopened': (p, ctx) => say(W.reopened, ctx.locale, { reason: p.reason }),
  'case.paused': (p, ctx) =>
    say(W.paused, ctx.locale, { reason: wordOf(PAUSE_WORDS, p.reason, ctx.locale), note: p.note }).trim(),
  'case.resumed': (p, ctx) => say(W.resumed, ctx.locale, { note: p.note }).trim(),
  'case.contact_attempted': (p, ctx) =>
    say(W.contact, ctx.locale, {
      channel: wordOf(CHANNEL_WORDS, p.channel, ctx.locale),
      at: ctx.time(p.at),
      outcome: wordOf(OUTCOME_WORDS, p.outcome, ctx.locale),
      note: p.note,
    }).trim(),
  'case.action_added': (p, ctx) =>
    say(W.actionAdded, ctx.locale, {
      what: p.what,
      owner:
        p.owner.kind === 'staff'
          ? ctx.staffName(p.owner.staffId)
          : say(W.department, ctx.locale, { name: p.owner.name }),
      due: ctx.time(p.dueAt),
    }),
  'case.action_done': (p, ctx) => say(W.actionDone, ctx.locale, { result: p.result }),
  'case.callback_recorded': (p, ctx) =>
    say(W.callback, ctx.locale, {
      at: ctx.time(p.at),
      outcome: wordOf(OUTCOME_WORDS, p.outcome, ctx.locale),
      who: p.reachedWho,
      satisfaction: p.satisfaction === null ? '—' : `${p.satisfaction}/5`,
      comment: p.comment,
    }).trim(),
  'case.evidence_added': (p, ctx) =>
    say(W.evidence, ctx.locale, {
      kind: wordOf(EVIDENCE_WORDS, p.kind, ctx.locale),
      name: p.name,
      note: p.note,
    }).trim(),
  'case.classified': (p, ctx) => {
    const nature = wordOf(NATURE_WORDS, p.nature, ctx.locale);
    return p.reason
      ? say(W.reclassified, ctx.locale, { nature, reason: p.reason })
      : say(W.classified, ctx.locale, { nature });
  },
  'case.escalated': (p, ctx) =>
    say(W.escalated, ctx.locale, {
      level: wordOf(LEVEL_WORDS, p.level, ctx.locale),
      cause: wordOf(ROOT_CAUSE_WORDS, p.rootCause, ctx.locale),
      reason: p.reason,
    }),
  'case.escalation_reviewed': (p, ctx) =>
    say(W.reviewed, ctx.locale, {
      verdict: say(p.justified ? W.justified : W.unjustified, ctx.locale),
      comment: p.comment,
    }),
  'case.malice_suspected': (p, ctx) => say(W.suspected, ctx.locale, { note: p.note }).trim(),
  'case.malice_facts_recorded': (p, ctx) =>
    say(W.facts, ctx.locale, {
      established: p.established,
      n: String(p.evidence.length),
      signed: yesNo(p.statementSigned, ctx.locale),
    }),
  'case.malice_determined': (p, ctx) => {
    const l = ctx.locale;
    if (p.outcome === 'good_faith') return say(W.goodFaith, l, { reason: p.reason });
    return say(W.malicious, l, {
      motives: list(
        p.motives.map((m) => wordOf(MOTIVE_WORDS, m, l)),
        l,
      ),
      behaviours: list(
        p.behaviours.map((b) => wordOf(BEHAVIOUR_WORDS, b, l)),
        l,
      ),
      signs: list(
        p.signs.map((s) => wordOf(SIGN_WORDS, s, l)),
        l,
      ),
      n: String(p.evidence.length),
      // The template ends the offer's sentence itself: "说明。。理由" otherwise.
      offer: p.offer.replace(/[。.．!！]+\s*$/u, ''),
      reason: p.reason,
    });
  },
  'case.imported': describeImported, // issue 13
  ...TAG_DESCRIBERS, // issue 14
});
