/**
 * The words for what the release gate finds missing (./gate.ts) and for the
 * fold's flags (./state.ts), in zh-CN and English: one describer for the
 * renderer's checklist and the desk core's refusal message, so both say the
 * same thing. Runtime-neutral and pure.
 */
import type { Locale } from '../kernel/locale';
import type { GateCode, GateGap } from './gate';
import type { DeskCheck } from './payloads';
import type { OrderFlag, OrderFlagReason } from './state';
import { tradeLabel, type OrderTemplates } from './template';

type Words = Record<Locale, string>;

/** The front desk's checks, as the release slip lists them. */
export const DESK_CHECK_LABELS: Record<DeskCheck, Words> = {
  quote_matched: { 'zh-CN': '工时与配件已与报价核对', en: 'Labour and parts checked against the quote' },
  vehicle_records_checked: { 'zh-CN': '车辆与维修记录已检查', en: 'Vehicle and records checked' },
  documents_keys_collected: { 'zh-CN': '证件与钥匙已收齐', en: 'Documents and keys collected' },
  inspected_with_customer: { 'zh-CN': '已与客户一同验收', en: 'Result inspected with the customer' },
  warranty_explained: { 'zh-CN': '已说明质保期', en: 'Warranty explained' },
  callback_booked: { 'zh-CN': '已预约 3 天后回访', en: 'Follow-up call booked for 3 days later' },
  next_service_suggested: { 'zh-CN': '已建议下次保养', en: 'Next service suggested' },
};

/** Text for each gap; `{item}` is the item's title (and trade), `{check}` the desk check. */
const GAP_WORDS: Record<GateCode, Words> = {
  already_released: { 'zh-CN': '该工单已出厂', en: 'The order has already been released' },
  consent_pending: {
    'zh-CN': '{item}：尚未记录客户是否同意',
    en: '{item}: the customer has not yet agreed or refused',
  },
  item_not_finished: { 'zh-CN': '{item}：尚未完工', en: '{item}: not finished' },
  final_check_failed: {
    'zh-CN': '{item}：竣工检未通过，返工后需重新检验',
    en: '{item}: failed its final check; rework it, then inspect again',
  },
  self_check_missing: {
    'zh-CN': '{item}：缺少班组长自检签字',
    en: "{item}: the team lead's self-check is missing",
  },
  process_check_missing: {
    'zh-CN': '{item}：安全项目缺少过程检签字（班组长与质检员）',
    en: '{item}: safety item without its process check (team lead and QC inspector)',
  },
  final_check_missing: {
    'zh-CN': '{item}：缺少质检员竣工检签字',
    en: "{item}: the QC inspector's final check is missing",
  },
  substitution_unapproved: {
    'zh-CN': '{item}：使用了未经批准的配件',
    en: '{item}: a part was used that nobody approved',
  },
  parts_not_reconciled: {
    'zh-CN': '所用配件与材料尚未与客户确认的清单核对',
    en: 'Parts and materials used are not yet reconciled with what the customer approved',
  },
  parts_mismatch: {
    'zh-CN': '所用配件与客户确认的不一致',
    en: 'Parts used do not match what the customer approved',
  },
  part_over_quote: {
    'zh-CN': '{item}：有配件按高于报价的单价计费；请按报价计费，或把差价作为追加项目请客户确认',
    en: '{item}: a part is charged above its quoted unit price; charge the quoted price, or add the difference as an extra item for the customer to approve',
  },
  desk_check_missing: { 'zh-CN': '前台检查未完成：{check}', en: 'Front desk check not done: {check}' },
};

const ITEM_FALLBACK: Words = { 'zh-CN': '某项目', en: 'An item' };

/** "刹车片更换（机修）" / "Brake pads (Mechanical)": the item as the gap names it. */
function itemText(gap: GateGap, locale: Locale, template?: OrderTemplates): string {
  const title = gap.title ?? (gap.itemId !== undefined ? gap.itemId : ITEM_FALLBACK[locale]);
  if (gap.trade === undefined || template === undefined) return title;
  const trade = tradeLabel(template, gap.trade, locale);
  return locale === 'en' ? `${title} (${trade})` : `${title}（${trade}）`;
}

/**
 * One line for a gap. With `template` the item's trade is named too; a gap
 * decoded from a stored reason (no title) names the item by its id.
 */
export function describeGap(gap: GateGap, locale: Locale, template?: OrderTemplates): string {
  const words = GAP_WORDS[gap.code][locale];
  const check = gap.check !== undefined ? DESK_CHECK_LABELS[gap.check][locale] : '';
  return words.replace('{item}', itemText(gap, locale, template)).replace('{check}', check);
}

/** Every gap, one line each, in the gate's order. */
export function describeGaps(gaps: readonly GateGap[], locale: Locale, template?: OrderTemplates): string[] {
  return gaps.map((g) => describeGap(g, locale, template));
}

const FLAG_WORDS: Record<OrderFlagReason, Words> = {
  not_released: {
    'zh-CN': '工单尚未出厂，不能回访',
    en: 'The order is not released, so there is no follow-up call yet',
  },
  call_before_release: {
    'zh-CN': '回访时间早于出厂时间',
    en: 'The follow-up call is dated before the release',
  },
  after_release: {
    'zh-CN': '工单已出厂，不能再施工或更改；车辆返厂请开返修单',
    en: 'The order is released: no more work or changes on it; a car that comes back gets a rework return',
  },
  original_without_rework: {
    'zh-CN': '只有返修单的项目可标为原单项目（免自检和过程检），本项目按新报修处理',
    en: 'Only a rework return may carry items of the original order (no self or process check); this one is treated as newly reported',
  },
  safety_raised: {
    'zh-CN': '项目名称属于安全项目，却未标为安全项目；已按安全项目处理（需过程检）',
    en: 'The item names a safety job but was not marked safety; it is treated as a safety item (process check needed)',
  },
  checklist_incomplete: {
    'zh-CN': '检验合格但检查单有必查项未填写，不计入',
    en: 'A pass that left a required checklist line unanswered does not count',
  },
  rework_before_release: {
    'zh-CN': '返修单的接车时间早于原工单出厂时间',
    en: 'The rework return was received before the original order was released',
  },
  no_authority: { 'zh-CN': '操作人无此权限', en: 'The person who did this may not' },
  bad_signature_role: {
    'zh-CN': '签字人的角色不符合该检验的要求',
    en: "A signer's role is not the one this check needs",
  },
  signer_disabled: { 'zh-CN': '签字人已停用或不存在', en: 'A signer is disabled or unknown' },
  duplicate_signer: { 'zh-CN': '同一人签了两个签字', en: 'One person signed twice' },
  released_past_failure: {
    'zh-CN': '出厂时放行条件未满足（两台前台离线各自操作）',
    en: 'Released while the gate was not passed (two desks acting offline)',
  },
  failed_after_release: {
    'zh-CN': '出厂后记录了检验不合格',
    en: 'A failed check was recorded after release',
  },
  released_twice: { 'zh-CN': '重复出厂', en: 'Released a second time' },
  consent_twice: { 'zh-CN': '客户意见重复记录', en: "The customer's answer was recorded twice" },
  consent_not_needed: {
    'zh-CN': '该项目无需记录客户同意',
    en: "This item needed no customer's consent",
  },
  unknown_item: { 'zh-CN': '工单中没有该项目', en: 'No such item on the order' },
  duplicate_item: { 'zh-CN': '项目重复添加', en: 'The item was added twice' },
  duplicate_open: { 'zh-CN': '工单重复开立', en: 'The order was opened twice' },
  item_refused: { 'zh-CN': '客户已拒绝该项目', en: 'The customer refused this item' },
  consent_pending: {
    'zh-CN': '客户尚未同意该项目就开工',
    en: 'Work started before the customer agreed',
  },
  item_not_started: { 'zh-CN': '项目未在施工中', en: 'The item was not in work' },
  item_not_finished: { 'zh-CN': '项目未完工就检验', en: 'Inspected before the item was finished' },
  trade_mismatch: {
    'zh-CN': '交接的工种与项目当前工种不符',
    en: 'Handed over from a trade that did not have it',
  },
  trade_without_handover: {
    'zh-CN': '开工时改了工种，未经质检员确认的交接',
    en: 'Started under another trade without a hand-over the QC inspector accepted',
  },
  inspection_out_of_order: {
    'zh-CN': '检验顺序不对：先自检，安全项目再过程检，最后竣工检',
    en: 'Checks out of order: self-check first, then the process check on safety items, then the final check',
  },
  pass_without_checklist: {
    'zh-CN': '检验记为合格但检查表一项都没有填',
    en: 'Passed without answering any checklist line',
  },
  pass_with_failed_checklist: {
    'zh-CN': '检验记为合格但检查表有未通过项',
    en: 'Passed although a checklist line failed',
  },
  customer_not_approved: {
    'zh-CN': '配件代用未经客户同意',
    en: "Part substitution without the customer's approval",
  },
  substitution_unknown_part: {
    'zh-CN': '代用的原配件不在报价里',
    en: 'Substitution for a part that was not quoted',
  },
  call_in_future: {
    'zh-CN': '回访时间晚于记录时间',
    en: 'Follow-up call dated after it was recorded',
  },
  received_in_future: {
    'zh-CN': '接车时间晚于记录时间',
    en: 'Received after the order was recorded',
  },
  promised_before_received: {
    'zh-CN': '约定交车时间早于接车时间',
    en: 'Promised before it was received',
  },
};

/** One line for a flag on the supervisor's board. */
export function describeFlag(flag: Pick<OrderFlag, 'reason'>, locale: Locale): string {
  return FLAG_WORDS[flag.reason][locale];
}
