/**
 * The words the three printed reports show (issue 14 item 5), zh-CN and
 * English: titles, headings, figure names with their short definitions
 * (docs/analysis.md says the same at length), table headers. Runtime-neutral data.
 */
import { say, type Words } from '../../../../shared/domain/kernel/describe';
import type { Locale } from '../../../../shared/domain/kernel/locale';

export const W = {
  complaintsTitle: { 'zh-CN': '投诉分析报告', en: 'Complaint analysis report' },
  callbacksTitle: { 'zh-CN': '回访分析报告', en: 'Callback analysis report' },
  promisesTitle: { 'zh-CN': '履诺分析报告', en: 'Promise fulfilment report' },
  branch: { 'zh-CN': '网点', en: 'Branch' },
  period: { 'zh-CN': '统计期间', en: 'Period' },
  compare: { 'zh-CN': '对比期间', en: 'Compared with' },
  none: { 'zh-CN': '无', en: 'None' },
  filters: { 'zh-CN': '筛选条件', en: 'Filters' },
  printedAt: { 'zh-CN': '打印时间', en: 'Printed' },
  dayRange: { 'zh-CN': '{from} 至 {to}', en: '{from} to {to}' },
  notRecorded: { 'zh-CN': '未记录', en: 'Not recorded' },
  notEscalated: { 'zh-CN': '未升级', en: 'Not escalated' },
  noVolume: { 'zh-CN': '未记录（未录入业务量）', en: 'Not recorded (no business volume entered)' },
  noValue: { 'zh-CN': '—', en: '—' },
  notRecordedNote: {
    'zh-CN': '本期没有案件记录这一项，不是 0。',
    en: 'No case in the period records this; it is not zero.',
  },
  figure: { 'zh-CN': '指标', en: 'Figure' },
  value: { 'zh-CN': '数值', en: 'Value' },
  detail: { 'zh-CN': '说明', en: 'Detail' },
  definition: { 'zh-CN': '定义', en: 'Definition' },
  cases: { 'zh-CN': '件数', en: 'Cases' },
  share: { 'zh-CN': '占比', en: 'Share' },
  cumulative: { 'zh-CN': '累计占比', en: 'Cumulative' },
  rowShare: { 'zh-CN': '行内占比', en: 'Share of row' },
  month: { 'zh-CN': '月份', en: 'Month' },
  yesOfKnown: { 'zh-CN': '{yes} / {known} 件', en: '{yes} of {known} cases' },
  category: { 'zh-CN': '投诉类别', en: 'Category' },
  mainCategory: { 'zh-CN': '大类', en: 'Main category' },
  subcategory: { 'zh-CN': '细类', en: 'Sub-category' },
  summarySheet: { 'zh-CN': '概况', en: 'Summary' },
  section: { 'zh-CN': '部分', en: 'Section' },

  // ---- the complaint report
  sVolume: { 'zh-CN': '一、投诉总量', en: '1. Volume' },
  fCount: { 'zh-CN': '投诉件数', en: 'Complaints' },
  dCount: {
    'zh-CN': '统计期间内受理的投诉件数（网点日历日）',
    en: 'Cases received in the period (branch calendar days)',
  },
  fCompareCount: { 'zh-CN': '对比期间件数', en: 'Complaints, comparison period' },
  fGrowth: { 'zh-CN': '增长率', en: 'Growth' },
  dGrowth: {
    'zh-CN': '（本期件数 − 对比期件数）÷ 对比期件数；对比期无案件时不计算',
    en: '(this period − comparison period) ÷ comparison period; none when the comparison period had no case',
  },
  fPerVolume: { 'zh-CN': '万元业务量投诉率', en: 'Complaints per business volume' },
  dPerVolume: {
    'zh-CN': '投诉件数 × 单位 ÷ 业务量（保费按每万元，笔数按每万笔）',
    en: 'complaints × unit ÷ business volume (premium per 10,000 yuan; counts per 10,000)',
  },
  perVolumeDetail: { 'zh-CN': '每 {per} {unit}；业务量 {volume}', en: 'per {per} {unit}; volume {volume}' },
  sCategories: { 'zh-CN': '二、投诉类别（帕累托分析）', en: '2. Categories (Pareto)' },
  dPareto: {
    'zh-CN': '大类按件数从多到少排列，附占比与累计占比；前三类占比 = 件数最多的三类之和 ÷ 总件数',
    en: "Main categories by count, largest first, with share and cumulative share; the top three's share = the three largest over all cases",
  },
  fTopThree: { 'zh-CN': '前三类占比', en: "Top three's share" },
  paretoTable: { 'zh-CN': '类别帕累托', en: 'Category Pareto' },
  subTable: { 'zh-CN': '{main}的细类', en: 'Within {main}' },
  dSub: {
    'zh-CN': '前三大类中各细类的件数及其在该大类中的占比',
    en: 'The categories within each of the three largest main categories, with their share of it',
  },
  sTrend: { 'zh-CN': '三、趋势与一次解决率', en: '3. Trend and first-contact resolution' },
  fFcr: { 'zh-CN': '一次解决率', en: 'First-contact resolution' },
  dFcr: {
    'zh-CN': '首次接触即解决的已结案件 ÷ 已结案件（未结案件不计）',
    en: 'closed cases resolved at first contact ÷ closed cases (open cases left out)',
  },
  fFcrCompare: { 'zh-CN': '对比期间一次解决率', en: 'First-contact resolution, comparison period' },
  trendTable: { 'zh-CN': '月度趋势', en: 'Monthly trend' },
  sBreakdowns: { 'zh-CN': '四、分布与交叉分析', en: '4. Breakdowns and cross-tabs' },
  dBreakdown: {
    'zh-CN': '按单一维度统计件数及其占全部投诉的比例',
    en: 'Cases by one dimension, each with its share of all cases',
  },
  dCross: {
    'zh-CN': '行 × 大类的件数；括号内为该格在本行中的占比（例如女性客户中各类别的占比）',
    en: "Rows × main category; in brackets each cell's share of its row (e.g. each category's share among women)",
  },
  crossTable: { 'zh-CN': '{rows} × 大类', en: '{rows} × main category' },
  sQuality: { 'zh-CN': '五、重复、升级与恶意投诉', en: '5. Repeats, escalations and malicious claims' },
  fRepeats: { 'zh-CN': '重复投诉', en: 'Repeat complaints' },
  dRepeats: {
    'zh-CN': '同一客户在重复窗口内已有投诉的案件，及其占全部投诉的比例',
    en: 'Cases of a customer with an earlier case within the repeat window, and their share of all cases',
  },
  fEscalations: { 'zh-CN': '升级案件', en: 'Escalated cases' },
  dEscalations: { 'zh-CN': '升级到柜面以上层级处理的案件', en: 'Cases escalated above the counter' },
  fJustified: { 'zh-CN': '升级合理率', en: 'Escalations judged justified' },
  dJustified: {
    'zh-CN': '主管复核认定升级合理的 ÷ 已复核的升级案件',
    en: "judged justified by a supervisor's review ÷ escalations reviewed",
  },
  fMalicious: { 'zh-CN': '恶意投诉认定', en: 'Malicious determinations' },
  dMalicious: { 'zh-CN': '现行认定为恶意投诉的案件', en: 'Cases whose determination in force is malicious' },
  sAccountability: { 'zh-CN': '六、责任认定', en: '6. Accountability' },
  fDecided: { 'zh-CN': '已作责任认定', en: 'Responsibility decided' },
  dDecided: {
    'zh-CN': '有责任认定的案件（含认定无人担责）',
    en: 'Cases with a responsibility decision (including "nobody")',
  },
  fHeld: { 'zh-CN': '认定有责任人', en: 'Someone held responsible' },
  perPersonTable: { 'zh-CN': '责任人', en: 'Held responsible' },
  person: { 'zh-CN': '人员', en: 'Person' },
  sRectification: { 'zh-CN': '七、整改项及成效', en: '7. Rectification items and their effect' },
  fRectItems: { 'zh-CN': '整改项', en: 'Rectification items' },
  dRectItems: {
    'zh-CN': '统计期末前开立、范围未被本报告筛选条件排除的整改项；状态为当前状态',
    en: "items opened before the end of the period whose scope the report's filters do not exclude; the status is the current one",
  },
  rectItemsDetail: {
    'zh-CN': '进行中 {open}，逾期 {overdue}，已完成 {done}',
    en: '{open} open, {overdue} overdue, {done} done',
  },
  fRectFell: { 'zh-CN': '投诉下降的整改项', en: 'Items whose complaints fell' },
  dRectFell: {
    'zh-CN': '开立后投诉件数少于开立前同样天数的整改项 ÷ 已满一天可比的整改项',
    en: 'items with fewer complaints since opening than in as many days before ÷ items open a whole day or more',
  },
  rectNone: {
    'zh-CN': '统计期末前未开立整改项。',
    en: 'No rectification item was opened before the end of the period.',
  },
  rectTable: { 'zh-CN': '整改项及成效', en: 'Rectification items' },
  dRectTable: {
    'zh-CN': '开立前、开立后：截至统计期末，开立日前后相同天数内该范围受理的投诉件数（网点日历日）',
    en: 'Before, since: complaints in the scope received in as many whole days before and since the item was opened, up to the end of the period (branch calendar days)',
  },
  rectScope: { 'zh-CN': '范围', en: 'Scope' },
  rectDefect: { 'zh-CN': '问题', en: 'Defect' },
  rectMeasure: { 'zh-CN': '措施', en: 'Measure' },
  rectOwner: { 'zh-CN': '负责人', en: 'Owner' },
  rectDue: { 'zh-CN': '完成期限', en: 'Due' },
  rectStatus: { 'zh-CN': '状态', en: 'Status' },
  rectBefore: { 'zh-CN': '开立前', en: 'Before' },
  rectSince: { 'zh-CN': '开立后', en: 'Since' },
  rectChange: { 'zh-CN': '变化', en: 'Change' },
  rectChangeText: {
    'zh-CN': '{change}（{trend}，各 {days} 天）',
    en: '{change} ({trend}, {days} days each)',
  },
  rectTooNew: { 'zh-CN': '开立未满一天', en: 'Opened less than a day before' },
  stateOpen: { 'zh-CN': '进行中', en: 'Open' },
  stateOverdue: { 'zh-CN': '逾期', en: 'Overdue' },
  stateDone: { 'zh-CN': '已完成', en: 'Done' },
  trendFell: { 'zh-CN': '下降', en: 'fell' },
  trendRose: { 'zh-CN': '上升', en: 'rose' },
  trendSame: { 'zh-CN': '持平', en: 'same' },

  // ---- the callback report
  sCoverage: { 'zh-CN': '一、回访覆盖', en: '1. Callback coverage' },
  fClosed: { 'zh-CN': '已结案件', en: 'Closed cases' },
  fReached: { 'zh-CN': '回访到客户的已结案件', en: 'Closed cases with the customer reached' },
  fCoverage: { 'zh-CN': '回访覆盖率', en: 'Callback coverage' },
  dCoverage: {
    'zh-CN': '有一次回访联系到客户的已结案件 ÷ 已结案件',
    en: 'closed cases with a callback that reached the customer ÷ closed cases',
  },
  sSatisfaction: { 'zh-CN': '二、满意度', en: '2. Satisfaction' },
  fSatKnown: { 'zh-CN': '有满意度的案件', en: 'Cases with a satisfaction' },
  fSatAverage: { 'zh-CN': '平均满意度（1–5 分）', en: 'Average satisfaction (1–5)' },
  dSat: {
    'zh-CN': '最近一次联系到客户的回访所给满意度（1–5 分）；平均 = 总分 ÷ 有满意度的案件数',
    en: 'The satisfaction (1–5) of the latest callback that reached the customer; average = sum ÷ cases that have one',
  },
  satTable: { 'zh-CN': '满意度分布', en: 'Satisfaction distribution' },
  score: { 'zh-CN': '分值', en: 'Score' },
  scoreN: { 'zh-CN': '{n} 分', en: '{n}' },
  sByCategory: { 'zh-CN': '三、按投诉类别', en: '3. By category' },
  callbackByCategory: { 'zh-CN': '各类别回访', en: 'Callbacks by category' },

  // ---- the promise report
  sDeadlines: { 'zh-CN': '一、时限达成', en: '1. Deadlines met' },
  fEntered: { 'zh-CN': '2 小时内录入', en: 'Entered within 2 hours' },
  dEntered: {
    'zh-CN': '受理后按录入规则（默认 2 个工作小时）内录入的 ÷ 录入时间可知的案件（导入案件不计）',
    en: 'entered within the entry rule (2 working hours by default) ÷ cases whose entry is known (imported cases left out)',
  },
  fHandled: { 'zh-CN': '按时处理', en: 'Handled on time' },
  dHandled: {
    'zh-CN': '在所属级别处理时限内完成第 5 步或结案的 ÷ 该时限已到或已完成的案件',
    en: "step 5 or the close within the severity's handling deadline ÷ cases whose deadline was met or has passed",
  },
  fResult: { 'zh-CN': '3 个工作日内出结果', en: 'Result within 3 working days' },
  dResult: {
    'zh-CN': '3 个工作日（默认）内给出处理结果的 ÷ 该时限已到或已出结果的案件',
    en: 'the result within 3 working days (by default) ÷ cases whose deadline was met or has passed',
  },
  sPromises: { 'zh-CN': '二、承诺兑现', en: '2. Promises kept' },
  fPromises: { 'zh-CN': '承诺兑现率', en: 'Promises kept' },
  dPromises: {
    'zh-CN': '在第 4 步承诺的时间前告知客户结果的 ÷ 已到期的承诺',
    en: 'the customer told the result by the time promised at step 4 ÷ promises that came due',
  },
  rate: { 'zh-CN': '达成率', en: 'Rate' },
  met: { 'zh-CN': '达成', en: 'Met' },
  known: { 'zh-CN': '可计', en: 'Counted' },
  deadlineTable: { 'zh-CN': '时限达成', en: 'Deadlines met' },
  promiseByCategory: { 'zh-CN': '各类别时限与承诺', en: 'Deadlines and promises by category' },
} as const satisfies Record<string, Words>;

export type WordKey = keyof typeof W;

export function w(key: WordKey, locale: Locale, params?: Readonly<Record<string, string>>): string {
  return say(W[key], locale, params);
}

/** The values of the fixed dimensions that have no list in the taxonomy. */
export const VALUE_WORDS: Record<string, Record<string, Words>> = {
  gender: {
    female: { 'zh-CN': '女', en: 'Female' },
    male: { 'zh-CN': '男', en: 'Male' },
    unknown: { 'zh-CN': '未知', en: 'Unknown' },
  },
  returning: { '1': { 'zh-CN': '老客户', en: 'Returning' }, '0': { 'zh-CN': '新客户', en: 'New' } },
  sharedCustomer: { '1': { 'zh-CN': '是', en: 'Yes' }, '0': { 'zh-CN': '否', en: 'No' } },
};
