/** The case feature's messages, zh-CN first; the kernel's are included (kernel/messages.ts). */
import { extendMessages } from '../../kernel/messages';

export const messages = extendMessages({
  lateReasonRequired: {
    'zh-CN': '录入已超过受理后 {minutes} 个工作分钟的时限，请填写晚录原因。',
    en: 'Entered later than {minutes} working minutes after receipt: give the reason for the late entry.',
  },
  caseNotFound: {
    'zh-CN': '找不到这张投诉单，请确认后重试。',
    en: 'That case could not be found. Check it and try again.',
  },
  caseClosed: {
    'zh-CN': '这张投诉单已经结案，不能再修改；如需继续处理，请主管重新打开。',
    en: 'This case is closed and cannot be changed. Ask a supervisor to reopen it if more work is needed.',
  },
  caseAlreadyClosed: { 'zh-CN': '这张投诉单已经结案。', en: 'This case is already closed.' },
  caseNotClosed: {
    'zh-CN': '这张投诉单还没有结案，无需重新打开。',
    en: 'This case is not closed, so there is nothing to reopen.',
  },
  stepOrder: {
    'zh-CN': '第 {step} 步还不能记录：请先完成第 {missing} 步',
    en: "Step {step} can't be recorded yet: finish step {missing} first",
  },
  closeNeedsReason: {
    'zh-CN': '第 6 步还没有记录：提前结案必须填写原因。',
    en: 'Step 6 is not recorded yet: give a reason to close the case early.',
  },
  unknownChannel: {
    'zh-CN': '没有这个受理渠道，请从列表中选择。',
    en: 'Unknown channel: choose one from the list.',
  },
  unknownCategory: {
    'zh-CN': '没有这个投诉类别，请从列表中选择。',
    en: 'Unknown category: choose one from the list.',
  },
  parentCategory: {
    'zh-CN': '请选择具体的小类（例如“银行 / 收费”），不能只选大类。',
    en: 'Choose a specific subcategory (for example "Banking / Fees and charges"), not only the main category.',
  },
  unknownRegion: {
    'zh-CN': '没有这个地区，请从列表中选择（地区列表由管理员在设置中维护）。',
    en: 'Unknown region: choose one from the list (an administrator keeps the list in Settings).',
  },
  unknownCustomerLevel: {
    'zh-CN': '没有这个客户等级，请从列表中选择（列表由管理员在设置中维护）。',
    en: 'Unknown customer level: choose one from the list (an administrator keeps the list in Settings).',
  },
  unknownSeverity: {
    'zh-CN': '没有这个严重程度，请从列表中选择。',
    en: 'Unknown severity: choose one from the list.',
  },
  unknownStaff: { 'zh-CN': '没有这位员工。', en: 'No such staff member.' },
  cannotClear: { 'zh-CN': '这一项不能清空。', en: 'This field cannot be cleared.' },
  dueAfterResult: {
    'zh-CN': '期限不能晚于结果期限：您只能把期限提前；更晚的期限须由主管或管理员设置。',
    en: 'The due date cannot be later than the result deadline: you may only bring it forward. A later one is set by a supervisor or an admin.',
  },
  receivedInFuture: {
    'zh-CN': '受理时间不能晚于当前时间。',
    en: 'The time received cannot be in the future.',
  },
  forbidden_lower_severity: {
    'zh-CN': '不能调低严重程度：只有主管或管理员可以调低，并须填写原因。',
    en: "You may not lower a case's severity: only a supervisor or an admin may, with a reason.",
  },
  forbidden_extend_due: {
    'zh-CN': '不能推迟或取消处理期限：只有主管或管理员可以，并须填写原因。',
    en: 'You may not push the due date later or clear it: only a supervisor or an admin may, with a reason.',
  },
  forbidden_reassign: {
    'zh-CN':
      '不能改派不属于您的投诉单：您只能把自己受理或负责的单子转给同事，或认领无人负责的单子；其他改派须由主管或管理员填写原因后操作。',
    en: "You may not reassign a case you do not own: you may hand on a case you received or hold, or take an unassigned one; any other reassignment is a supervisor's or an admin's, with a reason.",
  },
  forbidden_backdate_receipt: {
    'zh-CN': '受理时间不能早于录入前 {hours} 小时：更早的受理时间只能由主管或管理员填写原因后录入。',
    en: 'The time received may be at most {hours} hours before entry: only a supervisor or an admin may enter an earlier one, with a reason.',
  },
  suspectedAtStep3: {
    'zh-CN': '第 3 步投诉人类型选择了“疑似恶意索赔”（须主管按证据另行认定）',
    en: 'Step 3 gave the complainant type "suspected malicious claim" (a supervisor determines it separately, with evidence)',
  },
  forbidden_reclassify: {
    'zh-CN': '不能更改已结案投诉的性质：只有主管或管理员可以重新定性，并须填写原因。',
    en: 'You may not change the nature of a closed case: only a supervisor or an admin may re-classify it, with a reason.',
  },
  reclassifyNotClosed: {
    'zh-CN': '这张投诉单还没有结案：性质在结案时选择，结案后才能由主管重新定性。',
    en: 'This case is not closed: its nature is chosen at the close, and only a closed case can be re-classified.',
  },
  natureUnchanged: {
    'zh-CN': '投诉性质没有变化：请选择另一种性质。',
    en: 'The nature is the same as before: choose another one.',
  },
  actNeedsReason: {
    'zh-CN': '这是主管操作，请填写原因（会记入处理记录）。',
    en: "This is a supervisor's act: give a reason (it goes into the case's record).",
  },
  negativeCount: {
    'zh-CN': '次数不能是负数。',
    en: 'A count cannot be negative.',
  },
  alreadyPaused: {
    'zh-CN': '这张投诉单已经暂停计时，请先恢复再重新暂停。',
    en: 'This case is already paused: resume it before pausing it again.',
  },
  notPaused: {
    'zh-CN': '这张投诉单没有暂停，无需恢复。',
    en: 'This case is not paused, so there is nothing to resume.',
  },
  contactBeforeReceipt: {
    'zh-CN': '联系时间不能早于受理时间。',
    en: 'The contact cannot be before the complaint was received.',
  },
  callbackBeforeClose: {
    'zh-CN': '回访时间不能早于结案时间，请选择结案以后的时间。',
    en: 'The callback cannot be before the case was closed: choose a time after the close.',
  },
  timeInFuture: {
    'zh-CN': '时间不能晚于当前时间。',
    en: 'The time cannot be in the future.',
  },
  dueBeforeReceipt: {
    'zh-CN': '期限不能早于收到投诉的时间，请选择以后的时间。',
    en: 'The due date cannot be before the complaint was received: choose a later time.',
  },
  promiseBeforeReceipt: {
    'zh-CN': '承诺时间不能早于收到投诉的时间，请选择以后的时间。',
    en: 'The promised time cannot be before the complaint was received: choose a later time.',
  },
  dueInPast: {
    'zh-CN': '完成时限不能早于当前时间，请选择以后的时间。',
    en: 'The due time cannot be in the past: choose a later time.',
  },
  unknownAction: {
    'zh-CN': '这张投诉单没有这项措施，请刷新后重试。',
    en: 'This case has no such action. Reload it and try again.',
  },
  actionAlreadyDone: {
    'zh-CN': '这项措施已经标记为完成。',
    en: 'This action is already marked done.',
  },
  callbackNeedsClosed: {
    'zh-CN': '回访在结案之后进行：这张投诉单还没有结案。',
    en: 'A callback follows the close: this case is not closed yet.',
  },
  satisfactionRequired: {
    'zh-CN': '联系上客户时，请选择满意度（1-5 分）。',
    en: 'The customer was reached: choose their satisfaction (1 to 5).',
  },
  satisfactionOnlyReached: {
    'zh-CN': '没有联系上客户，不能填写满意度。',
    en: 'The customer was not reached, so there is no satisfaction to record.',
  },
  reachedWhoRequired: {
    'zh-CN': '请填写联系上的是谁（如：客户本人、家属）。',
    en: 'Say who was reached (for example: the customer, a relative).',
  },
  fromAfterTo: { 'zh-CN': '开始时间不能晚于结束时间。', en: 'The start must not be after the end.' },
  badCursor: {
    'zh-CN': '翻页标记无效，请从第一页重新查询。',
    en: 'Invalid page cursor: start again from the first page.',
  },
  // ---- escalation (issue 12; ./escalation.ts)
  unknownLevel: {
    'zh-CN': '没有这个升级层级：只能升级到“主管”“区域”或“总部”。',
    en: 'There is no such escalation level: a case goes to "supervisor", "region" or "head office".',
  },
  levelNotAbove: {
    'zh-CN': '升级只能往上：这张投诉单已在“{current}”层级，请选择更高的层级。',
    en: 'Escalation only goes up: this case is already at "{current}". Choose a higher level.',
  },
  skillNotEscalated: {
    'zh-CN': '纯属员工技能问题的投诉不升级，建议辅导员工后由柜面继续处理。',
    en: 'A pure skill problem is not escalated: coach the employee instead, and the counter keeps the case.',
  },
  forbidden_escalate: {
    'zh-CN': '柜面只能把投诉升级到主管；升级到“{level}”须由主管或管理员操作。',
    en: 'The counter escalates to the supervisor only; escalating to "{level}" is a supervisor\'s or an admin\'s act.',
  },
  unknownEscalation: {
    'zh-CN': '这张投诉单没有这次升级，请刷新后重试。',
    en: 'This case has no such escalation. Reload it and try again.',
  },
  escalationAlreadyReviewed: {
    'zh-CN': '这次升级已经评价过，每次升级只评价一次。',
    en: 'This escalation has been reviewed already: each escalation is reviewed once.',
  },
  ownEscalation: {
    'zh-CN': '不能评价自己发起的升级：请由另一位主管（或管理员）评价这次升级是否合理。',
    en: 'You may not review an escalation you made yourself: another supervisor (or an admin) judges whether it was justified.',
  },
  level_counter: { 'zh-CN': '柜面', en: 'counter' },
  level_supervisor: { 'zh-CN': '主管', en: 'supervisor' },
  level_region: { 'zh-CN': '区域', en: 'region' },
  level_head_office: { 'zh-CN': '总部', en: 'head office' },
  // ---- malicious claims (issue 12; ./malice.ts)
  determinationIncomplete: {
    'zh-CN': '不能认定为恶意投诉，还缺：{missing}。未认定前按善意推定处理。',
    en: 'The claim cannot be determined malicious yet; missing: {missing}. Until then good faith is presumed.',
  },
  gap_motive_missing: { 'zh-CN': '至少一项恶意动机', en: 'at least one malicious motive' },
  gap_behaviour_missing: { 'zh-CN': '至少一项恶意行为', en: 'at least one malicious behaviour' },
  gap_evidence_missing: { 'zh-CN': '至少一项本单证据', en: 'at least one evidence item of this case' },
  gap_evidence_unknown: {
    'zh-CN': '所选证据不属于这张投诉单',
    en: 'evidence that belongs to this case (some items do not)',
  },
  gap_offer_missing: { 'zh-CN': '书面处理意见', en: 'a written offer' },
  gap_offer_says_indemnity: {
    'zh-CN': '书面处理意见中不能出现“赔偿”（可用“补偿”）',
    en: 'a written offer without the word 赔偿 (indemnity; use 补偿, goodwill compensation)',
  },
  unknownEvidence: {
    'zh-CN': '这张投诉单没有这项证据，请先添加证据。',
    en: 'This case has no such evidence item: add the evidence first.',
  },
});
