/** The work-order feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  orderNotFound: {
    'zh-CN': '找不到这张维修施工单，请确认后重试。',
    en: 'That work order could not be found. Check it and try again.',
  },
  templatesMissing: {
    'zh-CN': '本机没有加载维修模板，不能处理施工单。请联系管理员。',
    en: 'This desk has no repair templates loaded, so it cannot handle work orders. Contact an administrator.',
  },
  unknownKind: {
    'zh-CN': '没有这种工单类型，请从列表中选择。',
    en: 'Unknown order kind: choose one from the list.',
  },
  unknownTrade: {
    'zh-CN': '这种工单没有这个工种，请从列表中选择。',
    en: 'This order kind has no such trade: choose one from the list.',
  },
  unknownCatalogue: {
    'zh-CN': '常用项目中没有这一项，请从列表中选择。',
    en: 'No such common job in the list: choose one from it.',
  },
  subjectMissing: {
    'zh-CN': '请填写车牌号或车架号（设备填写序列号）。',
    en: 'Enter the plate or the VIN (for a device, its serial number).',
  },
  readingRequired: { 'zh-CN': '请填写{label}。', en: 'Enter the {label}.' },
  readingNumber: { 'zh-CN': '{label}应为数字。', en: 'The {label} must be a number.' },
  readingNegative: { 'zh-CN': '{label}不能是负数。', en: 'The {label} cannot be negative.' },
  readingOverPercent: {
    'zh-CN': '{label}应在 0 到 100 之间。',
    en: 'The {label} must be between 0 and 100.',
  },
  readingUnknown: {
    'zh-CN': '这种工单没有这项读数。',
    en: 'This order kind has no such reading.',
  },
  promisedBeforeReceived: {
    'zh-CN': '承诺交车时间不能早于接车时间。',
    en: 'The promised delivery time cannot be before the time the vehicle was received.',
  },
  receivedInFuture: {
    'zh-CN': '接车时间不能晚于现在。',
    en: 'The time received cannot be in the future.',
  },
  tradeNeedsHandover: {
    'zh-CN': '这个项目现在由“{trade}”工种施工。要交给其他工种，请办理交接，由质检员确认。',
    en: 'This item is with the "{trade}" trade. To give it to another trade, hand it over; a QC inspector accepts it.',
  },
  itemNotFound: {
    'zh-CN': '这张施工单上没有这个项目。',
    en: 'This work order has no such item.',
  },
  itemNotFinished: {
    'zh-CN': '“{item}”还没有完工，不能检验。',
    en: '"{item}" is not finished yet, so it cannot be inspected.',
  },
  itemRefused: {
    'zh-CN': '客户已拒绝“{item}”，不能再做或检验。',
    en: 'The customer refused "{item}": it cannot be worked on or inspected.',
  },
  inspectionOrder: {
    'zh-CN': '“{item}”须先通过{before}，才能做{inspection}。',
    en: '"{item}" must pass the {before} before the {inspection}.',
  },
  inspectionName_self: { 'zh-CN': '自检', en: 'self-check' },
  inspectionName_process: { 'zh-CN': '过程检', en: 'process check' },
  inspectionName_final: { 'zh-CN': '竣工检', en: 'final check' },
  signerCount: {
    'zh-CN': '{inspection}需要 {count} 人签字：{roles}。',
    en: 'The {inspection} needs {count} signature(s): {roles}.',
  },
  checklistMissing: { 'zh-CN': '请勾选这一项检查。', en: 'Answer this checklist line.' },
  checklistUnknown: {
    'zh-CN': '这一项不在本次检验的检查表中。',
    en: 'This line is not on the checklist of this inspection.',
  },
  passWithFailedLine: {
    'zh-CN': '检查表有未通过的项目，不能记为合格；请记为不合格并写明原因。',
    en: 'A checklist line failed, so this cannot pass: record a fail with its reason.',
  },
  failNeedsReason: {
    'zh-CN': '不合格必须写明原因，以便返工。',
    en: 'A fail must give its reason, for the rework.',
  },
  sameTrade: {
    'zh-CN': '项目已经在这个工种，无需交接。',
    en: 'The item is already with this trade: there is nothing to hand over.',
  },
  substitutionUnknownPart: {
    'zh-CN': '“{part}”不在这个项目的报价配件里。请选择报价单上被代用的配件。',
    en: '"{part}" is not a quoted part of this item. Choose the quoted part being replaced.',
  },
  safetySubstitutionNeedsQc: {
    'zh-CN': '安全项目的配件代用必须由质检员签字。',
    en: 'A part substitution on a safety item needs the QC inspector to sign.',
  },
  consentTwice: {
    'zh-CN': '“{item}”的客户意见已经记录为“{consent}”，不能再次记录。',
    en: 'The customer\'s answer for "{item}" is already recorded ({consent}); it cannot be recorded again.',
  },
  consentNotNeeded: {
    'zh-CN': '“{item}”不需要记录客户同意（开单时已报修，或已答复）。',
    en: '"{item}" needs no consent (it was on the order from the start, or answered already).',
  },
  consent_given: { 'zh-CN': '同意', en: 'agreed' },
  consent_refused: { 'zh-CN': '拒绝', en: 'refused' },
  releaseRefused: {
    'zh-CN': '不能出厂，本次尝试已记录。还缺：{gaps}',
    en: 'Release refused (this attempt is recorded). Still missing: {gaps}',
  },
  refusedByRule: {
    'zh-CN': '未记录：{rule}。',
    en: 'Not recorded: {rule}.',
  },
  originalNotFound: {
    'zh-CN': '找不到原工单 {number}，请核对单号。',
    en: 'No original work order {number}: check the number.',
  },
  reworkBeforeRelease: {
    'zh-CN': '返修的接车时间不能早于原工单 {number} 的出厂时间，请核对接车时间。',
    en: 'The car cannot have come back before the original order {number} was released: check the time it was received.',
  },
  originalNotReleased: {
    'zh-CN': '原工单 {number} 还没有出厂，不能办理返修；请在原工单上继续处理。',
    en: 'The original order {number} has not been released, so it cannot come back for rework: continue on the original order.',
  },
  tooManyItems: {
    'zh-CN': '一张工单最多 100 个项目（含原工单的项目）。',
    en: "An order holds at most 100 items (the original order's included).",
  },
  callInFuture: { 'zh-CN': '回访时间不能晚于现在。', en: 'The time of the call cannot be in the future.' },
  callBeforeRelease: {
    'zh-CN': '回访时间不能早于出厂时间。',
    en: 'The call cannot be before the order was released.',
  },
  satisfactionRule: {
    'zh-CN': '联系上客户时请填写满意度（1-5）；未联系上时不填。',
    en: 'Give the satisfaction (1-5) when the customer was reached, and none otherwise.',
  },
  notReleased: {
    'zh-CN': '这张工单还没有出厂，还不能回访。',
    en: 'This order has not been released yet, so there is no follow-up call yet.',
  },
  caseNotFound: {
    'zh-CN': '找不到这张投诉单，请确认后重试。',
    en: 'That case could not be found. Check it and try again.',
  },
  caseNumberNotFound: {
    'zh-CN': '本机没有投诉单 {number}，请核对单号。',
    en: 'No case {number} on this desk: check the number.',
  },
  orderNumberNotFound: {
    'zh-CN': '本机没有维修单 {number}，请核对单号。',
    en: 'No work order {number} on this desk: check the number.',
  },
  periodEmpty: {
    'zh-CN': '统计区间的结束时间须晚于开始时间。',
    en: 'The end of the period must be after its start.',
  },
  periodTooLong: {
    'zh-CN': '统计区间最长 {days} 天，请缩短后重试。',
    en: 'A period covers at most {days} days: shorten it and try again.',
  },
});
