/**
 * The desk fields a hand-kept complaint log's columns map to, and the headers
 * people give those columns (issue 13 item 2): Chinese as branches write them
 * (投诉日期, 客户姓名, 联系电话, 性别, 新/老客户, 地区, 渠道, 投诉类别, 投诉原因,
 * 处理结果, 是否一次解决, 回访满意度 …) and English. A branch's own headers
 * are remembered as extra aliases (docs/import.md). Runtime-neutral and pure.
 */

export const IMPORT_FIELDS = [
  'receivedAt',
  'customerName',
  'phone',
  'gender',
  'returning',
  'region',
  // issue 14: the customer's level (mapped to the organisation's list) and shared customer (yes / no)
  'customerLevel',
  'sharedCustomer',
  'channel',
  'category',
  'severity',
  'account',
  'result',
  'status',
  'closedAt',
  'fcr',
  'satisfaction',
  'nature',
  'handler',
  'reference',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const isImportField = (v: unknown): v is ImportField =>
  typeof v === 'string' && (IMPORT_FIELDS as readonly string[]).includes(v);

/** Fields a row cannot be imported without. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['receivedAt', 'customerName'];

/** The fields' names for messages and the mapping screen. */
export const FIELD_LABELS: Record<ImportField, { 'zh-CN': string; en: string }> = {
  receivedAt: { 'zh-CN': '投诉日期', en: 'Date received' },
  customerName: { 'zh-CN': '客户姓名', en: 'Customer name' },
  phone: { 'zh-CN': '联系电话', en: 'Phone' },
  gender: { 'zh-CN': '性别', en: 'Gender' },
  returning: { 'zh-CN': '新/老客户', en: 'New or returning customer' },
  region: { 'zh-CN': '地区', en: 'Region' },
  customerLevel: { 'zh-CN': '客户等级', en: 'Customer level' },
  sharedCustomer: { 'zh-CN': '是否共享客户', en: 'Customer of another business line' },
  channel: { 'zh-CN': '渠道', en: 'Channel' },
  category: { 'zh-CN': '投诉类别', en: 'Category' },
  severity: { 'zh-CN': '严重程度', en: 'Severity' },
  account: { 'zh-CN': '投诉原因', en: 'Complaint' },
  result: { 'zh-CN': '处理结果', en: 'Result' },
  status: { 'zh-CN': '状态', en: 'Status' },
  closedAt: { 'zh-CN': '结案日期', en: 'Date closed' },
  fcr: { 'zh-CN': '是否一次解决', en: 'Resolved at first contact' },
  satisfaction: { 'zh-CN': '回访满意度', en: 'Callback satisfaction' },
  nature: { 'zh-CN': '投诉性质', en: 'Nature' },
  handler: { 'zh-CN': '受理人', en: 'Handled by' },
  reference: { 'zh-CN': '原编号', en: 'Original number' },
};

/** Headers recognised for each field, already normalised (see normaliseHeader). */
const ALIASES: Record<ImportField, readonly string[]> = {
  receivedAt: [
    '投诉日期',
    '投诉时间',
    '受理日期',
    '受理时间',
    '登记日期',
    '登记时间',
    '日期',
    '时间',
    '来访日期',
    '来电日期',
    '反映日期',
    '投诉日',
    'date',
    'received',
    'datereceived',
    'receivedat',
    'complaintdate',
    'receiveddate',
  ],
  customerName: [
    '客户姓名',
    '姓名',
    '客户',
    '客户名称',
    '投诉人',
    '投诉人姓名',
    '投诉客户',
    '联系人',
    '来访人',
    'name',
    'customer',
    'customername',
    'complainant',
  ],
  phone: [
    '联系电话',
    '电话',
    '手机',
    '手机号',
    '手机号码',
    '电话号码',
    '联系方式',
    '客户电话',
    '联系号码',
    'phone',
    'telephone',
    'mobile',
    'phonenumber',
    'tel',
    'contactnumber',
  ],
  gender: ['性别', '客户性别', 'gender', 'sex'],
  returning: [
    '新/老客户',
    '新老客户',
    '新客户/老客户',
    '客户类型',
    '新/老',
    '是否老客户',
    '老客户',
    'newreturning',
    'new/returning',
    'customertype',
    'returning',
    'returningcustomer',
  ],
  region: ['地区', '区域', '所属地区', '地域', '所在地区', '片区', '城市', 'region', 'area', 'city'],
  customerLevel: [
    '客户等级',
    '客户级别',
    '客户星级',
    '会员等级',
    '客户层级',
    '客户分层',
    '客户类别',
    '客户分级',
    'customerlevel',
    'customertier',
    'tier',
    'membership',
  ],
  sharedCustomer: [
    '是否共享客户',
    '共享客户',
    '交叉客户',
    '是否交叉客户',
    '交叉销售客户',
    '跨业务线客户',
    '其他业务线客户',
    '是否其他业务线客户',
    'sharedcustomer',
    'shared',
    'crossbusiness',
    'crosssell',
  ],
  channel: [
    '渠道',
    '投诉渠道',
    '受理渠道',
    '来源',
    '投诉来源',
    '反映渠道',
    '投诉方式',
    '受理方式',
    'channel',
    'source',
  ],
  category: [
    '投诉类别',
    '类别',
    '投诉类型',
    '问题类型',
    '问题类别',
    '业务类别',
    '投诉分类',
    '分类',
    'category',
    'type',
    'complainttype',
  ],
  severity: ['严重程度', '等级', '投诉等级', '紧急程度', '级别', 'severity', 'priority', 'level'],
  account: [
    '投诉原因',
    '投诉内容',
    '问题描述',
    '事由',
    '投诉事由',
    '投诉事项',
    '具体内容',
    '反映问题',
    '详细情况',
    '内容',
    'reason',
    'description',
    'complaint',
    'details',
    'account',
    'issue',
  ],
  result: [
    '处理结果',
    '处理情况',
    '处理意见',
    '处理过程',
    '解决方案',
    '处理措施',
    '答复内容',
    'result',
    'resolution',
    'outcome',
    'action',
    'actiontaken',
  ],
  status: [
    '状态',
    '处理状态',
    '是否结案',
    '是否办结',
    '是否完结',
    '结案情况',
    '办结情况',
    'status',
    'state',
    'closed?',
  ],
  closedAt: [
    '结案日期',
    '结案时间',
    '办结日期',
    '办结时间',
    '完成日期',
    '处理完成日期',
    '关闭日期',
    'closed',
    'dateclosed',
    'closedat',
    'closeddate',
    'resolveddate',
  ],
  fcr: [
    '是否一次解决',
    '一次解决',
    '首次解决',
    '是否首次解决',
    '一次性解决',
    '是否一次性解决',
    '首问解决',
    'fcr',
    'firstcontactresolution',
    'resolvedatfirstcontact',
    'resolvedfirsttime',
  ],
  satisfaction: [
    '回访满意度',
    '满意度',
    '客户满意度',
    '回访结果',
    '满意度评价',
    'satisfaction',
    'callbacksatisfaction',
    'csat',
  ],
  nature: ['投诉性质', '性质', '定性', '投诉定性', 'nature'],
  handler: [
    '受理人',
    '经办人',
    '处理人',
    '责任人',
    '首问负责人',
    '接待人',
    '登记人',
    'handler',
    'handledby',
    'owner',
    'staff',
    'agent',
  ],
  reference: [
    '原编号',
    '编号',
    '投诉编号',
    '单号',
    '工单号',
    '登记号',
    'reference',
    'ref',
    'id',
    'number',
    'caseno',
    'no',
  ],
};

/**
 * A header as compared: NFKC (full-width to half-width), lower case, without
 * spaces, asterisks, colons and brackets' contents-free punctuation, so
 * "投诉日期：", " 客户 姓名 *" and "Customer Name" match their aliases.
 */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*:：_\-()（）【】[\]"'“”]/g, '')
    .replace(/\\/g, '/');
}

const BUILT_IN = new Map<string, ImportField>();
for (const f of IMPORT_FIELDS) for (const a of ALIASES[f]) BUILT_IN.set(normaliseHeader(a), f);

/** Which column holds which field; columns not listed are not imported. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

export interface HeaderRecognition {
  mapping: ColumnMapping;
  /** Headers that matched no field (shown on the mapping screen). */
  unmapped: { column: number; header: string }[];
  /** A field another column also matched: the column named exactly wins, else the first. */
  duplicates: { field: ImportField; column: number; header: string }[];
}

/**
 * Map a header row to fields: a remembered header of the branch first
 * (`remembered`: normalised header -> field, or null to ignore it), then the
 * built-in aliases exactly, then the longest built-in alias of 2+ characters
 * the header ends with (a Chinese compound names its thing last: 投诉人电话
 * is a phone, 客户地区 a region), then the longest it starts with
 * ("投诉日期(年月日)"), unless what follows names a number or code of it
 * (客户号, 客户编号: not the customer's name). Each field takes one column:
 * a column named exactly (remembered or an alias) before any column matched
 * only by a word it starts or ends with, wherever the two stand (客户经理
 * before 客户姓名 does not take the customer's name from it); among equals
 * the first column wins.
 */
export function recogniseHeaders(
  headers: readonly string[],
  remembered: Readonly<Record<string, ImportField | null>> = {},
): HeaderRecognition {
  const mapping: ColumnMapping = {};
  const unmapped: HeaderRecognition['unmapped'] = [];
  const duplicates: HeaderRecognition['duplicates'] = [];
  const keys = headers.map(normaliseHeader);
  const exact = keys.map((key): ImportField | null | undefined =>
    key === ''
      ? null
      : Object.prototype.hasOwnProperty.call(remembered, key)
        ? remembered[key]
        : BUILT_IN.get(key),
  );
  const loose = keys.map((key, column) => (exact[column] === undefined ? prefixMatch(key) : undefined));
  const taken = new Map<number, ImportField>();
  for (const pass of [exact, loose]) {
    pass.forEach((field, column) => {
      if (field === null || field === undefined || mapping[field] !== undefined) return;
      mapping[field] = column;
      taken.set(column, field);
    });
  }
  headers.forEach((header, column) => {
    if (keys[column] === '' || taken.has(column)) return;
    const field = exact[column] ?? loose[column];
    if (field === null || field === undefined) unmapped.push({ column, header });
    else duplicates.push({ field, column, header });
  });
  return { mapping, unmapped, duplicates };
}

const PREFIXES = [...BUILT_IN.entries()]
  .filter(([a]) => [...a].length >= 2 && /[^ -~]/.test(a))
  .sort((x, y) => y[0].length - x[0].length);

/** After an alias, words that make the header a number or code of the thing, not the thing. */
const IDENTIFIER_TAIL = /^(号|编号|号码|代码|编码|卡号|账号|id|no)/;

function prefixMatch(key: string): ImportField | undefined {
  const tail = PREFIXES.find(([a]) => key.endsWith(a));
  // A bare number word at the end (客户编号) says whose number, not which field: read the head.
  if (tail !== undefined && !IDENTIFIER_TAIL.test(tail[0])) return tail[1];
  const head = PREFIXES.find(([a]) => key.startsWith(a));
  if (head === undefined || IDENTIFIER_TAIL.test(key.slice(head[0].length))) return undefined;
  return head[1];
}

/** How many fields a header row names: the header row is the one of the first rows naming most. */
export function headerScore(headers: readonly string[]): number {
  return Object.keys(recogniseHeaders(headers).mapping).length;
}
