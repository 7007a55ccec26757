/**
 * A log's cell texts mapped to the desk's values (issue 13 item 2): gender,
 * new/returning, yes/no, satisfaction 1-5, status and nature by fixed words;
 * channel, category and severity by the taxonomy's labels (either language),
 * its values, a few common words for channels, and the branch's remembered
 * resolutions. A text nothing matches is an unknown value for the mapping
 * screen to resolve. Runtime-neutral and pure.
 */
import { normaliseHeader } from './fields';

/** The parts of the taxonomy (resources/taxonomy) the import reads. */
export interface TaxonomyOption {
  value: string;
  label: { 'zh-CN': string; en: string };
  children?: TaxonomyOption[];
}
export interface ImportTaxonomy {
  channels: readonly TaxonomyOption[];
  categories: readonly TaxonomyOption[];
  severities: readonly TaxonomyOption[];
}

export type TaxonomyField = 'channel' | 'category' | 'severity';
/** Remembered resolutions: field -> normalised cell text -> taxonomy value. */
export type ValueResolutions = Partial<Record<TaxonomyField, Record<string, string>>>;

/** A cell text compared: normalised like a header (NFKC, lower case, no spaces or punctuation). */
export const valueKey = normaliseHeader;

const lookup = (pairs: [string[], string][]): Map<string, string> => {
  const m = new Map<string, string>();
  for (const [words, v] of pairs) for (const w of words) m.set(valueKey(w), v);
  return m;
};

const GENDER = lookup([
  [['男', '男性', '男士', '先生', 'm', 'male', 'man'], 'male'],
  [['女', '女性', '女士', '小姐', 'f', 'female', 'woman'], 'female'],
  [['未知', '不详', '不明', '-', 'unknown', 'n/a', 'na'], 'unknown'],
]);
const RETURNING = lookup([
  [
    [
      '老',
      '老客户',
      '老客',
      '回头客',
      '老用户',
      '存量客户',
      '是',
      'returning',
      'existing',
      'old',
      'yes',
      'y',
    ],
    'true',
  ],
  [['新', '新客户', '新客', '新用户', '否', 'new', 'no', 'n', 'first'], 'false'],
]);
const YES_NO = lookup([
  [['是', '是的', '已解决', '一次解决', 'y', 'yes', 'true', '1', '√', '✓', '✔', 'ok'], 'true'],
  [['否', '不是', '未解决', '非一次解决', 'n', 'no', 'false', '0', '×', '✗', 'x'], 'false'],
]);
const SATISFACTION = lookup([
  [['非常满意', '很满意', '十分满意', 'verysatisfied', '5'], '5'],
  [['满意', 'satisfied', '4'], '4'],
  [['基本满意', '一般', '比较满意', '较满意', 'neutral', '3'], '3'],
  [['不满意', 'dissatisfied', 'unsatisfied', '2'], '2'],
  [['非常不满意', '很不满意', '极不满意', 'verydissatisfied', '1'], '1'],
  [
    ['未回访', '未接通', '无法联系', '联系不上', '拒绝回访', '无', '-', 'none', 'notreached', 'n/a', 'na'],
    'none',
  ],
]);
const STATUS = lookup([
  [
    [
      '已结案',
      '结案',
      '已办结',
      '办结',
      '已处理',
      '已解决',
      '已完成',
      '完成',
      '关闭',
      '已关闭',
      '是',
      'closed',
      'done',
      'resolved',
      'yes',
    ],
    'closed',
  ],
  [
    [
      '处理中',
      '跟进中',
      '未结案',
      '未办结',
      '进行中',
      '待处理',
      '未完成',
      '否',
      'open',
      'inprogress',
      'pending',
      'no',
    ],
    'in_progress',
  ],
  [['新', '新建', '未处理', 'new'], 'new'],
]);
const NATURE = lookup([
  [['有效', '有效投诉', 'valid'], 'valid'],
  [['待改进', '需改进', 'toimprove'], 'to_improve'],
  [['无效', '无效投诉', 'invalid'], 'invalid'],
  [['求助', 'help', 'helpseeking'], 'help'],
  [['咨询', 'consulting', 'enquiry', 'inquiry'], 'consulting'],
  [['倾诉', '发泄', 'venting'], 'venting'],
]);
/** Words branches use for the default taxonomy's channels. */
const CHANNEL_WORDS = lookup([
  [['来访', '柜面', '柜台', '现场', '到店', '门店', '上门', '营业厅', '来人'], 'walk_in'],
  [['电话', '来电', '热线', '客服电话', '400电话'], 'phone'],
  [['回访'], 'callback'],
  [['信函', '来信', '书信', '信件'], 'letter'],
  [['网上', '网站', '官网', 'app', '邮件', '电子邮件', 'email', '在线', '网络'], 'online'],
  [['微博', '抖音', '小红书', '社交媒体', '朋友圈', '媒体'], 'social_media'],
  [['监管', '监管转办', '消协', '12315', '12345', '银保监', '市场监管', '转办'], 'regulator'],
]);

export type Known<T> = { ok: true; value: T } | { ok: false };
const known = <T>(v: T | undefined): Known<T> => (v === undefined ? { ok: false } : { ok: true, value: v });

export type GenderValue = 'male' | 'female' | 'unknown';
export type StatusValue = 'new' | 'in_progress' | 'closed';
export type NatureValue = 'valid' | 'to_improve' | 'invalid' | 'help' | 'consulting' | 'venting';

export const readGender = (t: string): Known<GenderValue> =>
  known(GENDER.get(valueKey(t)) as GenderValue | undefined);
export const readReturning = (t: string): Known<boolean> => {
  const v = RETURNING.get(valueKey(t));
  return v === undefined ? { ok: false } : { ok: true, value: v === 'true' };
};
export const readYesNo = (t: string): Known<boolean> => {
  const v = YES_NO.get(valueKey(t));
  return v === undefined ? { ok: false } : { ok: true, value: v === 'true' };
};
/** An item of one of the organisation's lists (issue 14; shared/domain/settings/lists.ts `ListItem`). */
export interface ListEntry {
  value: string;
  'zh-CN': string;
  en: string;
}

/** The code of the list item a cell names (its code or a name in either language, as valueKey compares). */
export function readListCode(list: readonly ListEntry[], t: string): Known<string> {
  const k = valueKey(t);
  const hit = list.find((i) => valueKey(i.value) === k || valueKey(i['zh-CN']) === k || valueKey(i.en) === k);
  return hit ? { ok: true, value: hit.value } : { ok: false };
}

/** 1-5, or null when the callback did not reach the customer. */
export const readSatisfaction = (t: string): Known<1 | 2 | 3 | 4 | 5 | null> => {
  const v = SATISFACTION.get(valueKey(t).replace(/分$/, ''));
  if (v === undefined) return { ok: false };
  return { ok: true, value: v === 'none' ? null : (Number(v) as 1 | 2 | 3 | 4 | 5) };
};
export const readStatus = (t: string): Known<StatusValue> =>
  known(STATUS.get(valueKey(t)) as StatusValue | undefined);
export const readNature = (t: string): Known<NatureValue> =>
  known(NATURE.get(valueKey(t)) as NatureValue | undefined);

/** The taxonomy's words for one field: normalised text -> value, or null when two values share it. */
export type TaxonomyIndex = Record<TaxonomyField, Map<string, string | null>>;

function put(m: Map<string, string | null>, word: string, value: string): void {
  const k = valueKey(word);
  if (k === '') return;
  const had = m.get(k);
  m.set(k, had === undefined || had === value ? value : null);
}

/**
 * The index a taxonomy's words are looked up in. Categories are leaves only
 * (a case takes a subcategory): "银行/收费", "银行-收费", "收费" and
 * "Banking / Fees and charges" all name banking.fees; a leaf label two main
 * categories share ("服务态度") is ambiguous and so unknown.
 */
export function indexTaxonomy(t: ImportTaxonomy): TaxonomyIndex {
  const channel = new Map<string, string | null>();
  for (const c of t.channels)
    for (const w of [c.value, c.label['zh-CN'], c.label.en]) put(channel, w, c.value);
  const valid = new Set(t.channels.map((c) => c.value));
  for (const [w, v] of CHANNEL_WORDS) if (valid.has(v) && !channel.has(w)) channel.set(w, v);
  const category = new Map<string, string | null>();
  const leaves = (n: TaxonomyOption, parents: TaxonomyOption[]): void => {
    if (n.children && n.children.length > 0) {
      for (const c of n.children) leaves(c, [...parents, n]);
      return;
    }
    put(category, n.value, n.value);
    for (const lang of ['zh-CN', 'en'] as const) {
      put(category, n.label[lang], n.value);
      const p = parents[parents.length - 1];
      if (p)
        for (const sep of ['/', '-', '>', '|', ''])
          put(category, `${p.label[lang]}${sep}${n.label[lang]}`, n.value);
    }
  };
  for (const c of t.categories) leaves(c, []);
  const severity = new Map<string, string | null>();
  for (const s of t.severities)
    for (const w of [s.value, s.label['zh-CN'], s.label.en]) put(severity, w, s.value);
  return { channel, category, severity };
}

/** True when `value` is one of the taxonomy's values for `field` (not a word that names one). */
export function isTaxonomyValue(index: TaxonomyIndex, field: TaxonomyField, value: string): boolean {
  return [...index[field].values()].includes(value);
}

/** A taxonomy value for a cell text: the branch's resolution first, then the taxonomy's words. */
export function readTaxonomy(
  index: TaxonomyIndex,
  field: TaxonomyField,
  text: string,
  resolutions: ValueResolutions = {},
): Known<string> {
  const k = valueKey(text);
  const resolved = resolutions[field]?.[k];
  // A resolution naming a value the taxonomy no longer has counts as none.
  if (resolved !== undefined && isTaxonomyValue(index, field, resolved)) return { ok: true, value: resolved };
  const v = index[field].get(k);
  return v === undefined || v === null ? { ok: false } : { ok: true, value: v };
}
